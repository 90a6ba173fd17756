package assets

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEmojiSentiment(t *testing.T) {
	var m map[string]int
	if err := json.Unmarshal(EmojiSentiment, &m); err != nil {
		t.Fatalf("parsing emoji-sentiment.json: %v", err)
	}
	if len(m) != 767 {
		t.Errorf("got %d entries, want 767", len(m))
	}
	for k, v := range m {
		if utf8.RuneCountInString(k) != 1 || v < -5 || v > 5 || v == 0 {
			t.Errorf("got entry %q: %d, want one code point scored -5…-1 or 1…5", k, v)
		}
	}
}

// TestVaderEN checks the shipped VADER lexicon: 7517 lines of an entry
// and a mean valence from -4 to +4, then more fields.
func TestVaderEN(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(VaderEN))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 7517 {
		t.Errorf("got %d lines, want 7517", len(lines))
	}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) < 2 {
			t.Fatalf("line %q: want tab-separated fields", l)
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil || v < -4 || v > 4 {
			t.Errorf("line %q: mean %q is not a valence from -4 to +4", l, f[1])
		}
	}
}

// TestWordLists checks the shipped word lists: lower-case words, sorted,
// each once, none a possessive, as many as their doc says.
func TestWordLists(t *testing.T) {
	for _, l := range []struct {
		name string
		gz   []byte
		n    int
	}{{"WordsEN", WordsEN, 73604}, {"WordsES", WordsES, 635039}, {"WordsDE", WordsDE, 116481}, {"WordsFR", WordsFR, 318883}, {"WordsIT", WordsIT, 123620}, {"WordsPT", WordsPT, 182206}} {
		zr, err := gzip.NewReader(bytes.NewReader(l.gz))
		if err != nil {
			t.Fatal(l.name, err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(l.name, err)
		}
		words := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		if len(words) != l.n {
			t.Errorf("%s: got %d words, want %d", l.name, len(words), l.n)
		}
		for i, w := range words {
			if w == "" || w != strings.ToLower(w) || strings.Contains(w, "'") || i > 0 && words[i-1] >= w {
				t.Fatalf("%s, line %d: %q after %q: want sorted lower-case words without possessives, each once", l.name, i+1, w, words[max(i-1, 0)])
			}
		}
	}
}
