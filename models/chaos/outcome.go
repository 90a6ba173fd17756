package chaos

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// SimulatedPanic is the value Run panics with, at panic_rate.
const SimulatedPanic = "chaos: simulated panic"

// SimulatedError is the error Run returns on purpose, at error_rate.
type SimulatedError struct {
	// Status is 503 for half the simulated errors, which then count as
	// http_5xx in metrics, and 0 for the others, which count under their
	// own type, chaos.SimulatedError.
	Status int
}

func (e *SimulatedError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("simulated error (HTTP %d)", e.Status)
	}
	return "simulated error"
}

// HTTPStatus returns Status; metrics counts errors by it.
func (e *SimulatedError) HTTPStatus() int { return e.Status }

// Stats is the Data of a Result: counts of the input, and how long the
// call waited.
type Stats struct {
	Bytes  int     `json:"bytes"`
	Chars  int     `json:"chars"` // Unicode code points
	Words  int     `json:"words"` // runs of non-space characters
	WaitMS float64 `json:"wait_ms"`
}

// String returns the counts as Result.Text shows them.
func (s Stats) String() string {
	return fmt.Sprintf("simulated reply: %d words, %d characters, %d bytes", s.Words, s.Chars, s.Bytes)
}

// count counts text without allocating.
func count(text string) Stats {
	s := Stats{Bytes: len(text), Chars: utf8.RuneCountInString(text)}
	inWord := false
	for _, r := range text {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			s.Words++
		}
		inWord = !space
	}
	return s
}
