package ui

import "fyne.io/fyne/v2"

// do runs f on the UI goroutine. Background goroutines reach widgets only
// through it: it is the one place that calls fyne.Do. It is a variable so
// that tests, whose driver has no UI goroutine of its own, can queue f for
// the test's goroutine instead (see uiQueue in the tests).
var do = fyne.Do
