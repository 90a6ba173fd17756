package metrics

import (
	"log/slog"
	"regexp"
	"runtime/debug"
	"testing"
)

var sink [][]byte

func TestFreeMemory(t *testing.T) {
	// 64 MB of garbage, touched so that it is resident, which no GC
	// collects before FreeMemory does.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for range 64 {
		b := make([]byte, 1<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		sink = append(sink, b)
	}
	sink = nil

	h := &recordHandler{}
	before, after := FreeMemory(slog.New(h))
	if before.Heap < 64<<20 {
		t.Errorf("heap before: got %d, want at least the 64 MB of garbage", before.Heap)
	}
	if freed := int64(before.Heap) - int64(after.Heap); freed < 60<<20 {
		t.Errorf("heap freed: got %d bytes (%d → %d), want over 60 MB", freed, before.Heap, after.Heap)
	}
	if before.RSS < 64<<20 || after.RSS < 1<<20 {
		t.Errorf("RSS before, after: got %d, %d, want over 64 MB and over 1 MB", before.RSS, after.RSS)
	}
	if freed := int64(before.RSS) - int64(after.RSS); freed < 32<<20 {
		t.Errorf("RSS freed: got %d bytes (%d → %d), want over 32 MB given back to the OS", freed, before.RSS, after.RSS)
	}

	recs := h.all()
	wants := []*regexp.Regexp{
		regexp.MustCompile(`^Memory usage: \d+\.\d\d MB$`),
		regexp.MustCompile(`^Memory freed: -?\d+\.\d\d MB$`),
	}
	if len(recs) != len(wants) {
		t.Fatalf("log: got %d records, want %d", len(recs), len(wants))
	}
	for i, re := range wants {
		if recs[i].Level != slog.LevelInfo || !re.MatchString(recs[i].Message) {
			t.Errorf("record %d: got %v %q, want INFO matching %s", i, recs[i].Level, recs[i].Message, re)
		}
	}
}
