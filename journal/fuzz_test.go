package journal

import (
	"bytes"
	"testing"
)

// FuzzReadRecords checks that no file content makes reading fail or panic,
// and that every line is either a record or counted as skipped.
func FuzzReadRecords(f *testing.F) {
	f.Add([]byte(`{"type":"start","session":"s","time":"2026-01-02T10:00:00Z","pid":1}` + "\n"))
	f.Add([]byte(`{"type":"end","session":"s","time":"2026-01-02T10:00:00Z","summary":{"requests":1}}` + "\n{\"ty"))
	f.Add([]byte("\x00\xff\n\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, st, err := readRecords(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("readRecords: %v", err)
		}
		lines := 0
		for _, l := range bytes.Split(data, []byte{'\n'}) {
			if len(bytes.TrimSpace(l)) > 0 {
				lines++
			}
		}
		if len(recs)+st.Skipped != lines {
			t.Errorf("%d records + %d skipped, want %d lines", len(recs), st.Skipped, lines)
		}
		sessions(recs, nil)
	})
}
