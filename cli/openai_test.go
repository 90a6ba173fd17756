package cli

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"

	"vigia/models"
	"vigia/models/openai"
)

// A task of the openai model that can't reach its endpoint prints one line
// that names the model once: the command names it, the error doesn't.
func TestRunOpenAIUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	reg := models.NewRegistry(openai.New(openai.Options{APIKey: func() string { return "" }}))
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Models: func() *models.Registry { return reg }}
	cfg := Config{LogDir: dir, DataDir: dir, LogMaxSizeMB: 10, LogMaxBackups: 5, LogMaxAgeDays: 28}
	code := Run(context.Background(), cfg, "run", []string{"--model", "openai", "--param", "base_url=http://" + addr + "/v1", "--param", "timeout=5s", "hi"}, env)

	got := errOut.String()
	want := "vigia: openai: can't reach http://" + addr + "/v1/chat/completions (is the server running?): "
	if code != ExitFailed || !strings.HasPrefix(got, want) {
		t.Errorf("got %d, stderr %q; want %d and a line starting %q", code, got, ExitFailed, want)
	}
	if n := strings.Count(got, "openai:"); n != 1 {
		t.Errorf("stderr %q names the model %d times, want once", got, n)
	}
	if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
		t.Errorf("stderr %q, want one line", got)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
}
