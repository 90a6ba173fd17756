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

// Summarize picks the sentences that best stand for a text and returns
// them in their original order. Up to TextRankMaxSentences sentences it
// ranks them with TextRank (Mihalcea and Tarau, 2004): sentences are nodes
// of a graph whose edges weigh the content words two sentences share,
// normalised by their lengths, and PageRank over that graph scores them.
// Past that, the graph would grow with the square of the sentence count,
// so sentences are scored by the frequency of their content words in the
// whole text instead (Luhn, 1958), which is linear.
//
// Content words are words with a letter, of two letters or more, not in
// the stop-word list of the text's language.
//
// Some sentences say nothing of their own and are set aside: they have
// no words in the ranking, score 0 and are picked only when no other
// sentence is left. They are cross-references, whose main content is a
// pointer elsewhere ("See Section 5.1 for details.", "For more
// information, see https://…", "Véase el capítulo 3."), and attributions
// of a quotation ("-- Arthur Schopenhauer, …", "— Borges"); the
// bracketed pointers inside other sentences ("(see Section 10.2)") do
// not count towards their words either. isCrossReference and
// isAttribution hold the exact rules; splitSentences keeps titles and
// description lines without a full stop apart from the sentence after
// them.
//
// A Summarize is safe for concurrent use.
type Summarize struct{}

// NewSummarize returns the summarize model.
func NewSummarize() *Summarize { return &Summarize{} }

// TextRankMaxSentences is the most sentences Summarize ranks with
// TextRank; longer texts fall back to frequency scoring. At this size a
// whole run takes about 10 ms (BenchmarkSummarizeTextRank).
const TextRankMaxSentences = 400

// Methods of SummaryResult.Method.
const (
	MethodTextRank  = "textrank"
	MethodFrequency = "frequency"
)

// SummaryResult is the Data of a summarize result.
type SummaryResult struct {
	// Summary holds the chosen sentences in the order of the text.
	Summary []SummarySentence `json:"summary"`
	// Sentences is the number of sentences of the text.
	Sentences int `json:"sentences"`
	// Method is how sentences were scored: MethodTextRank or
	// MethodFrequency.
	Method string `json:"method"`
	// Lang is the stop-word list used: "en" or "es".
	Lang string `json:"lang"`
}

// SummarySentence is one chosen sentence.
type SummarySentence struct {
	// Index is the sentence's position in the text, from 0.
	Index int `json:"index"`
	// Text is the sentence with its runs of white space made single spaces.
	Text string `json:"text"`
	// Score is the sentence's score, rounded to four decimals; only the
	// order of scores within one result means anything.
	Score float64 `json:"score"`
}

// Name returns "summarize".
func (*Summarize) Name() string { return "summarize" }

// phraseNoSummary is the text of a summary of a text without sentences.
const phraseNoSummary = "no sentences to summarize"

// Phrases lists the phrases of the results' text, for a UI's translations.
func (*Summarize) Phrases() []string { return []string{phraseNoSummary} }

// Description says what the model does.
func (*Summarize) Description() string {
	return "Summarizes a text by picking its most representative sentences (TextRank), in their original order."
}

// Params returns sentences (how many to keep) and lang.
func (*Summarize) Params() []models.Param {
	return []models.Param{
		{Name: "sentences", Kind: models.Int, Default: "3", Min: 1, Max: 50, Help: "Number of sentences of the summary."},
		langParam,
	}
}

// Cacheable returns true: the summary depends only on the text and the
// parameters.
func (*Summarize) Cacheable(models.Values) bool { return true }

// Run summarizes in.Text; Data is a SummaryResult.
func (s *Summarize) Run(ctx context.Context, in models.Input) (models.Result, error) {
	if err := checkCtx(ctx, "summarize"); err != nil {
		return models.Result{}, err
	}
	n := intParam(in.Params, "sentences", 3, 1, 50)
	lang := pickLang(in.Params.String("lang"), in.Text)
	stop, err := stopwordsFor(lang)
	if err != nil {
		return models.Result{}, err
	}
	sents := splitSentences(in.Text)
	if err := checkCtx(ctx, "summarize after splitting sentences"); err != nil {
		return models.Result{}, err
	}
	words := make([][]string, len(sents))
	aside := make([]bool, len(sents)) // cross-references and attributions
	for i, st := range sents {
		if i%ctxEvery == 0 {
			if err := checkCtx(ctx, "summarize while reading words"); err != nil {
				return models.Result{}, err
			}
		}
		if aside[i] = isCrossReference(st.text) || isAttribution(st.text); !aside[i] {
			words[i] = contentWords(withoutPointers(st.text), stop)
		}
	}
	res := &SummaryResult{Sentences: len(sents), Lang: lang, Summary: []SummarySentence{}}
	var scores []float64
	if len(sents) <= TextRankMaxSentences {
		res.Method = MethodTextRank
		scores, err = textRank(ctx, words)
	} else {
		res.Method = MethodFrequency
		scores, err = frequencyScores(ctx, words)
	}
	if err != nil {
		return models.Result{}, err
	}
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	for i := range aside {
		if aside[i] {
			scores[i] = 0
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(compareBool(aside[a], aside[b]), cmp.Compare(scores[b], scores[a]))
	})
	chosen := order[:min(n, len(order))]
	slices.Sort(chosen)
	for _, i := range chosen {
		res.Summary = append(res.Summary, SummarySentence{
			Index: i,
			Text:  strings.Join(strings.Fields(sents[i].text), " "),
			Score: math.Round(scores[i]*1e4) / 1e4,
		})
	}
	return models.Result{Text: res.String(), Data: res}, nil
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// contentWords returns the distinct content words of a sentence, in order.
func contentWords(s string, stop map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tokenize(s) {
		w := t.word
		if stop[w] || seen[w] || !hasLetter(w) || utf8.RuneCountInString(w) < 2 {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// TextRank's PageRank settings: the usual damping factor, and the change
// below which scores have converged.
const (
	damping      = 0.85
	convergence  = 1e-6
	maxIterRanks = 100
)

// textRank scores sentences by PageRank over the graph whose edge i–j
// weighs |Wi ∩ Wj| / (log(1+|Wi|) + log(1+|Wj|)). Shared words are
// counted through an inverted index, so only pairs of sentences that
// share a word cost anything.
func textRank(ctx context.Context, words [][]string) ([]float64, error) {
	n := len(words)
	postings := map[string][]int{}
	for i, ws := range words {
		for _, w := range ws {
			postings[w] = append(postings[w], i)
		}
	}
	type edge struct {
		to int
		w  float64
	}
	adj := make([][]edge, n)
	sum := make([]float64, n) // total weight of each node's edges
	shared := make([]int, n)
	for i, ws := range words {
		if err := checkCtx(ctx, "summarize while building the sentence graph"); err != nil {
			return nil, err
		}
		clear(shared)
		for _, w := range ws {
			for _, j := range postings[w] {
				if j > i {
					shared[j]++
				}
			}
		}
		for j := i + 1; j < n; j++ {
			if shared[j] == 0 {
				continue
			}
			wt := float64(shared[j]) / (math.Log(1+float64(len(ws))) + math.Log(1+float64(len(words[j]))))
			adj[i] = append(adj[i], edge{j, wt})
			adj[j] = append(adj[j], edge{i, wt})
			sum[i] += wt
			sum[j] += wt
		}
	}
	score := make([]float64, n)
	next := make([]float64, n)
	for i := range score {
		score[i] = 1
	}
	for range maxIterRanks {
		if err := checkCtx(ctx, "summarize while ranking sentences"); err != nil {
			return nil, err
		}
		delta := 0.0
		for i := range next {
			r := 0.0
			for _, e := range adj[i] {
				r += e.w / sum[e.to] * score[e.to]
			}
			next[i] = 1 - damping + damping*r
			delta = max(delta, math.Abs(next[i]-score[i]))
		}
		score, next = next, score
		if delta < convergence {
			break
		}
	}
	return score, nil
}

// frequencyScores scores each sentence by the frequencies of its content
// words in the whole text, each divided by the highest frequency, summed
// and divided by the square root of the sentence's content-word count:
// a plain sum would favour long sentences, a mean short ones.
func frequencyScores(ctx context.Context, words [][]string) ([]float64, error) {
	freq := map[string]int{}
	top := 0
	for _, ws := range words {
		for _, w := range ws {
			freq[w]++
			top = max(top, freq[w])
		}
	}
	scores := make([]float64, len(words))
	for i, ws := range words {
		if i%ctxEvery == 0 {
			if err := checkCtx(ctx, "summarize while scoring sentences"); err != nil {
				return nil, err
			}
		}
		if len(ws) == 0 {
			continue
		}
		s := 0.0
		for _, w := range ws {
			s += float64(freq[w]) / float64(top)
		}
		scores[i] = s / math.Sqrt(float64(len(ws)))
	}
	return scores, nil
}

// String returns the summary for people: the chosen sentences, one a
// line.
func (r *SummaryResult) String() string { return r.TextIn(models.English) }

// TextIn is String in p's language: the sentences are the text's own.
func (r *SummaryResult) TextIn(p models.Phrasing) string {
	if len(r.Summary) == 0 {
		return p.T(phraseNoSummary)
	}
	var b strings.Builder
	for i, s := range r.Summary {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s.Text)
	}
	return b.String()
}
