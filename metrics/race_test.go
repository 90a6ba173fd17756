//go:build race

package metrics

// raceEnabled reports whether the race detector is on: it makes every atomic
// operation cost about a microsecond.
const raceEnabled = true
