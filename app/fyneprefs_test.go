package app

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/app"
)

// fynePreferences names the file Fyne itself keeps the app's preferences
// in: the window's Fyne app agrees.
func TestFynePreferencesAgreesWithFyne(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Fyne's storage root is checked on Linux; runGUI checks it everywhere")
	}
	for _, xdg := range []string{tempDir(t), ""} {
		home := tempDir(t)
		t.Setenv("HOME", home)
		t.Setenv("XDG_CONFIG_HOME", xdg)
		want := filepath.Join(xdg, "fyne", appID, "preferences.json")
		if xdg == "" {
			want = filepath.Join(home, ".config", "fyne", appID, "preferences.json")
		}
		got := fynePreferences(runtime.GOOS, appID)
		if got != want {
			t.Errorf("XDG_CONFIG_HOME=%q: fynePreferences = %q, want %q", xdg, got, want)
		}
		fa := app.NewWithID(appID)
		if fyne := filepath.Join(fa.Storage().RootURI().Path(), "preferences.json"); got != fyne {
			t.Errorf("XDG_CONFIG_HOME=%q: fynePreferences = %q, Fyne's app says %q", xdg, got, fyne)
		}
	}
}

func TestFynePreferencesOtherSystems(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	tests := []struct{ goos, want string }{
		{"darwin", filepath.Join(home, "Library", "Preferences", "fyne", "io.vigia.app", "preferences.json")},
		{"windows", filepath.Join(home, "AppData", "Roaming", "fyne", "io.vigia.app", "preferences.json")},
	}
	for _, tt := range tests {
		if got := fynePreferences(tt.goos, "io.vigia.app"); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.goos, got, tt.want)
		}
	}
}

// tempDir is t.TempDir for a Fyne app, which goes on writing in its
// storage (from goroutines no one stops) after the test: removing it is
// tried until it works, for a while.
func tempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "vigia-fyne")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	return dir
}
