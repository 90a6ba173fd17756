package main

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// langs are the languages measured, as the corpus folders name them.
var langs = []string{"en", "es", "de", "fr", "it", "pt"}

// others are languages outside the six, from manual pages too: what a
// detector says of them shows whether it claims one of the six for a text
// in another language. They are measured on short texts only.
var others = []string{"nl", "pl", "ro", "sv"}

// A bucket is a range of text lengths in characters (runes).
type bucket struct {
	name     string
	min, max int
	long     bool // built by joining paragraphs of many pages
}

var buckets = []bucket{
	{name: "20–59", min: 20, max: 59},
	{name: "60–159", min: 60, max: 159},
	{name: "160–400", min: 160, max: 400},
	{name: "1–16 KB", min: 1 << 10, max: 16 << 10, long: true},
	{name: "16 KB–1 MB", min: 16 << 10, max: 1 << 20, long: true},
}

// A sample is one labelled text.
type sample struct {
	lang   string
	bucket int
	text   string
}

// testPage reports whether a page belongs to the test split: half of the
// pages by a hash of their file name, which is the same in every language,
// so a page and its translations fall on the same side. Thresholds are
// tuned on the other half only.
func testPage(name string) bool {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()%2 == 0
}

// sentences cuts a paragraph after ". ", "? ", "! ", "; " and ": ".
func sentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(p); i++ {
		switch p[i] {
		case '.', '?', '!', ';', ':':
			if p[i+1] == ' ' {
				out = append(out, strings.TrimSpace(p[start:i+1]))
				start = i + 2
			}
		}
	}
	return append(out, strings.TrimSpace(p[start:]))
}

// cut returns p cut at a word boundary to at most n runes.
func cut(p string, n int) string {
	if utf8.RuneCountInString(p) <= n {
		return p
	}
	i := 0
	for j := range p {
		if i == n {
			p = p[:j]
			break
		}
		i++
	}
	if k := strings.LastIndexByte(p, ' '); k > 0 {
		p = p[:k]
	}
	return p
}

// escapedByte is how man(1) writes a byte beyond ASCII when it runs in a
// locale the machine lacks: "m\\xc3\\xb3dulo" for "módulo".
var escapedByte = regexp.MustCompile(`\\x[89a-f][0-9a-f]`)

// checkRendered refuses a page that man rendered without its letters
// beyond ASCII (see escapedByte): a corpus of such pages measures nothing
// of the languages, and scripts/corpus.sh renders in C.UTF-8 so as not to.
func checkRendered(path string, b []byte) error {
	if loc := escapedByte.FindIndex(b); loc != nil {
		line := b[max(0, loc[0]-30):min(len(b), loc[1]+30)]
		return fmt.Errorf("%s was rendered without its letters beyond ASCII (%q): render the corpus again with scripts/corpus.sh, which runs man in C.UTF-8", path, line)
	}
	return nil
}

// loadCorpus reads dir/<lang>/*.txt and returns up to per samples of each
// language in each bucket from the split asked for (test or train).
func loadCorpus(dir string, test bool, per int) ([]sample, error) {
	// Paragraphs of any English page are dropped from the translations.
	english := map[string]bool{}
	enFiles, err := filepath.Glob(filepath.Join(dir, "en", "*.txt"))
	if err != nil {
		return nil, err
	}
	for _, f := range enFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, p := range paragraphs(string(b), "en", nil, nil) {
			english[p] = true
		}
	}
	pages := map[string][][]string{} // lang → pages → paragraphs
	for _, l := range slices.Concat(langs, others) {
		files, err := filepath.Glob(filepath.Join(dir, l, "*.txt"))
		if err != nil {
			return nil, err
		}
		slices.Sort(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if testPage(filepath.Base(f)) != test {
				continue
			}
			if err := checkRendered(f, b); err != nil {
				return nil, err
			}
			var orig []string
			if l != "en" {
				// A page without an English original keeps its English
				// paragraphs that no other English page has, unless its stop
				// words give them away.
				if b, err := os.ReadFile(filepath.Join(dir, "orig", filepath.Base(f))); err == nil {
					for line := range strings.Lines(string(b)) {
						orig = append(orig, strings.Join(strings.Fields(line), " "))
					}
				}
			}
			pages[l] = append(pages[l], paragraphs(string(b), l, orig, english))
		}
	}
	var out []sample
	for _, l := range slices.Concat(langs, others) {
		short := make([][]string, 3)
		var all []string
		for _, page := range pages[l] {
			all = append(all, page...)
			for _, p := range page {
				for _, s := range sentences(p) {
					n := utf8.RuneCountInString(s)
					for bi, b := range buckets[:3] {
						if n >= b.min && n <= b.max {
							short[bi] = append(short[bi], s)
						}
					}
					// Short texts are rare as whole sentences: the start of a
					// longer one is a short text too.
					if n > 60 {
						c := cut(s, 20+len(s)%40)
						if utf8.RuneCountInString(c) >= 20 {
							short[0] = append(short[0], c)
						}
					}
				}
				if n := utf8.RuneCountInString(p); n >= 160 && n <= 400 {
					short[2] = append(short[2], p)
				}
			}
		}
		for bi := range 3 {
			for _, t := range spread(dedup(short[bi]), per) {
				out = append(out, sample{lang: l, bucket: bi, text: t})
			}
		}
		if slices.Contains(others, l) {
			continue
		}
		// Long texts: distinct paragraphs, page after page, from a
		// different starting page each time, up to sizes spread over the
		// bucket.
		all = dedup(all)
		for bi := 3; bi < len(buckets); bi++ {
			b := buckets[bi]
			n := max(per/20, 3)
			for i := range n {
				size := b.min + (b.max-b.min)*i/max(n-1, 1)
				var sb strings.Builder
				for j := 0; sb.Len() < size && j < len(all); j++ {
					sb.WriteString(all[(i*len(all)/n+j)%len(all)])
					sb.WriteString("\n\n")
				}
				if sb.Len() >= b.min {
					out = append(out, sample{lang: l, bucket: bi, text: cut(sb.String(), size)})
				}
			}
		}
	}
	return out, nil
}

func dedup(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// spread returns up to n items of s taken at even steps (s is sorted, so
// taking the first n would favour texts starting with "A").
func spread(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	out := make([]string, n)
	for i := range n {
		out[i] = s[i*len(s)/n]
	}
	return out
}
