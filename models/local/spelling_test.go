package local

import "testing"

// TestSpellerCorrect checks speller.correct's rules on a speller of a few
// words: a real word is never misspelt, and a word as near to two listed
// words as to one is none of them.
func TestSpellerCorrect(t *testing.T) {
	s := &speller{dict: &wordList{words: "brother\npleaded\n", starts: []uint32{0, 8}}, known: map[string]bool{}}
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
	d := &wordList{words: "bad\nbadge\ncat\nzoo\n", starts: []uint32{0, 4, 10, 14}}
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
