package local

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is one sentence of a text.
type sentence struct {
	text       string // as in the text, trimmed of surrounding space
	start, end int    // byte offsets of text in the whole text
}

// abbreviations never end a sentence when followed by a period: titles
// and Latin shorthand, English and Spanish. Lower case, inner periods
// kept ("e.g").
var abbreviations = map[string]bool{
	// English
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "mt": true, "vs": true, "e.g": true, "i.e": true, "cf": true, "approx": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "dept": true, "est": true, "gen": true,
	"gov": true, "sen": true, "rep": true, "col": true, "lt": true, "sgt": true, "capt": true,
	"rev": true, "hon": true, "messrs": true, "a.m": true, "p.m": true, "u.s": true, "u.k": true,
	// Spanish
	"sra": true, "srta": true, "sres": true, "dra": true, "lic": true, "ing": true, "arq": true,
	"ud": true, "uds": true, "vd": true, "vds": true, "ej": true, "aprox": true, "avda": true,
	"av": true, "dpto": true, "depto": true, "admón": true, "atte": true, "dña": true,
	"p.ej": true, "ee.uu": true,
}

// numberAbbreviations end no sentence when a number follows ("No. 5",
// "pág. 12", "Jan. 3"), and may end one otherwise: "Dije que no."
var numberAbbreviations = map[string]bool{
	"no": true, "nos": true, "nº": true, "núm": true, "num": true, "vol": true, "vols": true,
	"p": true, "pp": true, "pág": true, "págs": true, "pag": true, "fig": true, "figs": true,
	"art": true, "cap": true, "ch": true, "sec": true, "ed": true, "tel": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"ene": true, "abr": true, "ago": true, "dic": true,
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}

// isCloser reports whether r may follow a sentence's final punctuation
// and still belong to it: closing quotes and brackets.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '}', '›':
		return true
	}
	return false
}

// startsSentence reports whether r can begin a sentence: a capital, a
// digit, a letter of a script without case, an opening quote or bracket,
// or Spanish ¿ and ¡.
func startsSentence(r rune) bool {
	switch {
	case unicode.IsUpper(r), unicode.IsTitle(r), unicode.IsDigit(r):
		return true
	case unicode.IsLetter(r):
		return !unicode.IsLower(r)
	}
	return strings.ContainsRune("¿¡\"'“‘«‹([{-–—•*", r)
}

// splitSentences cuts text into sentences. A sentence ends at . ! ? or …
// (with any closing quotes or brackets after them) followed by space and
// a character that can start a sentence, at a blank line, or at a line
// break before a list item ("- ", "2. "). A period
// after a known abbreviation, a single capital ("J. R. Tolkien") or a
// shorthand of single letters ("U.S.") ends nothing. Spanish questions
// and exclamations need nothing special beyond ¿ and ¡ starting a
// sentence: "¿Vienes? ¡Claro!" is two. Sentences with neither a letter,
// a digit nor a symbol (only punctuation) are dropped.
func splitSentences(text string) []sentence {
	var out []sentence
	add := func(start, end int) {
		seg := text[start:end]
		lead := len(seg) - len(strings.TrimLeftFunc(seg, unicode.IsSpace))
		s := strings.TrimRightFunc(seg[lead:], unicode.IsSpace)
		if !hasContent(s) {
			return
		}
		out = append(out, sentence{text: s, start: start + lead, end: start + lead + len(s)})
	}
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			j := i + size
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' {
				add(start, i)
				start = j + 1
				i = j + 1
				continue
			}
			if isListItem(text[j:]) {
				add(start, i)
				start = j
				i = j
				continue
			}
		case isTerminator(r):
			end := i + size
			for end < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[end:])
				if !isTerminator(r2) && !isCloser(r2) {
					break
				}
				end += s2
			}
			if endsHere(text, start, i, end, r) {
				add(start, end)
				start = end
			}
			i = end
			continue
		}
		i += size
	}
	add(start, len(text))
	return out
}

// isListItem reports whether s starts with a list marker: "- ", "* ",
// "• ", or a number followed by ". " or ") ".
func isListItem(s string) bool {
	for _, m := range []string{"- ", "* ", "• "} {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if digits == 0 || digits > 3 {
		return false
	}
	rest := s[digits:]
	return strings.HasPrefix(rest, ". ") || strings.HasPrefix(rest, ") ")
}

// endsHere decides whether the punctuation text[at:end], whose first rune
// is r, ends the sentence that began at text[start].
func endsHere(text string, start, at, end int, r rune) bool {
	if end == len(text) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[end:])
	wide := r == '。' || r == '！' || r == '？'
	if !unicode.IsSpace(next) {
		// Full-width punctuation needs no space after it.
		return wide
	}
	rest := strings.TrimLeftFunc(text[end:], unicode.IsSpace)
	if rest == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(rest)
	if !startsSentence(first) {
		return false
	}
	if r != '.' || end-at > 1 && strings.Trim(text[at:end], ".") == "" {
		// ! ? … and "..." end a sentence when what follows can start one.
		return true
	}
	if strings.TrimFunc(text[start:at], func(r rune) bool { return unicode.IsDigit(r) || unicode.IsSpace(r) }) == "" {
		// "1. First step": a list number, not a sentence.
		return false
	}
	orig := wordBefore(text, at)
	word := strings.ToLower(orig)
	switch {
	case word == "":
		return true
	case word == "etc":
		// "etc." ends many sentences; before a capital, read it as an end.
		return true
	case abbreviations[word]:
		return false
	case numberAbbreviations[word]:
		return !unicode.IsDigit(first)
	case isInitial(orig):
		return false
	}
	return true
}

// wordBefore returns the run of letters and periods that ends at text[at],
// without leading periods: "e.g" for "(e.g.", "J" for "J.".
func wordBefore(text string, at int) string {
	i := at
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsLetter(r) && r != '.' && r != 'º' {
			break
		}
		i -= size
	}
	return strings.TrimLeft(text[i:at], ".")
}

// isInitial reports whether w is a capital other than "I" ("J" of "J.
// Smith"), or letters each followed by a period ("U.S", "J.R.R"):
// shorthand, not the last word of a sentence.
func isInitial(w string) bool {
	for part := range strings.SplitSeq(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	if strings.Contains(w, ".") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && r != 'I'
}

// hasContent reports whether s has a letter, a digit or a symbol such as
// an emoji: anything but punctuation and space.
func hasContent(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) {
			return true
		}
	}
	return false
}
