// Command sentimentpeer compares Vigía's sentiment model with npm
// sentiment 5.0.x, the AFINN-165 reference in JavaScript, on a file of
// real sentences, and with the labels of a labelled file.
//
// Each input line is a sentence, optionally followed by a tab and a label
// given by the corpus's source: 1 positive, 0 negative. It prints, for
// lang=en and lang=auto, how often the sign of Vigía's score agrees with
// npm sentiment's on all sentences and on those where AFINN has nothing
// more to say (no negator, emoji, hyphenated word or AFINN phrase), and,
// for labelled lines, how often each is right (a score of 0 counts as
// wrong), and how often lang=auto's sign differs from lang=en's.
//
//	go run ./cmd/sentimentpeer -peers peers/node_modules corpus.txt
//
// It needs node and the npm package sentiment under -peers.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"vigia/assets"
	"vigia/models"
	"vigia/models/local"
)

// npmScript prints npm sentiment's score of each line of its input.
const npmScript = `
const Sentiment = require(process.argv[1] + '/sentiment');
const s = new Sentiment();
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
lines.pop();
process.stdout.write(lines.map(l => s.analyze(l).score).join('\n') + '\n');
`

type line struct {
	text  string
	label int // 1, 0, or -1 for none
}

func main() {
	peers := flag.String("peers", "peers/node_modules", "directory holding the npm package sentiment")
	show := flag.Int("show", 0, "print up to this many disagreements on plain sentences")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: sentimentpeer [-peers dir] corpus.txt")
		os.Exit(2)
	}
	if err := run(*peers, flag.Arg(0), *show); err != nil {
		fmt.Fprintln(os.Stderr, "sentimentpeer:", err)
		os.Exit(1)
	}
}

func run(peers, path string, show int) error {
	lines, err := readLines(path)
	if err != nil {
		return err
	}
	npm, err := npmScores(peers, lines)
	if err != nil {
		return err
	}
	plain, err := plainFilter()
	if err != nil {
		return err
	}
	m := local.NewSentiment()
	enScores := make([]int, len(lines))
	for _, lang := range []string{"en", "auto"} {
		p, err := models.ParseParams(m, map[string]string{"lang": lang})
		if err != nil {
			return err
		}
		var all, allAgree, pl, plAgree, labelled, right, npmRight, es, decided, npmDecided, diff int
		shown := 0
		for i, l := range lines {
			res, err := m.Run(context.Background(), models.Input{Text: l.text, Params: p})
			if err != nil {
				return err
			}
			d := res.Data.(*local.SentimentResult)
			if d.Lang == "es" {
				es++
			}
			if lang == "en" {
				enScores[i] = d.Score
			} else if sign(d.Score) != sign(enScores[i]) {
				diff++
			}
			agree := sign(d.Score) == sign(npm[i])
			all++
			allAgree += btoi(agree)
			if plain(l.text) {
				pl++
				plAgree += btoi(agree)
				if !agree && shown < show && lang == "en" {
					shown++
					fmt.Printf("  vigía %+d npm %+d: %s\n", d.Score, npm[i], l.text)
				}
			}
			if l.label >= 0 {
				labelled++
				want := 2*l.label - 1
				right += btoi(sign(d.Score) == want)
				npmRight += btoi(sign(npm[i]) == want)
				decided += btoi(d.Score != 0)
				npmDecided += btoi(npm[i] != 0)
			}
		}
		fmt.Printf("lang=%s: %d sentences (%d read as Spanish); sign agrees with npm sentiment on %.1f%% of all, %.2f%% of %d plain ones\n",
			lang, all, es, pct(allAgree, all), pct(plAgree, pl), pl)
		if lang != "en" {
			fmt.Printf("lang=%s: sign differs from lang=en on %d sentences\n", lang, diff)
		}
		if labelled > 0 {
			fmt.Printf("lang=%s: right on %.1f%% of %d labelled sentences, %.1f%% of the %d it scores (npm sentiment: %.1f%%, %.1f%% of %d)\n",
				lang, pct(right, labelled), labelled, pct(right, decided), decided,
				pct(npmRight, labelled), pct(npmRight, npmDecided), npmDecided)
		}
	}
	return nil
}

func readLines(path string) ([]line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text, lab, ok := strings.Cut(sc.Text(), "\t")
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		l := line{text: text, label: -1}
		if ok {
			n, err := strconv.Atoi(strings.TrimSpace(lab))
			if err != nil || n < 0 || n > 1 {
				return nil, fmt.Errorf("%s: bad label %q", path, lab)
			}
			l.label = n
		}
		lines = append(lines, l)
	}
	return lines, sc.Err()
}

func npmScores(peers string, lines []line) ([]int, error) {
	dir, err := filepath.Abs(peers)
	if err != nil {
		return nil, err
	}
	var in bytes.Buffer
	for _, l := range lines {
		in.WriteString(l.text)
		in.WriteByte('\n')
	}
	cmd := exec.Command("node", "-e", npmScript, dir)
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running npm sentiment: %w", err)
	}
	fields := strings.Fields(string(out))
	if len(fields) != len(lines) {
		return nil, fmt.Errorf("npm sentiment scored %d lines of %d", len(fields), len(lines))
	}
	scores := make([]int, len(fields))
	for i, f := range fields {
		if scores[i], err = strconv.Atoi(f); err != nil {
			return nil, err
		}
	}
	return scores, nil
}

// plainFilter returns a test for the sentences where AFINN has nothing
// more to say: no negator of either scorer, no emoji, no hyphenated word
// and no phrase of AFINN-165.
func plainFilter() (func(string) bool, error) {
	var afinn, emoji map[string]int
	if err := json.Unmarshal(assets.AfinnEN, &afinn); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(assets.EmojiSentiment, &emoji); err != nil {
		return nil, err
	}
	var phrases []string
	for k := range afinn {
		if strings.Contains(k, " ") {
			phrases = append(phrases, k)
		}
	}
	negators := map[string]bool{}
	for _, w := range strings.Fields("not no non never none nobody nothing neither nor cannot without cant dont doesnt didnt isnt arent wasnt werent couldnt wouldnt shouldnt wont havent hasnt hadnt aint") {
		negators[w] = true
	}
	word := regexp.MustCompile(`[\pL\pN]+(?:['’-][\pL\pN]+)*`)
	return func(s string) bool {
		low := strings.ToLower(s)
		for _, w := range word.FindAllString(low, -1) {
			if negators[w] || strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t") || strings.ContainsRune(w, '-') {
				return false
			}
		}
		for _, r := range s {
			if _, ok := emoji[string(r)]; ok {
				return false
			}
		}
		for _, p := range phrases {
			if strings.Contains(low, p) {
				return false
			}
		}
		return true
	}, nil
}

func sign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}
