package ui

import "fyne.io/fyne/v2"

// do runs f on the UI goroutine. Background goroutines reach widgets only
// through it: it is the one place that calls fyne.Do.
func do(f func()) {
	fyne.Do(f)
}
