package main

import (
	"context"
	"fmt"
	"time"

	"github.com/pemistahl/lingua-go"

	"vigia/models"
	"vigia/models/local"

	"vigia/bench/internal/peer"
)

// An answer is what a detector said of one text.
type answer struct {
	lang     string // ISO 639-1, "" for none
	reliable bool
	ns       int64
}

// goDetector is a detector in this process.
type goDetector interface{ detect(text string) answer }

type vigia struct{ m *local.Language }

func (v vigia) detect(text string) answer {
	t0 := time.Now()
	res, err := v.m.Run(context.Background(), models.Input{Text: text})
	ns := time.Since(t0).Nanoseconds()
	if err != nil {
		return answer{ns: ns}
	}
	r := res.Data.(*local.LanguageResult)
	return answer{lang: r.Code, reliable: r.Reliable, ns: ns}
}

type linguaDetector struct{ d lingua.LanguageDetector }

func (l linguaDetector) detect(text string) answer {
	t0 := time.Now()
	lang, ok := l.d.DetectLanguageOf(text)
	ns := time.Since(t0).Nanoseconds()
	if !ok {
		return answer{ns: ns}
	}
	return answer{lang: lower(lang.IsoCode639_1().String()), reliable: true, ns: ns}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

var linguaLangs = []lingua.Language{lingua.English, lingua.Spanish, lingua.German, lingua.French, lingua.Italian, lingua.Portuguese}

// newGoDetector builds a detector of this process by name.
func newGoDetector(name string) (goDetector, error) {
	switch name {
	case "vigia":
		return vigia{local.NewLanguage()}, nil
	case "lingua":
		return linguaDetector{lingua.NewLanguageDetectorBuilder().FromLanguages(linguaLangs...).Build()}, nil
	case "lingua-low":
		return linguaDetector{lingua.NewLanguageDetectorBuilder().FromLanguages(linguaLangs...).WithLowAccuracyMode().Build()}, nil
	}
	return nil, fmt.Errorf("no detector %q", name)
}

// iso3 maps franc's ISO 639-3 answers for the measured languages and others.
var iso3 = map[string]string{"eng": "en", "spa": "es", "deu": "de", "fra": "fr", "ita": "it", "por": "pt",
	"nld": "nl", "pol": "pl", "ron": "ro", "swe": "sv"}

// runNode runs bench/peers/SCRIPT on texts through node and returns its
// answers, its load time in ms and its RSS after loading in KB.
func runNode(peers, script string, texts []string) ([]answer, float64, int, error) {
	rs, ready, err := peer.Run[struct {
		Lang     string `json:"lang"`
		Reliable bool   `json:"reliable"`
		NS       int64  `json:"ns"`
	}](peers, script, texts)
	if err != nil {
		return nil, 0, 0, err
	}
	out := make([]answer, len(rs))
	for i, r := range rs {
		if c, ok := iso3[r.Lang]; ok {
			r.Lang = c
		}
		out[i] = answer{lang: r.Lang, reliable: r.Reliable, ns: r.NS}
	}
	return out, ready.LoadMS, ready.RSSKB, nil
}
