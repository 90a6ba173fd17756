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
	lines := gunzipLines(t, "VaderEN", VaderEN)
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
		words := gunzipLines(t, l.name, l.gz)
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

// TestOpinionEN checks the shipped Opinion Lexicon: a comment, then 6 773
// lines of a word and its valence, 1 or -1, sorted, each word once; 2 002
// positive and 4 771 negative.
func TestOpinionEN(t *testing.T) {
	lines := gunzipLines(t, "OpinionEN", OpinionEN)
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "# ") {
		t.Fatalf("want a comment first, got %q", lines[:min(1, len(lines))])
	}
	count := map[string]int{}
	prev := ""
	for _, l := range lines[1:] {
		w, v, ok := strings.Cut(l, "\t")
		if !ok || w <= prev || w != strings.ToLower(w) || v != "1" && v != "-1" {
			t.Fatalf("line %q after %q: want a lower-case word after the one before, a tab and 1 or -1", l, prev)
		}
		prev = w
		count[v]++
	}
	if count["1"] != 2002 || count["-1"] != 4771 {
		t.Errorf("got %d positive and %d negative words, want 2002 and 4771", count["1"], count["-1"])
	}
}

// gunzipLines returns the lines of name, a gzipped asset.
func gunzipLines(t *testing.T, name string, gz []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(name, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(name, err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}
