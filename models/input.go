package models

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// DefaultMaxInput is the largest input a model accepts unless told
// otherwise: 1 MB.
const DefaultMaxInput = 1 << 20

// Errors of ValidateInput; the error returned wraps one of them.
var (
	ErrEmptyInput    = errors.New("input is empty")
	ErrInputTooLarge = errors.New("input is too large")
	ErrInvalidUTF8   = errors.New("input is not valid UTF-8")
	ErrNULByte       = errors.New("input contains a NUL byte")
)

// ValidateInput checks text before any model sees it: not empty (nor only
// white space), at most max bytes (max <= 0 means DefaultMaxInput), valid
// UTF-8, no NUL bytes. Nothing is truncated: a bad input is an error.
func ValidateInput(text string, max int) error {
	if max <= 0 {
		max = DefaultMaxInput
	}
	switch {
	case strings.TrimSpace(text) == "":
		return ErrEmptyInput
	case len(text) > max:
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrInputTooLarge, len(text), max)
	case !utf8.ValidString(text):
		i := invalidAt(text)
		return fmt.Errorf("%w: bad byte 0x%02x at offset %d", ErrInvalidUTF8, text[i], i)
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		return fmt.Errorf("%w at offset %d", ErrNULByte, i)
	}
	return nil
}

func invalidAt(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}
