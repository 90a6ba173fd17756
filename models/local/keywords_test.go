package local

import (
	"slices"
	"testing"
)

func findKeyword(ks []Keyword, phrase string) (Keyword, bool) {
	i := slices.IndexFunc(ks, func(k Keyword) bool { return k.Phrase == phrase })
	if i < 0 {
		return Keyword{}, false
	}
	return ks[i], true
}

// Known answers, worked out by hand with the word-degree metric:
//
//	solarEN: "battery storage" occurs 3 times and its words nowhere else:
//	  deg(battery) = deg(storage) = 3×2, score 12. "solar panels" occurs
//	  twice; "solar" also in "solar panels produce" (3) and "typical solar
//	  panel converts" (4): deg 4+3+4 = 11; "panels" also in "solar panels
//	  produce" (3) and "panels lose efficiency" (3): deg 4+3+3 = 10; score 21.
//	droughtES: "sequía" is a phrase once (1) and in "sequía afectará" once
//	  (2): score 3. "ayudas" is a phrase twice: score 2.
func TestKeywordsKnownTexts(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantLang string
		want     []Keyword
	}{
		{"solar en", solarEN, "en", []Keyword{
			{Phrase: "solar panels", Score: 21, Count: 2},
			{Phrase: "battery storage", Score: 12, Count: 3},
		}},
		{"drought es", droughtES, "es", []Keyword{
			{Phrase: "sequía", Score: 3, Count: 1},
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
			{Phrase: "zorblax", Score: 4, Count: 2},
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
	if got, want := three.String(), "solar panels produce\ntypical solar panel converts\nsolar panels"; got != want {
		t.Errorf("got text %q, want %q", got, want)
	}
}
