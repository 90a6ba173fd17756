// Package builtin puts every model Vigía ships in one registry: the local
// text models, the OpenAI-compatible client and the chaos simulator.
package builtin

import (
	"vigia/models"
	"vigia/models/chaos"
	"vigia/models/local"
	"vigia/models/openai"
)

// Registry returns a registry of every built-in model.
func Registry() *models.Registry { return RegistryWith(openai.Options{}) }

// RegistryWith is Registry with the openai model configured by o (its
// defaults from the app's settings, say).
func RegistryWith(o openai.Options) *models.Registry {
	r := models.NewRegistry(local.All()...)
	r.Add(openai.New(o))
	r.Add(chaos.New(chaos.Options{}))
	return r
}
