//go:build !(linux || freebsd || openbsd || netbsd || dragonfly || windows)

package ui

// platformScreen tells no screen size on macOS yet: windows open at
// defaultWindow there.
func platformScreen() (screen, bool) { return screen{}, false }
