package main

import (
	_ "embed"
	"fmt"

	"github.com/BurntSushi/toml"
)

// fyneAppToml is the app's metadata, the one source of its name, ID,
// version and build: the fyne tool, the packaging scripts and the binary
// all read it.
//
//go:embed FyneApp.toml
var fyneAppToml []byte

// metadata is the part of FyneApp.toml the binary uses.
type metadata struct {
	Details struct {
		Name    string
		ID      string
		Version string
		Build   int
	}
}

// Version, Build and appID come from FyneApp.toml.
var (
	Version string
	Build   int
	appID   string
)

func init() {
	var m metadata
	if _, err := toml.Decode(string(fyneAppToml), &m); err != nil || m.Details.Version == "" || m.Details.ID == "" {
		panic(fmt.Sprintf("FyneApp.toml, embedded at build time, lacks Details.Version or Details.ID: %v", err))
	}
	Version, Build, appID = m.Details.Version, m.Details.Build, m.Details.ID
}

// versionLine is what --version prints.
func versionLine() string { return fmt.Sprintf("vigia %s (build %d)", Version, Build) }
