//go:build linux || freebsd || openbsd || netbsd || dragonfly

package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// CheckDisplay reports whether a graphical display can be reached, so that
// the app can say so in one line instead of letting GLFW fail deep inside.
// Fyne's default build talks X11 (natively or through XWayland).
//
// The display it returns stays connected, as an X client, until the
// caller closes it, once GLFW has its own connection (NewFirstWindow): an
// X server left with no client resets itself (Xvfb does by default, and
// so do bare servers without a window manager), and GLFW connecting
// meanwhile failed to open the display (an end-to-end test, now and then)
// or waited for the reset (60 ms, every start). The connection's setup
// reply describes the screens: the first window's size is made from it
// (screenPixels).
func CheckDisplay() (io.Closer, error) {
	return checkX11(os.Getenv("DISPLAY"), os.Getenv("WAYLAND_DISPLAY"))
}

func checkX11(display, wayland string) (io.Closer, error) {
	if display == "" {
		if wayland != "" {
			return nil, errors.New("DISPLAY is not set (Vigía needs X11 or XWayland)")
		}
		return nil, errors.New("DISPLAY is not set")
	}
	host, num, scr, err := parseDisplay(display)
	if err != nil {
		return nil, err
	}
	conn, err := dialX11(host, num, 2*time.Second)
	if err != nil {
		return nil, fmt.Errorf("can't reach the X server of DISPLAY=%q", display)
	}
	s, err := setUpX11(conn, scr, num, time.Second)
	if err != nil {
		// Reachable, but refused or mute: GLFW will say why, with Xlib's
		// own rules for the cookie.
		_ = conn.Close()
		return noDisplay{}, nil
	}
	checkedScreen.Store(&s)
	return conn, nil
}

// noDisplay is a display connection that holds nothing.
type noDisplay struct{}

func (noDisplay) Close() error { return nil }
