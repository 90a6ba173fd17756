package journal

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCheckpointIsLastKnownFigures: a session whose process died after a
// checkpoint is crashed, with the checkpoint's figures.
func TestCheckpointIsLastKnownFigures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	start := time.Now().Add(-time.Hour).UTC()
	lines := fmt.Sprintf(`{"type":"start","session":"gone","time":%q,"pid":999999}
{"type":"checkpoint","session":"gone","time":%q,"summary":{"requests":5,"errors":1,"error_rate":0.2,"p50_ms":1,"p95_ms":2}}
{"type":"checkpoint","session":"gone","time":%q,"summary":{"requests":9,"errors":1,"error_rate":0.111,"p50_ms":1,"p95_ms":2}}
`, start.Format(time.RFC3339Nano), start.Add(time.Minute).Format(time.RFC3339Nano), start.Add(2*time.Minute).Format(time.RFC3339Nano))
	if err := os.WriteFile(path, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := Open(path, Options{MaxAge: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	ss, err := j.Sessions()
	if err != nil || len(ss) != 1 {
		t.Fatalf("got %v, %v", ss, err)
	}
	s := ss[0]
	if !s.Crashed || s.Summary == nil || s.Summary.Requests != 9 || !s.Checkpointed.Equal(start.Add(2*time.Minute)) {
		t.Errorf("got %+v, want crashed with the last checkpoint's 9 requests", s)
	}
	if err := j.Checkpoint("gone", time.Now(), Summary{}); err == nil {
		t.Error("a checkpoint of a session not started here was accepted")
	}
}
