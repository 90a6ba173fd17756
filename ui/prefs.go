package ui

// What the UI remembers between runs: the state section of Vigía's
// settings file (config.File.State), not settings. The keys are those
// older versions kept in Fyne's preferences.json, which config.Migrate
// copies under the same names.
const (
	stateLastModel    = "lastModel"    // string: the model the workspace selected last
	stateDebug        = "debugMode"    // bool: debug mode was on when the last window closed
	stateWindowWidth  = "windowWidth"  // number: the last closed window's width
	stateWindowHeight = "windowHeight" // number: its height
)

// stateString returns the string remembered under key, or def.
func (a *App) stateString(key, def string) string {
	if v, ok := a.deps.Settings.State(key); ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	return def
}

// stateBool returns the boolean remembered under key, or false.
func (a *App) stateBool(key string) bool {
	v, _ := a.deps.Settings.State(key)
	b, _ := v.(bool)
	return b
}

// stateFloat returns the number remembered under key, or def.
func (a *App) stateFloat(key string, def float64) float64 {
	if v, ok := a.deps.Settings.State(key); ok {
		if f, ok := v.(float64); ok {
			return f
		}
	}
	return def
}

// remember keeps state and writes the settings file once, only if a value
// changed: this runs on the UI goroutine (opening a window re-selects the
// last model, for one), and the file is fsynced.
func (a *App) remember(state map[string]any) error {
	for k, v := range state {
		if err := a.deps.Settings.SetState(k, v); err != nil {
			return err
		}
	}
	return a.deps.Settings.Save()
}
