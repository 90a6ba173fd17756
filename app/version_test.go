package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain reads the real FyneApp.toml, as main hands it to Main, so that
// the tests see the app's own ID and version.
func TestMain(m *testing.M) {
	b, err := os.ReadFile(filepath.Join("..", "FyneApp.toml"))
	if err == nil {
		err = setMetadata(b)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func TestSetMetadata(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := setMetadata(b); err != nil {
		t.Fatalf("FyneApp.toml: %v", err)
	}
	if Version == "" || Build < 1 || appID != "io.vigia.app" {
		t.Errorf("got Version %q, Build %d, appID %q from FyneApp.toml", Version, Build, appID)
	}
	if got, want := versionLine(), "vigia "+Version+" (build "; !strings.HasPrefix(got, want) {
		t.Errorf("versionLine() = %q, want it to start with %q", got, want)
	}
	for _, bad := range []string{"", "[Details]\nName = \"x\"", "not toml ["} {
		if err := setMetadata([]byte(bad)); err == nil {
			t.Errorf("setMetadata(%q) accepted it", bad)
		}
	}
	if err := setMetadata(b); err != nil { // as it was, for the other tests
		t.Fatal(err)
	}
}
