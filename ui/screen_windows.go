//go:build windows

package ui

import "syscall"

var (
	user32           = syscall.NewLazyDLL("user32.dll")
	gdi32            = syscall.NewLazyDLL("gdi32.dll")
	getSystemMetrics = user32.NewProc("GetSystemMetrics")
	getDC            = user32.NewProc("GetDC")
	releaseDC        = user32.NewProc("ReleaseDC")
	getDeviceCaps    = gdi32.NewProc("GetDeviceCaps")
)

// Indexes of GetSystemMetrics and GetDeviceCaps (winuser.h, wingdi.h).
const (
	smCXScreen = 0
	smCYScreen = 1
	horzSize   = 4 // the screen's width in millimetres
	vertSize   = 6
)

// platformScreen asks Windows for the primary screen's size in pixels and
// millimetres, as GLFW does for Fyne's scale. It runs after the window is
// created, when GLFW has made the process DPI-aware, so the pixels are
// the screen's own, not a scaled-down count.
func platformScreen() (screen, bool) {
	if user32.Load() != nil || gdi32.Load() != nil {
		return screen{}, false
	}
	w, _, _ := getSystemMetrics.Call(smCXScreen)
	h, _, _ := getSystemMetrics.Call(smCYScreen)
	if int32(w) <= 0 || int32(h) <= 0 {
		return screen{}, false
	}
	s := screen{width: int(int32(w)), height: int(int32(h))}
	if dc, _, _ := getDC.Call(0); dc != 0 {
		mw, _, _ := getDeviceCaps.Call(dc, horzSize)
		mh, _, _ := getDeviceCaps.Call(dc, vertSize)
		_, _, _ = releaseDC.Call(0, dc)
		s.widthMM, s.heightMM = max(int(int32(mw)), 0), max(int(int32(mh)), 0)
	}
	return s, true
}
