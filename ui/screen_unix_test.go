//go:build linux || freebsd || openbsd || netbsd || dragonfly

package ui

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"testing"
)

func TestParseDisplay(t *testing.T) {
	for _, c := range []struct {
		display  string
		host     string
		num, scr int
		ok       bool
	}{
		{":0", "", 0, 0, true},
		{":77", "", 77, 0, true},
		{":1.2", "", 1, 2, true},
		{"localhost:10.0", "localhost", 10, 0, true},
		{"unix:3", "unix", 3, 0, true},
		{"", "", 0, 0, false},
		{"0", "", 0, 0, false},
		{":x", "", 0, 0, false},
		{":0.x", "", 0, 0, false},
		{":-1", "", 0, 0, false},
	} {
		host, num, scr, err := parseDisplay(c.display)
		if (err == nil) != c.ok || c.ok && (host != c.host || num != c.num || scr != c.scr) {
			t.Errorf("parseDisplay(%q) = %q, %d, %d, %v", c.display, host, num, scr, err)
		}
	}
}

// xauthEntry is one entry of an Xauthority file.
func xauthEntry(family uint16, addr, num, name, data string) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, family)
	for _, f := range []string{addr, num, name, data} {
		_ = binary.Write(&b, binary.BigEndian, uint16(len(f)))
		b.WriteString(f)
	}
	return b.Bytes()
}

func TestFindCookie(t *testing.T) {
	file := bytes.Join([][]byte{
		xauthEntry(0, "\x7f\x00\x00\x01", "1", cookieName, "tcp"),
		xauthEntry(256, "otherhost", "1", cookieName, "other"),
		xauthEntry(256, "myhost", "1", "XDM-AUTHORIZATION-1", "xdm"),
		xauthEntry(256, "myhost", "1", cookieName, "mine"),
		xauthEntry(0xffff, "", "0", cookieName, "wild"),
	}, nil)
	for _, c := range []struct {
		host, num, want string
	}{
		{"myhost", "1", "mine"},
		{"myhost", "0", "wild"},
		{"otherhost", "1", "other"},
		{"myhost", "2", ""},
	} {
		if got := string(findCookie(file, c.host, c.num)); got != c.want {
			t.Errorf("host %s display %s: got %q, want %q", c.host, c.num, got, c.want)
		}
	}
	if got := findCookie(file[:len(file)-3], "nobody", "0"); got != nil {
		t.Errorf("a cut file gave %q", got)
	}
}

// setupReply is the reply of an X server with two screens, 1600×1000 (one
// depth of two visuals) and 1920×1080.
func setupReply() []byte {
	le := binary.LittleEndian
	body := make([]byte, 32)
	le.PutUint16(body[16:], 5) // the vendor, "Xvfb!": 5 bytes, padded to 8
	body[20], body[21] = 2, 1  // screens, formats
	body = append(body, "Xvfb!\x00\x00\x00"...)
	body = append(body, make([]byte, 8)...) // one format
	scr := func(w, h, wmm, hmm uint16, depths byte) []byte {
		s := make([]byte, 40)
		le.PutUint16(s[20:], w)
		le.PutUint16(s[22:], h)
		le.PutUint16(s[24:], wmm)
		le.PutUint16(s[26:], hmm)
		s[39] = depths
		return s
	}
	body = append(body, scr(1600, 1000, 423, 265, 1)...)
	depth := make([]byte, 8)
	depth[0] = 24
	le.PutUint16(depth[2:], 2)
	body = append(body, depth...)
	body = append(body, make([]byte, 2*24)...)
	body = append(body, scr(1920, 1080, 508, 286, 0)...)
	head := make([]byte, 8)
	head[0] = 1
	le.PutUint16(head[2:], 11)
	le.PutUint16(head[6:], uint16(len(body)/4))
	return append(head, body...)
}

// fakeX answers one connection setup on conn with reply, and sends what
// it was asked on got.
func fakeX(t *testing.T, conn net.Conn, reply []byte, got chan<- []byte) {
	t.Helper()
	go func() {
		defer conn.Close()
		req := make([]byte, 12)
		if _, err := io.ReadFull(conn, req); err != nil {
			got <- nil
			return
		}
		n := int(binary.LittleEndian.Uint16(req[6:])+3)&^3 + int(binary.LittleEndian.Uint16(req[8:])+3)&^3
		auth := make([]byte, n)
		_, _ = io.ReadFull(conn, auth)
		got <- append(req, auth...)
		_, _ = conn.Write(reply)
	}()
}

func TestX11Screen(t *testing.T) {
	for _, c := range []struct {
		scr    int
		cookie []byte
		want   screen
	}{
		{0, nil, screen{1600, 1000, 423, 265}},
		{1, []byte("0123456789abcdef"), screen{1920, 1080, 508, 286}},
	} {
		client, server := net.Pipe()
		got := make(chan []byte, 1)
		fakeX(t, server, setupReply(), got)
		s, err := x11Screen(client, c.scr, c.cookie)
		client.Close()
		if err != nil || s != c.want {
			t.Errorf("screen %d: got %+v, %v; want %+v", c.scr, s, err, c.want)
		}
		req := <-got
		wantReq := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
		if c.cookie != nil {
			wantReq = []byte{'l', 0, 11, 0, 0, 0, 18, 0, 16, 0, 0, 0}
			wantReq = append(wantReq, cookieName+"\x00\x00"...)
			wantReq = append(wantReq, c.cookie...)
		}
		if !bytes.Equal(req, wantReq) {
			t.Errorf("screen %d: the server was sent %q, want %q", c.scr, req, wantReq)
		}
	}

	// A refusal, a screen the server lacks, a reply cut short.
	refused := []byte{0, 20, 11, 0, 0, 0, 5, 0}
	refused = append(refused, make([]byte, 20)...)
	full := setupReply()
	cut := append([]byte(nil), full[:100]...)
	binary.LittleEndian.PutUint16(cut[6:], uint16((len(cut)-8)/4))
	for name, c := range map[string]struct {
		reply []byte
		scr   int
	}{
		"refused":      {refused, 0},
		"third screen": {full, 2},
		"cut":          {cut, 1},
	} {
		client, server := net.Pipe()
		got := make(chan []byte, 1)
		fakeX(t, server, c.reply, got)
		if s, err := x11Screen(client, c.scr, nil); err == nil {
			t.Errorf("%s: got %+v and no error", name, s)
		}
		client.Close()
		<-got
	}
}
