package local

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"vigia/assets"
)

// The six languages Vigía is used with most are told apart by a naive
// Bayes model of letter n-grams rather than by whatlanggo, whose profiles
// (the 300 most frequent trigrams of each language, compared by rank) leave
// a sentence of Spanish, Italian or Portuguese too close to call. The
// model sums, for each language, the cost (-log share) of each of the
// text's n-grams of one to three letters within a word, from profiles of
// the few thousand most frequent n-grams of each language
// (assets.LangProfiles, extracted from lingua-go's models), and takes off
// a bonus for each of the language's most common function words
// (sixStopwords): on a few words, "the", "der", "que" or "della" say more
// than their letters.

// sixLangs are the languages of the profiles, in their order.
var sixLangs = [6]whatlanggo.Lang{whatlanggo.Eng, whatlanggo.Spa, whatlanggo.Deu, whatlanggo.Fra, whatlanggo.Ita, whatlanggo.Por}

var sixCodes = [6]string{"en", "es", "de", "fr", "it", "pt"}

// missingCost is added to the highest cost of a profile for an n-gram it
// lacks: such an n-gram is rarer than any it keeps.
const missingCost = 15

// stopwordBonus is the cost, in tenths of a nat, taken off a language for
// each of its function words in the text. Tuned on the train split of
// bench/cmd/langbench.
const stopwordBonus = 90

// sixProfiles are the parsed profiles: cost of each n-gram in each
// language, and for each length the cost of a missing one.
type sixProfiles struct {
	cost    map[string][6]uint8
	missing [4][6]int
}

var loadSixProfiles = sync.OnceValue(func() *sixProfiles {
	p := &sixProfiles{cost: make(map[string][6]uint8, 16000)}
	zr, err := gzip.NewReader(bytes.NewReader(assets.LangProfiles))
	if err != nil {
		return p // the embedded file is checked by the tests
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 || f[0] == "#" {
			continue
		}
		li := langIndex(f[0])
		n, err1 := strconv.Atoi(f[1])
		c, err2 := strconv.Atoi(f[3])
		if li < 0 || err1 != nil || err2 != nil || n < 1 || n > 3 || c < 1 || c > 255-missingCost {
			continue
		}
		v := p.cost[f[2]]
		v[li] = uint8(c)
		p.cost[f[2]] = v
		p.missing[n][li] = max(p.missing[n][li], c+missingCost)
	}
	return p
})

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
	// ngrams is how many n-grams were scored.
	ngrams int
	// perGram is best's cost per n-gram, in tenths of a nat, its function
	// words' bonus left out: how well the text fits best's profile at all.
	perGram float64
	// words and hits count the words scored and best's function words
	// among them.
	words, hits int
}

// scoreSix scores text against the six profiles.
func scoreSix(text string) sixScore {
	p := loadSixProfiles()
	var cost [6]int
	var hits [6]int
	ngrams, words := 0, 0
	// word is the current word, lower-cased, in UTF-8; starts holds the
	// byte offset of each of its runes and then its length, so that an
	// n-gram is a slice of word and its lookup allocates nothing.
	var word []byte
	var starts []int
	flush := func() {
		if len(word) == 0 {
			return
		}
		words++
		if w := sixStopwords[string(word)]; w != 0 {
			for i := range 6 {
				if w&(1<<i) != 0 {
					cost[i] -= stopwordBonus
					hits[i]++
				}
			}
		}
		starts = append(starts, len(word))
		runes := len(starts) - 1
		for n := 1; n <= 3; n++ {
			for i := 0; i+n <= runes; i++ {
				c, ok := p.cost[string(word[starts[i]:starts[i+n]])]
				for l := range 6 {
					if ok && c[l] != 0 {
						cost[l] += int(c[l])
					} else {
						cost[l] += p.missing[n][l]
					}
				}
				ngrams++
			}
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
	// Words of prose only: names of code (SO_EE_OFFENDER, md5sum,
	// getdomainname(2), --block-size, camelCase) and acronyms are spelt
	// the same in every language, and their letters mislead the model.
	// When nothing else is left, they are all there is.
	for tok := range strings.FieldsSeq(text) {
		if !codeLike(tok) {
			scan(tok)
		}
	}
	if ngrams == 0 {
		cost, hits, words = [6]int{}, [6]int{}, 0
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
		perGram: float64(cost[best]+hits[best]*stopwordBonus) / float64(ngrams)}
}

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
