package local

import (
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Values of the lang parameter of the models that need word lists.
var langChoices = []string{"auto", langEN, langES}

// guessSampleBytes is how much of a text guessLang reads: a paragraph or
// two tells English from Spanish, and reading no more keeps "auto" cheap
// (about 1 ms) on a 1 MB input.
const guessSampleBytes = 2 << 10

var enOrES = whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{whatlanggo.Eng: true, whatlanggo.Spa: true}}

// pickLang returns the word-list language for the lang parameter p:
// "en" or "es" as given, else a guess from text. Anything that is not
// clearly Spanish is read as English, whose lists are the better ones.
func pickLang(p, text string) string {
	switch p {
	case langEN, langES:
		return p
	}
	return guessLang(text)
}

// guessLang tells Spanish from English on a sample of text. The options
// map is only read by whatlanggo, so sharing it is safe.
func guessLang(text string) string {
	info := whatlanggo.DetectWithOptions(sample(text, guessSampleBytes), enOrES)
	// Confidence 0 means a tie, which whatlanggo breaks at random; read it
	// as English so the answer does not change from run to run.
	if info.Lang == whatlanggo.Spa && info.Confidence > 0 {
		return langES
	}
	return langEN
}

// sample returns text if it is at most n bytes long, else about n bytes
// of it taken as four evenly spaced windows, each cut at rune boundaries
// and joined by newlines, so that a text whose opening differs from its
// body is still read as a whole.
func sample(text string, n int) string {
	if len(text) <= n {
		return text
	}
	const windows = 4
	w := n / windows
	step := (len(text) - w) / (windows - 1)
	buf := make([]byte, 0, n+windows)
	for i := range windows {
		start := runeStart(text, i*step)
		end := runeStart(text, min(start+w, len(text)))
		if i > 0 {
			buf = append(buf, '\n')
		}
		buf = append(buf, text[start:end]...)
	}
	return string(buf)
}

// runeStart moves i back to the start of the rune that holds byte i.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// wordLangWindow and wordLangWindows bound how many words pickLangWords
// reads: four windows of 128 words, spread over the text like sample's.
const (
	wordLangWindow  = 128
	wordLangWindows = 4
)

// pickLangWords is pickLang for a text already split into toks. For
// "auto" it counts the words (not numbers) that vote for each language: a stop word or
// lexicon entry of that language, an apostrophe inside a word (English:
// "it's", "can't"), an accented vowel or ñ (Spanish). A word of both lists
// ("a", "no", "me") votes for both. The language with more votes wins;
// on a tie, which is mostly a text with no known word, a word of the
// English lean's lexicons says English (leanWords), and failing that
// guessLang decides.
// Counting reads maps and allocates nothing, so "auto" costs about as
// much as the lookups the scoring does anyway.
func pickLangWords(p, text string, toks []token) string {
	switch p {
	case langEN, langES:
		return p
	}
	en, es := langVotes(toks)
	switch {
	case en > es:
		return langEN
	case es > en:
		return langES
	case leanWords(toks):
		return langEN
	}
	return guessLang(text)
}

// leanWords reports whether one of toks, in the windows langVotes reads,
// is a word of the English lean's lexicons (VADER's, the Opinion
// Lexicon's, SentiWordNet's) or an inflection of one (baseForms:
// "stars"): on a tie, such a word says English before the detector
// guesses, since only an English text can lean on it ("Cumbersome
// design.", "He deserves 5 stars.").
func leanWords(toks []token) bool {
	vx, err1 := lexiconLean()
	ox, err2 := lexiconOpinion()
	sx, err3 := lexiconSWN()
	if err1 != nil || err2 != nil || err3 != nil {
		return false
	}
	has := func(w string) bool { return vx.has(w) || ox.has(w) || sx.has(w) }
	for win := range voteWindows(toks) {
		for _, t := range win {
			for part := range strings.SplitSeq(t.word, "-") {
				if has(part) {
					return true
				}
				for _, f := range baseForms(part) {
					if has(f) {
						return true
					}
				}
			}
		}
	}
	return false
}

// voteWindows yields toks whole if they are at most wordLangWindows
// windows of wordLangWindow words, else those windows, spread over toks.
func voteWindows(toks []token) iter.Seq[[]token] {
	return func(yield func([]token) bool) {
		if len(toks) <= wordLangWindow*wordLangWindows {
			yield(toks)
			return
		}
		step := (len(toks) - wordLangWindow) / (wordLangWindows - 1)
		for i := range wordLangWindows {
			if !yield(toks[i*step : i*step+wordLangWindow]) {
				return
			}
		}
	}
}

// langVotes counts the votes of toks for English and Spanish, reading at
// most wordLangWindows windows of wordLangWindow words.
func langVotes(toks []token) (en, es int) {
	lxEN, err1 := lexiconEN()
	lxES, err2 := lexiconES()
	stEN, err3 := stopEN()
	stES, err4 := stopES()
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return 0, 0 // embedded lists that do not parse fail the tests; guess
	}
	voteWord := func(w string) {
		if !hasLetter(w) {
			return // the Spanish stop words include the digits
		}
		if stEN[w] || lxEN.has(w) || strings.IndexByte(w, '\'') >= 0 {
			en++
		}
		if stES[w] || lxES.has(w) || inFolded(lxES, w) || strings.ContainsAny(w, "áéíóúñü") {
			es++
		}
	}
	for win := range voteWindows(toks) {
		for _, t := range win {
			if strings.IndexByte(t.word, '-') < 0 {
				voteWord(t.word)
				continue
			}
			// Hyphenated words vote by their parts, as splitCompounds
			// scores them.
			for part := range strings.SplitSeq(t.word, "-") {
				voteWord(part)
			}
		}
	}
	return en, es
}

func inFolded(lx *lexicon, w string) bool {
	_, ok := lx.folded[w]
	return ok
}
