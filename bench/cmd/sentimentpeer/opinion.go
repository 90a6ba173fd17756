package main

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"vigia/bench/internal/peer"
)

// writeOpinion writes assets/opinion-en.txt.gz, the lexicon of
// models/local's sentiment lean read after VADER's words and the bare
// negations, from the Opinion Lexicon of Hu and Liu (KDD 2004) as the R
// package tidytext ships it (its data set sentiments, 6 786 words, each
// positive or negative; "included in this package with permission of the
// creators, and may be used in research, commercial, etc. contexts with
// attribution"), read from src, a table written by R:
//
//	apt-get install r-cran-tidytext
//	Rscript -e 'write.table(tidytext::sentiments, "opinion.tsv", sep="\t", quote=FALSE, row.names=FALSE)'
//
// Each line of the asset is a word, a tab and its valence, 1 or -1. Only
// words of lower-case letters, hyphens and apostrophes are kept ("a+" and
// "2-faced" are not words the tokenizer finds), and the three listed both
// ways ("envious") are left out.
func writeOpinion(src, path string) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("reading the opinion lexicon (see -opinion's doc): %w", err)
	}
	defer f.Close()
	val := map[string]int{}
	both := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 0; sc.Scan(); n++ {
		word, label, ok := strings.Cut(sc.Text(), "\t")
		if n == 0 {
			if word != "word" || label != "sentiment" {
				return fmt.Errorf("%s: want a header of word and sentiment, got %q", src, sc.Text())
			}
			continue
		}
		v := 0
		switch label {
		case "positive":
			v = 1
		case "negative":
			v = -1
		}
		if !ok || v == 0 {
			return fmt.Errorf("%s:%d: want a word, a tab and positive or negative, got %q", src, n+1, sc.Text())
		}
		if !opinionWord(word) {
			continue
		}
		if old, seen := val[word]; seen && old != v {
			both[word] = true
		}
		val[word] = v
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading %s: %w", src, err)
	}
	var b bytes.Buffer
	b.WriteString("# word\tvalence, 1 positive or -1 negative; Opinion Lexicon (Minqing Hu and Bing Liu, KDD 2004) via the R package tidytext 0.4.1, used with attribution by the creators' permission; see bench/cmd/sentimentpeer/opinion.go\n")
	kept := 0
	for _, w := range slices.Sorted(maps.Keys(val)) {
		if both[w] {
			continue
		}
		fmt.Fprintf(&b, "%s\t%d\n", w, val[w])
		kept++
	}
	size, err := peer.WriteGzip(path, b.Bytes())
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d words (%d listed both ways left out), %d bytes\n", path, kept, len(both), size)
	return nil
}

// opinionWord reports whether an entry of the opinion lexicon is a word
// as the tokenizer finds one: lower-case letters, with hyphens or
// apostrophes between them.
func opinionWord(w string) bool {
	for i, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
		case (r == '-' || r == '\'') && i > 0 && i < len(w)-1:
		default:
			return false
		}
	}
	return w != ""
}
