package local

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		text      string
		wantWords []string
		wantBreak []bool
		wantEnd   []bool
	}{
		{"Don’t stop-me NOW", []string{"don't", "stop-me", "now"}, []bool{true, false, false}, []bool{true, false, false}},
		{"one, two.three", []string{"one", "two", "three"}, []bool{true, true, true}, []bool{true, false, true}},
		{"l’eau de Málaga", []string{"l'eau", "de", "málaga"}, []bool{true, false, false}, []bool{true, false, false}},
		{"rock--roll end- 'quoted'", []string{"rock", "roll", "end", "quoted"}, []bool{true, true, false, true}, []bool{true, false, false, false}},
		{"line\nbreak", []string{"line", "break"}, []bool{true, true}, []bool{true, true}},
		{"emoji 🎉 here", []string{"emoji", "here"}, []bool{true, true}, []bool{true, false}},
		// A full stop between digits is a decimal point, not an end.
		{"3.5 kg. Then", []string{"3", "5", "kg", "then"}, []bool{true, true, false, true}, []bool{true, false, false, true}},
		{"ok; so? yes! ¿qué…", []string{"ok", "so", "yes", "qué"}, []bool{true, true, true, true}, []bool{true, true, true, true}},
		{"ÉCOLE Niño", []string{"école", "niño"}, []bool{true, false}, []bool{true, false}},
		{"!!! ???", nil, nil, nil},
		{"", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var words []string
			var brks, ends []bool
			for _, tok := range tokenize(tt.text) {
				words = append(words, tok.word)
				brks = append(brks, tok.brk)
				ends = append(ends, tok.end)
			}
			if !slices.Equal(words, tt.wantWords) || !slices.Equal(brks, tt.wantBreak) || !slices.Equal(ends, tt.wantEnd) {
				t.Errorf("got %q breaks %v ends %v, want %q breaks %v ends %v", words, brks, ends, tt.wantWords, tt.wantBreak, tt.wantEnd)
			}
		})
	}
}

func TestSample(t *testing.T) {
	text := synthText(200<<10, 3)
	got := sample(text, 16<<10)
	if len(got) > 16<<10+3 || len(got) < 16<<10-16 {
		t.Errorf("got a sample of %d bytes, want about %d", len(got), 16<<10)
	}
	if short := "short text"; sample(short, 100) != short {
		t.Errorf("got %q, want the text itself", sample(short, 100))
	}
	// Windows are cut at rune boundaries.
	multi := strings.Repeat("ñá€😀", 10000)
	if s := sample(multi, 1000); !utf8.ValidString(s) {
		t.Errorf("sample of multi-byte text is not valid UTF-8")
	}
}
