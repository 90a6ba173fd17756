package local

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/text/unicode/norm"

	"vigia/assets"
)

// The six languages Vigía is used with most are told apart by a naive
// Bayes model of letters rather than by whatlanggo, whose profiles (the
// 300 most frequent trigrams of each language, compared by rank) leave a
// sentence of Spanish, Italian or Portuguese too close to call. Each word
// is scored letter by letter, as a language model would: the cost of a
// letter is -log of its probability given the (up to three) letters of the
// word before it, from profiles of the few thousand most frequent n-grams
// of one to four letters of each language (assets.LangProfiles, extracted
// from lingua-go's models); when a language's profile lacks the n-gram,
// it backs off to a shorter one, for backoffCost a step. A bonus is taken
// off for each of the language's most common function words
// (sixStopwords): on a few words, "the", "der", "que" or "della" say more
// than their letters. Each language has a word list as well (SCOWL's
// English dictionary, and lists of Spanish, German, French, Italian and
// Portuguese words from npm packages; sixDictionaries): each of a text's
// other words counts for each language whose list has it and against each
// whose list lacks it (wordListCosts), so that a short technical English
// text ("invalid parameter name", "Cannot create libdeps record.") is not
// read as Portuguese or Romanian from its letters, nor "Espacio
// horizontal entre celdas." as Portuguese. A word none of them has counts
// for none.
//
// On the train split's texts under 60 characters, scoring each letter
// once by its context, rather than summing the costs of every 1-, 2- and
// 3-gram as the model did before, and adding the 4-grams were each worth
// about half a point, together more than a point (docs/PERFORMANCE-NOTES.md).

// sixLangs are the languages of the profiles, in their order.
var sixLangs = [6]whatlanggo.Lang{whatlanggo.Eng, whatlanggo.Spa, whatlanggo.Deu, whatlanggo.Fra, whatlanggo.Ita, whatlanggo.Por}

var sixCodes = [6]string{"en", "es", "de", "fr", "it", "pt"}

// maxGram is the longest n-gram of the profiles: a letter is scored given
// at most maxGram-1 letters before it.
const maxGram = 4

// missingCost is added to the highest cost of a profile's letters for a
// letter it lacks: such a letter is rarer than any it keeps.
const missingCost = 15

// backoffCost is the cost, in tenths of a nat, of each step from an
// n-gram a language's profile lacks to the next shorter one. Tuned on the
// train split of bench/cmd/langbench (5 to 20 were within a few texts).
const backoffCost = 10

// stopwordBonus is the cost, in tenths of a nat, taken off a language for
// each of its function words in the text. Tuned on the train split of
// bench/cmd/langbench: with the lists completed (langstopwords.go), 60
// lost a few texts against 100 to 130.
const stopwordBonus = 100

// dictKnown and dictUnknown are the costs, in tenths of a nat, taken off
// a language for a word of dictMinLetters or more that its word list has,
// and added to it for one its list lacks (function words of the six left
// out: the function-word bonus scores them). Tuned on the train splits of
// bench/cmd/langbench's three corpora, first with English's list alone:
// at 30 each, English texts of 20 to 400 characters were right
// 98.1 → 98.7 % (manual pages), 98.6 → 99.3 % (message catalogs) and
// 98.0 → 98.9 % (package descriptions), where 20 gained English less, 40
// and 80 lost more of the others, and a bonus alone or a cost alone lost
// more than both. With the other five lists at the same costs, and words
// no list has left out, the six together went 97.8 → 98.1, 98.9 → 99.1
// and 98.0 → 98.2, Portuguese 96.9 → 98.3, 98.8 → 99.3 and 96.6 → 97.3
// (docs/PERFORMANCE-NOTES.md).
const (
	dictKnown      = 30
	dictUnknown    = 30
	dictMinLetters = 3
)

// sixDictionaries are the word lists of the six languages, by their index
// in sixLangs: SCOWL's English (the speller's, spelling.go), and Spanish,
// German, French, Italian and Portuguese (assets.WordsES and the others),
// whose words are folded (plainLetters). They are read once, on the first
// text scored; one that fails to read is left out, nil (the tests check
// the embedded files).
var sixDictionaries = sync.OnceValue(func() [6]*wordList {
	// Read side by side: decompressing 15 MB of words is most of the
	// model's load.
	var d [6]*wordList
	var wg sync.WaitGroup
	wg.Go(func() { d[0], _ = dictionaryEN() })
	for i, gz := range [6][]byte{1: assets.WordsES, 2: assets.WordsDE, 3: assets.WordsFR, 4: assets.WordsIT, 5: assets.WordsPT} {
		if gz != nil {
			wg.Go(func() { d[i], _ = readWordList("the "+sixCodes[i]+" word list", gz) })
		}
	}
	wg.Wait()
	return d
})

// wordListCosts are the costs of a word, lower-cased (word) and folded
// (folded), for each language from its word list: dictKnown taken off
// each language whose list has it, dictUnknown added to each whose list
// lacks it. A word no list has (a name, "libdeps", a word too new for
// them) says nothing of its language and costs none of them anything.
func wordListCosts(dicts *[6]*wordList, word, folded []byte) [6]int {
	var known [6]bool
	anyKnown := false
	for l, d := range dicts {
		w := folded
		if l == 0 {
			w = word // SCOWL's words keep their accents (café)
		}
		known[l] = d != nil && d.hasBytes(w)
		anyKnown = anyKnown || known[l]
	}
	var cost [6]int
	for l, d := range dicts {
		switch {
		case !anyKnown || d == nil:
		case known[l]:
			cost[l] = -dictKnown
		default:
			cost[l] = dictUnknown
		}
	}
	return cost
}

// accentless maps each letter with accents of Latin-1 and Latin
// Extended-A to the letter without them ('ç' → 'c', 'ã' → 'a'), from
// Unicode's canonical decompositions, and the others to 0. It is built on
// first use, not at start-up (160 µs).
var accentless = sync.OnceValue(func() (t *[0x250]byte) {
	t = new([0x250]byte)
	for r := rune(0xC0); r < 0x250; r++ {
		d := []rune(norm.NFD.String(string(r)))
		if len(d) < 2 || d[0] >= 0x80 {
			continue
		}
		plain := true
		for _, m := range d[1:] {
			plain = plain && unicode.Is(unicode.Mn, m)
		}
		if plain {
			t[r] = byte(d[0])
		}
	}
	return t
})

// plainLetters appends word, in UTF-8, to dst with the accents taken off
// its letters (accentless), as the Spanish, Portuguese and Italian word
// lists are written (bench/cmd/langbench -words): “configuração” is
// looked up as “configuracao”, “año” as “ano”. Unlike foldAccents (the
// Spanish lexicon's), it folds every accent and ñ too. It allocates
// nothing when dst has room.
func plainLetters(dst, word []byte) []byte {
	var plain *[0x250]byte
	for i := 0; i < len(word); {
		if word[i] < utf8.RuneSelf {
			dst = append(dst, word[i])
			i++
			continue
		}
		if plain == nil {
			plain = accentless()
		}
		r, n := utf8.DecodeRune(word[i:])
		if r < rune(len(plain)) && plain[r] != 0 {
			dst = append(dst, plain[r])
		} else {
			dst = append(dst, word[i:i+n]...)
		}
		i += n
	}
	return dst
}

// sixProfiles are the parsed profiles: for each n-gram, the index in
// costs of its cost (of its last letter given the ones before) in each
// language, 0 when the language's profile lacks it; and the cost of a
// letter none of them has.
type sixProfiles struct {
	index   map[string]int32
	costs   [][6]uint8
	missing [6]int
}

// lookup returns the costs of n-gram g.
func (p *sixProfiles) lookup(g []byte) ([6]uint8, bool) {
	i, ok := p.index[string(g)]
	if !ok {
		return [6]uint8{}, false
	}
	return p.costs[i], true
}

// loadSixProfiles parses assets.LangProfiles, lines "lang n ngram cost",
// once; it works on bytes rather than strings, so that the 80 000 lines
// allocate one string an n-gram and nothing else.
var loadSixProfiles = sync.OnceValue(func() *sixProfiles {
	p := &sixProfiles{index: make(map[string]int32, 40000), costs: make([][6]uint8, 0, 40000)}
	zr, err := gzip.NewReader(bytes.NewReader(assets.LangProfiles))
	if err != nil {
		return p // the embedded file is checked by the tests
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return p
	}
	for line := range bytes.Lines(data) {
		code, rest, _ := bytes.Cut(bytes.TrimSpace(line), []byte{' '})
		order, rest, _ := bytes.Cut(rest, []byte{' '})
		g, cost, ok := bytes.Cut(rest, []byte{' '})
		li, n, c := langIndex(string(code)), atoi(order), atoi(cost)
		if !ok || li < 0 || n < 1 || n > maxGram || c < 1 || c > 255-missingCost {
			continue // the comment line, or a damaged one
		}
		i, ok := p.index[string(g)]
		if !ok {
			i = int32(len(p.costs))
			p.index[string(g)] = i
			p.costs = append(p.costs, [6]uint8{})
		}
		p.costs[i][li] = uint8(c)
		if n == 1 {
			p.missing[li] = max(p.missing[li], c+missingCost)
		}
	}
	return p
})

// atoi parses a small decimal number, -1 when b is not one.
func atoi(b []byte) int {
	if len(b) == 0 || len(b) > 4 {
		return -1
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func langIndex(code string) int {
	for i, c := range sixCodes {
		if c == code {
			return i
		}
	}
	return -1
}

// sixScore is the model's verdict on a text.
type sixScore struct {
	best int     // index in sixLangs, -1 when the text has no letters
	conf float64 // probability of best among the six, 0 to 1
	// ngrams is how many letters were scored, one n-gram each.
	ngrams int
	// perGram is best's cost per letter, in tenths of a nat, its function
	// words' bonus left out: how well the text fits best's profile at all.
	perGram float64
	// spelt is perGram with best's word-list costs left out too: how well
	// the text's letters alone fit. A text whose words best's list has is
	// more likely best than another of the six, not more likely one of
	// the six (German's list has many Dutch words).
	spelt float64
	// words and hits count the words scored and best's function words
	// among them.
	words, hits int
}

// scoreSix scores text against the six profiles.
func scoreSix(text string) sixScore {
	p := loadSixProfiles()
	dicts := sixDictionaries()
	var cost [6]int
	// listed is the part of cost from the word lists; like the function
	// words' bonus, it is left out of perGram.
	var listed [6]int
	var hits [6]int
	ngrams, words := 0, 0
	// word is the current word, lower-cased, in UTF-8; starts holds the
	// byte offset of each of its runes and then its length, so that an
	// n-gram is a slice of word and its lookup allocates nothing.
	var word, folded []byte
	var starts []int
	flush := func() {
		if len(word) == 0 {
			return
		}
		words++
		stop := sixStopwords[string(word)]
		for i := 0; stop != 0 && i < 6; i++ {
			if stop&(1<<i) != 0 {
				cost[i] -= stopwordBonus
				hits[i]++
			}
		}
		starts = append(starts, len(word))
		runes := len(starts) - 1
		if stop == 0 && runes >= dictMinLetters {
			folded = plainLetters(folded[:0], word)
			for l, c := range wordListCosts(&dicts, word, folded) {
				cost[l] += c
				listed[l] += c
			}
		}
		for i := range runes {
			// Each language scores the letter by the longest n-gram
			// ending at it that its profile has, plus backoffCost for
			// each step shorter than the longest one the word allows.
			var done [6]bool
			var backoff [6]int
			left := 6
			for n := min(maxGram, i+1); n >= 1 && left > 0; n-- {
				c, ok := p.lookup(word[starts[i+1-n]:starts[i+1]])
				for l := range 6 {
					if done[l] {
						continue
					}
					if ok && c[l] != 0 {
						cost[l] += backoff[l] + int(c[l])
						done[l] = true
						left--
					} else {
						backoff[l] += backoffCost
					}
				}
			}
			for l := range 6 {
				if !done[l] {
					cost[l] += p.missing[l]
				}
			}
			ngrams++
		}
		word, starts = word[:0], starts[:0]
	}
	scan := func(tok string) {
		for _, r := range tok {
			if unicode.IsLetter(r) {
				starts = append(starts, len(word))
				word = utf8.AppendRune(word, unicode.ToLower(r))
				continue
			}
			// Anything else ends a word; in l'homme or dell'anno the
			// elided article is a word of its own.
			flush()
		}
		flush()
	}
	// Words of prose only (proseWord): names of code (SO_EE_OFFENDER, md5sum,
	// getdomainname(2), --block-size, camelCase) and acronyms are spelt
	// the same in every language, and their letters mislead the model.
	// When nothing else is left, they are all there is.
	for tok := range strings.FieldsSeq(text) {
		if w, ok := proseWord(tok); ok {
			scan(w)
		}
	}
	if ngrams == 0 {
		cost, listed, hits, words = [6]int{}, [6]int{}, [6]int{}, 0
		scan(text)
	}
	if ngrams == 0 {
		return sixScore{best: -1}
	}
	best := 0
	for l := range 6 {
		if cost[l] < cost[best] {
			best = l
		}
	}
	// Costs are in tenths of a nat: the probability of best among the six,
	// the n-grams taken as independent, is 1/Σ exp(-(cost-best)/10).
	sum := 0.0
	for l := range 6 {
		sum += math.Exp(-float64(cost[l]-cost[best]) / 10)
	}
	return sixScore{best: best, conf: 1 / sum, ngrams: ngrams, words: words, hits: hits[best],
		perGram: float64(cost[best]+hits[best]*stopwordBonus) / float64(ngrams),
		spelt:   float64(cost[best]-listed[best]+hits[best]*stopwordBonus) / float64(ngrams)}
}

// proseWord returns the word of prose in a whitespace-separated token,
// and false when the token is code (codeLike). What encloses a word is
// not part of it: brackets, quotes and punctuation around it (the
// translated placeholder in "[<opciones>]", the word in "“manual”!"), and
// C escapes after it ("given\n" in a message catalog's string).
func proseWord(tok string) (string, bool) {
	for {
		t := strings.TrimLeft(tok, enclosing)
		t = strings.TrimRight(t, enclosing)
		for _, e := range []string{`\n`, `\t`, `\r`} {
			t = strings.TrimSuffix(t, e)
		}
		if t == tok {
			break
		}
		tok = t
	}
	if tok == "" || codeLike(tok) {
		return "", false
	}
	return tok, true
}

// enclosing is what proseWord takes off either end of a token.
const enclosing = "<>[](){}\"'“”‘’«»`.,;:!?¿¡"

// codeLike reports whether a whitespace-separated token is a name from
// code or an acronym rather than a word of prose: it has a digit, an
// underscore or a character of paths, options and markup among letters,
// starts with a dash, has an upper-case letter after a lower-case one
// (camelCase), or is two or more letters all upper-case.
func codeLike(tok string) bool {
	if strings.HasPrefix(tok, "-") {
		return true
	}
	upper, lower, lowerThenUpper := 0, 0, false
	for _, r := range tok {
		switch {
		case r >= '0' && r <= '9', strings.ContainsRune("_/\\=@<>{}[]$%#|~^*+", r):
			return true
		case unicode.IsUpper(r):
			upper++
			lowerThenUpper = lowerThenUpper || lower > 0
		case unicode.IsLower(r):
			lower++
		}
	}
	return lowerThenUpper || upper >= 2 && lower == 0
}
