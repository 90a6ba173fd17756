package local

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"vigia/models"
)

// Sentiment scores how positive or negative a text is with the AFINN-165
// word list (English) or its Spanish translation: each listed word or
// phrase adds its valence, from -5 to +5, to the score; the longest listed
// phrase wins over its words ("does not work" is -3 as a whole). A
// negation ("not", "never", "no", "nunca", any "…n't") up to three words
// before a listed word, with no punctuation between, flips its valence:
// "not great" is -3. Negations carry no valence of their own.
//
// Spanish words missing from the list are also looked up in their
// masculine singular form ("buena" → "bueno", "pésimas" → "pésimo"), with
// superlatives read as their base ("buenísima" → "bueno"), and without
// accents ("increible"). The Spanish list is machine translated and
// thinner than the English one (2861 entries against 3382): it misses
// inflections and idioms and keeps some senses Spanish rarely means, so
// Spanish scores are rougher. A few entries of Vigía's own patch the worst
// gaps (gusta, encanta, recomiendo, "no funciona").
//
// A Sentiment is safe for concurrent use.
type Sentiment struct{}

// NewSentiment returns the sentiment model.
func NewSentiment() *Sentiment { return &Sentiment{} }

// SentimentResult is the Data of a sentiment result.
type SentimentResult struct {
	// Label is "positive" (Score > 0), "negative" (Score < 0) or "neutral".
	Label string `json:"label"`
	// Score is the sum of the valences of the listed words found.
	Score int `json:"score"`
	// Comparative is Score divided by the number of words of the text.
	Comparative float64 `json:"comparative"`
	// Words is the number of words of the text.
	Words int `json:"words"`
	// Positive and Negative count the scored words of each sign.
	Positive int `json:"positive"`
	Negative int `json:"negative"`
	// Lang is the lexicon used: "en" or "es".
	Lang string `json:"lang"`
	// Drivers are the words that moved the score most, strongest first, at
	// most MaxDrivers of them.
	Drivers []WordScore `json:"drivers"`
}

// WordScore is a word or phrase found in the lexicon.
type WordScore struct {
	Word string `json:"word"`
	// Weight is the valence of one occurrence, after negation.
	Weight int `json:"weight"`
	// Count is how many times it occurs with that weight.
	Count int `json:"count"`
	// Negated reports that a negation flipped the lexicon's valence.
	Negated bool `json:"negated,omitempty"`
}

// MaxDrivers is the most words SentimentResult.Drivers lists.
const MaxDrivers = 20

// negationScope is how many words before a listed word a negation reaches.
const negationScope = 3

var negations = map[string]bool{
	"not": true, "no": true, "never": true, "none": true, "nobody": true, "nothing": true,
	"neither": true, "nor": true, "cannot": true, "without": true,
	"dont": true, "doesnt": true, "didnt": true, "isnt": true, "arent": true, "wasnt": true,
	"werent": true, "cant": true, "couldnt": true, "wouldnt": true, "shouldnt": true,
	"wont": true, "havent": true, "hasnt": true, "hadnt": true, "aint": true,
	"nunca": true, "jamás": true, "jamas": true, "ni": true, "nada": true, "nadie": true,
	"ningún": true, "ninguno": true, "ninguna": true, "tampoco": true, "sin": true,
}

func isNegation(w string) bool {
	return negations[w] || strings.HasSuffix(w, "n't")
}

// Name returns "sentiment".
func (*Sentiment) Name() string { return "sentiment" }

// Description says what the model does.
func (*Sentiment) Description() string {
	return "Scores how positive or negative a text is with the AFINN word list, and names the words that drove the score."
}

// Params returns the lang parameter.
func (*Sentiment) Params() []models.Param { return []models.Param{langParam} }

// Cacheable returns true: the score depends only on the text and lang.
func (*Sentiment) Cacheable(models.Values) bool { return true }

// Run scores in.Text; Data is a SentimentResult.
func (s *Sentiment) Run(ctx context.Context, in models.Input) (models.Result, error) {
	if err := checkCtx(ctx, "sentiment"); err != nil {
		return models.Result{}, err
	}
	lang := pickLang(in.Params.String("lang"), in.Text)
	lx, err := lexiconFor(lang)
	if err != nil {
		return models.Result{}, err
	}
	toks := tokenize(in.Text)
	if err := checkCtx(ctx, "sentiment after tokenizing"); err != nil {
		return models.Result{}, err
	}
	res, err := score(ctx, lx, toks, lang)
	if err != nil {
		return models.Result{}, err
	}
	res.Lang = lang
	return models.Result{Text: res.String(), Data: res}, nil
}

type driverKey struct {
	word    string
	negated bool
}

// score adds up the valences of toks.
func score(ctx context.Context, lx *lexicon, toks []token, lang string) (*SentimentResult, error) {
	res := &SentimentResult{Words: len(toks), Drivers: []WordScore{}}
	found := map[driverKey]*WordScore{}
	m := matcher{lx: lx, lang: lang, memo: map[string]int{}}
	lastNeg := -negationScope - 1 // index of the last negation in the current clause
	for i := 0; i < len(toks); i++ {
		if i%ctxEvery == 0 {
			if err := checkCtx(ctx, "scoring sentiment"); err != nil {
				return nil, err
			}
		}
		if toks[i].brk {
			lastNeg = -negationScope - 1
		}
		word, v, n := m.phrase(toks, i)
		if n == 0 {
			if isNegation(toks[i].word) {
				lastNeg = i
				continue
			}
			if word, v, n = m.word(toks[i].word); n == 0 {
				continue
			}
		}
		negated := i-lastNeg <= negationScope
		i += n - 1
		if v == 0 {
			continue
		}
		if negated {
			v = -v
		}
		res.Score += v
		if v > 0 {
			res.Positive++
		} else {
			res.Negative++
		}
		k := driverKey{word, negated}
		if ws, ok := found[k]; ok {
			ws.Count++
		} else {
			found[k] = &WordScore{Word: word, Weight: v, Count: 1, Negated: negated}
		}
	}
	if len(toks) > 0 {
		res.Comparative = float64(res.Score) / float64(len(toks))
	}
	switch {
	case res.Score > 0:
		res.Label = "positive"
	case res.Score < 0:
		res.Label = "negative"
	default:
		res.Label = "neutral"
	}
	for _, ws := range found {
		res.Drivers = append(res.Drivers, *ws)
	}
	slices.SortFunc(res.Drivers, func(a, b WordScore) int {
		return cmp.Or(
			cmp.Compare(abs(b.Weight*b.Count), abs(a.Weight*a.Count)),
			cmp.Compare(b.Weight, a.Weight),
			strings.Compare(a.Word, b.Word),
			cmp.Compare(btoi(a.Negated), btoi(b.Negated)),
		)
	})
	if len(res.Drivers) > MaxDrivers {
		res.Drivers = res.Drivers[:MaxDrivers]
	}
	return res, nil
}

// matcher finds lexicon entries in a text. It remembers the words it
// has looked up, since texts repeat words and a Spanish miss costs several
// lookups.
type matcher struct {
	lx   *lexicon
	lang string
	buf  []byte         // the phrase being looked up
	ends [8]int         // ends[k]: length of buf holding k+1 words
	memo map[string]int // word → valence, or noEntry
}

// noEntry marks a word of matcher.memo that has no entry.
const noEntry = math.MinInt

// phrase looks for the longest lexicon phrase starting at toks[i] with no
// break inside. It returns the phrase, its valence and how many tokens it
// spans, 0 for none (a zero-valued phrase spans its tokens with valence
// 0). Looking up string(buf) in a map does not allocate; only a match
// does.
func (m *matcher) phrase(toks []token, i int) (string, int, int) {
	longest := min(m.lx.phraseLen[toks[i].word], len(toks)-i, len(m.ends))
	if longest < 2 {
		return "", 0, 0
	}
	m.buf = append(m.buf[:0], toks[i].word...)
	m.ends[0] = len(m.buf)
	n := 1
	for ; n < longest && !toks[i+n].brk; n++ {
		m.buf = append(m.buf, ' ')
		m.buf = append(m.buf, toks[i+n].word...)
		m.ends[n] = len(m.buf)
	}
	for ; n > 1; n-- {
		if v, ok := m.lx.phrases[string(m.buf[:m.ends[n-1]])]; ok {
			return string(m.buf[:m.ends[n-1]]), v, n
		}
	}
	return "", 0, 0
}

// word looks w up. It returns w, its valence and 1, or 0 for no entry.
func (m *matcher) word(w string) (string, int, int) {
	v, ok := m.memo[w]
	if !ok {
		v = m.lx.lookup(w, m.lang)
		m.memo[w] = v
	}
	if v == noEntry {
		return "", 0, 0
	}
	return w, v, 1
}

// lookup returns the valence of w, or noEntry. A Spanish word is also
// looked up in its masculine singular forms and, unless it is a stop word
// ("si" is not "sí"), without accents.
func (lx *lexicon) lookup(w, lang string) int {
	if v, ok := lx.words[w]; ok {
		return v
	}
	if lang != langES {
		return noEntry
	}
	for _, f := range spanishForms(w) {
		if v, ok := lx.words[f]; ok {
			return v
		}
		if lx.stop[w] {
			continue
		}
		if v, ok := lx.folded[foldAccents(f)]; ok {
			return v
		}
	}
	return noEntry
}

// spanishForms returns w and the forms a Spanish adjective or noun may
// have in the lexicon, which mostly holds masculine singulars ("bueno",
// "pésimo").
func spanishForms(w string) []string {
	forms := []string{w}
	cut := func(suffix, repl string) {
		if s, ok := strings.CutSuffix(w, suffix); ok && len(s) >= 3 {
			forms = append(forms, s+repl)
		}
	}
	for _, s := range []string{"ísimo", "ísima", "ísimos", "ísimas"} {
		cut(s, "o") // buenísima → bueno, rapidísimo → rapido (→ rápido)
	}
	cut("as", "o")  // buenas → bueno
	cut("os", "o")  // malos → malo
	cut("a", "o")   // pésima → pésimo
	cut("ces", "z") // felices → feliz
	cut("es", "")   // errores → error
	cut("s", "")    // terribles → terrible
	return forms
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// String returns the result for people: label, score, and the strongest
// words.
func (r *SentimentResult) String() string {
	s := fmt.Sprintf("%s: score %+d, %+.3f a word", r.Label, r.Score, r.Comparative)
	var parts []string
	for _, d := range r.Drivers[:min(5, len(r.Drivers))] {
		p := d.Word
		if d.Negated {
			p += " (negated)"
		}
		p += fmt.Sprintf(" %+d", d.Weight)
		if d.Count > 1 {
			p += fmt.Sprintf(" ×%d", d.Count)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return s
	}
	return s + " (" + strings.Join(parts, ", ") + ")"
}
