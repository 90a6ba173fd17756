package local

import (
	"context"
	"encoding/json"
	"testing"

	"vigia/models"
)

// FuzzModels runs every model on any input the engine would accept (see
// models.ValidateInput) and checks that none panics, errs, or returns a
// result that does not marshal to JSON, and that each result keeps its
// own invariants. Seeds are in testdata/fuzz/FuzzModels.
func FuzzModels(f *testing.F) {
	// Short seeds: the fuzzer minimizes each new input it finds, and
	// minimizing a long one runs the four models many thousand times.
	for _, s := range []string{reviewES, "The update is not good. I hate it.", "not good", "¿Qué? ¡No!", "Dr. J. R. Smith, etc. 3.5 …"} {
		f.Add(s)
	}
	ms := All()
	f.Fuzz(func(t *testing.T, text string) {
		if models.ValidateInput(text, 0) != nil {
			t.Skip()
		}
		for _, m := range ms {
			p, err := models.ParseParams(m, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := m.Run(context.Background(), models.Input{Text: text, Params: p})
			if err != nil {
				t.Fatalf("%s: %v", m.Name(), err)
			}
			if res.Text == "" {
				t.Errorf("%s: got no Text", m.Name())
			}
			if _, err := json.Marshal(res); err != nil {
				t.Fatalf("%s: result does not marshal: %v", m.Name(), err)
			}
			checkInvariants(t, res.Data)
		}
	})
}

func checkInvariants(t *testing.T, data any) {
	t.Helper()
	switch d := data.(type) {
	case *SentimentResult:
		if d.Positive+d.Negative > d.Words || len(d.Drivers) > MaxDrivers {
			t.Errorf("sentiment: %+v", d)
		}
		sum := 0
		for _, w := range d.Drivers {
			sum += w.Weight * w.Count
		}
		if len(d.Drivers) < MaxDrivers && sum != d.Score {
			t.Errorf("sentiment: drivers add up to %d, score is %d", sum, d.Score)
		}
	case *KeywordsResult:
		if len(d.Keywords) > 10 || len(d.Keywords) > d.Candidates {
			t.Errorf("keywords: %d of %d candidates", len(d.Keywords), d.Candidates)
		}
	case *SummaryResult:
		last := -1
		for _, s := range d.Summary {
			if s.Index <= last || s.Index >= d.Sentences {
				t.Errorf("summarize: sentence %d after %d of %d", s.Index, last, d.Sentences)
			}
			last = s.Index
		}
		if len(d.Summary) > 3 {
			t.Errorf("summarize: %d sentences, want at most 3", len(d.Summary))
		}
	case *LanguageResult:
		if d.Confidence < 0 || d.Confidence > 1 || d.Reliable && d.Code3 == "und" {
			t.Errorf("language: %+v", d)
		}
	default:
		t.Errorf("unexpected Data %T", data)
	}
}
