package e2e

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecretsNeverWritten: with an API key set and debug mode on, a run
// against an endpoint that fails (and echoes the key back in its error),
// a load test, a GUI session and a diagnostics bundle leave the key in no
// file the app wrote: logs (rotated and gzipped ones too), journal,
// preferences and the bundle's entries. Log files are 0600, the app's
// directories 0700.
func TestSecretsNeverWritten(t *testing.T) {
	const key = "sk-proj-VigiaSecretTestKey0123456789abcdef"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A hostile or careless server repeats what it got.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s (header %q)","type":"invalid_request_error"}}`,
			strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), r.Header.Get("Authorization"))
	}))
	defer echo.Close()

	home := t.TempDir()
	logDir := filepath.Join(home, "logs")
	dataDir := filepath.Join(home, "data")
	env := []string{"HOME=" + home, "VIGIA_OPENAI_API_KEY=" + key}
	common := []string{"--debug", "--log-dir", logDir, "--data-dir", dataDir}

	code, out, errOut := vigia(t, env, append(common, "run", "--model", "openai", "--param", "base_url="+echo.URL+"/v1", "hello")...)
	if code != 1 || !strings.Contains(errOut, "401") && !strings.Contains(strings.ToLower(errOut), "key") {
		t.Errorf("run against the failing endpoint: exit %d, stderr %q; want 1 and the refusal", code, errOut)
	}
	if strings.Contains(out+errOut, key) {
		t.Errorf("the key was printed: %q %q", out, errOut)
	}
	if _, out, errOut := vigia(t, env, append(common, "load", "--model", "openai", "--param", "base_url="+echo.URL+"/v1",
		"--requests", "20", "--concurrency", "4")...); strings.Contains(out+errOut, key) {
		t.Errorf("load printed the key: %q", errOut)
	}
	bundle := filepath.Join(home, "bundle.zip")
	if code, _, errOut := vigia(t, env, append(common, "diagnostics", "--out", bundle)...); code != 0 {
		t.Fatalf("diagnostics: exit %d, %s", code, errOut)
	}

	// A GUI session in debug mode: it writes the preferences on quit.
	if _, err := os.Stat("/usr/bin/Xvfb"); err == nil || os.Getenv("CI") != "" {
		display, _, cmd, stderr, exited := startGUI(t, env, "--debug", "--data-dir", dataDir)
		quitGUI(t, display, waitWindow(t, display, cmd, exited, stderr), cmd, exited, stderr)
		if strings.Contains(stderr.String(), key) {
			t.Error("the GUI printed the key")
		}
	}

	// Every file under HOME (preferences live in ~/.config/fyne/…), with
	// gzip and zip members opened.
	var files, checked int
	err := filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(home, path)
		if d.IsDir() {
			if (strings.HasPrefix(rel, "logs") || strings.HasPrefix(rel, "data")) && info.Mode().Perm() != 0o700 {
				t.Errorf("directory %s has mode %o, want 700", rel, info.Mode().Perm())
			}
			return nil
		}
		files++
		if strings.HasPrefix(rel, "logs") && info.Mode().Perm() != 0o600 {
			t.Errorf("log file %s has mode %o, want 600", rel, info.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for name, content := range expand(t, rel, b) {
			checked++
			if bytes.Contains(content, []byte(key)) || bytes.Contains(content, []byte(key[8:])) {
				t.Errorf("%s holds the API key", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"logs/app.log", "logs/debug.log", "data/sessions.jsonl", ".config/vigia/settings.json"} {
		if _, err := os.Stat(filepath.Join(home, want)); err != nil && (want != ".config/vigia/settings.json" || os.Getenv("CI") != "") {
			t.Errorf("%s was not written, so not checked: %v", want, err)
		}
	}
	if !strings.Contains(readIfExists(filepath.Join(logDir, "debug.log")), "401") {
		t.Error("debug.log does not record the endpoint's refusal: the test did not exercise the error path")
	}
	t.Logf("%d files, %d contents checked", files, checked)
}

// expand returns a file's contents, and those of its members when it is a
// gzip or zip file.
func expand(t *testing.T, name string, b []byte) map[string][]byte {
	out := map[string][]byte{name: b}
	switch {
	case strings.HasSuffix(name, ".gz"):
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return out
		}
		c, _ := io.ReadAll(zr)
		out[name+"!"] = c
	case strings.HasSuffix(name, ".zip"):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return out
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Errorf("%s!%s: %v", name, f.Name, err)
				continue
			}
			c, _ := io.ReadAll(rc)
			rc.Close()
			for n, v := range expand(t, name+"!"+f.Name, c) {
				out[n] = v
			}
		}
	}
	return out
}

// TestMetricsNotReachableRemotely: by default /metrics listens on loopback
// only, so the machine's other addresses refuse the connection; a
// non-loopback --metrics-addr is refused in one line.
func TestMetricsNotReachableRemotely(t *testing.T) {
	var ip net.IP
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			ip = n.IP
			break
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	code, _, errOut := vigia(t, nil, "load", "--model", "chaos", "--requests", "10", "--metrics-addr", fmt.Sprintf("0.0.0.0:%d", port))
	if code == 0 || !strings.Contains(errOut, "loopback") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("--metrics-addr 0.0.0.0 without --metrics-allow-remote: exit %d, stderr %q; want a one-line refusal", code, errOut)
	}
	if ip == nil {
		t.Log("no non-loopback IPv4 address on this machine: the remote dial is not tried")
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		vigia(t, nil, "load", "--model", "chaos", "--requests", "10", "--metrics-addr", fmt.Sprintf("127.0.0.1:%d", port), "--metrics-linger", "3s")
	}()
	local := fmt.Sprintf("http://127.0.0.1:%d/metrics", port)
	waitFor(t, "/metrics on loopback", 30*time.Second, func() bool {
		resp, err := http.Get(local)
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	c, err := net.DialTimeout("tcp", fmt.Sprintf("%s:%d", ip, port), 2*time.Second)
	if err == nil {
		c.Close()
		t.Errorf("/metrics answered on %s, a non-loopback address", ip)
	}
	<-done
}
