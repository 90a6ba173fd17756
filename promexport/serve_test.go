package promexport

import (
	"errors"
	"net/http"
	"testing"
)

func TestServeLoopbackOnly(t *testing.T) {
	tests := []struct {
		addr    string
		wantErr bool
	}{
		{"0.0.0.0:0", true},
		{"192.168.1.2:0", true},
		{"[::]:0", true},
		{":0", true},
		{"example.com:0", true},
		{"127.0.0.1:0", false},
		{"[::1]:0", false},
		{"localhost:0", false},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			e := New(Options{})
			defer e.Close()
			got, err := e.Serve(t.Context(), tc.addr, false)
			if tc.wantErr {
				if !errors.Is(err, ErrNotLoopback) {
					t.Errorf("Serve(%q) = %q, %v; want ErrNotLoopback", tc.addr, got, err)
				}
				return
			}
			if err != nil {
				if tc.addr == "[::1]:0" {
					t.Skipf("no IPv6 loopback here: %v", err)
				}
				t.Fatalf("Serve(%q): %v", tc.addr, err)
			}
			if status, _ := scrape(t, "http://"+got+"/metrics"); status != http.StatusOK {
				t.Errorf("GET /metrics on %s: status %d, want 200", got, status)
			}
		})
	}
}

func TestServeAllowRemote(t *testing.T) {
	e := New(Options{Pprof: true})
	defer e.Close()
	addr, err := e.Serve(t.Context(), "0.0.0.0:0", true)
	if err != nil {
		t.Fatalf("Serve(0.0.0.0:0, allowRemote): %v", err)
	}
	if status, _ := scrape(t, "http://"+addr+"/debug/pprof/"); status != http.StatusNotFound {
		t.Errorf("pprof on a remote address: status %d, want 404", status)
	}
}

func TestServeBadAddr(t *testing.T) {
	e := New(Options{})
	defer e.Close()
	if _, err := e.Serve(t.Context(), "no-port", true); err == nil {
		t.Error("Serve(no-port): got nil error, want one")
	}
}

func TestPprof(t *testing.T) {
	for _, tc := range []struct {
		pprof bool
		want  int
	}{
		{false, http.StatusNotFound},
		{true, http.StatusOK},
	} {
		e := New(Options{Pprof: tc.pprof})
		url := serveTest(t, e)
		if got, _ := scrape(t, url+"/debug/pprof/"); got != tc.want {
			t.Errorf("Pprof=%v: GET /debug/pprof/ status %d, want %d", tc.pprof, got, tc.want)
		}
		if got, _ := scrape(t, url+"/debug/pprof/cmdline"); got != tc.want {
			t.Errorf("Pprof=%v: GET /debug/pprof/cmdline status %d, want %d", tc.pprof, got, tc.want)
		}
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
}
