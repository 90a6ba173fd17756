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
	// Score is the RAKE score, rounded to three decimals.
	Score float64 `json:"score"`
	// Count is how many times the phrase occurs as a candidate.
	Count int `json:"count"`
}

// Name returns "keywords".
func (*Keywords) Name() string { return "keywords" }

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

// rake scores phrases and returns the best limit of them, best first;
// ties go to the more frequent, then the earlier phrase.
func rake(phrases []*phraseStat, limit int) []Keyword {
	degree := map[string]int{}
	for _, ps := range phrases {
		for _, w := range ps.words {
			degree[w] += len(ps.words) * ps.count
		}
	}
	for _, ps := range phrases {
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
	for _, ps := range ranked[:min(limit, len(ranked))] {
		out = append(out, Keyword{Phrase: strings.Join(ps.words, " "), Score: math.Round(ps.score*1000) / 1000, Count: ps.count})
	}
	return out
}

// String returns the phrases for people, best first, one a line.
func (r *KeywordsResult) String() string {
	if len(r.Keywords) == 0 {
		return "no key phrases"
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
