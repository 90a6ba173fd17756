//go:build !race

package logging

// raceEnabled reports whether the race detector is on; the reliability
// tests size their load by it.
const raceEnabled = false
