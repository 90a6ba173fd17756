package local

import (
	"slices"
	"testing"
)

// Known answers, summed by hand from the entries of assets/afinn-165.json
// and assets/afinn-es.json (plus esAdditions):
//
//	reviewEN: love +3, great +3, wonderfully +4, easy +1, support +2,
//	  helpful +2, recommended +2 = +17 over 32 words.
//	complaintEN: "not good" -2 (an AFINN phrase), support +2 (AFINN scores
//	  the word whatever its sense), hate -3 = -3 over 20 words; "crashes"
//	  is not in AFINN.
//	reviewES: encanta +3 (Vigía's addition), excelente +3, amable +3 = +9
//	  over 14 words.
//	complaintES: "no me gusta" -2 (a phrase of the Spanish list),
//	  grosero -2, horrible -2 = -6 over 17 words; "fría" has no entry in
//	  any form.
const (
	reviewEN    = "I love this little coffee grinder. The burrs are great and the grind is wonderfully consistent. Cleaning it is easy, and customer support was helpful when I had a question. Highly recommended!"
	complaintEN = "The update is not good. The app crashes every time I open it, and support never answered. I hate it."
	reviewES    = "Me encanta este restaurante. La comida es excelente y el servicio, muy amable. ¡Volveremos!"
	complaintES = "No me gusta nada. La comida estaba fría y el camarero fue muy grosero. Una experiencia horrible."
)

func TestSentimentKnownTexts(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		lang      string
		wantLabel string
		wantScore int
		wantWords int
		wantLang  string
		wantHave  []string // words that must be among the drivers
	}{
		{"review en", reviewEN, "auto", "positive", 17, 32, "en", []string{"love", "great", "wonderfully"}},
		{"complaint en", complaintEN, "auto", "negative", -3, 20, "en", []string{"not good", "hate"}},
		{"review es", reviewES, "auto", "positive", 9, 14, "es", []string{"encanta", "excelente", "amable"}},
		{"complaint es", complaintES, "auto", "negative", -6, 17, "es", []string{"no me gusta", "grosero", "horrible"}},
		{"review es forced", reviewES, "es", "positive", 9, 14, "es", []string{"encanta"}},
		// Read with the English list, the Spanish review has no known word.
		{"review es read as en", reviewES, "en", "neutral", 0, 14, "en", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, NewSentiment(), tt.text, map[string]string{"lang": tt.lang})
			got := res.Data.(*SentimentResult)
			if got.Label != tt.wantLabel || got.Score != tt.wantScore || got.Words != tt.wantWords || got.Lang != tt.wantLang {
				t.Errorf("got %s %+d over %d words (%s), want %s %+d over %d (%s); drivers %+v",
					got.Label, got.Score, got.Words, got.Lang, tt.wantLabel, tt.wantScore, tt.wantWords, tt.wantLang, got.Drivers)
			}
			if want := float64(tt.wantScore) / float64(tt.wantWords); got.Comparative != want {
				t.Errorf("got comparative %v, want %v", got.Comparative, want)
			}
			for _, w := range tt.wantHave {
				if !slices.ContainsFunc(got.Drivers, func(d WordScore) bool { return d.Word == w }) {
					t.Errorf("got drivers %+v, want %q among them", got.Drivers, w)
				}
			}
		})
	}
}

func TestSentimentNegationAndPhrases(t *testing.T) {
	tests := []struct {
		text       string
		lang       string
		wantScore  int
		wantDriver WordScore
	}{
		{"good", "en", 3, WordScore{Word: "good", Weight: 3, Count: 1}},
		{"not great", "en", -3, WordScore{Word: "great", Weight: -3, Count: 1, Negated: true}},
		{"never happy", "en", -3, WordScore{Word: "happy", Weight: -3, Count: 1, Negated: true}},
		{"I don’t like it", "en", -2, WordScore{Word: "like", Weight: -2, Count: 1, Negated: true}},
		{"isn't it wonderful", "en", -4, WordScore{Word: "wonderful", Weight: -4, Count: 1, Negated: true}},
		// Three words away is still in scope; four is not.
		{"not at all happy", "en", -3, WordScore{Word: "happy", Weight: -3, Count: 1, Negated: true}},
		{"not the case that happy", "en", 3, WordScore{Word: "happy", Weight: 3, Count: 1}},
		// Punctuation ends the scope.
		{"No, it is great.", "en", 3, WordScore{Word: "great", Weight: 3, Count: 1}},
		// AFINN phrases win over their words.
		{"not good", "en", -2, WordScore{Word: "not good", Weight: -2, Count: 1}},
		{"this does not work", "en", -3, WordScore{Word: "does not work", Weight: -3, Count: 1}},
		{"she is kind", "en", 2, WordScore{Word: "kind", Weight: 2, Count: 1}},
		{"kind of slow", "en", 0, WordScore{}},
		{"great great GREAT", "en", 9, WordScore{Word: "great", Weight: 3, Count: 3}},
		// Spanish: negation, inflection, accents, Vigía's additions.
		{"no es bueno", "es", -3, WordScore{Word: "bueno", Weight: -3, Count: 1, Negated: true}},
		{"nunca feliz", "es", -3, WordScore{Word: "feliz", Weight: -3, Count: 1, Negated: true}},
		{"las habitaciones son buenas", "es", 3, WordScore{Word: "buenas", Weight: 3, Count: 1}},
		{"una cena pésima", "es", -2, WordScore{Word: "pésima", Weight: -2, Count: 1}},
		{"fue increible", "es", 4, WordScore{Word: "increible", Weight: 4, Count: 1}},
		{"son felices", "es", 3, WordScore{Word: "felices", Weight: 3, Count: 1}},
		{"malísimas", "es", -3, WordScore{Word: "malísimas", Weight: -3, Count: 1}},
		{"rapidísimo", "es", 2, WordScore{Word: "rapidísimo", Weight: 2, Count: 1}},
		{"la impresora no funciona", "es", -3, WordScore{Word: "no funciona", Weight: -3, Count: 1}},
		{"es muy caro", "es", 0, WordScore{}},
		// Vigía's removals, and no accent folding for stop words: "si" is
		// "if", not "sí" (+1).
		{"solo si hay tiempo", "es", 0, WordScore{}},
		{"sí", "es", 1, WordScore{Word: "sí", Weight: 1, Count: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := run(t, NewSentiment(), tt.text, map[string]string{"lang": tt.lang}).Data.(*SentimentResult)
			if got.Score != tt.wantScore {
				t.Errorf("got score %+d, want %+d (drivers %+v)", got.Score, tt.wantScore, got.Drivers)
			}
			if tt.wantDriver.Word == "" {
				if len(got.Drivers) != 0 {
					t.Errorf("got drivers %+v, want none", got.Drivers)
				}
				return
			}
			if len(got.Drivers) != 1 || got.Drivers[0] != tt.wantDriver {
				t.Errorf("got drivers %+v, want [%+v]", got.Drivers, tt.wantDriver)
			}
		})
	}
}

func TestSentimentDriversOrderAndCap(t *testing.T) {
	// 30 distinct scored words: only MaxDrivers are listed, strongest
	// first, while the score counts them all.
	text := "outstanding superb love great good fine like nice ok cool " +
		"bad awful hate terrible worst ugly poor sad angry boring " +
		"happy glad fun brilliant amazing awesome excellent perfect best wonderful"
	got := run(t, NewSentiment(), text, map[string]string{"lang": "en"}).Data.(*SentimentResult)
	if len(got.Drivers) != MaxDrivers {
		t.Fatalf("got %d drivers, want %d", len(got.Drivers), MaxDrivers)
	}
	if got.Positive+got.Negative < 28 {
		t.Errorf("got %d scored words, want at least 28", got.Positive+got.Negative)
	}
	for i := 1; i < len(got.Drivers); i++ {
		a, b := got.Drivers[i-1], got.Drivers[i]
		if abs(a.Weight*a.Count) < abs(b.Weight*b.Count) {
			t.Errorf("got driver %+v before the stronger %+v", a, b)
		}
	}
}

func TestSentimentText(t *testing.T) {
	got := run(t, NewSentiment(), "not great, but I love it, love it", map[string]string{"lang": "en"}).Text
	want := "positive: score +3, +0.375 a word (love +3 ×2, great (negated) -3)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
