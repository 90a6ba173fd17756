package journal_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"vigia/journal"
)

func Example() {
	dir, err := os.MkdirTemp("", "vigia")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	start := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Hour) }
	j, err := journal.Open(filepath.Join(dir, "sessions.jsonl"), journal.Options{Now: now})
	if err != nil {
		log.Fatal(err)
	}
	defer j.Close()

	j.Start("morning", start)
	j.End("morning", start.Add(30*time.Minute), journal.Summary{Requests: 40, Errors: 2, ErrorRate: 0.05, P50MS: 12, P95MS: 80})
	j.Start("current", start.Add(45*time.Minute))

	sessions, err := j.Sessions()
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range sessions {
		fmt.Printf("%s live=%v crashed=%v duration=%v\n", s.ID, s.Live(), s.Crashed, s.Duration(now()))
	}
	rate, total := journal.CrashFreeRate(sessions, now(), 7*24*time.Hour)
	fmt.Printf("crash-free: %.0f%% of %d\n", rate*100, total)
	// Output:
	// morning live=false crashed=false duration=30m0s
	// current live=true crashed=false duration=15m0s
	// crash-free: 100% of 1
}
