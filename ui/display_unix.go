//go:build linux || freebsd || openbsd || netbsd || dragonfly

package ui

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// CheckDisplay reports whether a graphical display can be reached, so that
// the app can say so in one line instead of letting GLFW fail deep inside.
// Fyne's default build talks X11 (natively or through XWayland).
func CheckDisplay() error {
	return checkX11(os.Getenv("DISPLAY"), os.Getenv("WAYLAND_DISPLAY"))
}

func checkX11(display, wayland string) error {
	if display == "" {
		if wayland != "" {
			return errors.New("DISPLAY is not set (Vigía needs X11 or XWayland)")
		}
		return errors.New("DISPLAY is not set")
	}
	host, rest, ok := strings.Cut(display, ":")
	if !ok {
		return fmt.Errorf("DISPLAY=%q is not of the form [host]:number", display)
	}
	numText, _, _ := strings.Cut(rest, ".")
	num, err := strconv.Atoi(numText)
	if err != nil || num < 0 {
		return fmt.Errorf("DISPLAY=%q is not of the form [host]:number", display)
	}
	const timeout = 2 * time.Second
	var conn net.Conn
	if host == "" || host == "unix" {
		path := "/tmp/.X11-unix/X" + strconv.Itoa(num)
		conn, err = net.DialTimeout("unix", path, timeout)
		if err != nil {
			// Linux servers also listen on the abstract socket.
			if c, err2 := net.DialTimeout("unix", "@"+path, timeout); err2 == nil {
				conn, err = c, nil
			}
		}
	} else {
		conn, err = net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(6000+num)), timeout)
	}
	if err != nil {
		return fmt.Errorf("can't reach the X server of DISPLAY=%q", display)
	}
	return conn.Close()
}
