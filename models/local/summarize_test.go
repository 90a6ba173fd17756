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
