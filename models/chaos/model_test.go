package chaos_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"vigia/metrics"
	"vigia/models"
	"vigia/models/chaos"
)

// params parses raw for the simulator.
func params(t testing.TB, raw map[string]string) models.Values {
	t.Helper()
	p, err := models.ParseParams(chaos.New(chaos.Options{}), raw)
	if err != nil {
		t.Fatalf("ParseParams(%v): %v", raw, err)
	}
	return p
}

// outcome is how one call ended.
type outcome struct {
	res      models.Result
	err      error
	panicked any
}

func run(ctx context.Context, m *chaos.Model, in models.Input) (o outcome) {
	defer func() { o.panicked = recover() }()
	o.res, o.err = m.Run(ctx, in)
	return o
}

// counts tallies outcomes.
type counts struct{ ok, errs, err503, panics int }

func (c *counts) add(t *testing.T, o outcome) {
	switch {
	case o.panicked != nil:
		if o.panicked != chaos.SimulatedPanic {
			t.Errorf("panicked with %v, want %q", o.panicked, chaos.SimulatedPanic)
		}
		c.panics++
	case o.err != nil:
		se, ok := errors.AsType[*chaos.SimulatedError](o.err)
		if !ok {
			t.Errorf("got error %v, want a *SimulatedError", o.err) // not Fatalf: add runs on other goroutines
			return
		}
		c.errs++
		if se.HTTPStatus() == 503 {
			c.err503++
		}
	default:
		c.ok++
	}
}

// within fails unless got is within 5 standard deviations of n·p, the
// binomial mean: a false alarm about once in two million runs.
func within(t *testing.T, what string, got, n int, p float64) {
	t.Helper()
	mean := float64(n) * p
	sd := math.Sqrt(float64(n) * p * (1 - p))
	if math.Abs(float64(got)-mean) > 5*sd+1 {
		t.Errorf("%s: got %d in %d, want %.0f ± %.0f", what, got, n, mean, 5*sd)
	}
}

func TestRates(t *testing.T) {
	const n = 20000
	tests := []struct {
		name                 string
		errorRate, panicRate float64
		seed                 uint64
	}{
		{"defaults", chaos.DefaultErrorRate, chaos.DefaultPanicRate, 0},
		{"load test of the issue", 0.10, 0.01, 0},
		{"seeded", 0.30, 0.20, 42},
		{"all errors", 1, 0, 0},
		{"all panics", 0, 1, 0},
		{"sum of 1", 0.7, 0.3, 7},
		{"never", 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := chaos.New(chaos.Options{Seed: tt.seed})
			p := params(t, map[string]string{
				"latency": "0", "jitter": "0",
				"error_rate": fmtFloat(tt.errorRate), "panic_rate": fmtFloat(tt.panicRate),
			})
			// Four goroutines, to run the draws concurrently under -race.
			var (
				mu  sync.Mutex
				all counts
				wg  sync.WaitGroup
			)
			for range 4 {
				wg.Go(func() {
					var c counts
					for range n / 4 {
						c.add(t, run(context.Background(), m, models.Input{Text: "hola", Params: p}))
					}
					mu.Lock()
					defer mu.Unlock()
					all.ok, all.errs, all.err503, all.panics = all.ok+c.ok, all.errs+c.errs, all.err503+c.err503, all.panics+c.panics
				})
			}
			wg.Wait()
			if all.ok+all.errs+all.panics != n {
				t.Fatalf("got %+v, want %d outcomes", all, n)
			}
			within(t, "panics", all.panics, n, tt.panicRate)
			within(t, "errors", all.errs, n, tt.errorRate)
			if all.errs > 0 {
				within(t, "503s among errors", all.err503, all.errs, 0.5)
			}
		})
	}
}

func fmtFloat(f float64) string { b, _ := json.Marshal(f); return string(b) }

func TestSeedReproducible(t *testing.T) {
	p := params(t, map[string]string{"latency": "0", "jitter": "0", "error_rate": "0.4", "panic_rate": "0.2"})
	sequence := func(seed uint64) string {
		m := chaos.New(chaos.Options{Seed: seed})
		var b strings.Builder
		for range 200 {
			o := run(context.Background(), m, models.Input{Text: "x", Params: p})
			switch {
			case o.panicked != nil:
				b.WriteByte('P')
			case o.err != nil:
				b.WriteString(o.err.Error()[len("simulated error"):] + "E")
			default:
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	a, b, c := sequence(1), sequence(1), sequence(2)
	if a != b {
		t.Errorf("two runs with seed 1 differ:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 1 and 2 gave the same run: %s", a)
	}
}

func TestResult(t *testing.T) {
	tests := []struct {
		name, text string
		want       chaos.Stats
		wantText   string
	}{
		{"English", "The quick brown fox\njumps.", chaos.Stats{Bytes: 26, Chars: 26, Words: 5}, "simulated reply: 5 words, 26 characters, 26 bytes"},
		{"Spanish", "  El niño comió\tpiñas ", chaos.Stats{Bytes: 25, Chars: 22, Words: 4}, "simulated reply: 4 words, 22 characters, 25 bytes"},
		{"one word", "¡Hola!", chaos.Stats{Bytes: 7, Chars: 6, Words: 1}, "simulated reply: 1 words, 6 characters, 7 bytes"},
	}
	m := chaos.New(chaos.Options{})
	p := params(t, map[string]string{"latency": "0", "jitter": "0", "error_rate": "0", "panic_rate": "0"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := m.Run(context.Background(), models.Input{Text: tt.text, Params: p})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Data, tt.want) || res.Text != tt.wantText || res.Usage != nil {
				t.Errorf("got %+v, %q; want %+v, %q", res.Data, res.Text, tt.want, tt.wantText)
			}
		})
	}
}

func TestLatency(t *testing.T) {
	// Real sleeps, short ones: each call must take latency ± jitter.
	m := chaos.New(chaos.Options{Seed: 3})
	p := params(t, map[string]string{"latency": "30ms", "jitter": "10ms", "error_rate": "0", "panic_rate": "0"})
	for range 5 {
		start := time.Now()
		res, err := m.Run(context.Background(), models.Input{Text: "x", Params: p})
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		wait := time.Duration(res.Data.(chaos.Stats).WaitMS * float64(time.Millisecond))
		if wait < 20*time.Millisecond || wait > 40*time.Millisecond || took < wait {
			t.Errorf("waited %v (took %v), want between 20ms and 40ms", wait, took)
		}
	}
}

func TestCanceled(t *testing.T) {
	p := params(t, map[string]string{"latency": "10s", "jitter": "0", "error_rate": "0", "panic_rate": "1"})
	m := chaos.New(chaos.Options{})

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err := m.Run(ctx, models.Input{Text: "x", Params: p})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second { // against the 10 s latency
		t.Errorf("got %v after %v, want context.Canceled at about 30ms", err, time.Since(start))
	}

	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err = m.Run(ctx, models.Input{Text: "x", Params: p})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want context.DeadlineExceeded", err)
	}

	// Already canceled: no wait, no panic.
	p = params(t, map[string]string{"latency": "0", "panic_rate": "1", "error_rate": "0"})
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if o := run(ctx, m, models.Input{Text: "x", Params: p}); !errors.Is(o.err, context.Canceled) || o.panicked != nil {
		t.Errorf("got %+v, want context.Canceled", o)
	}
}

func TestParams(t *testing.T) {
	m := chaos.New(chaos.Options{})
	tests := []struct {
		name    string
		raw     map[string]string
		wantErr string // "" for none
	}{
		{"defaults", nil, ""},
		{"bounds", map[string]string{"latency": "60s", "jitter": "0s", "error_rate": "1", "panic_rate": "0"}, ""},
		{"sum of exactly 1", map[string]string{"error_rate": "0.7", "panic_rate": "0.3"}, ""},
		{"negative latency", map[string]string{"latency": "-1ms"}, "latency=-1ms must be between 0 and 60 seconds"},
		{"latency too long", map[string]string{"latency": "61s"}, "between 0 and 60 seconds"},
		{"latency not a duration", map[string]string{"latency": "50"}, "not a duration"},
		{"jitter too long", map[string]string{"jitter": "2m"}, "between 0 and 60 seconds"},
		{"error_rate over 1", map[string]string{"error_rate": "1.5"}, "error_rate=1.5 must be between 0 and 1"},
		{"panic_rate negative", map[string]string{"panic_rate": "-0.1"}, "between 0 and 1"},
		{"rate NaN", map[string]string{"panic_rate": "NaN"}, "not a number"},
		{"sum over 1", map[string]string{"error_rate": "0.7", "panic_rate": "0.5"}, "error_rate=0.7 and panic_rate=0.5 add up to more than 1"},
		{"unknown", map[string]string{"seed": "1"}, `no parameter "seed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := models.ParseParams(m, tt.raw)
			if err == nil {
				err = m.CheckParams(p)
			}
			if err == nil && tt.wantErr != "" {
				// Run must reject it too, before waiting.
				if _, runErr := m.Run(context.Background(), models.Input{Text: "x", Params: p}); runErr == nil {
					t.Error("Run accepted what CheckParams rejects")
				}
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, models.ErrParam)):
				t.Errorf("got error %v, want one wrapping models.ErrParam with %q", err, tt.wantErr)
			}
		})
	}
}

func TestRunRejectsBadValues(t *testing.T) {
	// Values not made by ParseParams are checked by Run itself.
	m := chaos.New(chaos.Options{})
	for _, p := range []models.Values{
		{"latency": -time.Second},
		{"jitter": 2 * time.Minute},
		{"error_rate": math.NaN()},
		{"error_rate": 0.9, "panic_rate": 0.2},
	} {
		if _, err := m.Run(context.Background(), models.Input{Text: "x", Params: p}); !errors.Is(err, models.ErrParam) {
			t.Errorf("Run with %v: got %v, want a models.ErrParam error", p, err)
		}
	}
}

func TestErrorsForMetrics(t *testing.T) {
	tests := []struct {
		err      error
		wantText string
		wantType string
	}{
		{&chaos.SimulatedError{}, "simulated error", "chaos.SimulatedError"},
		{&chaos.SimulatedError{Status: 503}, "simulated error (HTTP 503)", metrics.ErrorTypeHTTP5xx},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.wantText {
			t.Errorf("Error() = %q, want %q", got, tt.wantText)
		}
		if got := metrics.ErrorType(tt.err); got != tt.wantType {
			t.Errorf("metrics.ErrorType(%v) = %q, want %q", tt.err, got, tt.wantType)
		}
	}
}

func TestDescribe(t *testing.T) {
	m := chaos.New(chaos.Options{})
	if m.Name() != "chaos" || !strings.HasPrefix(m.Description(), "Simulator: ") {
		t.Errorf("Name, Description = %q, %q; want chaos, a description starting \"Simulator: \"", m.Name(), m.Description())
	}
	if m.Cacheable(params(t, nil)) {
		t.Error("Cacheable = true, want false")
	}
	var names []string
	for _, p := range m.Params() {
		names = append(names, p.Name)
	}
	if want := []string{"latency", "jitter", "error_rate", "panic_rate"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Params = %v, want %v", names, want)
	}
}

func BenchmarkRun(b *testing.B) {
	m := chaos.New(chaos.Options{})
	p := params(b, map[string]string{"latency": "0", "jitter": "0", "error_rate": "0", "panic_rate": "0"})
	in := models.Input{Text: "El veloz murciélago hindú comía feliz cardillo y kiwi.", Params: p}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
