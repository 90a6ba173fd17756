package app

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// metadata is the part of FyneApp.toml the binary uses: the one source of
// the app's name, ID, version and build, which the fyne tool and the
// packaging scripts read too. main embeds the file and hands it to Main.
type metadata struct {
	Details struct {
		Name    string
		ID      string
		Version string
		Build   int
	}
}

// Version, Build and appID come from FyneApp.toml (setMetadata).
var (
	Version string
	Build   int
	appID   string
)

// setMetadata reads FyneApp.toml's text into Version, Build and appID.
func setMetadata(b []byte) error {
	var m metadata
	if _, err := toml.Decode(string(b), &m); err != nil {
		return fmt.Errorf("FyneApp.toml, embedded at build time, can't be read: %w", err)
	}
	if m.Details.Version == "" || m.Details.ID == "" {
		return fmt.Errorf("FyneApp.toml, embedded at build time, lacks Details.Version or Details.ID")
	}
	Version, Build, appID = m.Details.Version, m.Details.Build, m.Details.ID
	return nil
}

// versionLine is what --version prints.
func versionLine() string { return fmt.Sprintf("vigia %s (build %d)", Version, Build) }
