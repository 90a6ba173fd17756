//go:build linux || freebsd || openbsd || netbsd || dragonfly

package ui

import (
	"fmt"
	"net"
	"strings"
	"testing"
)

func TestCheckX11(t *testing.T) {
	// A TCP "X server" on loopback: display N listens on port 6000+N.
	var ln net.Listener
	var num int
	for num = 50; num < 90; num++ {
		var err error
		if ln, err = net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", 6000+num)); err == nil {
			break
		}
	}
	if ln == nil {
		t.Skip("no free port in 6050-6089")
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()

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
		err := checkX11(c.display, c.wayland)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("checkX11(%q) = %v, want nil", c.display, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("checkX11(%q) = %v, want an error with %q", c.display, err, c.wantErr)
		}
	}
}
