//go:build linux || freebsd || openbsd || netbsd || dragonfly

package ui

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// platformScreen asks the X server of DISPLAY for its default screen's
// size. Fyne 2.7 tells no screen size, and its GLFW calls must run on its
// own thread, so this reads the reply to an X11 connection setup, which
// describes the screens, and closes the connection: no request is sent.
func platformScreen() (screen, bool) {
	display := os.Getenv("DISPLAY")
	host, num, scr, err := parseDisplay(display)
	if err != nil {
		return screen{}, false
	}
	const timeout = 300 * time.Millisecond
	conn, err := dialX11(host, num, timeout)
	if err != nil {
		return screen{}, false
	}
	defer conn.Close()
	s, err := setUpX11(conn, scr, num, timeout)
	return s, err == nil
}

// dialX11 connects to X display num of host: its Unix socket (or Linux's
// abstract one) when host is empty or "unix", else TCP port 6000+num.
func dialX11(host string, num int, timeout time.Duration) (net.Conn, error) {
	if host == "" || host == "unix" {
		path := "/tmp/.X11-unix/X" + strconv.Itoa(num)
		conn, err := net.DialTimeout("unix", path, timeout)
		if err != nil {
			if c, err2 := net.DialTimeout("unix", "@"+path, timeout); err2 == nil {
				return c, nil
			}
		}
		return conn, err
	}
	return net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(6000+num)), timeout)
}

// setUpX11 sends the connection setup on conn, with this host's cookie for
// display num when there is one, within timeout, and returns the size of
// screen scr from the reply. The deadline is lifted again.
func setUpX11(conn net.Conn, scr, num int, timeout time.Duration) (screen, error) {
	_ = conn.SetDeadline(time.Now().Add(timeout))
	defer conn.SetDeadline(time.Time{})
	hostname, _ := os.Hostname()
	return x11Screen(conn, scr, xauthCookie(xauthorityFile(), hostname, num))
}

// parseDisplay splits a DISPLAY value, [host]:number[.screen].
func parseDisplay(display string) (host string, num, scr int, err error) {
	host, rest, ok := strings.Cut(display, ":")
	if !ok {
		return "", 0, 0, fmt.Errorf("DISPLAY=%q is not of the form [host]:number", display)
	}
	numText, scrText, hasScreen := strings.Cut(rest, ".")
	num, err = strconv.Atoi(numText)
	if err != nil || num < 0 {
		return "", 0, 0, fmt.Errorf("DISPLAY=%q is not of the form [host]:number", display)
	}
	if hasScreen {
		if scr, err = strconv.Atoi(scrText); err != nil || scr < 0 {
			return "", 0, 0, fmt.Errorf("DISPLAY=%q has no screen number after its dot", display)
		}
	}
	return host, num, scr, nil
}

// xauthorityFile is where X keeps its cookies: XAUTHORITY, or
// ~/.Xauthority.
func xauthorityFile() string {
	if f := os.Getenv("XAUTHORITY"); f != "" {
		return f
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".Xauthority")
}

const cookieName = "MIT-MAGIC-COOKIE-1"

// xauthCookie returns the MIT-MAGIC-COOKIE-1 of display num on this host
// from the Xauthority file, or nil (a server that wants none, as Xvfb
// by default, accepts the connection without).
func xauthCookie(file, hostname string, num int) []byte {
	if file == "" {
		return nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	return findCookie(b, hostname, strconv.Itoa(num))
}

// findCookie reads Xauthority entries (family, address, display number,
// name and data, each but the family prefixed by its big-endian 16-bit
// length) and returns the data of the first cookie for this host's
// display number, or for any host (family 0xffff).
func findCookie(b []byte, hostname, number string) []byte {
	const familyLocal, familyWild = 256, 0xffff
	r := bytes.NewReader(b)
	field := func() ([]byte, bool) {
		var n uint16
		if binary.Read(r, binary.BigEndian, &n) != nil || int(n) > r.Len() {
			return nil, false
		}
		f := make([]byte, n)
		_, err := io.ReadFull(r, f)
		return f, err == nil
	}
	for {
		var family uint16
		if binary.Read(r, binary.BigEndian, &family) != nil {
			return nil
		}
		addr, ok1 := field()
		num, ok2 := field()
		name, ok3 := field()
		data, ok4 := field()
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil
		}
		host := family == familyWild || family == familyLocal && string(addr) == hostname
		if host && (len(num) == 0 || string(num) == number) && string(name) == cookieName {
			return data
		}
	}
}

// x11Screen sends the connection setup (little-endian, protocol 11.0, with
// cookie when not nil) on conn and returns the size of screen scr from the
// server's reply.
func x11Screen(conn io.ReadWriter, scr int, cookie []byte) (screen, error) {
	req := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if cookie != nil {
		binary.LittleEndian.PutUint16(req[6:], uint16(len(cookieName)))
		binary.LittleEndian.PutUint16(req[8:], uint16(len(cookie)))
		req = append(req, pad4([]byte(cookieName))...)
		req = append(req, pad4(cookie)...)
	}
	if _, err := conn.Write(req); err != nil {
		return screen{}, err
	}
	var head [8]byte
	if _, err := io.ReadFull(conn, head[:]); err != nil {
		return screen{}, err
	}
	if head[0] != 1 {
		return screen{}, errors.New("the X server refused the connection")
	}
	body := make([]byte, 4*int(binary.LittleEndian.Uint16(head[6:])))
	if _, err := io.ReadFull(conn, body); err != nil {
		return screen{}, err
	}
	return setupScreen(body, scr)
}

// setupScreen finds screen scr in the body of a successful setup reply:
// 32 bytes of fixed fields, the vendor's name, 8 bytes per pixmap format,
// then the screens, each 40 bytes and its depths.
func setupScreen(b []byte, scr int) (screen, error) {
	short := errors.New("short X setup reply")
	if len(b) < 32 {
		return screen{}, short
	}
	le := binary.LittleEndian
	vendor := int(le.Uint16(b[16:]))
	screens, formats := int(b[20]), int(b[21])
	if scr >= screens {
		return screen{}, fmt.Errorf("the X server has %d screens, not %d", screens, scr+1)
	}
	off := 32 + (vendor+3)&^3 + 8*formats
	for i := 0; ; i++ {
		if off+40 > len(b) {
			return screen{}, short
		}
		s := b[off:]
		if i == scr {
			return screen{width: int(le.Uint16(s[20:])), height: int(le.Uint16(s[22:])), widthMM: int(le.Uint16(s[24:])), heightMM: int(le.Uint16(s[26:]))}, nil
		}
		depths := int(s[39])
		off += 40
		for range depths { // depth, unused, visuals (16 bits), 4 unused, 24 bytes a visual
			if off+8 > len(b) {
				return screen{}, short
			}
			off += 8 + 24*int(le.Uint16(b[off+2:]))
		}
	}
}

func pad4(b []byte) []byte {
	return append(b, make([]byte, (4-len(b)%4)%4)...)
}
