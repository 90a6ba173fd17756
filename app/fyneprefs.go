package app

import (
	"log/slog"
	"os"
	"path/filepath"

	"vigia/config"
)

// fynePreferences returns the preferences file Fyne keeps for the app id
// on goos: <Fyne's storage root>/preferences.json, where versions of Vigía
// before its own settings file kept their settings. The command line
// builds no Fyne app, so this follows fyne.io/fyne/v2/app (storageRoot)
// and its internal/app (rootConfigDir), v2.7, on the desktops Vigía ships
// to: os.UserConfigDir()/fyne/ID on Linux and BSD,
// %USERPROFILE%\AppData\Roaming\fyne\ID on Windows and
// ~/Library/Preferences/fyne/ID on macOS. A Fyne built with the ci tag
// keeps its files elsewhere; checkFynePreferences says so.
func fynePreferences(goos, id string) string {
	var root string
	switch goos {
	case "windows", "darwin":
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return ""
		}
		root = filepath.Join(home, "AppData", "Roaming")
		if goos == "darwin" {
			root = filepath.Join(home, "Library", "Preferences")
		}
	default:
		dir, err := os.UserConfigDir()
		if err != nil || dir == "" {
			return ""
		}
		root = dir
	}
	return filepath.Join(root, "fyne", id, "preferences.json")
}

// checkFynePreferences compares lookedIn, what fynePreferences answered at
// start, with the preferences file in the Fyne app's storage (fyneRoot).
// Should they differ, the settings of an older version may not have been
// moved: they are moved now, from Fyne's own file, into settingsPath if it
// does not exist yet, and apply at the next start.
func checkFynePreferences(log *slog.Logger, fyneRoot, lookedIn, settingsPath string) {
	fyneFile := filepath.Join(fyneRoot, "preferences.json")
	if fyneRoot == "" || fyneFile == lookedIn {
		return
	}
	log.Warn("Fyne keeps its preferences elsewhere than Vigía looked for them", "event", "settings",
		"fyne_path", fyneFile, "looked_in", lookedIn)
	m, err := config.Migrate(settingsPath, fyneFile)
	if m != nil {
		log.Info("settings moved from Fyne's preferences to Vigía's own file; they apply at the next start", "event", "settings_migrated",
			"from", m.From, "to", m.To, "copied", m.Copied, "at_default", m.AtDefault)
	}
	if err != nil {
		log.Warn("a saved setting was ignored", "event", "settings", "path", fyneFile, "error", err.Error())
	}
}
