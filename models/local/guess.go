package local

import (
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
