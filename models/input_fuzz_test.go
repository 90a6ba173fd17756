package models

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzInputChecker feeds arbitrary bytes and limits to ValidateInput. It
// checks more than FuzzValidateInput: an input is refused exactly when it
// is bad, the error wraps the one sentinel that says why (checked in
// ValidateInput's order), and its text gives the facts a person needs (the
// size and the limit, or the offset and byte of the problem). Seeds are in
// testdata/fuzz/FuzzInputChecker.
func FuzzInputChecker(f *testing.F) {
	for _, s := range []string{"hola", "", " \t\n", "a\x00b", "\xff", "ok \xc3\x28 bad", "ünï ✓ 😀", "\u00a0\u2028", "\xed\xa0\x80", "\xf4\x90\x80\x80"} {
		f.Add([]byte(s), 0)
		f.Add([]byte(s), 4)
	}
	f.Fuzz(func(t *testing.T, in []byte, limit int) {
		s := string(in)
		err := ValidateInput(s, limit)
		max := limit
		if max <= 0 {
			max = DefaultMaxInput
		}
		var want error
		switch {
		case strings.TrimSpace(s) == "":
			want = ErrEmptyInput
		case len(s) > max:
			want = ErrInputTooLarge
		case !utf8.ValidString(s):
			want = ErrInvalidUTF8
		case strings.IndexByte(s, 0) >= 0:
			want = ErrNULByte
		}
		if want == nil {
			if err != nil {
				t.Fatalf("ValidateInput(%q, %d) = %v, want nil", s, limit, err)
			}
			// Accepted: valid UTF-8, no NUL, within the limit.
			if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 || len(s) > max {
				t.Fatalf("ValidateInput(%q, %d) accepted a bad input", s, limit)
			}
			return
		}
		if !errors.Is(err, want) {
			t.Fatalf("ValidateInput(%q, %d) = %v, want an error wrapping %q", s, limit, err, want)
		}
		for _, other := range []error{ErrEmptyInput, ErrInputTooLarge, ErrInvalidUTF8, ErrNULByte} {
			if other != want && errors.Is(err, other) {
				t.Errorf("ValidateInput(%q, %d) = %v wraps %q too", s, limit, err, other)
			}
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, want.Error()) || !utf8.ValidString(msg) || len(msg) > 120 {
			t.Errorf("ValidateInput(%q, %d): unclear message %q", s, limit, msg)
		}
		switch want {
		case ErrInputTooLarge:
			if !strings.Contains(msg, strconv.Itoa(len(s))+" bytes, the limit is "+strconv.Itoa(max)) {
				t.Errorf("message %q lacks the size and the limit", msg)
			}
		case ErrInvalidUTF8:
			i := firstInvalid(s)
			if !strings.Contains(msg, "at offset "+strconv.Itoa(i)) || !strings.Contains(msg, "0x"+strconv.FormatUint(uint64(s[i])|0x100, 16)[1:]) {
				t.Errorf("message %q does not point at byte %d (0x%02x)", msg, i, s[i])
			}
		case ErrNULByte:
			if !strings.HasSuffix(msg, "at offset "+strconv.Itoa(strings.IndexByte(s, 0))) {
				t.Errorf("message %q does not point at the first NUL", msg)
			}
		}
	})
}

// firstInvalid is the offset of the first byte that is not part of valid
// UTF-8, computed independently of invalidAt.
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}
