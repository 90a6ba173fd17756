//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package ui

import "io"

// CheckDisplay reports whether a graphical display can be reached. Windows
// and macOS always have one for a desktop user; the display it returns
// holds nothing.
func CheckDisplay() (io.Closer, error) { return noDisplay{}, nil }

// noDisplay is a display connection that holds nothing.
type noDisplay struct{}

func (noDisplay) Close() error { return nil }
