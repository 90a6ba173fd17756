//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package ui

// platformScreen tells no screen size on Windows and macOS yet: windows
// open at defaultWindow there.
func platformScreen() (screen, bool) { return screen{}, false }
