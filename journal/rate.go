package journal

import "time"

// CrashFreeRate returns the share of sessions that started within window
// before now (now-window < Start <= now) and did not crash, and how many
// such sessions there are. Live sessions are left out of both: they have not
// crashed yet, nor survived. With no sessions the rate is 1 and total is 0;
// the caller shows total to tell "no crashes" from "nothing to count".
func CrashFreeRate(sessions []Session, now time.Time, window time.Duration) (rate float64, total int) {
	from := now.Add(-window)
	crashed := 0
	for _, s := range sessions {
		if s.Live() || !s.Start.After(from) || s.Start.After(now) {
			continue
		}
		total++
		if s.Crashed {
			crashed++
		}
	}
	if total == 0 {
		return 1, 0
	}
	return float64(total-crashed) / float64(total), total
}
