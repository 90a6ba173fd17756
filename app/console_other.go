//go:build !windows

package app

// attachConsole does nothing outside Windows: there a program always has
// the standard streams of whoever started it. See console_windows.go.
func attachConsole() {}
