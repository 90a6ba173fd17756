//go:build linux || freebsd || openbsd || netbsd || dragonfly

package ui

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// tcpDisplay starts a TCP "X server" on loopback, display N on port
// 6000+N, that hands each connection to serve, and returns N; the test is
// skipped when no port of 6050-6089 is free.
func tcpDisplay(t *testing.T, serve func(net.Conn)) int {
	t.Helper()
	for num := 50; num < 90; num++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", 6000+num))
		if err != nil {
			continue
		}
		t.Cleanup(func() { ln.Close() })
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go serve(c)
			}
		}()
		return num
	}
	t.Skip("no free port in 6050-6089")
	return 0
}

func TestCheckX11(t *testing.T) {
	num := tcpDisplay(t, func(c net.Conn) { c.Close() })

	cases := []struct {
		display, wayland string
		wantErr          string // empty: reachable
	}{
		{"", "", "DISPLAY is not set"},
		{"", "wayland-0", "needs X11 or XWayland"},
		{"nonsense", "", "not of the form"},
		{":x", "", "not of the form"},
		{":-1", "", "not of the form"},
		{fmt.Sprintf("127.0.0.1:%d", num), "", ""},
		{fmt.Sprintf("127.0.0.1:%d.0", num), "", ""},
		{fmt.Sprintf("127.0.0.1:%d", num+1000), "", "can't reach the X server"},
		{":9876", "", "can't reach the X server"},
	}
	for _, c := range cases {
		held, err := checkX11(c.display, c.wayland)
		if held != nil {
			held.Close()
		}
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("checkX11(%q) = %v, want nil", c.display, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("checkX11(%q) = %v, want an error with %q", c.display, err, c.wantErr)
		}
	}
}

// TestCheckX11Held: a server that answers the setup keeps the check's
// connection, as a client, until the caller closes it (so that an X server
// is never left without a client, and reset, before GLFW connects), and
// its default screen is the one the first window is sized from.
func TestCheckX11Held(t *testing.T) {
	closed := make(chan struct{})
	num := tcpDisplay(t, func(c net.Conn) {
		defer c.Close()
		req := make([]byte, 12)
		if _, err := io.ReadFull(c, req); err != nil {
			return
		}
		_, _ = c.Write(setupReply())
		_, _ = io.Copy(io.Discard, c) // until the client closes
		close(closed)
	})
	checkedScreen.Store(nil)
	defer checkedScreen.Store(nil)
	held, err := checkX11(fmt.Sprintf("127.0.0.1:%d", num), "")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-closed:
		t.Fatal("the connection was closed before the caller closed it")
	case <-time.After(200 * time.Millisecond):
	}
	if s := checkedScreen.Load(); s == nil || *s != (screen{1600, 1000, 423, 265}) {
		t.Errorf("checked screen %v, want the setup reply's first screen", s)
	}
	held.Close()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the connection stayed open after Close")
	}
}
