package main

import (
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"vigia/bench/internal/peer"
)

// writeWords writes assets/words-en.txt.gz, the English dictionary that
// models/local's sentiment reads to tell a misspelt word from a real one,
// from src, a word list of one word a line: SCOWL's as Debian's wamerican
// package installs it (/usr/share/dict/american-english; `apt-get download
// wamerican` and `dpkg-deb -x` give it without installing). Words are
// lower-cased; possessives ("Aaron's") and lines that are not UTF-8 are
// left out; the rest is sorted and written once each.
func writeWords(src, path string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("reading the word list (Debian's wamerican package): %w", err)
	}
	seen := map[string]bool{}
	for line := range strings.SplitSeq(string(data), "\n") {
		w := strings.ToLower(strings.TrimSpace(line))
		if w == "" || strings.Contains(w, "'") || !utf8.ValidString(w) {
			continue
		}
		seen[w] = true
	}
	return peer.WriteWordList(path, seen)
}
