package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pemistahl/lingua-go/serialization"
	"google.golang.org/protobuf/proto"
)

// profileSizes is how many n-grams of each length (1 to 4) each
// language's profile keeps, the most frequent ones: enough to tell six
// languages apart on a sentence, small enough to load in a few
// tens of milliseconds. Chosen on the train split: with letters scored in
// context (models/local/langprofile.go), the 4-grams gained about half a
// point on texts under 60 characters; larger profiles and 5-grams changed
// it by a few tenths either way, at up to fourteen times the size.
var profileSizes = [...]int{0, 200, 1000, 4000, 8000}

// writeProfiles writes the n-gram profiles of models/local's language
// model to path (assets/langprofiles.txt.gz) from lingua-go's language
// models (Apache-2.0, trained on the Leipzig corpora's news and web text,
// not on manual pages): for each of the six languages and each length n
// from 1 to 4, its profileSizes[n] most frequent n-grams of letters within
// a word, each with its cost, -10 ln p rounded (at least 1), where p is
// the probability of the n-gram's last letter given the ones before, as
// lingua stores it (for a letter alone, its share of all letters). The
// n-grams are ranked by their share of all n-grams of their length, the
// product of those probabilities along the n-gram.
func writeProfiles(path string) error {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pemistahl/lingua-go").Output()
	if err != nil {
		return fmt.Errorf("find lingua-go: %w", err)
	}
	models := filepath.Join(strings.TrimSpace(string(dir)), "language-models")
	var b strings.Builder
	b.WriteString("# lang n ngram cost (cost = -10 ln p(last letter | letters before)), from lingua-go 1.4.0's language models (Apache-2.0); see bench/cmd/langbench/profiles.go\n")
	for _, lang := range langs {
		var cond [len(profileSizes)]map[string]float64
		for n := 1; n < len(profileSizes); n++ {
			m, err := readLinguaModel(filepath.Join(models, lang, []string{"", "unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"}[n]+".pb.bin.zip"))
			if err != nil {
				return err
			}
			cond[n] = m
		}
		for n := 1; n < len(profileSizes); n++ {
			type kv struct {
				g string
				p float64
			}
			var all []kv
			for g := range cond[n] {
				p, r := 1.0, []rune(g)
				for k := 1; k <= len(r); k++ {
					p *= cond[k][string(r[:k])]
				}
				if p > 0 {
					all = append(all, kv{g, p})
				}
			}
			slices.SortFunc(all, func(a, b kv) int {
				if a.p != b.p {
					if a.p > b.p {
						return -1
					}
					return 1
				}
				return strings.Compare(a.g, b.g)
			})
			for _, e := range all[:min(len(all), profileSizes[n])] {
				fmt.Fprintf(&b, "%s %d %s %d\n", lang, n, e.g, max(1, int(math.Round(-10*math.Log(cond[n][e.g])))))
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if _, err := io.WriteString(zw, b.String()); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readLinguaModel reads one of lingua-go's zipped protobuf models into a
// map from n-gram to probability.
func readLinguaModel(path string) (map[string]float64, error) {
	zb, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	if err != nil || len(zr.File) == 0 {
		return nil, fmt.Errorf("%s: not a zip of one model: %v", path, err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	pb, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	var m serialization.SerializableLanguageModel
	if err := proto.Unmarshal(pb, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]float64{}
	for _, set := range m.NgramSets {
		for _, g := range set.Ngrams {
			out[g] = set.Probability
		}
	}
	return out, nil
}
