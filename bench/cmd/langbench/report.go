package main

import (
	"fmt"
	"slices"
	"strings"
)

// result is one detector's run over every sample.
type result struct {
	name        string
	answers     []answer
	loadMS      float64
	rssKB       int // added by loading the detector
	hasReliable bool
	err         error
}

// The goals of the language issue.
const (
	goalShortAcc = 97.0 // % on each language, 20–400 characters
	goalTinyAcc  = 90.0 // % under 60 characters, all languages
	goalShortUS  = 200  // µs a text of 20–400 characters (median)
	goalRSSMB    = 30
)

type tally struct{ ok, n, unknown int }

func (t tally) pct() float64 {
	if t.n == 0 {
		return 0
	}
	return 100 * float64(t.ok) / float64(t.n)
}

func (t tally) cell() string {
	if t.n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", t.pct())
}

func median(v []int64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	return float64(v[len(v)/2]) / 1000
}

func report(samples []sample, results []result, test bool) string {
	var b strings.Builder
	split := "test"
	if !test {
		split = "train"
	}
	counts := map[int]int{}
	for _, s := range samples {
		if !slices.Contains(others, s.lang) {
			counts[s.bucket]++
		}
	}
	if source == "catalogs" {
		fmt.Fprintf(&b, "### Language detection, second corpus: message catalogs\n\n")
		fmt.Fprintf(&b, "The messages of the gettext catalogs (/usr/share/locale/<locale>/LC_MESSAGES/*.mo) of the Debian packages installed, written out by `langbench -catalogs`: each package's translated messages in es, de, fr, it and pt (pt_BR), labelled by the locale they are in, and the English originals for en; untranslated messages and messages cleaned out as for the manual pages are left out. Short interface texts (menu items, errors, option help) rather than documentation prose, and never used to tune anything; the %s split (half the packages by a hash of their name). Texts per length bucket, all languages:", split)
	} else if source == "ddtp" {
		fmt.Fprintf(&b, "### Language detection, third corpus: package descriptions\n\n")
		fmt.Fprintf(&b, "The descriptions of Debian's packages as the Debian Description Translation Project translates them (apt's Translation-<locale> files of bookworm main, written out by `langbench -ddtp`): each package's translated description in es, de, fr, it and pt (pt_BR), labelled by the file it is in, and the English original for en, one paragraph a text before cutting; untranslated paragraphs and paragraphs cleaned out as for the manual pages are left out. Prose about software, closer to the manual pages than the catalogs, and never used to tune anything; the %s split (half the packages by a hash of their name). Texts per length bucket, all languages:", split)
	} else {
		fmt.Fprintf(&b, "### Language detection\n\n")
		fmt.Fprintf(&b, "Texts from Debian's manual pages in each language (manpages-l10n for es, de, fr, it and pt, which is Brazilian Portuguese there; the untranslated pages for en), labelled by the folder they come from, %s split (half the pages by a hash of their name; thresholds were tuned on the other half only). Texts per length bucket, all languages:", split)
	}
	for i, bk := range buckets {
		fmt.Fprintf(&b, " %s %d;", bk.name, counts[i])
	}
	b.WriteString(" lengths in characters. Accuracy is the share of texts whose language is the label; \"unknown\" counts as wrong.\n\n")

	// Accuracy table: one row per detector and language.
	b.WriteString("| Detector | Language |")
	for _, bk := range buckets {
		fmt.Fprintf(&b, " %s |", bk.name)
	}
	b.WriteString(" 20–400 | unknown |\n|---|---|")
	for range buckets {
		b.WriteString("---:|")
	}
	b.WriteString("---:|---:|\n")
	type summary struct {
		minShort, tiny float64
		longOK         bool
		shortUS        float64
		longUS         float64
		relShare       float64
		relAcc         float64
		unrelAcc       float64
		// relAllAcc is the share right of the answers marked reliable
		// among the texts of 20–400 characters of every language, the
		// languages outside the six included: a Dutch text called
		// German is marked reliable only if the flag lies.
		relAllAcc float64
	}
	sums := make([]summary, len(results))
	for ri, r := range results {
		if r.err != nil {
			continue
		}
		sm := summary{minShort: 100, longOK: true}
		var shortNS, longNS []int64
		var tiny, rel, unrel tally
		for _, l := range append(slices.Clone(langs), "all") {
			per := make([]tally, len(buckets))
			var short tally
			unknown := 0
			for i, s := range samples {
				if l != "all" && s.lang != l || slices.Contains(others, s.lang) {
					continue
				}
				a := r.answers[i]
				ok := a.lang == s.lang
				t := &per[s.bucket]
				t.n++
				if ok {
					t.ok++
				}
				if a.lang == "" {
					unknown++
				}
				if !buckets[s.bucket].long {
					short.n++
					if ok {
						short.ok++
					}
				}
				if l != "all" {
					continue
				}
				if buckets[s.bucket].long {
					longNS = append(longNS, a.ns)
					if !ok {
						sm.longOK = false
					}
				} else {
					shortNS = append(shortNS, a.ns)
					if a.reliable {
						rel.n++
						if ok {
							rel.ok++
						}
					} else {
						unrel.n++
						if ok {
							unrel.ok++
						}
					}
				}
				if s.bucket == 0 {
					tiny.n++
					if ok {
						tiny.ok++
					}
				}
			}
			name := r.name
			if l != "en" {
				name = ""
			}
			fmt.Fprintf(&b, "| %s | %s |", name, l)
			for _, t := range per {
				fmt.Fprintf(&b, " %s |", t.cell())
			}
			fmt.Fprintf(&b, " %s | %d |\n", short.cell(), unknown)
			if l != "all" {
				sm.minShort = min(sm.minShort, short.pct())
			}
		}
		sm.tiny = tiny.pct()
		sm.shortUS = median(shortNS)
		sm.longUS = median(longNS)
		if rel.n+unrel.n > 0 {
			sm.relShare = 100 * float64(rel.n) / float64(rel.n+unrel.n)
		}
		sm.relAcc, sm.unrelAcc = rel.pct(), unrel.pct()
		var relAll tally
		for i, s := range samples {
			if a := r.answers[i]; a.reliable && !buckets[s.bucket].long {
				relAll.n++
				if a.lang == s.lang {
					relAll.ok++
				}
			}
		}
		sm.relAllAcc = relAll.pct()
		sums[ri] = sm
	}

	b.WriteString("\n| Detector | worst language, 20–400 | 20–59 | right on every long text | µs a text, 20–400 (median) | µs a long text (median) | load ms | RSS added MB | reliable: share, accuracy (accuracy when not), 20–400 |\n|---|---:|---:|:---:|---:|---:|---:|---:|---|\n")
	for ri, r := range results {
		if r.err != nil {
			fmt.Fprintf(&b, "| %s | not measured: %v |||||||\n", r.name, r.err)
			continue
		}
		sm := sums[ri]
		yes := map[bool]string{true: "yes", false: "no"}[sm.longOK]
		relCell := "no flag"
		if r.hasReliable {
			relCell = fmt.Sprintf("%.0f %%, %.1f %% (%.1f %%)", sm.relShare, sm.relAcc, sm.unrelAcc)
		}
		fmt.Fprintf(&b, "| %s | %.1f | %.1f | %s | %.0f | %.0f | %.0f | %.1f | %s |\n", r.name, sm.minShort, sm.tiny, yes,
			sm.shortUS, sm.longUS, r.loadMS, float64(r.rssKB)/1024, relCell)
	}
	b.WriteString("\nLoad and RSS are measured in a fresh process (the Go detectors: this command run again with -load; the node peers: RSS after import less node's own). Node's times are of the call alone, without the pipe.\n")

	b.WriteString(otherLanguages(samples, results))

	for ri, r := range results {
		if r.name != "vigia" || r.err != nil {
			continue
		}
		sm := sums[ri]
		mark := func(ok bool) string { return map[bool]string{true: "met", false: "missed"}[ok] }
		b.WriteString("\n| Goal (Vigía) | Measured | |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| ≥ %.0f %% on each language, 20–400 characters | worst %.1f %% | %s |\n", goalShortAcc, sm.minShort, mark(sm.minShort >= goalShortAcc))
		fmt.Fprintf(&b, "| ≥ %.0f %% under 60 characters | %.1f %% | %s |\n", goalTinyAcc, sm.tiny, mark(sm.tiny >= goalTinyAcc))
		fmt.Fprintf(&b, "| right on every text from 1 KB to 1 MB | %s | %s |\n", map[bool]string{true: "all right", false: "some wrong"}[sm.longOK], mark(sm.longOK))
		fmt.Fprintf(&b, "| ≤ %d µs a short text | %.0f µs | %s |\n", goalShortUS, sm.shortUS, mark(sm.shortUS <= goalShortUS))
		fmt.Fprintf(&b, "| ≤ %d MB added RSS | %.1f MB | %s |\n", goalRSSMB, float64(r.rssKB)/1024, mark(float64(r.rssKB)/1024 <= goalRSSMB))
		if slices.ContainsFunc(samples, func(s sample) bool { return slices.Contains(others, s.lang) }) {
			fmt.Fprintf(&b, "| reliable is honest (≥ 99 %% right when set) | %.1f %% right on the %.0f %% of texts marked reliable; %.1f %% with the texts of %s | %s |\n",
				sm.relAcc, sm.relShare, sm.relAllAcc, strings.Join(others, ", "), mark(sm.relAcc >= 99 && sm.relAllAcc >= 99))
		} else {
			fmt.Fprintf(&b, "| reliable is honest (≥ 99 %% right when set) | %.1f %% right on the %.0f %% of texts marked reliable | %s |\n", sm.relAcc, sm.relShare, mark(sm.relAcc >= 99))
		}
	}
	return b.String()
}

// otherLanguages is the table of the languages outside the six: how often
// each detector names them, and how often it claims one of the six for
// them instead, on texts of 20–400 characters.
func otherLanguages(samples []sample, results []result) string {
	var b strings.Builder
	n := map[string]int{}
	for _, s := range samples {
		if slices.Contains(others, s.lang) {
			n[s.lang]++
		}
	}
	if len(n) == 0 {
		return ""
	}
	from := "the manual pages in %s (manpages-nl, -pl, -ro, -sv)"
	switch source {
	case "catalogs":
		from = "the message catalogs in %s"
	case "ddtp":
		from = "the package descriptions in %s"
	}
	fmt.Fprintf(&b, "\n#### Languages outside the six\n\nTexts of 20–400 characters from "+from+", cleaned the same way:", strings.Join(others, ", "))
	for _, l := range others {
		fmt.Fprintf(&b, " %s %d;", l, n[l])
	}
	b.WriteString(" right is the share named correctly, claimed the share answered as one of the six (the harm: a Dutch text called German). lingua is built with the six languages only, so it can only claim.\n\n| Detector |")
	for _, l := range others {
		fmt.Fprintf(&b, " %s right | %s claimed |", l, l)
	}
	b.WriteString("\n|---|")
	for range others {
		b.WriteString("---:|---:|")
	}
	b.WriteString("\n")
	for _, r := range results {
		if r.err != nil {
			continue
		}
		fmt.Fprintf(&b, "| %s |", r.name)
		for _, l := range others {
			var right, claimed tally
			for i, s := range samples {
				if s.lang != l {
					continue
				}
				a := r.answers[i].lang
				right.n++
				claimed.n++
				if a == l {
					right.ok++
				}
				if slices.Contains(langs, a) {
					claimed.ok++
				}
			}
			fmt.Fprintf(&b, " %s | %s |", right.cell(), claimed.cell())
		}
		b.WriteString("\n")
	}
	return b.String()
}
