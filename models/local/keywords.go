package local

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"vigia/models"
)

// Keywords ranks the key phrases of a text with RAKE (Rose, Engel, Cramer
// and Cowley, "Automatic keyword extraction from individual documents",
// 2010): stop words and punctuation cut the text into candidate phrases;
// each word scores its degree (how many words it shares phrases with,
// itself included, over all its occurrences); a phrase scores the sum of
// its words' scores. The degree metric, rather than the paper's
// degree/frequency ratio, ranks the words a text keeps coming back to
// above long phrases said once.
//
// The ranking is picked greedily for variety, in the manner of maximal
// marginal relevance (Carbonell and Goldstein, 1998): each next phrase is
// the one of highest RAKE score times 1 − Diversity·overlap, where
// overlap measures how far its words were used by the phrases already
// picked (see novelty). Without it one frequent word ("license",
// "memory") makes the degree of every phrase it is in, and fills the top
// of the ranking with variations on itself.
//
// Stop words are the stopwords-iso lists for English and Spanish. Words
// without a letter or of one letter never make a phrase, and candidates of
// more than MaxPhraseWords words are dropped, as run-on lists of content
// words are rarely key phrases.
//
// A Keywords is safe for concurrent use.
type Keywords struct{}

// NewKeywords returns the keywords model.
func NewKeywords() *Keywords { return &Keywords{} }

// MaxPhraseWords is the most words a key phrase has.
const MaxPhraseWords = 4

// KeywordsResult is the Data of a keywords result.
type KeywordsResult struct {
	// Keywords are the best phrases, best first.
	Keywords []Keyword `json:"keywords"`
	// Candidates is the number of distinct candidate phrases.
	Candidates int `json:"candidates"`
	// Lang is the stop-word list used: "en" or "es".
	Lang string `json:"lang"`
}

// Keyword is one key phrase.
type Keyword struct {
	// Phrase is the phrase lower-cased, its words joined by single spaces.
	Phrase string `json:"phrase"`
	// Score is the RAKE score times the novelty discount the phrase had
	// when it was picked, rounded to three decimals: 1 for the first
	// phrase and for any that shares no word with those before it. Scores
	// never rise down the list.
	Score float64 `json:"score"`
	// Count is how many times the phrase occurs as a candidate.
	Count int `json:"count"`
}

// Name returns "keywords".
func (*Keywords) Name() string { return "keywords" }

// phraseNoKeywords is the text of a result without key phrases.
const phraseNoKeywords = "no key phrases"

// Phrases lists the phrases of the results' text, for a UI's translations.
func (*Keywords) Phrases() []string { return []string{phraseNoKeywords} }

// Description says what the model does.
func (*Keywords) Description() string {
	return "Ranks the key phrases of a text with RAKE, using English or Spanish stop words."
}

// Params returns max (how many phrases) and lang.
func (*Keywords) Params() []models.Param {
	return []models.Param{
		{Name: "max", Kind: models.Int, Default: "10", Min: 1, Max: 100, Help: "Most key phrases to return."},
		langParam,
	}
}

// Cacheable returns true: the ranking depends only on the text and the
// parameters.
func (*Keywords) Cacheable(models.Values) bool { return true }

type phraseStat struct {
	words []string
	keys  []string // overlapKeys(words), set by rake
	count int
	first int
	score float64
}

// Run ranks the key phrases of in.Text; Data is a KeywordsResult.
func (k *Keywords) Run(ctx context.Context, in models.Input) (models.Result, error) {
	if err := checkCtx(ctx, "keywords"); err != nil {
		return models.Result{}, err
	}
	limit := intParam(in.Params, "max", 10, 1, 100)
	lang := pickLang(in.Params.String("lang"), in.Text)
	stop, err := stopwordsFor(lang)
	if err != nil {
		return models.Result{}, err
	}
	toks := tokenize(in.Text)
	if err := checkCtx(ctx, "keywords after tokenizing"); err != nil {
		return models.Result{}, err
	}
	phrases, err := candidates(ctx, toks, stop)
	if err != nil {
		return models.Result{}, err
	}
	res := &KeywordsResult{Keywords: rake(phrases, limit), Candidates: len(phrases), Lang: lang}
	return models.Result{Text: res.String(), Data: res}, nil
}

// candidates cuts toks into RAKE candidate phrases and returns the
// distinct ones in order of first occurrence.
func candidates(ctx context.Context, toks []token, stop map[string]bool) ([]*phraseStat, error) {
	byKey := map[string]*phraseStat{}
	var list []*phraseStat
	var run []string
	flush := func() {
		if len(run) == 0 || len(run) > MaxPhraseWords {
			run = run[:0]
			return
		}
		key := run[0]
		if len(run) > 1 {
			key = strings.Join(run, " ")
		}
		ps, ok := byKey[key]
		if !ok {
			ps = &phraseStat{words: slices.Clone(run), first: len(list)}
			byKey[key] = ps
			list = append(list, ps)
		}
		ps.count++
		run = run[:0]
	}
	for i, t := range toks {
		if i%ctxEvery == 0 {
			if err := checkCtx(ctx, "finding key phrases"); err != nil {
				return nil, err
			}
		}
		if t.brk {
			flush()
		}
		if stop[t.word] || !hasLetter(t.word) || utf8.RuneCountInString(t.word) < 2 {
			flush()
			continue
		}
		run = append(run, t.word)
	}
	flush()
	return list, nil
}

// rake scores phrases and returns the best limit of them, best first,
// picking each next one by its score discounted by novelty; ties go to
// the higher RAKE score, the more frequent, then the earlier phrase. The
// scan for the best stops at the first RAKE score below the best
// discounted one, so a pick costs little more than the few phrases at
// the top.
func rake(phrases []*phraseStat, limit int) []Keyword {
	degree := map[string]int{}
	for _, ps := range phrases {
		for _, w := range ps.words {
			degree[w] += len(ps.words) * ps.count
		}
	}
	for _, ps := range phrases {
		ps.keys = overlapKeys(ps.words)
		ps.score = 0
		for _, w := range ps.words {
			ps.score += float64(degree[w])
		}
	}
	ranked := slices.Clone(phrases)
	slices.SortFunc(ranked, func(a, b *phraseStat) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.count, a.count), cmp.Compare(a.first, b.first))
	})
	out := make([]Keyword, 0, min(limit, len(ranked)))
	uses := map[string]int{}
	picked := make([]bool, len(ranked))
	for len(out) < limit {
		best, bestScore := -1, -1.0
		for i, ps := range ranked {
			if picked[i] {
				continue
			}
			if ps.score <= bestScore {
				// Discounts only lower scores, and ranked is in tie-break
				// order: nothing further on can win.
				break
			}
			if s := ps.score * novelty(ps.keys, uses); s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			break
		}
		picked[best] = true
		ps := ranked[best]
		for _, k := range ps.keys {
			uses[k]++
		}
		out = append(out, Keyword{Phrase: strings.Join(ps.words, " "), Score: math.Round(bestScore*1000) / 1000, Count: ps.count})
	}
	return out
}

// Diversity is λ of the ranking's novelty discount: a candidate whose
// words all occur in phrases already picked keeps 1 − Diversity of its
// score.
const Diversity = 0.75

// novelty is the factor, 1 − Diversity·overlap, that discounts the score
// of a phrase given its words' distinct overlapKeys and how many phrases
// picked so far used each key. overlap is the mean number of uses over
// the keys, at most 1: a word used once makes half the overlap of a
// phrase of two, and a word used twice all of it.
// Counting uses, rather than only whether a key was used, makes each
// further phrase with the same word pay more, so that no word fills the
// top of the ranking however high its degree.
func novelty(keys []string, uses map[string]int) float64 {
	n := 0
	for _, k := range keys {
		n += uses[k]
	}
	return 1 - Diversity*min(1, float64(n)/float64(len(keys)))
}

// overlapKeys returns the distinct overlapKey of words, in order.
func overlapKeys(words []string) []string {
	keys := make([]string, 0, len(words))
	for _, w := range words {
		if k := overlapKey(w); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// overlapKey is w without a final "s", cut to its first 6 letters: a
// crude stem, for overlap only, under which "distribute",
// "distributing" and "distributes", "license" and "licenses", "ayuda"
// and "ayudas" are one word. It sometimes joins words of different
// meaning ("program", "programmer"); for a discount that errs on the side
// of variety, that is cheap.
func overlapKey(w string) string {
	w = strings.TrimSuffix(w, "s")
	i := 0
	for n := range w {
		if i == 6 {
			return w[:n]
		}
		i++
	}
	return w
}

// String returns the phrases for people, best first, one a line.
func (r *KeywordsResult) String() string { return r.TextIn(models.English) }

// TextIn is String in p's language: the phrases are the text's own.
func (r *KeywordsResult) TextIn(p models.Phrasing) string {
	if len(r.Keywords) == 0 {
		return p.T(phraseNoKeywords)
	}
	var b strings.Builder
	for i, k := range r.Keywords {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(k.Phrase)
	}
	return b.String()
}
