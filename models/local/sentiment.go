package local

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"vigia/models"
)

// Sentiment scores how positive or negative a text is with the AFINN-165
// word list (English) or its Spanish translation: each listed word or
// phrase adds its valence, from -5 to +5, to the score; the longest listed
// phrase wins over its words ("does not work" is -3 as a whole). Emoji
// score too, from the Emoji Sentiment Ranking (Kralj Novak et al., 2015),
// as npm sentiment scores them: "😍" is +3, "😭" -1; they are never
// negated.
//
// With lang "auto" the text's words vote: a stop word or lexicon entry of
// a language, an apostrophe inside a word (English) or an accented vowel
// or ñ (Spanish) is a vote for it, and the language with more votes
// wins; only a tie is left to the trigram detector. So "Oh, how lovely!"
// is English.
//
// A hyphenated word that is not listed scores by its parts, as AFINN's
// own scorer splits words: "user-friendly" is +2 (friendly), while the
// listed "self-confident" keeps its entry.
//
// Negation follows these rules:
//
//   - Negators: not, no, non, never, none, nobody, nothing, neither, nor,
//     cannot, without and every "…n't" (also written without the
//     apostrophe: dont, cant); nunca, jamás, ni, nada, nadie, ningún,
//     ninguno, ninguna, tampoco and sin. A listed phrase that starts with
//     one ("not good" -2, "no fun" -3) scores as a phrase instead.
//   - A negator's scope is the three words after it. Every listed word in
//     it has its valence flipped: "not at all happy" is -3.
//   - The scope ends early at punctuation or a line break ("No, it is
//     great"), at a contrastive word (but, however, although, though,
//     except, whereas, instead; pero, sino, aunque, excepto, salvo,
//     and the "embargo" of "sin embargo"), so "nothing but praise" is
//     praise, and at a word that opens a subordinate clause (how, what,
//     who, which, when, where, why, whether, because, if, unless, until,
//     while; cómo, qué, quién, cuándo, dónde, porque, mientras), which
//     the main clause's negation does not reach: "can't believe how rude"
//     is rude. "that" ends nothing: "not that bad" is +3.
//   - An absolute negator (never, can't, cannot, couldn't, "can not",
//     "could not"; nunca, jamás) followed in its scope by a comparative or
//     a degree word (so, such, more, less, any, as, better, worse; tan,
//     más, menos, mejor, peor; in English also the comparative in -er
//     of a SentiWordNet adjective: simpler, easier, bigger) makes a
//     superlative, not a negation: the scope ends there and the words
//     keep their sign. "couldn't be worse" is -3, "couldn't be better"
//     +2, "never been so impressed" +3, "couldn't have been simpler" no
//     negation. "not" alone is not absolute: "not so good" is -3.
//   - Idioms made of a negator are phrases, as AFINN's own "can't stand"
//     (-3): "can't wait" and "can't beat" are +2 (cannot, "can not",
//     cant), "don't waste" and "don't bother" -2, and "nothing short
//     of" 0, so "nothing short of amazing" is +4.
//   - A negator followed by stop, help, quit or resist and then a word in
//     -ing is a double negative: the verb does not score, the scope ends,
//     "can't stop smiling" is +2. Without the -ing word, "can't help you"
//     is -2.
//   - A negator that flips nothing in its scope scores as the word it is:
//     English "no" keeps AFINN's -1, so "no hot water and no heating" is
//     -2, while "no good" is -3, not -4. Spanish "no" mostly means "not",
//     which AFINN does not score, so it has no valence of its own.
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
// Label follows the sign of the valence, which is the score with one
// more rule, VADER's: a sentence that turns on "but" or "however" (pero)
// means what comes after the turn, so the words before it weigh half and
// the ones after it one and a half ("worked great, but it broke"). A "but"
// after nothing, anything, all or everything means "only" or "except" and
// turns nothing. The score itself stays AFINN's sum, as npm sentiment
// computes it, so the two can differ when a sentence turns.
//
// The valence of an English text also reads a word AFINN lacks that starts
// with "un" as the opposite of the listed word after it, when that has
// three letters or more: "unreliable" is -2 (reliable +2), "not
// unreliable" +2, while "unhappy" keeps its own entry and "understand"
// has none to negate. The other negative affixes are not read: "in-"
// made "install" in+stall, and "im-", "dis-", "non-" and "-less" changed
// the label of one review or none of the 3000 measured
// (bench/cmd/sentimentpeer). It reads two more kinds of word AFINN lacks
// as the listed word they come from, unless they are stop words:
//
//   - an inflection: an adverb in -ly reads as its adjective
//     ("amazingly" +4, "horribly" -3), a plural or a verb in -s or -es as
//     its singular or base ("limitations" -1);
//   - a misspelling: a word of six letters or more that is in neither
//     the English dictionary shipped with Vigía (SCOWL's 73 604 words)
//     nor the lexicons, one edit from a word of AFINN or VADER with the
//     same first letter, or two edits when it has nine letters or more,
//     and nearer that word than any other ("excelent" +3,
//     "dissapointing" -2); an edit is a letter left out, added or
//     swapped with its neighbour, a letter written for another counts
//     two. A real word is never read as another ("brother" is not
//     bother), and names rarely come that close to a listed word.
//
// SentimentResult.Unlisted names these words and what they were read as;
// the score leaves them out, as npm sentiment does.
//
// Five rules read a listed English word otherwise, in the valence only
// (the score keeps AFINN's value):
//
//   - "like" is the verb (+2) only after a subject, an auxiliary or modal,
//     "to", an adverb, a negator or a contraction ("I like it", "I'd
//     like", "don't like"); anywhere else it is the preposition and says
//     nothing ("creaks like an old floor", "charges, like, 5 hours").
//   - "pretty" grading the word after it, an adjective or adverb of
//     SentiWordNet or "much", says nothing: "pretty bland" is bland
//     alone, while "a pretty face" is +1.
//   - A positive word right after low, lack, lacks, lacking, lacked or
//     zero ("lack of" too) counts against: "low quality" is -2, "lack of
//     support" -4 (lack -2, support +2 lowered). So it does right after
//     "too", an excess of it: "too sweet" is -2, "way too big" -1.
//   - A positive word said of what the text does not have counts against:
//     "better" or "greater" looking to "than this" (these, it, them)
//     within six words of its sentence ("sound better than these" -2),
//     and a word up to four words after would, could, should or might
//     and "have" or "be" ("would have been nice" -3, "could be better"
//     -2) or after what was hoped for: expected, hoped, hoping, wish or
//     wished, not negated ("I'd expected a better experience" -2, while
//     "didn't expect it to be this good" is +3).
//
// An English text whose valence is 0, because it has none of AFINN's
// words or its words cancel out, gets a lean instead of "neutral" when one
// shows: first VADER's lexicon (Hutto and Gilbert, 2014: 7 517 entries
// rated by ten people each, from -4 to +4, of which the 7 243 words and
// phrases are read, not its emoticons and numbers), read with the same
// rules as AFINN's words (and, in each of the lean's lexicons, a
// hyphenated entry also written apart, "thumbs up" as "thumbs-up", and
// "kind of", "sort of" and "as well" as nothing, as VADER's own scorer
// skips "kind of"): it rates forms AFINN lacks ("appallingly" -2.0,
// "annoyances" -1.8, "not agreeably" -1.6); when its words add up to 0
// too, a negation that negated no rated word ("doesn't work", "do not
// buy", "won't charge") leans negative, as people say what a thing fails
// to do when they complain; when there is none, the Opinion Lexicon (Hu and Liu, 2004: 6 773 words of customer
// reviews, each positive +1 or negative -1: "junk", "sturdy", "works"),
// read with the same rules; when its words add up to 0 too, SentiWordNet
// 3.0 (Baccianella, Esuli and Sebastiani, 2010), read with the same
// rules: a word's valence is the mean of positive less negative over the
// adjective and adverb senses WordNet gives it, from -1 to +1 ("slow"
// -0.125, "down" -0.158, "waaay" none). It knows 14 029 words, so it
// speaks for most sentences the others leave silent, but roughly: its
// senses are weighed alike, whatever their frequency. On the 3000
// labelled review sentences of bench/cmd/sentimentpeer, SentiWordNet
// raised the share of labels right from 76.5 % to 82.3 %; reading
// inflections and misspellings and the rules for "like", "low" and the
// unreal raised it to 83.5 %, the Opinion Lexicon before SentiWordNet
// to 84.5 %, and the clause's negation, the idioms, "too", "pretty",
// what was hoped for and the lean's phrases to 85.3 %.
// SentimentResult.Lean says what the label rests on. Spanish texts have no
// lean.
//
// A Sentiment is safe for concurrent use.
type Sentiment struct{}

// NewSentiment returns the sentiment model.
func NewSentiment() *Sentiment { return &Sentiment{} }

// SentimentResult is the Data of a sentiment result.
type SentimentResult struct {
	// Label is the sign of Valence, "positive" or "negative", or, when
	// Valence is 0, the sign of Lean, or "neutral" without one.
	Label string `json:"label"`
	// Score is the sum of the valences of the listed words found, AFINN's
	// score as npm sentiment computes it, negation rules aside.
	Score int `json:"score"`
	// Valence is Score with the words of a sentence before a contrastive
	// "but" or "however" weighing half and those after it one and a half,
	// and with the Unlisted words (see Sentiment): what the label follows.
	// It differs from Score only when a sentence turns or has such words.
	Valence float64 `json:"valence"`
	// Unlisted are the English words AFINN lacks that Valence reads as a
	// listed word (WordScore.As): the negation of the listed word after
	// "un" ("unreliable": reliable +2 negated, -2), an inflection
	// ("amazingly": amazing +4) or a misspelling ("excelent": excellent
	// +3) of one; most weighty first.
	Unlisted []WordScore `json:"unlisted,omitempty"`
	// Comparative is Score divided by Words.
	Comparative float64 `json:"comparative"`
	// Words is the number of words of the text, a hyphenated word scored
	// by its parts counting as its parts, plus the number of emoji scored.
	Words int `json:"words"`
	// Positive and Negative count the scored words of each sign.
	Positive int `json:"positive"`
	Negative int `json:"negative"`
	// Lang is the lexicon used: "en" or "es".
	Lang string `json:"lang"`
	// Drivers are the words that moved the score most, strongest first, at
	// most MaxDrivers of them.
	Drivers []WordScore `json:"drivers"`
	// Lean is what the label rests on when Valence is 0 and it is not
	// "neutral"; nil otherwise.
	Lean *SentimentLean `json:"lean,omitempty"`

	// bare lists, in the lean's pass, the negations that negated no listed
	// word and have no valence of their own, each as the negator and the
	// word after it.
	bare []string
	// turned reports that the contrast rule gave the score's words
	// another sign than the score's own.
	turned bool
}

// SentimentLean is the evidence for the label of an English text whose
// valence is 0 (see Sentiment).
type SentimentLean struct {
	// Lexicon is what the lean rests on: "vader", "negation", "opinion"
	// (the Opinion Lexicon) or "sentiwordnet".
	Lexicon string `json:"lexicon"`
	// Valence is the sum of the lexicon's valences found, after negation
	// and contrast (VADER's from -4 to +4 a word, the Opinion Lexicon's
	// +1 or -1, SentiWordNet's from -1 to +1), or -1 for each negation
	// that negated no rated word.
	Valence float64 `json:"valence"`
	// Cues are the entries or negations it adds up, strongest first, at
	// most MaxDrivers of them.
	Cues []LeanCue `json:"cues"`
}

// LeanCue is an entry of the lean's lexicon (VADER's, the Opinion
// Lexicon's or SentiWordNet's) found in the text, or a negation that
// negated no rated word.
type LeanCue struct {
	Text string `json:"text"`
	// Valence is the valence of one occurrence as the lean counts it:
	// after negation and the rules that read a word otherwise ("too
	// sweet" counts sweet against; "pretty" grading a word counts
	// nothing, and is no cue).
	Valence float64 `json:"valence"`
	// Count is how many times it occurs with that valence.
	Count int `json:"count"`
	// Negated reports that a negator flipped the lexicon's valence.
	Negated bool `json:"negated,omitempty"`
	// Negation marks a negation that negated no rated word: Text is the
	// negator and the word after it ("doesn't work").
	Negation bool `json:"negation,omitempty"`
}

// WordScore is a word, phrase or emoji found in the lexicons.
type WordScore struct {
	Word string `json:"word"`
	// Weight is the valence of one occurrence, after negation.
	Weight int `json:"weight"`
	// Count is how many times it occurs with that weight.
	Count int `json:"count"`
	// Negated reports that a negator flipped the lexicon's valence.
	Negated bool `json:"negated,omitempty"`
	// As is, for an entry of SentimentResult.Unlisted, the listed word
	// that Word is read as: "reliable" for "unreliable", "amazing" for
	// "amazingly", "excellent" for "excelent".
	As string `json:"as,omitempty"`
}

// MaxDrivers is the most words SentimentResult.Drivers lists.
const MaxDrivers = 20

// Name returns "sentiment".
func (*Sentiment) Name() string { return "sentiment" }

// Description says what the model does.
func (*Sentiment) Description() string {
	return "Scores how positive or negative a text is with the AFINN word list, and names the words that drove the score. An English text that AFINN scores 0 leans on VADER's wider list, then on the Opinion Lexicon and SentiWordNet."
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
	toks := tokenize(in.Text)
	if err := checkCtx(ctx, "sentiment after tokenizing"); err != nil {
		return models.Result{}, err
	}
	lang := pickLangWords(in.Params.String("lang"), in.Text, toks)
	lx, err := lexiconFor(lang)
	if err != nil {
		return models.Result{}, err
	}
	// The misspellings found, shared by the passes of the lean.
	spelt := map[string]string{}
	res, err := score(ctx, lx, in.Text, toks, lang, false, spelt)
	if err != nil {
		return models.Result{}, err
	}
	res.Lang = lang
	if lang == langEN && res.Valence == 0 {
		if res.Lean, err = leanOf(ctx, toks, spelt); err != nil {
			return models.Result{}, err
		}
		if res.Lean != nil {
			res.Label = labelOf(res.Lean.Valence)
		}
	}
	return models.Result{Text: res.String(), Data: res}, nil
}

type driverKey struct {
	word    string
	negated bool
}

// tally adds up scored words into a SentimentResult.
type tally struct {
	res   *SentimentResult
	found map[driverKey]*WordScore
	// unlisted holds the words of SentimentResult.Unlisted, nil until
	// the first.
	unlisted map[driverKey]*WordScore
	// done is the weighted valence of the sentences before the current
	// one, cur that of the current sentence, and mult the weight of the
	// next word's valence (see contrast). Each holds two sums: inValence
	// of every word the valence counts, inScore of the score's words
	// alone, whose sign tells whether a contrast turned the score's.
	done, cur [2]float64
	mult      float64
}

// The sums of tally.done and tally.cur.
const (
	inValence = iota
	inScore
)

// sentence starts a sentence: the one before it is done.
func (t *tally) sentence() {
	for k := range t.cur {
		t.done[k] += t.cur[k]
		t.cur[k] = 0
	}
	t.mult = 1
}

// contrast weighs the sentence's words so far by half and the ones after
// by one and a half.
func (t *tally) contrast() {
	for k := range t.cur {
		t.cur[k] *= 0.5
	}
	t.mult = 1.5
}

// add counts a word of the score, v, which adds val to the valence: v
// itself, or less where the valence reads the word otherwise (a negator
// that negated only an unlisted word, which the score knows nothing of,
// adds 0; "like" as a preposition 0; a positive word after "low" -v).
func (t *tally) add(word string, v int, negated bool, val int) {
	if v == 0 {
		return
	}
	t.res.Score += v
	t.cur[inValence] += float64(val) * t.mult
	t.cur[inScore] += float64(v) * t.mult
	if v > 0 {
		t.res.Positive++
	} else {
		t.res.Negative++
	}
	countWord(t.found, word, v, negated)
}

// addUnlisted counts a word AFINN lacks that the valence reads as the
// listed word as (see matcher.unlisted and matcher.derived): in the
// valence only.
func (t *tally) addUnlisted(word, as string, v int, negated bool) {
	t.cur[inValence] += float64(v) * t.mult
	if t.unlisted == nil {
		t.unlisted = map[driverKey]*WordScore{} // made for the few texts that need it
	}
	countWord(t.unlisted, word, v, negated).As = as
}

// countWord counts one more occurrence of word, of valence v, in found,
// and returns its entry.
func countWord(found map[driverKey]*WordScore, word string, v int, negated bool) *WordScore {
	k := driverKey{word, negated}
	if ws, ok := found[k]; ok {
		ws.Count++
		return ws
	}
	ws := &WordScore{Word: word, Weight: v, Count: 1, Negated: negated}
	found[k] = ws
	return ws
}

// score adds up the valences of toks, the words of text, and of the emoji
// of text, applying the negation rules of negation.go. The lean's pass
// (leanOf) scores no emoji, which are AFINN's, and lists the negations
// that negated nothing (SentimentResult.bare).
//
// spelt holds the misspellings found so far in toks, which it adds to:
// each word is looked up once for all passes (matcher.derived).
func score(ctx context.Context, lx *lexicon, text string, toks []token, lang string, lean bool, spelt map[string]string) (*SentimentResult, error) {
	toks = splitCompounds(toks, lx)
	res := &SentimentResult{Words: len(toks), Drivers: []WordScore{}}
	t := tally{res: res, found: map[driverKey]*WordScore{}, mult: 1}
	m := matcher{lx: lx, lang: lang, memo: map[string]int{}, spelt: spelt}
	if lang == langEN {
		var err error
		if m.spell, err = spellerEN(); err != nil {
			return nil, err
		}
		if m.stop, err = stopEN(); err != nil {
			return nil, err
		}
	}
	neg := negation{at: -1}
	// closeScope ends the open scope; a negator that flipped nothing
	// scores as the word it is ("no hot water": no -1).
	closeScope := func() {
		switch {
		case neg.at < 0 || neg.flipped:
		case neg.own != noEntry:
			// The score knows nothing of an unlisted word the negator
			// flipped: for it, the negator negated nothing.
			t.add(neg.word, neg.own, false, neg.own*btoi(!neg.flippedUnlisted))
		case lean:
			bare := neg.word
			if neg.at+1 < len(toks) && !toks[neg.at+1].brk {
				bare += " " + toks[neg.at+1].word
			}
			res.bare = append(res.bare, bare)
		}
		neg.at = -1
	}
	for i := 0; i < len(toks); i++ {
		if i%ctxEvery == 0 {
			if err := checkCtx(ctx, "scoring sentiment"); err != nil {
				return nil, err
			}
		}
		w := toks[i].word
		if toks[i].end {
			t.sentence()
		}
		if contrastWords[w] && !onlyBefore[prevWord(toks, i)] {
			t.contrast()
		}
		if neg.at >= 0 && (toks[i].brk || i-neg.at > negationScope && !neg.raised || scopeEnders[w]) {
			closeScope()
		}
		word, v, n := m.phrase(toks, i)
		if n == 0 {
			if isNegator(w) {
				closeScope()
				neg = negation{at: i, word: w, own: noEntry}
				if lang == langEN {
					// Spanish "no" mostly means "not", which AFINN does
					// not score.
					neg.own = lx.lookup(w, lang)
				}
				continue
			}
			if neg.at >= 0 && !neg.flipped {
				switch {
				case i == neg.at+1 && stopVerbs[w] && i+1 < len(toks) && !toks[i+1].brk && strings.HasSuffix(toks[i+1].word, "ing"):
					neg.at = -1 // "can't stop smiling": the verb and the negation cancel out
					continue
				case lang == langEN && neg.raisedBy(toks, i):
					neg.raised = true // "don't think it is worth it", "none of them works": the clause
				case (degreeWords[w] || lang == langEN && isComparative(w)) && neg.isAbsolute(prevWord(toks, neg.at)):
					neg.at = -1 // "couldn't be worse": a superlative, not a negation
				}
			}
			if word, v, n = m.word(w); n == 0 {
				as := ""
				if as, v = m.unlisted(w); v == 0 {
					if as, v = m.derived(w); v == 0 {
						continue
					}
				}
				if !lean {
					// A word AFINN lacks: the valence counts it, the
					// score not.
					if neg.at >= 0 {
						v = -v
						neg.flippedUnlisted = true
					}
					t.addUnlisted(w, as, v, neg.at >= 0)
					continue
				}
				word, n = w, 1 // the lean's pass has no score
			}
		}
		negated := neg.at >= 0 && v != 0
		val := v
		if lang == langEN && n == 1 {
			switch {
			case w == "like" && likeIsPreposition(toks, i):
				val = 0
			case w == "pretty" && prettyIsDegree(toks, i):
				val = 0
			case v > 0 && !negated && loweredBy(toks, i) != "":
				val = -v
			case v > 0 && !negated && unreal(toks, i):
				val = -v
			}
		}
		i += n - 1
		if negated {
			v, val = -v, -val
			neg.flipped = true
		}
		if lean {
			v = val // the lean has no score: its cues are what its valence counts
		}
		t.add(word, v, negated, val)
	}
	closeScope()
	if !lean {
		res.Words += scoreEmoji(text, &t)
	}
	if res.Words > 0 {
		res.Comparative = float64(res.Score) / float64(res.Words)
	}
	t.sentence()
	res.Valence = t.done[inValence]
	res.Label = labelOf(res.Valence)
	res.turned = labelOf(t.done[inScore]) != labelOf(float64(res.Score))
	res.Drivers = weightiest(t.found)
	if len(t.unlisted) > 0 {
		res.Unlisted = weightiest(t.unlisted)
	}
	return res, nil
}

// weightiest lists found's words, most weighty first, at most MaxDrivers.
func weightiest(found map[driverKey]*WordScore) []WordScore {
	out := make([]WordScore, 0, len(found))
	for _, ws := range found {
		out = append(out, *ws)
	}
	slices.SortFunc(out, func(a, b WordScore) int {
		return cmp.Or(
			cmp.Compare(abs(b.Weight*b.Count), abs(a.Weight*a.Count)),
			cmp.Compare(b.Weight, a.Weight),
			strings.Compare(a.Word, b.Word),
			cmp.Compare(btoi(a.Negated), btoi(b.Negated)),
		)
	})
	return out[:min(len(out), MaxDrivers)]
}

// labelOf names the sign of v.
func labelOf(v float64) string {
	switch {
	case v > 0:
		return "positive"
	case v < 0:
		return "negative"
	}
	return "neutral"
}

// leanOf reads toks, the words of an English text that AFINN scores 0,
// with VADER's lexicon and the same negation rules, then its bare
// negations, then the Opinion Lexicon, then SentiWordNet's lexicon, and
// returns the lean of Sentiment's doc, or nil when there is none.
func leanOf(ctx context.Context, toks []token, spelt map[string]string) (*SentimentLean, error) {
	r, err := leanPass(ctx, leanVADER, toks, spelt)
	if err != nil {
		return nil, err
	}
	if r.Valence != 0 {
		return lexiconCues(r, leanVADER), nil
	}
	if len(r.bare) > 0 {
		return bareLean(r.bare), nil
	}
	for _, id := range [...]string{leanOpinion, leanSWN} {
		r, err := leanPass(ctx, id, toks, spelt)
		if err != nil {
			return nil, err
		}
		if r.Valence != 0 {
			return lexiconCues(r, id), nil
		}
	}
	return nil, nil
}

// The values of SentimentLean.Lexicon.
const (
	leanVADER    = "vader"
	leanOpinion  = "opinion"
	leanSWN      = "sentiwordnet"
	leanNegation = "negation"
)

// leanSource is a lexicon the lean reads.
type leanSource struct {
	name  string                   // as a result line names it: a proper name, not translated
	scale float64                  // the lexicon keeps each valence times scale (loadMeans)
	load  func() (*lexicon, error) // the lexicon, loaded once
}

// leanSources are the lean's lexicons, by SentimentLean.Lexicon.
var leanSources = map[string]leanSource{
	leanVADER:   {"VADER", vaderScale, lexiconLean},
	leanOpinion: {"Opinion Lexicon", 1, lexiconOpinion},
	leanSWN:     {"SentiWordNet", swnScale, lexiconSWN},
}

// leanPass scores toks with the lean's lexicon id, in the lean's pass of
// score.
func leanPass(ctx context.Context, id string, toks []token, spelt map[string]string) (*SentimentResult, error) {
	lx, err := leanSources[id].load()
	if err != nil {
		return nil, err
	}
	return score(ctx, lx, "", toks, langEN, true, spelt)
}

// lexiconCues is the lean of r, a pass of the lean's lexicon id whose
// valence is not 0, in the lexicon's own units.
func lexiconCues(r *SentimentResult, id string) *SentimentLean {
	scale := leanSources[id].scale
	l := &SentimentLean{Lexicon: id, Valence: r.Valence / scale}
	for _, d := range r.Drivers {
		l.Cues = append(l.Cues, LeanCue{Text: d.Word, Valence: float64(d.Weight) / scale, Count: d.Count, Negated: d.Negated})
	}
	return l
}

// bareLean is the lean of the negations that negated no rated word.
func bareLean(bare []string) *SentimentLean {
	l := &SentimentLean{Lexicon: leanNegation, Valence: -float64(len(bare))}
	for _, b := range bare {
		if i := slices.IndexFunc(l.Cues, func(c LeanCue) bool { return c.Text == b }); i >= 0 {
			l.Cues[i].Count++
		} else if len(l.Cues) < MaxDrivers {
			l.Cues = append(l.Cues, LeanCue{Text: b, Valence: -1, Count: 1, Negation: true})
		}
	}
	return l
}

// prevWord returns the word before toks[i] in the same phrase, or "".
func prevWord(toks []token, i int) string {
	if i <= 0 || toks[i].brk {
		return ""
	}
	return toks[i-1].word
}

// splitCompounds returns toks with each hyphenated word that the lexicon
// lacks replaced by its parts, as AFINN's own scorer reads them:
// "user-friendly" is "user friendly". It returns toks itself when no word
// changes.
func splitCompounds(toks []token, lx *lexicon) []token {
	var out []token
	for i, t := range toks {
		if strings.IndexByte(t.word, '-') < 0 || lx.has(t.word) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]token, 0, len(toks)+8), toks[:i]...)
		}
		brk, end := t.brk, t.end
		for part := range strings.SplitSeq(t.word, "-") {
			if part == "" {
				continue
			}
			out = append(out, token{word: part, brk: brk, end: end})
			brk, end = false, false
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// has reports whether w is an entry of lx, or starts a phrase.
func (lx *lexicon) has(w string) bool {
	_, ok := lx.words[w]
	return ok || lx.phraseLen[w] > 0
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
	// spell and stop are English's speller and stop words, which derived
	// reads; nil for Spanish. spelt holds spell's answers (score).
	spell *speller
	stop  map[string]bool
	spelt map[string]string
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

// unlisted returns the listed word after "un" in an English word the
// lexicon lacks, when that has three letters or more and a valence, and
// the opposite of its valence; "", 0 otherwise. Only word's misses reach
// it.
func (m *matcher) unlisted(w string) (string, int) {
	rest, ok := strings.CutPrefix(w, "un")
	if !ok || m.lang != langEN || utf8.RuneCountInString(rest) < 3 {
		return "", 0
	}
	if v := m.lx.words[rest]; v != 0 {
		return rest, -v
	}
	return "", 0
}

// derived returns the listed word that w, an English word the lexicon
// lacks and not a stop word, is an inflection (baseForms) or a
// misspelling (speller.correct) of, and its valence; "", 0 when there is
// none.
func (m *matcher) derived(w string) (string, int) {
	if m.spell == nil || m.stop[w] {
		return "", 0
	}
	for _, f := range inflectionsOf(w) {
		if f.cut == 0 {
			break
		}
		m.buf = append(append(m.buf[:0], w[:len(w)-f.cut]...), f.add...)
		if v := m.lx.words[string(m.buf)]; v != 0 { // no allocation: the map is only read
			return string(m.buf), v
		}
	}
	c, ok := m.spelt[w]
	if !ok {
		c = m.spell.correct(w, m.stop)
		m.spelt[w] = c
	}
	if c == "" {
		return "", 0
	}
	return c, m.lx.words[c]
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
func (r *SentimentResult) String() string { return r.TextIn(models.English) }

// TextIn is String in p's language.
func (r *SentimentResult) TextIn(p models.Phrasing) string {
	s := fmt.Sprintf(p.T(phraseSentiment), p.T(r.Label), p.Signed(float64(r.Score), 0), p.Signed(r.Comparative, 3))
	parts := scoredWords(p, r.Drivers)
	if r.turned {
		parts = append(parts, p.T(phraseTurn))
	}
	if len(r.Unlisted) > 0 {
		var read []string
		for _, d := range r.Unlisted[:min(5, len(r.Unlisted))] {
			as := d.As
			if d.Word == "un"+d.As {
				as = "“un” + " + as
			}
			read = append(read, scoredText(p, d.Word+" ("+as+")", d.Negated, p.Signed(float64(d.Weight), 0), d.Count))
		}
		parts = append(parts, fmt.Sprintf(p.T(phraseUnlisted), strings.Join(read, ", ")))
	}
	if r.Lean != nil {
		var cues []string
		src, listed := leanSources[r.Lean.Lexicon]
		// A valence has the decimals its lexicon has: VADER's one, the
		// Opinion Lexicon's none, SentiWordNet's three.
		digits := int(math.Round(math.Log10(src.scale)))
		for _, c := range r.Lean.Cues[:min(5, len(r.Lean.Cues))] {
			if c.Negation {
				cues = append(cues, scoredText(p, c.Text+" ("+p.T(phraseNegation)+")", false, "", c.Count))
			} else {
				cues = append(cues, scoredText(p, c.Text, c.Negated, p.Signed(c.Valence, digits), c.Count))
			}
		}
		if listed {
			parts = append(parts, fmt.Sprintf(p.T(phraseLeanOn), src.name, strings.Join(cues, ", ")))
		} else {
			parts = append(parts, fmt.Sprintf(p.T(phraseLean), strings.Join(cues, ", ")))
		}
	}
	if len(parts) == 0 {
		return s
	}
	return s + " (" + strings.Join(parts, ", ") + ")"
}

// scoredWords writes the first five of ws for a result line.
func scoredWords(p models.Phrasing, ws []WordScore) []string {
	var out []string
	for _, d := range ws[:min(5, len(ws))] {
		out = append(out, scoredText(p, d.Word, d.Negated, p.Signed(float64(d.Weight), 0), d.Count))
	}
	return out
}

// scoredText writes one scored word of a result line: the word, "(negated)"
// when a negator flipped it, its valence (none when empty) and "×count"
// when it occurs more than once.
func scoredText(p models.Phrasing, word string, negated bool, valence string, count int) string {
	if negated {
		word += " (" + p.T(phraseNegated) + ")"
	}
	if valence != "" {
		word += " " + valence
	}
	if count > 1 {
		word += " ×" + p.Decimal(float64(count), 0)
	}
	return word
}

// The phrases of a sentiment result (SentimentResult.TextIn).
const (
	phraseSentiment = "%s: score %s, %s a word" // label, score, score a word
	phraseNegated   = "negated"
	phraseLean      = "leaning on %s"     // the lean's negations
	phraseLeanOn    = "leaning on %s: %s" // the lean's lexicon (leanSource.name), its cues
	phraseNegation  = "negation"
	phraseTurn      = "what follows “but” weighs more" // the contrast rule turned the score's sign (SentimentResult.turned)
	phraseUnlisted  = "read from listed words: %s"     // SentimentResult.Unlisted
)

// Phrases lists the phrases of the results' text, for a UI's translations.
func (*Sentiment) Phrases() []string {
	return []string{phraseSentiment, "positive", "negative", "neutral", phraseNegated, phraseLean, phraseLeanOn, phraseNegation, phraseTurn, phraseUnlisted}
}
