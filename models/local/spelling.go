package local

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"vigia/assets"
)

// The English words AFINN, VADER, the Opinion Lexicon and SentiWordNet
// lack that Sentiment still reads (its doc): inflections of a listed word
// and misspellings of one.

// baseForms returns the words an English word w may be an inflection of:
// an adverb in -ly of its adjective ("amazingly" amazing, "happily" happy,
// "horribly" horrible, "truly" true, "tragically" tragic), a plural or
// third person in -s or -es of its noun or verb ("limitations",
// "excuses", "worries"). Words of fewer than five letters have none.
func baseForms(w string) []string {
	var out []string
	for _, f := range inflectionsOf(w) {
		if f.cut > 0 {
			out = append(out, w[:len(w)-f.cut]+f.add)
		}
	}
	return out
}

// inflection is a way back from an inflected word to its base: cut that
// many bytes off its end and add add.
type inflection struct {
	cut int
	add string
}

// inflectionsOf returns the ways back of baseForms, without allocating:
// those with cut 0 are none.
func inflectionsOf(w string) [2]inflection {
	if len(w) < 5 {
		return [2]inflection{}
	}
	switch {
	case strings.HasSuffix(w, "ily"):
		return [2]inflection{{3, "y"}}
	case strings.HasSuffix(w, "ally"):
		return [2]inflection{{4, ""}, {2, ""}}
	case strings.HasSuffix(w, "bly"), strings.HasSuffix(w, "ply"):
		return [2]inflection{{1, "e"}}
	case strings.HasSuffix(w, "ly"):
		return [2]inflection{{2, ""}, {2, "e"}}
	case strings.HasSuffix(w, "ies"):
		return [2]inflection{{3, "y"}}
	case strings.HasSuffix(w, "es"):
		return [2]inflection{{1, ""}, {2, ""}}
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return [2]inflection{{1, ""}}
	}
	return [2]inflection{}
}

// Misspellings are looked for only in words of minSpelt letters or more:
// one edit from a listed word, or two from one of longSpelt letters or
// more. An edit is a letter left out, added or swapped with its
// neighbour; a letter written for another counts as two.
const minSpelt, longSpelt = 6, 9

// maxSpelt bounds the words checked: longer ones are not misspellings of
// a listed word but URLs, hashes and the like.
const maxSpelt = 24

// speller finds the listed word a misspelt English word stands for.
type speller struct {
	dict *wordList // the English dictionary, assets.WordsEN
	// listed holds AFINN's and VADER's one-word entries of minSpelt to
	// maxSpelt+2 letters a to z, by first letter and length: what a
	// misspelling may stand for. SentiWordNet's are left out: its 14 029
	// words include rare ones that a common word's misspelling comes
	// close to.
	listed [26][maxSpelt + 3][]spelt
	// known holds every one-word entry of AFINN and VADER: never
	// misspelt, even when the dictionary lacks it ("awsome" is VADER's).
	known map[string]bool
}

// spelt is an entry of speller.listed.
type spelt struct {
	word    string
	letters uint32 // bit i set: the word has letter 'a'+i
}

// letterSet returns the set of w's letters a to z, as spelt.letters.
func letterSet(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		m |= 1 << (w[i] - 'a')
	}
	return m
}

// wordList is a dictionary: its words, sorted, each followed by a
// newline, in one string. It is searched where it lies, without an index
// of where each word begins: that index took more memory than the words
// (4 bytes a word against 10 for a Spanish word and its newline).
type wordList struct {
	words string
}

// dictionaryEN is SCOWL's English dictionary (assets.WordsEN), read once:
// the speller's and the language model's (langprofile.go).
var dictionaryEN = sync.OnceValues(func() (*wordList, error) {
	return readWordList("the English dictionary", assets.WordsEN)
})

// readWordList reads a gzipped word list, one word a line, sorted; name
// says which in an error.
func readWordList(name string, gz []byte) (*wordList, error) {
	words, err := gunzipString(gz)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if words == "" || !strings.HasSuffix(words, "\n") || strings.HasPrefix(words, "\n") || strings.Contains(words, "\n\n") {
		return nil, fmt.Errorf("reading %s: an empty or unended line", name)
	}
	return &wordList{words: words}, nil
}

// has reports whether w is one of the dictionary's words.
func (d *wordList) has(w string) bool { return wordIn(d, w) }

// hasBytes is has for a word in bytes; it allocates nothing.
func (d *wordList) hasBytes(w []byte) bool { return wordIn(d, w) }

// wordIn is has and hasBytes: a binary search of d's words by their
// bytes. lo and hi are the start of a line and the end of one (after its
// newline); each step reads the word whose line holds the byte halfway.
func wordIn[S string | []byte](d *wordList, w S) bool {
	lo, hi := 0, len(d.words)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		start := strings.LastIndexByte(d.words[lo:m], '\n') + 1 + lo
		end := start + strings.IndexByte(d.words[start:hi], '\n')
		switch word := d.words[start:end]; {
		case word < string(w):
			lo = end + 1
		case word > string(w):
			hi = start
		default:
			return true
		}
	}
	return false
}

// spellerEN is the speller of English, built once.
var spellerEN = sync.OnceValues(func() (*speller, error) {
	dict, err := dictionaryEN()
	if err != nil {
		return nil, err
	}
	s := &speller{dict: dict, known: map[string]bool{}}
	for _, load := range []func() (*lexicon, error){lexiconEN, lexiconLean} {
		lx, err := load()
		if err != nil {
			return nil, err
		}
		for w, v := range lx.words {
			if s.known[w] {
				continue
			}
			s.known[w] = true
			if v != 0 && len(w) >= minSpelt && len(w) <= maxSpelt+2 && asciiLetters(w) {
				s.add(w)
			}
		}
	}
	s.sort()
	return s, nil
})

// add lists w, a word of minSpelt to maxSpelt+2 letters a to z; sort
// must follow.
func (s *speller) add(w string) {
	b := &s.listed[w[0]-'a'][len(w)]
	*b = append(*b, spelt{w, letterSet(w)})
}

// sort puts the listed words in order: the same candidates in the same
// order on every run, whatever the maps' order.
func (s *speller) sort() {
	for i := range s.listed {
		for _, b := range s.listed[i] {
			slices.SortFunc(b, func(x, y spelt) int { return strings.Compare(x.word, y.word) })
		}
	}
}

// gunzipString returns the uncompressed contents of gz, a gzip stream,
// read into a buffer of the size its trailer gives (the size modulo 2³²,
// exact for the small word lists this reads).
func gunzipString(gz []byte) (string, error) {
	if len(gz) < 4 {
		return "", fmt.Errorf("not a gzip stream")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])))
	if _, err := io.Copy(&b, zr); err != nil {
		return "", err
	}
	return b.String(), nil
}

// asciiLetters reports whether w is made of a to z only.
func asciiLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// correct returns the listed word w is a misspelling of, or "": w must be
// minSpelt to maxSpelt letters a to z, in neither the dictionary nor the
// lexicons nor the stop words, and the listed word the only one at the
// least distance, within the edits minSpelt and longSpelt allow, with the
// same first letter: "excelent" is excellent, "dissapointing"
// disappointing, "brother" (a word) and "plantronics" (no listed word
// near) are none.
func (s *speller) correct(w string, stop map[string]bool) string {
	if len(w) < minSpelt || len(w) > maxSpelt || !asciiLetters(w) || s.known[w] || stop[w] {
		return ""
	}
	if s.dict.has(w) {
		return ""
	}
	limit := 1
	if len(w) >= longSpelt {
		limit = 2
	}
	letters := letterSet(w)
	best, bestD, ties := "", limit+1, 0
	for n := len(w) - limit; n <= len(w)+limit; n++ {
		if n >= len(s.listed[0]) {
			break
		}
		for _, c := range s.listed[w[0]-'a'][n] {
			// A letter left out or added adds or removes at most one
			// letter of the set, a swap none: more differences than
			// limit cannot be within it.
			if bits.OnesCount32(letters^c.letters) > limit {
				continue
			}
			switch d := editDistance(w, c.word, limit); {
			case d < bestD:
				best, bestD, ties = c.word, d, 1
			case d == bestD:
				ties++
			}
		}
	}
	if ties != 1 {
		return ""
	}
	return best
}

// editDistance returns the optimal string alignment distance between a
// and b, two words of letters a to z: a letter left out, added or swapped
// with its neighbour costs one, a letter written for another two. Above
// limit it returns limit+1.
func editDistance(a, b string, limit int) int {
	// Three rows of the table: the one before the previous, the previous
	// and the current.
	var buf [3][maxSpelt + 4]int
	pp, p, cur := buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			sub := 2
			if a[i-1] == b[j-1] {
				sub = 0
			}
			d := min(p[j]+1, cur[j-1]+1, p[j-1]+sub)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, pp[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if rowMin > limit {
			return limit + 1
		}
		pp, p, cur = p, cur, pp
	}
	return min(p[len(b)], limit+1)
}
