package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The cleaning rules below keep in a translated page only the paragraphs
// that are surely in its language. manpages-l10n leaves the paragraphs it
// has not translated in English, and pages are full of options, commands
// and examples; eld, which is right on about 97 % of clean text, was right
// on only 78 % of Spanish and Italian before (docs/PERFORMANCE.md). The
// rules are written out in scripts/corpus.sh, which renders each
// translated page's English original for them.

// paragraphs returns the prose of a rendered manual page of language lang:
// each line of the page is a paragraph (corpus.sh renders with a very wide
// line). It leaves out the page header and section headings, code and
// options (isProse), any paragraph of a translation that is (near-)
// identical to a paragraph of its English original orig or of another
// English page (english), and any paragraph of a translation whose stop
// words are clearly English.
func paragraphs(text, lang string, orig []string, english map[string]bool) []string {
	var origWords []map[string]bool
	origKeys := map[string]bool{}
	for _, o := range orig {
		origWords = append(origWords, wordSet(o))
		origKeys[letterKey(o)] = true
	}
	var out []string
	for line := range strings.Lines(text) {
		p := strings.Join(strings.Fields(line), " ")
		if !indented(line) || !isProse(p) {
			continue
		}
		if lang != "en" {
			if english[p] || origKeys[letterKey(p)] || nearCopy(wordSet(p), origWords) || looksEnglish(p, lang) {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// indented: man(1) indents body text and not the page header or section
// headings.
func indented(line string) bool { return strings.HasPrefix(line, "   ") }

// isProse reports whether p reads as prose: 20 bytes or more, three words
// or more, not starting like an option or a shell prompt, at least 70 %
// letters (spaces counted as non-letters) and not mostly capitals.
func isProse(p string) bool {
	if len(p) < 20 || strings.IndexAny(p[:1], "-$#%") == 0 {
		return false
	}
	letters, upper, spaces := 0, 0, 0
	for _, r := range p {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case r == ' ':
			spaces++
		}
	}
	return spaces >= 2 && letters*10 >= utf8.RuneCountInString(p)*7 && upper*2 <= letters
}

// letterKey is p's letters, lower-cased: two paragraphs with the same key
// differ in punctuation, spacing or numbers only.
func letterKey(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// words returns p's words, lower-cased, split at anything but a letter or
// an apostrophe.
func words(p string) []string {
	return strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
}

func wordSet(p string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words(p) {
		m[w] = true
	}
	return m
}

// nearCopy reports whether 80 % or more of the distinct words of a
// paragraph occur in one paragraph of the original: an untranslated
// paragraph with a changed word or two, or a list of option names.
func nearCopy(p map[string]bool, orig []map[string]bool) bool {
	if len(p) == 0 {
		return false
	}
	for _, o := range orig {
		n := 0
		for w := range p {
			if o[w] {
				n++
			}
		}
		if n*5 >= len(p)*4 {
			return true
		}
	}
	return false
}

// cleanStopwords are a few of the most frequent function words of each
// language, chosen to be in one language of the six only. They serve
// the cleaning only; Vigía's own lists are in models/local.
var cleanStopwords = map[string]map[string]bool{
	"en": set("the of and to is are be this that with for by from which when it an not or can will if these"),
	"es": set("el la los las del que es en por para una con se su al lo como sus más pero este esta"),
	"de": set("der die das und ist nicht mit von den dem des ein eine für auf wird werden sich zu im auch"),
	"fr": set("le la les des du et est une dans pour que qui sur pas par au aux ce cette sont être"),
	"it": set("il la le di che è per una del della dei delle con gli non sono nel nella questo viene"),
	"pt": set("o a os as do da dos das que é em para uma com não no na se por ao são este"),
	// The languages outside the six (see others in corpus.go).
	"nl": set("de het een en van in is dat op te zijn met voor niet worden wordt door deze bij"),
	"pl": set("i w na z do się nie jest to że o dla jak lub przez od po są być które"),
	"ro": set("și în de la cu pe nu este că din pentru o un sau care se al ale sunt"),
	"sv": set("och i att det som en på är av för med till den inte om har eller kan"),
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// looksEnglish reports whether paragraph p of a page in lang has clearly
// more English stop words than stop words of lang: three or more and
// twice as many, or two and none of lang.
func looksEnglish(p, lang string) bool {
	en, own := 0, 0
	for _, w := range words(p) {
		if cleanStopwords["en"][w] {
			en++
		}
		if cleanStopwords[lang][w] {
			own++
		}
	}
	return en >= 3 && en >= 2*own || en >= 2 && own == 0
}
