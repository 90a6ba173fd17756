// Package ui is Vigía's desktop interface, and the only package that imports
// Fyne. Each window is one session. Screens are structs holding their
// widgets, with handlers named on…; work runs off the UI goroutine and comes
// back to widgets only through the window's async (async.go), which owns
// every goroutine of the window and alone hands work to the UI goroutine.
package ui
