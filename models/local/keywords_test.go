package local

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func findKeyword(ks []Keyword, phrase string) (Keyword, bool) {
	i := slices.IndexFunc(ks, func(k Keyword) bool { return k.Phrase == phrase })
	if i < 0 {
		return Keyword{}, false
	}
	return ks[i], true
}

// Known answers, worked out by hand with the word-degree metric and the
// novelty discount (Diversity 0.75):
//
//	solarEN: "battery storage" occurs 3 times and its words nowhere else:
//	  deg(battery) = deg(storage) = 3×2, score 12, shares no word with
//	  the two phrases picked before it, so keeps 12. "solar panels" occurs
//	  twice; "solar" also in "solar panels produce" (3) and "typical solar
//	  panel converts" (4): deg 4+3+4 = 11; "panels" also in "solar panels
//	  produce" (3) and "panels lose efficiency" (3): deg 4+3+3 = 10; RAKE
//	  score 21. Those two phrases, picked first, each used "solar" and
//	  "panel(s)": overlap (2+2)/2, capped at 1, leaves 21×0.25 = 5.25.
//	droughtES: "sequía afectará": deg(sequía) = 1+2, deg(afectará) = 2,
//	  score 5, nothing picked before shares a word. "ayudas" is a phrase
//	  twice: score 2. The single "sequía" (3) repeats the word of
//	  "sequía afectará", picked before it: 3×0.25 = 0.75 leaves it out of
//	  the ten.
//
// Before the discount, "solar panels" kept its 21 and "sequía" its 3 in
// the ten: the three best phrases of solarEN all held "solar", the fault
// the discount mends.
func TestKeywordsKnownTexts(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantLang string
		want     []Keyword
	}{
		{"solar en", solarEN, "en", []Keyword{
			{Phrase: "solar panels", Score: 5.25, Count: 2},
			{Phrase: "battery storage", Score: 12, Count: 3},
		}},
		{"drought es", droughtES, "es", []Keyword{
			{Phrase: "sequía afectará", Score: 5, Count: 1},
			{Phrase: "ayudas", Score: 2, Count: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, NewKeywords(), tt.text, nil).Data.(*KeywordsResult)
			if got.Lang != tt.wantLang {
				t.Errorf("got lang %s, want %s", got.Lang, tt.wantLang)
			}
			if len(got.Keywords) != 10 {
				t.Errorf("got %d keywords, want the default 10", len(got.Keywords))
			}
			for _, want := range tt.want {
				if k, ok := findKeyword(got.Keywords, want.Phrase); !ok || k != want {
					t.Errorf("got %+v for %q, want %+v (keywords %+v)", k, want.Phrase, want, got.Keywords)
				}
			}
			for i := 1; i < len(got.Keywords); i++ {
				if got.Keywords[i].Score > got.Keywords[i-1].Score {
					t.Errorf("got %+v ranked after the lower %+v", got.Keywords[i], got.Keywords[i-1])
				}
			}
		})
	}
}

func TestKeywordsPhrases(t *testing.T) {
	// Made-up words are in no stop list, so the cuts are punctuation's.
	tests := []struct {
		name string
		text string
		want []Keyword
	}{
		{"punctuation cuts", "zorblax quintor, vexlum drapnik", []Keyword{
			{Phrase: "zorblax quintor", Score: 4, Count: 1},
			{Phrase: "vexlum drapnik", Score: 4, Count: 1},
		}},
		{"stop words cut", "zorblax quintor and the vexlum", []Keyword{
			{Phrase: "zorblax quintor", Score: 4, Count: 1},
			{Phrase: "vexlum", Score: 1, Count: 1},
		}},
		{"four words make a phrase", "zorblax quintor vexlum drapnik", []Keyword{
			{Phrase: "zorblax quintor vexlum drapnik", Score: 16, Count: 1},
		}},
		{"five do not", "zorblax quintor vexlum drapnik moltrav", []Keyword{}},
		{"numbers and single letters cut", "zorblax 2024 quintor x vexlum", []Keyword{
			{Phrase: "zorblax", Score: 1, Count: 1},
			{Phrase: "quintor", Score: 1, Count: 1},
			{Phrase: "vexlum", Score: 1, Count: 1},
		}},
		{"case folds", "Zorblax. ZORBLAX. zorblax quintor", []Keyword{
			{Phrase: "zorblax quintor", Score: 6, Count: 1},
			{Phrase: "zorblax", Score: 1, Count: 2}, // RAKE 4, its one word used: ×0.25
		}},
		{"only stop words", "the of and but", []Keyword{}},
		{"only punctuation", "!!! ??? ...", []Keyword{}},
		{"emoji", "🎉🎉 👍", []Keyword{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, NewKeywords(), tt.text, map[string]string{"lang": "en"}).Data.(*KeywordsResult)
			if !slices.Equal(got.Keywords, tt.want) {
				t.Errorf("got %+v, want %+v", got.Keywords, tt.want)
			}
		})
	}
}

func TestKeywordsMax(t *testing.T) {
	all := run(t, NewKeywords(), solarEN, map[string]string{"max": "100"}).Data.(*KeywordsResult)
	three := run(t, NewKeywords(), solarEN, map[string]string{"max": "3"}).Data.(*KeywordsResult)
	if len(all.Keywords) != all.Candidates {
		t.Errorf("max=100: got %d keywords, want all %d candidates", len(all.Keywords), all.Candidates)
	}
	if !slices.Equal(three.Keywords, all.Keywords[:3]) {
		t.Errorf("max=3: got %+v, want the first three of %+v", three.Keywords, all.Keywords[:3])
	}
	if got, want := three.String(), "solar panels produce\ntypical solar panel converts\nbattery storage"; got != want {
		t.Errorf("got text %q, want %q", got, want)
	}
}

func TestKeywordsDiversity(t *testing.T) {
	// Made-up words, so the cuts are punctuation's. "zorblax" has the
	// highest degree; each phrase after the first that holds it pays for
	// every earlier use.
	tests := []struct {
		name string
		text string
		want []Keyword
	}{
		{"a shared word is discounted", "zorblax quintor. zorblax vexlum. drapnik moltrav.", []Keyword{
			{Phrase: "zorblax quintor", Score: 6, Count: 1},
			{Phrase: "drapnik moltrav", Score: 4, Count: 1},
			{Phrase: "zorblax vexlum", Score: 3.75, Count: 1}, // RAKE 6, overlap 1/2: ×0.625
		}},
		{"a sub-phrase of a picked phrase is all overlap", "zorblax quintor vexlum. zorblax. drapnik.", []Keyword{
			{Phrase: "zorblax quintor vexlum", Score: 10, Count: 1},
			{Phrase: "zorblax", Score: 1, Count: 1}, // RAKE 4, ×0.25; a tie goes to the higher RAKE score
			{Phrase: "drapnik", Score: 1, Count: 1},
		}},
		{"word forms share a key", "distribute copies. distributing sources. licence.", []Keyword{
			{Phrase: "distribute copies", Score: 4, Count: 1},
			{Phrase: "distributing sources", Score: 2.5, Count: 1}, // RAKE 4, "distri" used: ×0.625
			{Phrase: "licence", Score: 1, Count: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, NewKeywords(), tt.text, map[string]string{"lang": "en"}).Data.(*KeywordsResult)
			if !slices.Equal(got.Keywords, tt.want) {
				t.Errorf("got %+v, want %+v", got.Keywords, tt.want)
			}
		})
	}
}

func TestOverlapKey(t *testing.T) {
	tests := []struct{ w, want string }{
		{"license", "licens"},
		{"licenses", "licens"},
		{"distributing", "distri"},
		{"sequía", "sequía"},
		{"ayudas", "ayuda"},
		{"go", "go"},
	}
	for _, tt := range tests {
		if got := overlapKey(tt.w); got != tt.want {
			t.Errorf("overlapKey(%q): got %q, want %q", tt.w, got, tt.want)
		}
	}
}

// readDoc returns a long real document of testdata/docs (see its
// README.md).
func readDoc(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestKeywordsLongDocuments runs the keywords model on long real
// documents. The rule: no word is in more than 3 of the 10 phrases.
// Without the novelty discount "license" was in 7 of Apache-2.0's ten,
// 6 of GPL-3's, and "memory" in all ten of the Go memory model's. The
// main terms are each document's title words and the subjects of its
// own section headings: Apache-2.0's "Grant of Copyright License" and
// "Grant of Patent License"; GPL-3's "GNU General Public License",
// "Source Code" and "Basic Permissions" under copyright; the Go memory
// model's title, its goroutines and its "Data Races".
func TestKeywordsLongDocuments(t *testing.T) {
	const maxShare = 3
	tests := []struct {
		file      string
		mainTerms []string
	}{
		{"apache-2.0.txt", []string{"license", "copyright", "patent"}},
		{"gpl-3.txt", []string{"license", "source", "copyright"}},
		{"go-memory-model.txt", []string{"memory", "goroutine", "data"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := run(t, NewKeywords(), readDoc(t, tt.file), nil).Data.(*KeywordsResult)
			if len(got.Keywords) != 10 || got.Lang != "en" {
				t.Fatalf("got %d keywords in %s, want 10 in en", len(got.Keywords), got.Lang)
			}
			share := map[string]int{}
			for _, k := range got.Keywords {
				seen := map[string]bool{}
				for _, w := range strings.Fields(k.Phrase) {
					if !seen[w] {
						seen[w] = true
						share[w]++
					}
				}
			}
			for w, n := range share {
				if n > maxShare {
					t.Errorf("got %q in %d of the 10 phrases, want at most %d: %s", w, n, maxShare, got)
				}
			}
			for _, w := range tt.mainTerms {
				if share[w] == 0 {
					t.Errorf("got no phrase with %q, a main term: %s", w, got)
				}
			}
			again := run(t, NewKeywords(), readDoc(t, tt.file), nil).Data.(*KeywordsResult)
			if !slices.Equal(again.Keywords, got.Keywords) {
				t.Errorf("got %+v on a second run, want %+v", again.Keywords, got.Keywords)
			}
		})
	}
}
