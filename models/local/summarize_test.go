package local

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func summaryIndexes(r *SummaryResult) []int {
	var idx []int
	for _, s := range r.Summary {
		idx = append(idx, s.Index)
	}
	return idx
}

// Known answers, checked by hand against the texts: the chosen sentences
// are those that share the most content words with the others.
//
//	solarEN: 2 "Battery storage lets a household keep the energy its solar
//	  panels produce…" (solar, panels, battery, storage, household), then
//	  5 "Some cities offer subsidies for solar panels and battery
//	  storage…", then 0 "Solar panels are becoming cheaper…
//	  households…". 8, about the weather, shares nothing.
//	droughtES: 0 (gobierno, ayudas, agricultores, sequía), 7 (sequía,
//	  precio) and 1 (ayudas).
func TestSummarizeKnownTexts(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		sentences string
		want      []int
		wantLang  string
	}{
		{"solar en 3", solarEN, "3", []int{0, 2, 5}, "en"},
		{"solar en 1", solarEN, "1", []int{2}, "en"},
		{"solar en all", solarEN, "50", []int{0, 1, 2, 3, 4, 5, 6, 7, 8}, "en"},
		{"drought es 3", droughtES, "3", []int{0, 1, 7}, "es"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, NewSummarize(), tt.text, map[string]string{"sentences": tt.sentences})
			got := res.Data.(*SummaryResult)
			if idx := summaryIndexes(got); !slices.Equal(idx, tt.want) {
				t.Errorf("got sentences %v, want %v (%+v)", idx, tt.want, got.Summary)
			}
			if got.Method != MethodTextRank || got.Lang != tt.wantLang {
				t.Errorf("got method %s lang %s, want %s %s", got.Method, got.Lang, MethodTextRank, tt.wantLang)
			}
			sents := splitSentences(tt.text)
			if got.Sentences != len(sents) {
				t.Errorf("got %d sentences in the text, want %d", got.Sentences, len(sents))
			}
			var lines []string
			for _, s := range got.Summary {
				if s.Text != sents[s.Index].text {
					t.Errorf("got sentence %d %q, want %q", s.Index, s.Text, sents[s.Index].text)
				}
				lines = append(lines, s.Text)
			}
			if want := strings.Join(lines, "\n"); res.Text != want {
				t.Errorf("got text %q, want %q", res.Text, want)
			}
		})
	}
}

func TestSummarizeFrequencyFallback(t *testing.T) {
	// TextRankMaxSentences+1 sentences. Nine in ten are about the kettle;
	// every tenth is about a word of its own, which scores low.
	var b strings.Builder
	for i := range TextRankMaxSentences + 1 {
		if i%10 == 0 {
			fmt.Fprintf(&b, "Zorblax%d stands alone. ", i)
		} else {
			b.WriteString("The kettle boils water for tea. ")
		}
	}
	got := run(t, NewSummarize(), b.String(), map[string]string{"sentences": "5", "lang": "en"}).Data.(*SummaryResult)
	if got.Method != MethodFrequency {
		t.Fatalf("got method %s, want %s", got.Method, MethodFrequency)
	}
	if got.Sentences != TextRankMaxSentences+1 {
		t.Errorf("got %d sentences, want %d", got.Sentences, TextRankMaxSentences+1)
	}
	if idx := summaryIndexes(got); !slices.Equal(idx, []int{1, 2, 3, 4, 5}) {
		t.Errorf("got sentences %v, want the first five kettle sentences [1 2 3 4 5]", idx)
	}
}

func TestSummarizeEdges(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantText string
		wantN    int
	}{
		{"one word", "hello", "hello", 1},
		{"only punctuation", "!!! ???", "no sentences to summarize", 0},
		{"only stop words", "The of and but. And the of.", "The of and but.\nAnd the of.", 2},
		{"emoji", "🎉🎉 👍", "🎉🎉 👍", 1},
		{"white space folds", "First   line\nwraps here. Second.", "First line wraps here.\nSecond.", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, NewSummarize(), tt.text, nil)
			if res.Text != tt.wantText || len(res.Data.(*SummaryResult).Summary) != tt.wantN {
				t.Errorf("got %q (%d sentences), want %q (%d)", res.Text, len(res.Data.(*SummaryResult).Summary), tt.wantText, tt.wantN)
			}
		})
	}
}

// TestSummarizeSetsAside checks that cross-references and attributions
// are picked only when nothing else is left, although their words would
// rank them first: the test also ranks every sentence's words as the
// summarizer did before the rule, to show that the sentence set aside
// would have been chosen.
func TestSummarizeSetsAside(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		aside int // index of the sentence set aside
		want  []int
	}{
		{"cross-reference en",
			"Solar panels turn sunlight into electricity. See Section 5.1 for solar panels, battery storage and energy prices. " +
				"Battery storage keeps the energy for the night. The weather was cloudy.",
			1, []int{0, 2}},
		{"cross-reference es",
			"Las placas solares convierten la luz en electricidad. Véase el capítulo 5 sobre placas solares, baterías y precios de la energía. " +
				"Las baterías guardan la energía para la noche. Llovió por la tarde.",
			1, []int{0, 2}},
		{"attribution",
			"Solar panels turn sunlight into electricity.\n\t-- Ana Solar Panels, Battery Storage and Energy\n" +
				"Battery storage keeps the energy for the night. The weather was cloudy.",
			1, []int{0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, NewSummarize(), tt.text, map[string]string{"sentences": "2"}).Data.(*SummaryResult)
			if idx := summaryIndexes(res); !slices.Equal(idx, tt.want) {
				t.Errorf("got sentences %v, want %v (%+v)", idx, tt.want, res.Summary)
			}
			stop, err := stopwordsFor(res.Lang)
			if err != nil {
				t.Fatal(err)
			}
			var words [][]string
			for _, s := range splitSentences(tt.text) {
				words = append(words, contentWords(s.text, stop))
			}
			old, err := textRank(t.Context(), words)
			if err != nil {
				t.Fatal(err)
			}
			if best := slices.Index(old, slices.Max(old)); best != tt.aside {
				t.Errorf("got sentence %d ranked first without the rule, want %d: the test no longer shows the rule", best, tt.aside)
			}
			all := run(t, NewSummarize(), tt.text, map[string]string{"sentences": "50"}).Data.(*SummaryResult)
			if i := slices.IndexFunc(all.Summary, func(s SummarySentence) bool { return s.Index == tt.aside }); i < 0 || all.Summary[i].Score != 0 {
				t.Errorf("got %+v, want sentence %d among all, with score 0", all.Summary, tt.aside)
			}
		})
	}
}

// TestSummarizeLongDocuments summarizes long real documents at the
// largest size and checks that the cross-references they hold (GPL-3's
// pointers to its own text on the web) are found and not picked.
func TestSummarizeLongDocuments(t *testing.T) {
	tests := []struct {
		file      string
		wantAside []string
	}{
		{"gpl-3.txt", []string{
			"See the GNU General Public License for more details.",
			"If not, see <https://www.gnu.org/licenses/>.",
			"For more information on this, and how to apply and follow the GNU GPL, see <https://www.gnu.org/licenses/>.",
		}},
		{"apache-2.0.txt", nil},
		{"go-memory-model.txt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := readDoc(t, tt.file)
			var aside []string
			for _, s := range splitSentences(text) {
				if isCrossReference(s.text) || isAttribution(s.text) {
					aside = append(aside, strings.Join(strings.Fields(s.text), " "))
				}
			}
			if !slices.Equal(aside, tt.wantAside) {
				t.Errorf("got sentences set aside %q, want %q", aside, tt.wantAside)
			}
			got := run(t, NewSummarize(), text, map[string]string{"sentences": "50"}).Data.(*SummaryResult)
			if len(got.Summary) != 50 || got.Method != MethodTextRank {
				t.Fatalf("got %d sentences by %s, want 50 by %s", len(got.Summary), got.Method, MethodTextRank)
			}
			for _, s := range got.Summary {
				if slices.Contains(tt.wantAside, s.Text) {
					t.Errorf("got %q in the summary", s.Text)
				}
			}
		})
	}
}
