package local

import (
	"strings"
	"testing"
)

// TestSpellerCorrect checks speller.correct's rules on a speller of a few
// words: a real word is never misspelt, and a word as near to two listed
// words as to one is none of them.
func TestSpellerCorrect(t *testing.T) {
	s := &speller{dict: &wordList{words: "brother\npleaded\n"}, known: map[string]bool{}}
	for _, w := range []string{"bother", "pleasant", "pleased", "pleaser"} {
		s.add(w)
		s.known[w] = true
	}
	s.sort()
	tests := []struct{ w, want string }{
		{"pleasd", "pleased"},   // a letter left out
		{"pleassed", "pleased"}, // doubled
		{"plaesed", "pleased"},  // swapped
		{"pleasnat", "pleasant"},
		{"brother", ""},      // in the dictionary
		{"pleaded", ""},      // in the dictionary, though one letter from pleased
		{"bothre", "bother"}, // swapped at the end
		{"pleasedr", ""},     // pleased and pleaser: one letter left out each, a tie
		{"pleasex", ""},      // a letter written for another counts two: too far for seven letters
		{"plxxsed", ""},      // too far
		{"pleased", ""},      // listed itself
		{"ple4sed", ""},      // not a to z
		{"qleased", ""},      // another first letter
		{"bother", ""},       // listed
	}
	for _, tt := range tests {
		if got := s.correct(tt.w, nil); got != tt.want {
			t.Errorf("correct(%q) = %q, want %q", tt.w, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"excelent", "excellent", 2, 1},
		{"satisifed", "satisfied", 2, 1},
		{"disapoinment", "disappointment", 2, 2},
		{"charger", "charmer", 2, 2}, // a letter for another: two
		{"charger", "charmer", 1, 2}, // above limit: limit+1
		{"abc", "abc", 1, 0},
		{"abcdef", "zzzzzz", 2, 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestBaseForms(t *testing.T) {
	tests := map[string][]string{
		"amazingly":   {"amazing", "amazinge"},
		"happily":     {"happy"},
		"tragically":  {"tragic", "tragical"},
		"horribly":    {"horrible"},
		"worries":     {"worry"},
		"excuses":     {"excuse", "excus"},
		"limitations": {"limitation"},
		"careless":    nil, // -ss is no plural
		"fine":        nil, // too short
	}
	for w, want := range tests {
		got := baseForms(w)
		if len(got) != len(want) {
			t.Errorf("baseForms(%q) = %q, want %q", w, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("baseForms(%q) = %q, want %q", w, got, want)
			}
		}
	}
}

// TestWordListHas checks the dictionary's search at its edges: the first
// and last words, a prefix and an extension of a word, and words in bytes.
func TestWordListHas(t *testing.T) {
	d := &wordList{words: "bad\nbadge\ncat\nzoo\n"}
	for w, want := range map[string]bool{
		"bad": true, "badge": true, "cat": true, "zoo": true,
		"ba": false, "badg": false, "bads": false, "a": false, "zzz": false, "": false, "ca": false,
	} {
		if got := d.has(w); got != want {
			t.Errorf("has(%q) = %v, want %v", w, got, want)
		}
		if got := d.hasBytes([]byte(w)); got != want {
			t.Errorf("hasBytes(%q) = %v, want %v", w, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { d.hasBytes([]byte{'c', 'a', 't'}) }); n != 0 {
		t.Errorf("hasBytes allocates %v times a call, want 0", n)
	}
	en, err := dictionaryEN()
	if err != nil {
		t.Fatal(err)
	}
	// Every word of the English dictionary is found, and each of its
	// prefixes exactly when it is a word of its own.
	words := strings.Split(strings.TrimSuffix(en.words, "\n"), "\n")
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	for _, w := range words {
		if !en.has(w) {
			t.Fatalf("the English dictionary's %q is not found", w)
		}
		if p := w[:len(w)-1]; en.has(p) != set[p] {
			t.Fatalf("has(%q) = %v, want %v", p, en.has(p), set[p])
		}
	}
	for _, w := range []string{"a", "invalid", "parameter", "record", "zoo"} {
		if !en.has(w) {
			t.Errorf("the English dictionary lacks %q", w)
		}
	}
	for _, w := range []string{"inválido", "impossibile", "comandos", "zzzz"} {
		if en.has(w) {
			t.Errorf("the English dictionary has %q", w)
		}
	}
}
