//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package ui

// CheckDisplay reports whether a graphical display can be reached. Windows
// and macOS always have one for a desktop user.
func CheckDisplay() error { return nil }
