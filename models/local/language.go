package local

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"vigia/models"
)

// Language detects the language and script of a text with whatlanggo, a
// trigram detector for 84 languages (a Go port of Franc and whatlang):
// the script comes from counting characters, and for scripts that several
// languages share the language comes from comparing the text's most
// common letter trigrams with each language's profile.
//
// whatlanggo's distance grows without bound with the number of distinct
// trigrams in a text, so on a few kilobytes of varied prose every score,
// and the confidence with them, turns negative even when the language
// found is right. Language therefore never hands it more than
// languageWindowBytes at a time: a longer text is cut into windows at
// spaces, each window votes for its language with its confidence, and the
// language with the most weight wins. Texts longer than
// LanguageSampleBytes are read through a sample of that size, windows
// spread over the text; the vote gains nothing from more and would take
// time linear in the text.
//
// Latin-script texts are compared with the profiles of latinCandidates
// only, the languages a desktop user is likely to paste: whatlanggo's
// profiles of the smaller African and Central Asian languages took many
// short Spanish, Portuguese and Italian texts (see docs/PERFORMANCE-NOTES.md).
//
// Among English, Spanish, German, French, Italian and Portuguese a
// Latin-script text is decided by a letter n-gram model of those six
// (langprofile.go), which is right far more often on a sentence; whatlanggo
// keeps the other scripts and, on a text of 40 letters or more, Latin
// languages outside the six.
//
// A language is never named for a text its alphabet cannot spell
// (alphabets): whatlanggo is only asked about the candidates whose
// alphabet has every letter beyond ASCII of the text's lower-case words
// (Portuguese "inválido" is not Esperanto, Swedish "läsning" not
// Norwegian), and a short text with a letter none of the six writes
// ("ł", "ș") is not given to the six-language model.
//
// Short texts are hard: a sentence or two is usually right, a word or two
// often wrong; Reliable says when to trust the answer.
//
// A Language is safe for concurrent use.
type Language struct{}

// NewLanguage returns the language model.
func NewLanguage() *Language { return &Language{} }

// LanguageSampleBytes is the most text Language reads.
const LanguageSampleBytes = 8 << 10

// languageWindowBytes is the most text whatlanggo is given at once: a
// kilobyte of prose has few enough distinct trigrams for its distance to
// stay meaningful, and is already enough to be right almost always.
const languageWindowBytes = 1 << 10

// reliableConfidence is the confidence from which Reliable is set. It was
// tuned on the train split of bench/cmd/langbench so that texts marked
// reliable are right at least 99 % of the time; whatlanggo's own threshold
// (0.8) marked many wrong short texts reliable.
const reliableConfidence = 0.8

// otherConfidence is the confidence from which whatlanggo's answer of a
// Latin-script language other than the six of the n-gram model
// (langprofile.go) is kept for a text that fits the model neither well
// nor badly (fitCost, unfitCost): on less certain texts it named
// Galician, Catalan or Romanian for many Spanish, Portuguese and Italian
// ones. Tuned on the train split.
const otherConfidence = 0.3

// fitCost and unfitCost are the six-language model's cost per letter of
// its best language (sixScore.perGram, tenths of a nat) up to which a
// Latin-script text plainly is one of the six, so whatlanggo is not asked
// (most of them, and few texts of other languages), and from which it
// plainly is not, so whatlanggo's answer of another language stands
// however unsure. Between them, whatlanggo's other language needs
// otherConfidence. Tuned on the train split of bench/cmd/langbench, with
// Dutch, Polish, Romanian and Swedish texts: a few texts of the six are
// lost to another language (fewer than one in a hundred), and fewer texts
// of the other languages are called one of the six than with the model
// before (1–3-grams, 5.0 and 5.5 nats an n-gram), which lost none.
const fitCost, unfitCost = 24, 30

// reliableSixConfidence is the confidence of the six-language model from
// which a Latin-script answer is reliable. Tuned on the train split.
const reliableSixConfidence = 0.99

// reliableRunes is the shortest Latin-script text, in letters, that can
// be reliable.
const reliableRunes = 40

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
	// Confidence is from 0 to 1, rounded to three decimals: whatlanggo's
	// confidence on a short text, on a longer one the share of the vote
	// its windows gave the language.
	Confidence float64 `json:"confidence"`
	// Reliable reports that the answer can be trusted: on the labelled
	// test texts of bench/cmd/langbench (docs/PERFORMANCE.md), those of
	// Dutch, Polish, Romanian and Swedish included, at least 99 % of the
	// answers marked reliable were right. It needs a Confidence of at
	// least 0.8 (0.99 when the six-language model answered, and then
	// either a text that fits the model well or whatlanggo's agreement
	// that it is one of the six) and, in Latin script, 40 letters or
	// more.
	Reliable bool `json:"reliable"`
	// TooShort reports that a Latin-script text has fewer letters than a
	// reliable answer needs (40): the reason it is not reliable, however
	// high its Confidence.
	TooShort bool `json:"too_short,omitempty"`
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

// latinCandidates are the Latin-script languages Language answers.
var latinCandidates = func() map[whatlanggo.Lang]bool {
	m := map[whatlanggo.Lang]bool{}
	for _, l := range []whatlanggo.Lang{
		whatlanggo.Eng, whatlanggo.Spa, whatlanggo.Por, whatlanggo.Fra, whatlanggo.Deu, whatlanggo.Ita,
		whatlanggo.Nld, whatlanggo.Ron, whatlanggo.Pol, whatlanggo.Ces, whatlanggo.Hun, whatlanggo.Swe,
		whatlanggo.Dan, whatlanggo.Nob, whatlanggo.Fin, whatlanggo.Est,
		whatlanggo.Lav, whatlanggo.Lit, whatlanggo.Slv, whatlanggo.Hrv, whatlanggo.Tur, whatlanggo.Ind,
		whatlanggo.Vie, whatlanggo.Tgl, whatlanggo.Afr, whatlanggo.Epo,
	} {
		m[l] = true
	}
	return m
}()

// latinOnly restricts whatlanggo to latinCandidates. Its map is only read,
// so sharing it is safe.
var latinOnly = whatlanggo.Options{Whitelist: latinCandidates}

// alphabets are the letters beyond ASCII that each of latinCandidates
// writes its own words with (lower case; accents of loanwords and of
// stress included where the language's spelling uses them; generous for
// the six, whose own model decides among them). A text whose
// words use a letter outside a language's alphabet is not in that
// language: "inválido" is not Esperanto, "numérico" not Slovene,
// "läsning" neither Danish nor Norwegian. whatlanggo's trigrams know
// nothing of that, and on a short text named such languages for
// Portuguese, Swedish or Polish ones; lingua-go filters its candidates
// the same way.
var alphabets = map[whatlanggo.Lang]string{
	whatlanggo.Eng: "áàâçéèêëíïñóôöúü",
	whatlanggo.Spa: "áéíóúüñ",
	whatlanggo.Deu: "äöüßàçéè",
	whatlanggo.Fra: "àâæçéèêëîïôœùûüÿ",
	whatlanggo.Ita: "àèéìíîòóùú",
	whatlanggo.Por: "áâãàçéêíóôõúü",
	whatlanggo.Nld: "áàçéèêëíïóôöúüĳ",
	whatlanggo.Ron: "ăâîșțşţ",
	whatlanggo.Pol: "ąćęłńóśźż",
	whatlanggo.Ces: "áčďéěíňóřšťúůýž",
	whatlanggo.Hun: "áéíóöőúüű",
	whatlanggo.Swe: "åäöéèàü",
	whatlanggo.Dan: "æøåéáóúíèü",
	whatlanggo.Nob: "æøåéèêóòôàü",
	whatlanggo.Fin: "äöåšž",
	whatlanggo.Est: "äöõüšž",
	whatlanggo.Lav: "āčēģīķļņšūžōŗ",
	whatlanggo.Lit: "ąčęėįšųūž",
	whatlanggo.Slv: "čšžćđ",
	whatlanggo.Hrv: "čćđšž",
	whatlanggo.Tur: "çğıöşüâîû",
	whatlanggo.Ind: "é",
	whatlanggo.Vie: "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
	whatlanggo.Tgl: "ñáàâéèêíìîóòôúùû",
	whatlanggo.Afr: "áéèêëíîïóôöúûüýŉ",
	whatlanggo.Epo: "ĉĝĥĵŝŭ",
}

// foreignLetters returns the letters beyond ASCII of text's lower-case
// words, each once, lower-cased. A word that starts with a capital may be
// a name ("Nikšić" in a Dutch sentence), which keeps the spelling of its
// own language, so its letters are not counted.
func foreignLetters(text string) []rune {
	var foreign []rune
	words := 0
	for tok := range strings.FieldsSeq(text) {
		first := true
		words++
		for _, r := range tok {
			if !unicode.IsLetter(r) {
				continue
			}
			if first && !unicode.IsLower(r) && words > 1 {
				break // a name, or a word in capitals
			}
			first = false
			r = unicode.ToLower(r)
			if r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r) && !slices.Contains(foreign, r) {
				foreign = append(foreign, r)
			}
		}
	}
	return foreign
}

// latinOptions restricts whatlanggo to the latinCandidates whose alphabet
// has every one of foreign's letters (foreignLetters), and to all of them
// when none has: the letters of no candidate are more likely mis-decoded
// text than a language.
func latinOptions(foreign []rune) whatlanggo.Options {
	if len(foreign) == 0 {
		return latinOnly
	}
	keep := map[whatlanggo.Lang]bool{}
	for l := range latinCandidates {
		if allIn(foreign, alphabets[l]) {
			keep[l] = true
		}
	}
	if len(keep) == 0 || len(keep) == len(latinCandidates) {
		return latinOnly
	}
	return whatlanggo.Options{Whitelist: keep}
}

// spelledAsSix reports whether foreign's letters all belong to the
// alphabet of one of the six at least: a text whose lower-case words use
// "ł" or "ș" is none of them, however well its other letters fit the
// n-gram model.
func spelledAsSix(foreign []rune) bool {
	for _, l := range sixLangs {
		if allIn(foreign, alphabets[l]) {
			return true
		}
	}
	return false
}

// allIn reports whether every rune of rs is in alphabet.
func allIn(rs []rune, alphabet string) bool {
	for _, r := range rs {
		if !strings.ContainsRune(alphabet, r) {
			return false
		}
	}
	return true
}

// detect finds the language of text by a vote of its windows.
func detect(text string) *LanguageResult {
	script := whatlanggo.DetectScript(text)
	res := &LanguageResult{Code3: "und", Name: "unknown", Script: scriptName(script)}
	if script == nil {
		return res
	}
	// A Latin-script text that fits the six-language model well is one of
	// the six: whatlanggo, four fifths of the time spent on a short text,
	// is not asked.
	var six sixScore
	asSix := true
	// A text of one window (windowsOf) has its letters read once, here.
	short := len(text) <= languageWindowBytes
	var foreign []rune
	if script == unicode.Latin {
		// On a longer text a stray word ("złoty") vetoes nothing: each
		// window is filtered on its own letters below.
		if short {
			foreign = foreignLetters(text)
			asSix = spelledAsSix(foreign)
		}
		if six = scoreSix(text); asSix && six.best >= 0 && six.perGram <= fitCost {
			res.Code, res.Code3, res.Name = sixCodes[six.best], sixLangs[six.best].Iso6393(), sixLangs[six.best].String()
			res.Confidence = math.Round(six.conf*1000) / 1000
			res.TooShort = letters(text, reliableRunes) < reliableRunes
			// Reliable only when the letters alone fit the model too: the
			// word lists choose among the six, they do not tell a Dutch or
			// Swedish text from one of them.
			res.Reliable = six.conf >= reliableSixConfidence && six.spelt <= fitCost && !res.TooShort
			return res
		}
	}
	votes := map[whatlanggo.Lang]float64{}
	windows := 0
	var opts whatlanggo.Options
	for w := range windowsOf(text, languageWindowBytes) {
		if script == unicode.Latin {
			if !short {
				foreign = foreignLetters(w)
			}
			opts = latinOptions(foreign)
		}
		info := whatlanggo.DetectWithOptions(w, opts)
		windows++
		// A confidence of 0 is a tie between the two best languages, which
		// whatlanggo breaks at random: such a window does not vote.
		if info.Lang < 0 || info.Confidence <= 0 {
			continue
		}
		votes[info.Lang] += info.Confidence
	}
	best, weight := whatlanggo.Lang(-1), 0.0
	for l, v := range votes {
		// Ties go to the lower Lang so that the answer is the same each run.
		if v > weight || v == weight && l < best {
			best, weight = l, v
		}
	}
	if best < 0 && six.best < 0 {
		return res
	}
	conf := weight / float64(windows)
	reliable := conf >= reliableConfidence
	if script == unicode.Latin {
		// whatlanggo's answer stands only when it is a language other than
		// the six, surely enough; otherwise the six-language model answers.
		// With no vote at all (whatlanggo tied in every window), the
		// model's answer stands too: a text of letters is never unknown.
		if six.best >= 0 && (best < 0 || asSix && (isSix(best) || conf < otherConfidence && six.perGram <= unfitCost)) {
			// The text fits the model too badly for its answer to be
			// trusted, unless whatlanggo too found one of the six: over
			// its unsure answer of another language, the model is a
			// guess (a Dutch text called German).
			reliable = isSix(best) && six.conf >= reliableSixConfidence
			best, conf = sixLangs[six.best], six.conf
		}
		// A few Latin letters fit many languages.
		res.TooShort = letters(text, reliableRunes) < reliableRunes
		reliable = reliable && !res.TooShort
	}
	res.Code = best.Iso6391()
	res.Code3 = best.Iso6393()
	res.Name = best.String()
	res.Confidence = math.Round(conf*1000) / 1000
	res.Reliable = reliable
	return res
}

// isSix reports whether l is one of sixLangs.
func isSix(l whatlanggo.Lang) bool {
	for _, s := range sixLangs {
		if s == l {
			return true
		}
	}
	return false
}

// windowsOf yields text in pieces of at most n bytes, cut at a space or
// newline where there is one in the last quarter of the piece (else at a
// rune boundary); a last piece shorter than n/4 joins the one before.
func windowsOf(text string, n int) iter.Seq[string] {
	return func(yield func(string) bool) {
		for len(text) > 0 {
			if len(text) <= n+n/4 {
				yield(text)
				return
			}
			end := runeStart(text, n)
			if i := strings.LastIndexAny(text[n*3/4:end], " \n"); i >= 0 {
				end = n*3/4 + i + 1
			}
			if !yield(text[:end]) {
				return
			}
			text = text[end:]
		}
	}
}

// letters counts the letters of text, stopping at most.
func letters(text string, most int) int {
	n := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			if n++; n >= most {
				break
			}
		}
	}
	return n
}

// kanaScript names the script of Japanese kana.
const kanaScript = "Hiragana/Katakana"

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
			return kanaScript
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
func (r *LanguageResult) String() string { return r.TextIn(models.English) }

// TextIn is String in p's language.
func (r *LanguageResult) TextIn(p models.Phrasing) string {
	if r.Code3 == "und" {
		if r.Script == "" {
			return p.T(phraseNoLetters)
		}
		return fmt.Sprintf(p.T(phraseUnknownIn), p.T(r.Script+" script"))
	}
	code := r.Code
	if code == "" {
		code = r.Code3
	}
	trust := phraseReliable
	switch {
	case r.Reliable:
	case r.TooShort:
		trust = phraseTooShort
	default:
		trust = phraseNotReliable
	}
	return fmt.Sprintf(p.T(phraseLanguage), p.T(r.Name), code, p.T(r.Script+" script"), p.Decimal(r.Confidence, 2), p.T(trust))
}

// The phrases of a language result (LanguageResult.TextIn), besides the
// languages' names and "<script> script".
const (
	phraseLanguage    = "%s (%s), %s, confidence %s, %s" // name, code, script, confidence, reliable or not
	phraseUnknownIn   = "unknown language, %s"           // script
	phraseNoLetters   = "unknown language (no letters)"
	phraseReliable    = "reliable"
	phraseNotReliable = "not reliable"
	phraseTooShort    = "not reliable: too short to tell"
)

// Phrases lists the phrases of the results' text, for a UI's
// translations: the names of every language and script the model can
// answer with included.
func (*Language) Phrases() []string {
	out := []string{phraseLanguage, phraseUnknownIn, phraseNoLetters, phraseReliable, phraseNotReliable, phraseTooShort}
	var names, scripts []string
	for _, name := range whatlanggo.Langs {
		names = append(names, name)
	}
	for _, name := range whatlanggo.Scripts {
		scripts = append(scripts, name+" script")
	}
	scripts = append(scripts, kanaScript+" script")
	slices.Sort(names)
	slices.Sort(scripts)
	return slices.Compact(append(append(out, names...), scripts...))
}
