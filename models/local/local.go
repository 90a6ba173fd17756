package local

import (
	"context"
	"fmt"

	"vigia/models"
)

// All returns one of each local model: keywords, language, sentiment and
// summarize.
func All() []models.Model {
	return []models.Model{NewKeywords(), NewLanguage(), NewSentiment(), NewSummarize()}
}

// Compile-time checks that each model implements models.Model.
var (
	_ models.Model = (*Keywords)(nil)
	_ models.Model = (*Language)(nil)
	_ models.Model = (*Sentiment)(nil)
	_ models.Model = (*Summarize)(nil)
)

// langParam is the lang parameter of the models that use word lists.
var langParam = models.Param{
	Name:    "lang",
	Kind:    models.Choice,
	Default: "auto",
	Help:    "Language of the word lists: auto guesses English or Spanish from the text.",
	Choices: langChoices,
}

// intParam returns the int parameter name of p, or def when it is absent
// (Run called without ParseParams), clamped to [lo, hi].
func intParam(p models.Values, name string, def, lo, hi int) int {
	n, ok := p[name].(int)
	if !ok {
		n = def
	}
	return min(max(n, lo), hi)
}

// checkCtx returns ctx's error wrapped with the phase it stopped, or nil.
func checkCtx(ctx context.Context, phase string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", phase, err)
	}
	return nil
}

// ctxEvery is how many loop iterations run between two checks of the
// context in the long loops: often enough to stop within a millisecond
// or so, rarely enough to cost nothing.
const ctxEvery = 1 << 12

// The local models' results are written in the UI's language
// (models.Phrased), and list their phrases for its translations.
var (
	_ models.Phrased = (*SentimentResult)(nil)
	_ models.Phrased = (*LanguageResult)(nil)
	_ models.Phrased = (*KeywordsResult)(nil)
	_ models.Phrased = (*SummaryResult)(nil)
	_ models.Phraser = (*Sentiment)(nil)
	_ models.Phraser = (*Language)(nil)
	_ models.Phraser = (*Keywords)(nil)
	_ models.Phraser = (*Summarize)(nil)
)
