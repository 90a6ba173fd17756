package chaos

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"vigia/models"
)

// Defaults of the parameters.
const (
	DefaultLatency   = 50 * time.Millisecond
	DefaultJitter    = 20 * time.Millisecond
	DefaultErrorRate = 0.05
	DefaultPanicRate = 0.01
)

// Options configures a Model. The zero value works.
type Options struct {
	// Seed, when not 0, makes the simulation reproducible: calls made one
	// after another, with the same parameters, draw the same delays and
	// outcomes in the same order. Concurrent calls then share one source
	// under a lock. 0 draws from math/rand/v2's top-level functions.
	Seed uint64
}

// Model is the "chaos" simulator. It is safe for concurrent use.
type Model struct {
	mu  sync.Mutex // guards rng
	rng *rand.Rand // nil: the top-level functions of math/rand/v2
}

var _ models.Model = (*Model)(nil)

// New returns the simulator.
func New(opts Options) *Model {
	m := &Model{}
	if opts.Seed != 0 {
		m.rng = rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	}
	return m
}

var params = []models.Param{
	{Name: "latency", Kind: models.Duration, Default: DefaultLatency.String(), Min: 0, Max: 60,
		Help: "The median time a call takes."},
	{Name: "jitter", Kind: models.Duration, Default: DefaultJitter.String(), Min: 0, Max: 60,
		Help: "How far a call's time strays from latency, either way (uniformly, never below 0)."},
	{Name: "error_rate", Kind: models.Float, Default: "0.05", Min: 0, Max: 1,
		Help: "The share of calls that fail with a simulated error, from 0 to 1."},
	{Name: "panic_rate", Kind: models.Float, Default: "0.01", Min: 0, Max: 1,
		Help: "The share of calls that panic, from 0 to 1; with error_rate at most 1."},
}

// Name returns "chaos".
func (m *Model) Name() string { return "chaos" }

// Description says what the simulator does, and that it is one.
func (m *Model) Description() string {
	return "Simulator: waits latency ± jitter, then fails or panics at the rates set, else returns counts of the input; for demos and load tests, it does no real work."
}

// Params returns latency, jitter, error_rate and panic_rate.
func (m *Model) Params() []models.Param { return slices.Clone(params) }

// Cacheable returns false: every call simulates anew.
func (m *Model) Cacheable(models.Values) bool { return false }

// settings are one call's parameters.
type settings struct {
	latency, jitter      time.Duration
	errorRate, panicRate float64
}

// CheckParams reports what Run would reject in p: values out of range (for
// Values not made by models.ParseParams), and error_rate and panic_rate
// adding up to more than 1, which no single parameter can see. Its errors
// wrap models.ErrParam.
func (m *Model) CheckParams(p models.Values) error {
	_, err := readSettings(p)
	return err
}

func readSettings(p models.Values) (settings, error) {
	s := settings{
		latency:   get(p, "latency", DefaultLatency),
		jitter:    get(p, "jitter", DefaultJitter),
		errorRate: get(p, "error_rate", DefaultErrorRate),
		panicRate: get(p, "panic_rate", DefaultPanicRate),
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"latency", s.latency}, {"jitter", s.jitter}} {
		if d.v < 0 || d.v > time.Minute {
			return s, fmt.Errorf("%w: %s=%s must be between 0 and 60 seconds", models.ErrParam, d.name, d.v)
		}
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"error_rate", s.errorRate}, {"panic_rate", s.panicRate}} {
		if !(r.v >= 0 && r.v <= 1) { // NaN fails too
			return s, fmt.Errorf("%w: %s=%g must be between 0 and 1", models.ErrParam, r.name, r.v)
		}
	}
	// A little slack, so that 0.7 and 0.3 pass whatever their float sum.
	if s.errorRate+s.panicRate > 1+1e-9 {
		return s, fmt.Errorf("%w: error_rate=%g and panic_rate=%g add up to more than 1", models.ErrParam, s.errorRate, s.panicRate)
	}
	return s, nil
}

// get returns p[name], or def when p has no value of T by that name.
func get[T any](p models.Values, name string, def T) T {
	if v, ok := p[name].(T); ok {
		return v
	}
	return def
}

// Run waits, then panics, fails or answers as the package doc says. If ctx
// ends during the wait, Run returns ctx.Err() at once.
func (m *Model) Run(ctx context.Context, in models.Input) (models.Result, error) {
	s, err := readSettings(in.Params)
	if err != nil {
		return models.Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return models.Result{}, err
	}
	// Both draws are taken at once, whatever the parameters, so that the
	// calls of a seeded run draw in a fixed order.
	uDelay, uOutcome := m.float64s()
	d := delay(s.latency, s.jitter, uDelay)
	if d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return models.Result{}, ctx.Err()
		case <-t.C:
		}
	}
	switch {
	case uOutcome < s.panicRate:
		panic(SimulatedPanic)
	case uOutcome < s.panicRate+s.errorRate:
		// The lower half of the error band gets a 503: half the errors.
		e := &SimulatedError{}
		if uOutcome < s.panicRate+s.errorRate/2 {
			e.Status = 503
		}
		return models.Result{}, e
	}
	st := count(in.Text)
	st.WaitMS = float64(d) / float64(time.Millisecond)
	return models.Result{Text: st.String(), Data: st}, nil
}

// float64s draws two numbers in [0, 1).
func (m *Model) float64s() (float64, float64) {
	if m.rng == nil {
		return rand.Float64(), rand.Float64()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rng.Float64(), m.rng.Float64()
}

// delay returns latency ± jitter for u drawn uniformly from [0, 1), never
// below 0.
func delay(latency, jitter time.Duration, u float64) time.Duration {
	d := latency + time.Duration(math.Round((2*u-1)*float64(jitter)))
	return max(d, 0)
}
