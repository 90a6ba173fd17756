package report

import (
	"runtime/debug"
	"testing"
)

func TestModuleVersion(t *testing.T) {
	fyne := func(v string, repl *debug.Module) *debug.Module {
		return &debug.Module{Path: fyneModule, Version: v, Replace: repl}
	}
	other := &debug.Module{Path: "github.com/BurntSushi/toml", Version: "v1.5.0"}
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"linked", &debug.BuildInfo{Deps: []*debug.Module{other, fyne("v2.7.1", nil)}}, true, "v2.7.1"},
		{"another release", &debug.BuildInfo{Deps: []*debug.Module{fyne("v2.8.0", nil)}}, true, "v2.8.0"},
		{"replaced by a version", &debug.BuildInfo{Deps: []*debug.Module{fyne("v2.7.1", &debug.Module{Path: "example.com/fyne", Version: "v2.7.2-fix"})}}, true, "v2.7.2-fix"},
		{"replaced by a directory", &debug.BuildInfo{Deps: []*debug.Module{fyne("v2.7.1", &debug.Module{Path: "../fyne"})}}, true, "v2.7.1"},
		{"not linked", &debug.BuildInfo{Deps: []*debug.Module{other}}, true, "unknown"},
		{"no build information", nil, false, "unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := moduleVersion(tc.bi, tc.ok, fyneModule); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// FyneVersion agrees with what this binary's build information says:
// report doesn't link Fyne, so under go test that is "unknown", and never
// a version written in the source.
func TestFyneVersionFromBuildInfo(t *testing.T) {
	want := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "fyne.io/fyne/v2" {
				want = d.Version
			}
		}
	}
	if got := FyneVersion(); got != want {
		t.Errorf("got %q, want %q (from debug.ReadBuildInfo)", got, want)
	}
}
