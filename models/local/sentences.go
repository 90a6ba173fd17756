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
// a character that can start a sentence, at a blank line, at a line
// break before a list item ("- ", "2. ") or an attribution ("-- Name",
// see isAttribution), before an attribution that ends a line ("… wit --
// Shakespeare"), and at a line break the writer chose (see lineEnds): a
// title or a short description line above a capitalised line. A period
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
			if isListItem(text[j:]) || lineEnds(text, i, j) {
				add(start, i)
				start = j
				i = j
				continue
			}
		case r == ' ' || r == '\t':
			if at, ok := attributionAfter(text, i); ok {
				add(start, at)
				start = at
				i = at
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

// lineEnds decides whether the line break at text[nl], whose next line
// starts at text[next], ends a sentence although no punctuation does: a
// title, a short description line or an unmarked list item stands on a
// line of its own. It does when
//
//   - the next line is an attribution ("-- Name"); or
//   - the line before ends in a letter, a digit or a closing bracket or
//     quote (so not in , ; : or a dash, which go on), its last word is
//     not one that cannot end a sentence ("the", "of", "de"…), the next
//     line starts the way a sentence does (a capital, a digit, an
//     opening quote, not a bracket: see startsLine), and the next line's first word would have fitted
//     on the line before, by the next line's own length. Wrapped text
//     breaks a line only where the next word does not fit, so a break
//     with room to spare was the writer's, while "the GNU General
//     Public" wrapped before "License" stays one sentence.
//
// A line ending mid-sentence above a lower-case continuation is never
// cut.
func lineEnds(text string, nl, next int) bool {
	rest := text[next:]
	if end := strings.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	rest = strings.TrimRightFunc(rest, unicode.IsSpace)
	if isAttribution(rest) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(rest)
	if rest == "" || !startsLine(first) {
		return false
	}
	prev := strings.TrimSpace(text[strings.LastIndexByte(text[:nl], '\n')+1 : nl])
	last, _ := utf8.DecodeLastRuneInString(prev)
	if prev == "" || !unicode.IsLetter(last) && !unicode.IsDigit(last) && !isCloser(last) {
		return false
	}
	if words := strings.Fields(prev); continuesLine[strings.ToLower(words[len(words)-1])] {
		return false
	}
	firstWord, _, _ := strings.Cut(rest, " ")
	return utf8.RuneCountInString(prev)+1+utf8.RuneCountInString(firstWord) <= utf8.RuneCountInString(rest)
}

// startsLine reports whether r can begin a sentence on a line of its
// own: as startsSentence, but an opening bracket at the start of a line
// more often goes on with the sentence above ("the %s verb\n(and %v
// reading into a string) stops…").
func startsLine(r rune) bool {
	return startsSentence(r) && !strings.ContainsRune("([{", r)
}

// continuesLine holds words that end no sentence, English and Spanish:
// articles, prepositions and conjunctions. A line ending in one goes on
// on the next line, capital or not ("published by the\nFree Software
// Foundation").
var continuesLine = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true,
	"at": true, "by": true, "for": true, "from": true, "with": true, "as": true,
	"into": true, "onto": true, "than": true, "and": true, "or": true, "nor": true,
	"but": true, "if": true, "that": true, "which": true, "who": true, "whose": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "my": true,
	"your": true, "its": true, "our": true, "their": true, "his": true, "her": true,
	"el": true, "la": true, "los": true, "las": true, "un": true, "una": true,
	"unos": true, "unas": true, "de": true, "del": true, "al": true, "en": true,
	"por": true, "para": true, "con": true, "sin": true, "sobre": true, "entre": true,
	"y": true, "e": true, "o": true, "u": true, "ni": true, "pero": true, "que": true,
	"como": true, "su": true, "sus": true, "mi": true, "es": true, "son": true,
}

// attributionMarks begin an attribution: "-- Mark Twain", "— Borges",
// "~ Anónimo". A single hyphen is a list item or a minus, not one.
var attributionMarks = []string{"--", "—", "―", "~"}

// isAttribution reports whether s credits a quotation: a mark of
// attributionMarks, then a name, then optionally a comma or bracket and
// anything (a work, a date). A name is one to six words, the first
// capitalised, each capitalised, an initial ("J.") or a particle such as
// "de", "van" or "of"; its last word ends in no ? or !, and in a period
// only as an initial or "Jr.", so dialogue ("—Sí." "—¿Vienes?") is no
// attribution.
func isAttribution(s string) bool {
	s = strings.TrimSpace(s)
	mark := ""
	for _, m := range attributionMarks {
		if strings.HasPrefix(s, m) {
			mark = m
			break
		}
	}
	if mark == "" {
		return false
	}
	s = strings.TrimLeft(s[len(mark):], "-")
	if !strings.HasPrefix(s, " ") && mark == "~" {
		return false // "~/bin", "~5 ms"
	}
	name := strings.TrimSpace(s)
	if i := strings.IndexAny(name, ",([;"); i >= 0 {
		name = strings.TrimSpace(name[:i])
	}
	words := strings.Fields(name)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && (i == 0 || !nameParticles[w]) {
			return false
		}
	}
	lastWord := words[len(words)-1]
	switch lastRune, _ := utf8.DecodeLastRuneInString(lastWord); lastRune {
	case '?', '!', '…':
		return false
	case '.':
		w := strings.TrimSuffix(lastWord, ".")
		return isInitial(w) || abbreviations[strings.ToLower(w)]
	}
	return true
}

// nameParticles are the lower-case words inside names: "Ludwig van
// Beethoven", "Miguel de Cervantes", "Thomas of Aquino".
var nameParticles = map[string]bool{
	"de": true, "del": true, "la": true, "las": true, "los": true, "y": true, "i": true,
	"van": true, "von": true, "der": true, "den": true, "da": true, "di": true, "du": true,
	"le": true, "of": true, "the": true, "bin": true, "ibn": true, "al": true, "el": true,
}

// attributionAfter reports whether the space or tab at text[at] is
// followed by an attribution that runs to the end of the line ("Brevity
// is the soul of wit -- Shakespeare"), and where the attribution starts.
// Only "--", "—" and "―" count here: "~" inside a line is rarely one.
func attributionAfter(text string, at int) (int, bool) {
	next := at + 1
	if next >= len(text) || !strings.HasPrefix(text[next:], "--") && !strings.HasPrefix(text[next:], "—") && !strings.HasPrefix(text[next:], "―") {
		return 0, false
	}
	if strings.TrimSpace(text[strings.LastIndexByte(text[:at], '\n')+1:at]) == "" {
		return 0, false // the line starts with it: lineEnds' case
	}
	line := text[next:]
	if end := strings.IndexByte(line, '\n'); end >= 0 {
		line = line[:end]
	}
	return next, isAttribution(line)
}

// seeVerbs point the reader elsewhere when they start a sentence. The
// ones of pointsAlways do so whatever follows; the others only before a
// reference (see refersElsewhere): "See the section on calls" points,
// "See how it runs" does not.
var (
	seeVerbs     = []string{"see", "refer to", "véase", "véanse", "vea", "ver", "consulte", "consúltese", "remítase a"}
	pointsAlways = []string{"see also", "cf.", "cf", "véase también", "ver también", "vea también"}
)

// infoLeads introduce a pointer: "For more information, see …", "Para
// más información, consulte …".
var infoLeads = []string{
	"for more information", "for further information", "for more details", "for further details",
	"for details", "for more on", "more information", "further information", "more details",
	"para más información", "para obtener más información", "para más detalles", "más información",
	"más detalles",
}

// referenceWords name a place in a document: a section, a page, what
// comes below.
var referenceWords = map[string]bool{
	"section": true, "sections": true, "chapter": true, "chapters": true, "appendix": true,
	"annex": true, "page": true, "pages": true, "p": true, "pp": true, "figure": true, "fig": true,
	"table": true, "part": true, "clause": true, "paragraph": true, "footnote": true, "note": true,
	"manual": true, "documentation": true, "docs": true, "faq": true, "below": true, "above": true,
	"sección": true, "secciones": true, "capítulo": true, "capítulos": true, "apéndice": true,
	"anexo": true, "página": true, "páginas": true, "pág": true, "págs": true, "figura": true,
	"tabla": true, "parte": true, "apartado": true, "párrafo": true, "nota": true,
	"artículo": true, "art": true, "documentación": true, "abajo": true, "arriba": true,
	"adelante": true,
}

// isCrossReference reports whether a sentence's main content is a
// pointer elsewhere, in English or Spanish:
//
//   - it starts (maybe inside brackets) with "see also", "cf." or
//     "véase también";
//   - it starts with a verb of seeVerbs ("See", "Refer to", "Véase",
//     "Ver", "Consulte") followed, within six words, by a reference: a
//     section, chapter, page or figure word, "below" or "above", a
//     section number ("5.1", "§ 3"), a URL, a manual page ("ls(1)") or a
//     link in brackets; or later by "for details", "for more …", "para
//     más …" and the like ("See the manual for more details.");
//   - it starts with a clause of at most 12 words, then a comma and what
//     the rules above ask for: "For operations on constants only, see
//     the section on constant expressions.", "If not, see
//     <https://…>."; or
//   - it starts with a lead-in of infoLeads ("For more information",
//     "Para más información") and holds a verb of seeVerbs or a URL.
//
// "See how it runs." and a sentence with a bracketed "(see Section 2)"
// inside are not cross-references.
func isCrossReference(s string) bool {
	s = strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), "([{\"'“‘«¿¡ "))
	for _, lead := range infoLeads {
		if hasWordPrefix(s, lead) {
			for _, v := range seeVerbs {
				if containsWord(s, v) {
					return true
				}
			}
			return hasURL(s)
		}
	}
	if seesElsewhere(s) {
		return true
	}
	if lead, rest, ok := strings.Cut(s, ","); ok && len(strings.Fields(lead)) <= 12 {
		return seesElsewhere(strings.TrimSpace(rest))
	}
	return false
}

// seesElsewhere reports whether s, lower-cased, starts with a verb of
// pointsAlways, or with one of seeVerbs followed by a reference or by
// "for details" and the like ("See the manual for details."): see
// isCrossReference.
func seesElsewhere(s string) bool {
	for _, v := range pointsAlways {
		if hasWordPrefix(s, v) {
			return true
		}
	}
	for _, v := range seeVerbs {
		if hasWordPrefix(s, v) {
			if refersElsewhere(s[len(v):]) {
				return true
			}
			for _, d := range detailLeads {
				if containsWord(s, d) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// detailLeads, after a verb of seeVerbs, make a pointer of what comes
// between: "See the manual for more details."
var detailLeads = []string{
	"for details", "for more", "for further", "for the details", "for a description",
	"para más", "para obtener más", "para los detalles", "para una descripción",
}

// refersElsewhere reports whether the first words of s, what follows a
// verb of seeVerbs, name a place: see isCrossReference.
func refersElsewhere(s string) bool {
	if hasURL(s) || strings.ContainsAny(s, "§[") {
		return true
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '(' && r != ')'
	})
	for i, w := range words[:min(len(words), 6)] {
		w = strings.Trim(w, ".")
		if referenceWords[strings.Trim(w, "()")] {
			return true
		}
		if i == 0 && strings.Trim(w, "0123456789.") == "" && strings.Contains(w, ".") {
			return true // "See 5.1."
		}
		if open := strings.IndexByte(w, '('); open > 0 && strings.HasSuffix(w, ")") && strings.Trim(w[open:], "()0123456789") == "" {
			return true // "See ls(1)."
		}
	}
	return false
}

// hasWordPrefix reports whether s starts with p as whole words.
func hasWordPrefix(s, p string) bool {
	if !strings.HasPrefix(s, p) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[len(p):])
	return len(s) == len(p) || !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// containsWord reports whether s holds w as whole words.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		before, _ := utf8.DecodeLastRuneInString(s[:at])
		if (at == 0 || !unicode.IsLetter(before)) && hasWordPrefix(s[at:], w) {
			return true
		}
		i = at + len(w)
	}
}

// hasURL reports whether s holds a web address.
func hasURL(s string) bool {
	return strings.Contains(s, "://") || strings.Contains(s, "www.")
}

// withoutPointers returns s with its bracketed cross-references removed,
// "(see Section 10.2)", "(véase el capítulo 3)", so that the words of a
// pointer do not count towards the sentence they sit in.
func withoutPointers(s string) string {
	for i := 0; i < len(s); {
		open := strings.IndexByte(s[i:], '(')
		if open < 0 {
			break
		}
		open += i
		end := strings.IndexByte(s[open:], ')')
		if end < 0 {
			break
		}
		end += open + 1
		if isCrossReference(s[open:end]) {
			s = s[:open] + s[end:]
			i = open
			continue
		}
		i = open + 1
	}
	return s
}
