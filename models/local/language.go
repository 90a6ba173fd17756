package local

import (
	"context"
	"fmt"
	"math"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"vigia/models"
)

// Language detects the language and script of a text with whatlanggo, a
// trigram detector for 84 languages (a Go port of Franc and whatlang):
// the script comes from counting characters, and for scripts that several
// languages share the language comes from comparing the text's most
// common letter trigrams with each language's profile.
//
// Texts longer than LanguageSampleBytes are read through a sample of
// that size, four windows spread over the text; the detector gains
// nothing from more and would take time linear in the text.
//
// Short texts are hard: a sentence or two is usually right, a word or two
// often wrong; Reliable says when to trust the answer.
//
// A Language is safe for concurrent use.
type Language struct{}

// NewLanguage returns the language model.
func NewLanguage() *Language { return &Language{} }

// LanguageSampleBytes is the most text Language reads.
const LanguageSampleBytes = 16 << 10

// LanguageResult is the Data of a language result.
type LanguageResult struct {
	// Code is the ISO 639-1 code ("es"), empty when the language has none
	// or none was found.
	Code string `json:"code"`
	// Code3 is the ISO 639-3 code ("spa"), "und" when none was found.
	Code3 string `json:"code3"`
	// Name is the language's English name, "unknown" when none was found.
	Name string `json:"name"`
	// Script is the Unicode script ("Latin"), empty when the text has no
	// letters.
	Script string `json:"script"`
	// Confidence is from 0 to 1, rounded to three decimals.
	Confidence float64 `json:"confidence"`
	// Reliable reports that Confidence is above whatlanggo's reliability
	// threshold.
	Reliable bool `json:"reliable"`
	// SampledBytes is how many bytes of the text were read.
	SampledBytes int `json:"sampled_bytes"`
}

// Name returns "language".
func (*Language) Name() string { return "language" }

// Description says what the model does.
func (*Language) Description() string {
	return "Detects the language and script of a text, with a confidence."
}

// Params returns none.
func (*Language) Params() []models.Param { return nil }

// Cacheable returns true: detection depends only on the text.
func (*Language) Cacheable(models.Values) bool { return true }

// Run detects the language of in.Text; Data is a LanguageResult.
func (l *Language) Run(ctx context.Context, in models.Input) (models.Result, error) {
	if err := checkCtx(ctx, "language"); err != nil {
		return models.Result{}, err
	}
	text := sample(in.Text, LanguageSampleBytes)
	res := detect(text)
	res.SampledBytes = len(text)
	if err := checkCtx(ctx, "language after detecting"); err != nil {
		return models.Result{}, err
	}
	return models.Result{Text: res.String(), Data: res}, nil
}

// detect runs whatlanggo on text.
func detect(text string) *LanguageResult {
	info := whatlanggo.Detect(text)
	res := &LanguageResult{Code3: "und", Name: "unknown", Script: scriptName(info.Script)}
	// A confidence of 0 is a tie between the two best languages, which
	// whatlanggo breaks at random: no answer is better than a random one.
	if info.Lang < 0 || info.Confidence <= 0 {
		return res
	}
	res.Code = info.Lang.Iso6391()
	res.Code3 = info.Lang.Iso6393()
	res.Name = info.Lang.String()
	res.Confidence = math.Round(info.Confidence*1000) / 1000
	res.Reliable = info.IsReliable()
	return res
}

// scriptName names a script table whatlanggo returns; its own map lacks
// the table it uses for Japanese kana.
func scriptName(t *unicode.RangeTable) string {
	if t == nil {
		return ""
	}
	if name, ok := whatlanggo.Scripts[t]; ok {
		return name
	}
	for _, r := range []rune{'あ', 'ア'} {
		if unicode.Is(t, r) {
			return "Hiragana/Katakana"
		}
	}
	for name, table := range unicode.Scripts {
		if table == t {
			return name
		}
	}
	return ""
}

// String returns the result for people.
func (r *LanguageResult) String() string {
	if r.Code3 == "und" {
		if r.Script == "" {
			return "unknown language (no letters)"
		}
		return fmt.Sprintf("unknown language, %s script", r.Script)
	}
	code := r.Code
	if code == "" {
		code = r.Code3
	}
	trust := "reliable"
	if !r.Reliable {
		trust = "not reliable"
	}
	return fmt.Sprintf("%s (%s), %s script, confidence %.2f, %s", r.Name, code, r.Script, r.Confidence, trust)
}
