package ui

import (
	"math"
	"os"
	"strconv"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Window sizes, in Fyne's units.
var (
	minWindow     = fyne.NewSize(480, 360)  // the smallest a window opens at
	defaultWindow = fyne.NewSize(900, 640)  // when the screen's size is unknown
	largeWindow   = fyne.NewSize(1280, 800) // the largest default: the dashboard needs no more
)

// screenShare is the part of the screen a new window takes by default, if
// that is more than defaultWindow; screenRoom, the most it takes, leaving
// room for panels and docks.
const (
	screenShare = 0.85
	screenRoom  = 0.95
)

// windowSize returns the size a new window opens at: the size of the last
// window closed, when remembered, else a default that suits the screen;
// within the screen either way, when its size is known.
func (a *App) windowSize() fyne.Size {
	screen, known := a.screenSize()
	saved := fyne.NewSize(float32(a.stateFloat(stateWindowWidth, 0)), float32(a.stateFloat(stateWindowHeight, 0)))
	return fitWindow(saved, screen, known)
}

// fitWindow is windowSize's rule: each side as saved (zero when nothing
// valid was remembered) or by default, within screen when known, never
// below minWindow.
func fitWindow(saved, screen fyne.Size, known bool) fyne.Size {
	size := defaultWindow
	if known {
		// 85 % of the screen, from 900×640 up to 1280×800, and never more
		// than 95 % of it: panels and docks take some.
		share := fyne.NewSize(screen.Width*screenShare, screen.Height*screenShare)
		size = share.Max(defaultWindow).Min(largeWindow).Min(fyne.NewSize(screen.Width*screenRoom, screen.Height*screenRoom))
	}
	if saved.Width > 0 {
		size.Width = saved.Width
	}
	if saved.Height > 0 {
		size.Height = saved.Height
	}
	if known {
		size = size.Min(screen) // a window closed on a larger screen
	}
	return fyne.NewSize(float32(math.Round(float64(size.Width))), float32(math.Round(float64(size.Height)))).Max(minWindow)
}

// screenSize returns the size of the screen in Fyne's units, when the
// driver is a desktop's and the platform can tell (X11 and Windows, so far).
func (a *App) screenSize() (fyne.Size, bool) {
	if _, ok := a.fyne.Driver().(desktop.Driver); !ok {
		return fyne.Size{}, false // the test driver: no screen
	}
	px, ok := screenPixels()
	if !ok || px.width <= 0 || px.height <= 0 {
		return fyne.Size{}, false
	}
	user := float32(1)
	if s, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && s > 0 {
		user = float32(s)
	} else if s := a.fyne.Settings().Scale(); s > 0 {
		user = s
	}
	scale := fyneScale(px, user)
	return fyne.NewSize(float32(px.width)/scale, float32(px.height)/scale), true
}

// screen is a screen's size in pixels and millimetres (0 when unknown).
type screen struct{ width, height, widthMM, heightMM int }

// screenPixels returns the default screen's size, once per process: a
// window opens in a few milliseconds, and asking costs one round trip to
// the display server.
var screenPixels = sync.OnceValues(func() (screen, bool) {
	if s := checkedScreen.Load(); s != nil {
		return *s, true
	}
	return platformScreen()
})

// checkedScreen is the default screen as CheckDisplay found it, if it did.
var checkedScreen atomic.Pointer[screen]

// fyneScale is the scale Fyne's GLFW driver gives a window on s: the
// user's scale times the screen's resolution over 120 dpi (at least 1),
// to a tenth.
func fyneScale(s screen, user float32) float32 {
	detected := float32(1)
	if s.widthMM > 0 {
		dpi := float32(s.width) / (float32(s.widthMM) / 25.4)
		if dpi >= 10 && dpi <= 1000 {
			detected = max(1, dpi/120)
		}
	}
	return max(float32(math.Round(float64(user*detected)*10))/10, 0.1)
}
