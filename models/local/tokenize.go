package local

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text.
type token struct {
	// word is the word lower-cased, with typographic apostrophes folded to
	// ASCII ones ("don’t" → "don't").
	word string
	// brk reports that something other than spaces lies between this word
	// and the one before it: punctuation, a symbol, a line break. Phrases
	// (RAKE candidates, lexicon phrases, the scope of a negation) never
	// cross a break. The first token always has brk set.
	brk bool
	// end reports that a sentence ends between this word and the one
	// before it: a full stop, question or exclamation mark, semicolon or
	// line break lies there. The first token has it set too.
	end bool
}

// isWordRune reports whether r can be part of a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// isJoiner reports whether r joins two word runes into one word: the
// apostrophes of "don't" and "l’eau", the hyphen of "well-being".
func isJoiner(r rune) bool {
	return r == '\'' || r == '’' || r == '-' || r == '‐'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// sentenceEnd reports whether r ends a sentence.
func sentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '\n', '…', '¡', '¿':
		return true
	}
	return false
}

// tokenize splits text into words. Letters, digits and combining marks
// make words; apostrophes and hyphens between two of them stay inside the
// word. Everything else separates words. It runs in one pass, reads ASCII
// through a table, and for lower-case text allocates only the slice.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5+1)
	brk, end := true, true
	for i := 0; i < len(text); {
		r, size := decodeRune(text, i)
		if !isWordRune(r) {
			if r == '\n' || !unicode.IsSpace(r) {
				brk = true
				// A full stop between two digits is a decimal point.
				end = end || sentenceEnd(r) && !(r == '.' && i > 0 && isDigit(text[i-1]) && i+1 < len(text) && isDigit(text[i+1]))
			}
			i += size
			continue
		}
		start := i
		i += size
		for i < len(text) {
			r, size = decodeRune(text, i)
			if isWordRune(r) {
				i += size
				continue
			}
			if isJoiner(r) && i+size < len(text) {
				if next, _ := decodeRune(text, i+size); isWordRune(next) {
					i += size
					continue
				}
			}
			break
		}
		toks = append(toks, token{word: normWord(text[start:i]), brk: brk, end: end})
		brk, end = false, false
	}
	return toks
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) with the ASCII case first.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// normWord lower-cases w and folds typographic apostrophes and hyphens to
// ASCII. It returns w itself when nothing changes.
func normWord(w string) string {
	w = strings.ToLower(w)
	// ’ and ‐ both start with byte 0xE2; most words have neither.
	if strings.IndexByte(w, 0xE2) >= 0 {
		w = punctFolder.Replace(w)
	}
	return w
}

var punctFolder = strings.NewReplacer("’", "'", "‐", "-")

// hasLetter reports whether w contains a letter; numbers such as "2024"
// or "3-4" carry no keyword or topic.
func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// foldAccents removes the acute accents and diaeresis of Spanish vowels
// ("está" → "esta"), keeping ñ, so a word typed without accents still
// finds its lexicon entry. It returns w itself when w has none.
func foldAccents(w string) string {
	if !strings.ContainsAny(w, "áéíóúü") {
		return w
	}
	return accentFolder.Replace(w)
}

var accentFolder = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u")
