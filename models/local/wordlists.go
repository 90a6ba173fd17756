package local

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"vigia/assets"
)

// Languages the word lists cover, as ISO 639-1 codes.
const (
	langEN = "en"
	langES = "es"
)

// lexicon is a sentiment word list ready for lookups.
type lexicon struct {
	// words maps a one-word entry to its valence, -5 to +5.
	words map[string]int
	// phrases maps an entry of several words, joined by single spaces, to
	// its valence. Zero-valued phrases ("kind of") are kept: they stop
	// their words from scoring on their own ("kind" is +2).
	phrases map[string]int
	// phraseLen maps the first word of the phrases to the number of words
	// of the longest phrase it starts.
	phraseLen map[string]int
	// folded maps the accent-free spelling of a one-word entry to its
	// valence when no entry is spelt that way (Spanish only; nil for
	// English).
	folded map[string]int
	// stop holds the words never looked up without accents, because their
	// accent tells two words apart (Spanish only: "si" is "if", "sí" is
	// "yes").
	stop map[string]bool
}

// enAdditions are Vigía's English idioms that AFINN lacks, made of a
// negator and a verb, as AFINN's own "can't stand" (-3): warnings made
// of a negated negative verb, which a negation must not turn into praise
// ("don't waste your money" is waste's -1 made firmer, not +1), and
// praise made of a negated verb ("can't wait to go back", "you can't
// beat the price"). "nothing short of" (0) is not a negation: "nothing
// short of incredible" is incredible.
var enAdditions = map[string]int{
	"don't waste": -2, "dont waste": -2, "do not waste": -2,
	"don't bother": -2, "dont bother": -2, "do not bother": -2,
	"can't wait": 2, "cant wait": 2, "cannot wait": 2, "can not wait": 2,
	"can't beat": 2, "cant beat": 2, "cannot beat": 2, "can not beat": 2,
	"nothing short of": 0,
}

// esAdditions are Vigía's own changes to the Spanish list, each the
// counterpart of an AFINN-165 entry that the machine translation lost or
// got wrong, for words among the commonest in Spanish reviews and news.
// A zero removes an entry whose translation picked a sense Spanish rarely
// means: "caro" is "dear" (+3) in the translation, but "expensive" in
// reviews, which AFINN does not score; "solo" is "alone" (-2) but mostly
// means "only"; "tiempo" (-2), "mayor" (+3), "pasado" (-1), "realizar"
// (+2) and "suficiente" (-2) are plain words in Spanish.
var esAdditions = map[string]int{
	// like, likes, liked: +2
	"gusta": 2, "gustan": 2, "gustó": 2,
	// love, loves, loved: +3
	"encanta": 3, "encantan": 3, "encantó": 3,
	// recommend, recommended: +2
	"recomiendo": 2, "recomendable": 2,
	// not working: -3
	"no funciona": -3,
	// removed
	"caro": 0, "solo": 0, "tiempo": 0, "mayor": 0, "pasado": 0, "realizar": 0, "suficiente": 0,
}

var (
	lexiconEN = sync.OnceValues(func() (*lexicon, error) { return loadLexicon(assets.AfinnEN, enAdditions, false) })
	// lexiconLean is VADER's, which decides the label of an English text
	// that AFINN scores 0 (Sentiment's doc).
	lexiconLean = sync.OnceValues(func() (*lexicon, error) { return loadMeans(assets.VaderEN, "VADER", vaderScale, notAWord) })
	// lexiconOpinion is Hu and Liu's Opinion Lexicon, which decides it
	// when VADER's words add up to 0 and no negation is bare.
	lexiconOpinion = sync.OnceValues(func() (*lexicon, error) {
		return loadMeans(assets.OpinionEN, "Opinion Lexicon", 1, nil)
	})
	// lexiconSWN is SentiWordNet's, which decides it when the Opinion
	// Lexicon's words add up to 0 too.
	// English function words are left out of it: their WordNet adjective
	// and adverb senses are other words spelt alike ("I" the numeral, -0.25;
	// "by" as in "by and by"), not what a text means by them.
	lexiconSWN = sync.OnceValues(func() (*lexicon, error) {
		return loadMeans(assets.SentiWordNetEN, "SentiWordNet", swnScale, func(w string) bool { return sixStopwords[w]&1 != 0 })
	})
	lexiconES = sync.OnceValues(func() (*lexicon, error) {
		lx, err := loadLexicon(assets.AfinnES, esAdditions, true)
		if err != nil {
			return nil, err
		}
		lx.stop, err = stopES()
		return lx, err
	})
	stopEN = sync.OnceValues(func() (map[string]bool, error) { return loadStopwords(assets.StopwordsEN) })
	stopES = sync.OnceValues(func() (map[string]bool, error) { return loadStopwords(assets.StopwordsES) })
)

// lexiconFor returns the sentiment lexicon of lang ("en" or "es").
func lexiconFor(lang string) (*lexicon, error) {
	if lang == langES {
		return lexiconES()
	}
	return lexiconEN()
}

// stopwordsFor returns the stop words of lang ("en" or "es").
func stopwordsFor(lang string) (map[string]bool, error) {
	if lang == langES {
		return stopES()
	}
	return stopEN()
}

// loadLexicon parses a JSON object of entry → valence. Entries are
// normalised by the tokenizer the models use, so an entry matches exactly
// the words that tokenize finds: "No me gusta:" becomes the phrase
// "no me gusta". Entries that normalise to the same words (the Spanish
// list has "Cortés" 3 and "cortés" 2) keep the value of the one already
// written in normal form, else of the first in byte order. extra entries
// are normalised the same way and win over the list; a zero removes a
// one-word entry. fold builds the accent-free index.
func loadLexicon(data []byte, extra map[string]int, fold bool) (*lexicon, error) {
	var raw map[string]int
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parsing sentiment lexicon: %w", err)
	}
	return buildLexicon(raw, extra, fold)
}

// notAWord reports whether a lexicon entry is not a word or phrase but an
// emoticon ("(8", ":-D") or a number ("187", slang for murder): the
// tokenizer drops an emoticon's punctuation, so it would match only what
// is left of it, a number or a letter ("Returned 8 hours later" is not
// "(8" +2.6), and a number in a text is mostly a number.
func notAWord(entry string) bool {
	var words []string
	for _, t := range tokenize(entry) {
		if !strings.ContainsFunc(t.word, unicode.IsLetter) {
			return true
		}
		words = append(words, t.word)
	}
	return strings.Join(words, " ") != strings.ToLower(entry)
}

// vaderScale and swnScale are the scales at which loadMeans keeps VADER's
// valences (tenths, the precision its file has) and SentiWordNet's
// (thousandths, the precision of assets.SentiWordNetEN).
const vaderScale, swnScale = 10, 1000

// loadMeans parses a gzipped lexicon of mean valences (assets.VaderEN,
// assets.SentiWordNetEN): a line holds an entry, a tab, its mean valence
// and maybe more fields; lines starting with "#" are comments. Valences
// are kept as integers, the mean times scale (VADER's tenths: 1.9 is 19).
// Negators are left out, since what a negation does is negation.go's, and
// so are the entries skip reports (nil: none).
func loadMeans(gz []byte, name string, scale float64, skip func(string) bool) (*lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("reading %s lexicon: %w", name, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("reading %s lexicon: %w", name, err)
	}
	raw := map[string]int{}
	for line := range strings.SplitSeq(string(data), "\n") {
		entry, rest, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") || isNegator(entry) || skip != nil && skip(entry) {
			continue
		}
		mean, _, _ := strings.Cut(rest, "\t")
		v, err := strconv.ParseFloat(mean, 64)
		if err != nil {
			return nil, fmt.Errorf("parsing %s lexicon: %q: %w", name, line, err)
		}
		raw[entry] = int(math.Round(v * scale))
	}
	// A hyphenated entry also matches its words written apart, as people
	// write them as often: "top notch", "thumbs up", "long lasting".
	open := map[string]int{}
	for k, v := range raw {
		if strings.IndexByte(k, '-') >= 0 && strings.IndexByte(k, ' ') < 0 {
			open[strings.ReplaceAll(k, "-", " ")] = v
		}
	}
	for k, v := range open {
		if _, ok := raw[k]; !ok {
			raw[k] = v
		}
	}
	return buildLexicon(raw, leanIdioms, false)
}

// leanIdioms are phrases whose words say nothing of what they say alone,
// kept at 0 in the lean's lexicons so that their words do not score:
// "kind of" and "sort of" soften what follows (AFINN lists "kind of" at
// 0, and VADER's own scorer skips "kind" before "of"), and "as well" is
// "also", not "well" (+1.1 in VADER).
var leanIdioms = map[string]int{"kind of": 0, "sort of": 0, "as well": 0}

// buildLexicon makes a lexicon of raw, entries and valences, with extra's
// entries over them; see loadLexicon.
func buildLexicon(raw, extra map[string]int, fold bool) (*lexicon, error) {
	lx := &lexicon{words: map[string]int{}, phrases: map[string]int{}, phraseLen: map[string]int{}}
	clean := map[string]bool{}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	set := func(k string, v int, override bool) {
		toks := tokenize(k)
		if len(toks) == 0 {
			return
		}
		words := make([]string, len(toks))
		for i, t := range toks {
			words[i] = t.word
		}
		norm := strings.Join(words, " ")
		isClean := norm == k
		m := lx.words
		if len(words) > 1 {
			m = lx.phrases
		}
		if _, dup := m[norm]; dup && !override && (clean[norm] || !isClean) {
			return
		}
		clean[norm] = isClean
		if override && v == 0 && len(words) == 1 {
			delete(m, norm)
			return
		}
		m[norm] = v
		if len(words) > 1 {
			lx.phraseLen[words[0]] = max(lx.phraseLen[words[0]], len(words))
		}
	}
	for _, k := range keys {
		set(k, raw[k], false)
	}
	extraKeys := make([]string, 0, len(extra))
	for k := range extra {
		extraKeys = append(extraKeys, k)
	}
	slices.Sort(extraKeys)
	for _, k := range extraKeys {
		set(k, extra[k], true)
	}
	if len(lx.words) == 0 {
		return nil, errors.New("parsing sentiment lexicon: no entries")
	}
	if fold {
		lx.folded = map[string]int{}
		words := make([]string, 0, len(lx.words))
		for w := range lx.words {
			words = append(words, w)
		}
		slices.Sort(words)
		for _, w := range words {
			f := foldAccents(w)
			if f == w {
				continue
			}
			if _, exact := lx.words[f]; exact {
				continue
			}
			if _, seen := lx.folded[f]; !seen {
				lx.folded[f] = lx.words[w]
			}
		}
	}
	return lx, nil
}

// loadStopwords parses a JSON array of words into a set, normalising each
// word as tokenize would ("co." becomes "co"). Entries of several tokens,
// such as "i.e.", are dropped: their one-letter tokens never make a key
// phrase anyway.
func loadStopwords(data []byte) (map[string]bool, error) {
	var list []string
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("parsing stop words: %w", err)
	}
	set := make(map[string]bool, len(list))
	for _, w := range list {
		if toks := tokenize(w); len(toks) == 1 {
			set[toks[0].word] = true
		}
	}
	if len(set) == 0 {
		return nil, errors.New("parsing stop words: no entries")
	}
	return set, nil
}
