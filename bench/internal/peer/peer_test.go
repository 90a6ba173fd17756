package peer

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// echo.js answers each text with its length, by lines.js's protocol.
const echo = `const rl = require('readline').createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: true, load_ms: 1.5, rss_kb: 42 }) + '\n');
rl.on('line', (l) => { if (l) process.stdout.write(JSON.stringify({ n: JSON.parse(l).text.length, ns: 7 }) + '\n'); });
`

func TestRun(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "echo.cjs"), []byte(echo), 0o644); err != nil {
		t.Fatal(err)
	}
	type answer struct{ N, NS int }
	got, ready, err := Run[answer](dir, "echo.cjs", []string{"a", "héllo", "three words here"})
	if err != nil {
		t.Fatal(err)
	}
	if ready.LoadMS != 1.5 || ready.RSSKB != 42 {
		t.Errorf("got ready %+v", ready)
	}
	want := []answer{{1, 7}, {5, 7}, {16, 7}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("answer %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	// A peer that answers fewer texts than it was given is an error.
	quiet := `process.stdout.write(JSON.stringify({ ready: true }) + '\n'); process.stdin.resume();`
	if err := os.WriteFile(filepath.Join(dir, "quiet.cjs"), []byte(quiet), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Run[answer](dir, "quiet.cjs", []string{"a"}); err == nil {
		t.Error("no error when a text got no answer")
	}
	if _, _, err := Run[answer](dir, "missing.cjs", []string{"a"}); err == nil {
		t.Error("no error for a script that isn't there")
	}
	if NodeBaseKB() <= 0 {
		t.Error("node's RSS unknown")
	}
}

func TestRSSKB(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	if RSSKB() <= 0 {
		t.Error("got no RSS for this process")
	}
}
