package models

import (
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
)

// TestValidateInputHuge: a 10 MB input is refused on its length alone,
// before it is scanned, with a handful of small allocations.
func TestValidateInputHuge(t *testing.T) {
	huge := strings.Repeat("a", 10<<20)
	for _, s := range []string{huge, huge[:len(huge)-1] + "\xff", "\x00" + huge[1:]} {
		err := ValidateInput(s, 0)
		if !errors.Is(err, ErrInputTooLarge) || err.Error() != "input is too large: 10485760 bytes, the limit is 1048576" {
			t.Fatalf("got %v, want ErrInputTooLarge with the size and the limit", err)
		}
	}
	// The error's formatting makes about five small allocations; -race
	// adds one now and then (1 run in 20 here), so the count allows a few
	// more. What shows the input was not scanned or copied is the bytes.
	if n := testing.AllocsPerRun(20, func() { _ = ValidateInput(huge, 0) }); n > 8 {
		t.Errorf("ValidateInput allocates %v times per huge input, want at most 8", n)
	}
	if b := allocatedBytes(func() { _ = ValidateInput(huge, 0) }); b > 4<<10 {
		t.Errorf("ValidateInput allocated %d bytes for a huge input, want a few hundred", b)
	}
}

// TestValidateInputBadBytes: the first bad byte is named, after the size
// check and wherever it is; NUL is refused even in valid UTF-8.
func TestValidateInputBadBytes(t *testing.T) {
	long := strings.Repeat("ñ", DefaultMaxInput/2-1) // 2 bytes short of the limit
	tests := []struct {
		name, in string
		want     error
		msg      string
	}{
		{"lone continuation byte", "\x80abc", ErrInvalidUTF8, "input is not valid UTF-8: bad byte 0x80 at offset 0"},
		{"cut rune at the end", "abc\xe2\x82", ErrInvalidUTF8, "bad byte 0xe2 at offset 3"},
		{"surrogate", "a\xed\xa0\x80", ErrInvalidUTF8, "bad byte 0xed at offset 1"},
		{"above U+10FFFF", "a\xf4\x90\x80\x80", ErrInvalidUTF8, "bad byte 0xf4 at offset 1"},
		{"overlong NUL", "a\xc0\x80", ErrInvalidUTF8, "bad byte 0xc0 at offset 1"},
		{"Latin-1", "caf\xe9", ErrInvalidUTF8, "bad byte 0xe9 at offset 3"},
		{"bad byte at the limit", long + "\xff", ErrInvalidUTF8, "at offset 1048574"},
		{"NUL", "a\x00b", ErrNULByte, "input contains a NUL byte at offset 1"},
		{"NUL at the end", long + "\x00", ErrNULByte, "at offset 1048574"},
		{"NUL and bad UTF-8", "\x00\xff", ErrInvalidUTF8, "offset 1"},
		{"only NULs", "\x00\x00", ErrNULByte, "at offset 0"},
		{"white space only", "\u00a0\u3000\t", ErrEmptyInput, "input is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateInput(tt.in, 0)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v, want an error wrapping %q with %q", err, tt.want, tt.msg)
			}
		})
	}
}

// allocatedBytes returns how many bytes f allocates on the heap.
//
// TotalAlloc counts the whole process: another goroutine (the runtime's,
// the race detector's) may allocate during f. The least of five runs is
// f's own, give or take nothing.
func allocatedBytes(f func()) uint64 {
	least := uint64(math.MaxUint64)
	for range 5 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}
