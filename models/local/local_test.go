package local

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vigia/models"
)

func TestAll(t *testing.T) {
	r := models.NewRegistry(All()...) // panics on a duplicate name
	want := []string{"keywords", "language", "sentiment", "summarize"}
	if got := r.Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("got models %v, want %v", got, want)
	}
	for _, m := range All() {
		if m.Description() == "" {
			t.Errorf("%s has no description", m.Name())
		}
		if !m.Cacheable(nil) {
			t.Errorf("%s: got Cacheable false, want true", m.Name())
		}
		if _, err := models.ParseParams(m, nil); err != nil {
			t.Errorf("%s: defaults do not parse: %v", m.Name(), err)
		}
	}
}

func TestParams(t *testing.T) {
	tests := []struct {
		model   models.Model
		raw     map[string]string
		wantErr bool
	}{
		{NewKeywords(), map[string]string{"max": "1", "lang": "es"}, false},
		{NewKeywords(), map[string]string{"max": "100"}, false},
		{NewKeywords(), map[string]string{"max": "0"}, true},
		{NewKeywords(), map[string]string{"max": "101"}, true},
		{NewKeywords(), map[string]string{"lang": "fr"}, true},
		{NewSummarize(), map[string]string{"sentences": "50"}, false},
		{NewSummarize(), map[string]string{"sentences": "51"}, true},
		{NewSummarize(), map[string]string{"sentences": "three"}, true},
		{NewSentiment(), map[string]string{"lang": "auto"}, false},
		{NewSentiment(), map[string]string{"max": "3"}, true},
		{NewLanguage(), map[string]string{"lang": "en"}, true},
	}
	for _, tt := range tests {
		_, err := models.ParseParams(tt.model, tt.raw)
		if gotErr := err != nil; gotErr != tt.wantErr || (err != nil && !errors.Is(err, models.ErrParam)) {
			t.Errorf("%s %v: got error %v, want error %v wrapping ErrParam", tt.model.Name(), tt.raw, err, tt.wantErr)
		}
	}
}

// TestEdgeInputs runs every model on inputs that have little or nothing
// for it: each must answer, with text for people and Data that marshals.
func TestEdgeInputs(t *testing.T) {
	inputs := map[string]string{
		"one word":         "hello",
		"one letter":       "x",
		"only punctuation": "!!! ??? ... ,,, ;;",
		"only stop words":  "the of and but or",
		"only stop es":     "de la que el en y",
		"emoji":            "🎉🎉 👍 😀",
		"digits":           "12345 678",
		"mixed scripts":    "Hola привет 你好 مرحبا",
		"combining marks":  "e\u0301te\u0301 cafe\u0301",
		"long word":        strings.Repeat("a", 10000),
		"no spaces":        strings.Repeat("ab.", 5000),
		"control chars":    "a\x01b\x7fc\u200bd\ufeffe",
	}
	for name, text := range inputs {
		for _, m := range All() {
			t.Run(name+"/"+m.Name(), func(t *testing.T) {
				run(t, m, text, nil)
			})
		}
	}
}

// TestNilParams runs each model without ParseParams: it must fall back
// to its defaults rather than fail.
func TestNilParams(t *testing.T) {
	for _, m := range All() {
		parsed := run(t, m, solarEN, nil)
		raw, err := m.Run(context.Background(), models.Input{Text: solarEN})
		if err != nil {
			t.Fatalf("%s without params: %v", m.Name(), err)
		}
		if raw.Text != parsed.Text {
			t.Errorf("%s: got %q without params, want %q as with the defaults", m.Name(), raw.Text, parsed.Text)
		}
	}
}

// TestOneMegabyte runs every model on an input of the largest size the
// engine accepts, in well under a second each without the race detector.
func TestOneMegabyte(t *testing.T) {
	text := synthText(models.DefaultMaxInput-200, 7)
	for _, m := range All() {
		start := time.Now()
		res := run(t, m, text, nil)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s took %v on 1 MB", m.Name(), d)
		}
		if _, err := json.Marshal(res.Data); err != nil {
			t.Errorf("%s: %v", m.Name(), err)
		}
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, m := range All() {
		p, _ := models.ParseParams(m, nil)
		_, err := m.Run(ctx, models.Input{Text: solarEN, Params: p})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got error %v, want context.Canceled", m.Name(), err)
		}
	}
}

// countdownCtx is a context whose Err turns to context.Canceled on the
// n-th call, to stop a model between two of its phases.
type countdownCtx struct {
	context.Context
	left atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestCanceledBetweenPhases cancels each model after its first check of
// the context: a later check must see it and stop with the error.
func TestCanceledBetweenPhases(t *testing.T) {
	text := synthText(100<<10, 5)
	for _, m := range All() {
		p, _ := models.ParseParams(m, nil)
		ctx := &countdownCtx{Context: context.Background()}
		ctx.left.Store(1)
		_, err := m.Run(ctx, models.Input{Text: text, Params: p})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got error %v, want context.Canceled", m.Name(), err)
		}
	}
}

// TestConcurrentRuns runs every model from several goroutines at once
// (meant for -race) and checks they agree: the models share their word
// lists, loaded once.
func TestConcurrentRuns(t *testing.T) {
	texts := []string{solarEN, droughtES, reviewEN, complaintES}
	for _, m := range All() {
		want := make([]string, len(texts))
		for i, text := range texts {
			want[i] = run(t, m, text, nil).Text
		}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				i := g % len(texts)
				res, err := m.Run(context.Background(), models.Input{Text: texts[i]})
				if err != nil {
					t.Errorf("%s: %v", m.Name(), err)
					return
				}
				if res.Text != want[i] {
					t.Errorf("%s: got %q, want %q", m.Name(), res.Text, want[i])
				}
			})
		}
		wg.Wait()
	}
}

// TestDeterministic runs each model twice on the same text: results are
// cached by input, so they must not change from run to run.
func TestDeterministic(t *testing.T) {
	text := synthText(20<<10, 9)
	for _, m := range All() {
		a, _ := json.Marshal(run(t, m, text, nil))
		b, _ := json.Marshal(run(t, m, text, nil))
		if string(a) != string(b) {
			t.Errorf("%s: two runs differ:\n%s\n%s", m.Name(), a, b)
		}
	}
}

func TestWordLists(t *testing.T) {
	tests := []struct {
		lang                 string
		minWords, minPhrases int
		minStop              int
	}{
		{"en", 3300, 25, 1200},
		{"es", 2500, 200, 700},
	}
	for _, tt := range tests {
		lx, err := lexiconFor(tt.lang)
		if err != nil {
			t.Fatalf("%s lexicon: %v", tt.lang, err)
		}
		stop, err := stopwordsFor(tt.lang)
		if err != nil {
			t.Fatalf("%s stop words: %v", tt.lang, err)
		}
		if len(lx.words) < tt.minWords || len(lx.phrases) < tt.minPhrases || len(stop) < tt.minStop {
			t.Errorf("%s: got %d words, %d phrases, %d stop words; want at least %d, %d, %d",
				tt.lang, len(lx.words), len(lx.phrases), len(stop), tt.minWords, tt.minPhrases, tt.minStop)
		}
		for w, v := range lx.words {
			if v < -5 || v > 5 || w != strings.ToLower(w) || strings.ContainsAny(w, " ,;:\"") {
				t.Errorf("%s: bad entry %q = %d", tt.lang, w, v)
			}
		}
	}
	if _, err := loadLexicon([]byte(`{"a": 1`), nil, false); err == nil {
		t.Error("broken lexicon: got no error")
	}
	if _, err := loadStopwords([]byte(`[]`)); err == nil {
		t.Error("empty stop words: got no error")
	}
}
