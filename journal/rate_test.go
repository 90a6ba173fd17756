package journal

import (
	"testing"
	"time"
)

func TestCrashFreeRate(t *testing.T) {
	const day = 24 * time.Hour
	now := t0.Add(60 * day)
	j, path := openAt(t, now)
	// Sessions at now minus the given number of days; crashed ones are
	// written by a dead process.
	for _, s := range []struct {
		id      string
		daysAgo float64
		crashed bool
	}{
		{"a", 1, false},
		{"b", 2, true},
		{"c", 6.5, false},
		{"d", 10, true},
		{"e", 20, false},
		{"f", 29, false},
		{"g", 45, true}, // outside both windows
	} {
		at := now.Add(-time.Duration(s.daysAgo * float64(day)))
		if s.crashed {
			appendRaw(t, path, foreignStart(t, s.id, at))
			continue
		}
		if err := j.Start(s.id, at); err != nil {
			t.Fatal(err)
		}
		if err := j.End(s.id, at.Add(time.Hour), Summary{}); err != nil {
			t.Fatal(err)
		}
	}
	// A live session is counted in no window.
	if err := j.Start("live", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	ss := mustSessions(t, j)

	tests := []struct {
		window    time.Duration
		wantRate  float64
		wantTotal int
	}{
		{7 * day, 2.0 / 3, 3},
		{30 * day, 4.0 / 6, 6},
		{90 * day, 4.0 / 7, 7},
		{time.Hour, 1, 0},
	}
	for _, tt := range tests {
		rate, total := CrashFreeRate(ss, now, tt.window)
		if rate != tt.wantRate || total != tt.wantTotal {
			t.Errorf("CrashFreeRate(%v) = %v, %d; want %v, %d", tt.window, rate, total, tt.wantRate, tt.wantTotal)
		}
	}
	if rate, total := CrashFreeRate(nil, now, 7*day); rate != 1 || total != 0 {
		t.Errorf("CrashFreeRate(nil) = %v, %d; want 1, 0", rate, total)
	}
}
