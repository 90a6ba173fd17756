// Package ui is Vigía's desktop interface, and the only package that imports
// Fyne. Each window is one session. Screens are structs holding their
// widgets, with handlers named on…; work runs off the UI goroutine and comes
// back to widgets only through bridge.go.
package ui
