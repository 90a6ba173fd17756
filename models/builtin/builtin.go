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
func Registry() *models.Registry {
	r := models.NewRegistry(local.All()...)
	r.Add(openai.New(openai.Options{}))
	r.Add(chaos.New(chaos.Options{}))
	return r
}
