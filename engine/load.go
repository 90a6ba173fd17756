package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"vigia/metrics"
	"vigia/models"
	"vigia/session"
	"vigia/telemetry"
)

// Target is one model of a load test, its parameters parsed.
type Target struct {
	Model  models.Model
	Values models.Values
}

// LoadSpec describes a load test.
type LoadSpec struct {
	Targets  []Target // taken in turn, request i going to Targets[i % len]
	Text     string   // the input of every request
	Requests int      // how many requests in all

	// Concurrency is how many requests run at once. Without a Rate it is
	// a closed loop: that many workers, each sending its next request when
	// the last one ends. With a Rate it only caps the requests in flight:
	// an arrival waits for a free slot.
	Concurrency int

	// Rate, when above 0, sends requests with Poisson arrivals at Rate a
	// second (exponential gaps of mean 1/Rate), as vLLM's bench serve
	// --request-rate does; +Inf sends them all at once. 0 is the closed
	// loop above.
	Rate float64

	// Seed seeds the arrival times; 0 picks one at random. Tests fix it.
	Seed uint64
}

// Progress is how far a load test has come.
type Progress struct {
	Done, Failed int64 // requests finished, and how many of them failed
	Total        int64
	Elapsed      time.Duration

	// Summary, in the final Progress only, holds the figures of this load
	// test's requests alone (the session may have run others): response
	// times as the load test saw them, around the whole task, and an LLM
	// model's TTFT, TPOT, ITL and tokens.
	Summary *metrics.Summary
}

// progressEvery is how often Load reports progress.
const progressEvery = 100 * time.Millisecond

// Load runs a load test in the session of ctx and returns its final
// progress. It stops early when ctx ends; requests then in flight end as
// canceled, and requests not yet sent are not. progress, if not nil, is
// called every 100 ms and once at the end, from a goroutine of Load's:
// never once per request.
func (e *Engine) Load(ctx context.Context, spec LoadSpec, progress func(Progress)) Progress {
	start := time.Now()
	n := int64(spec.Requests)
	var done, failed atomic.Int64
	// One span for the load test, the parent of its tasks' spans.
	var span *telemetry.Span
	if t := e.tel.Load(); t != nil {
		ctx, span = t.StartLoad(ctx, loadSpan(ctx, spec))
	}
	snapshot := func() Progress {
		return Progress{Done: done.Load(), Failed: failed.Load(), Total: n, Elapsed: time.Since(start)}
	}
	own := metrics.NewCollector()
	one := func(i int64) {
		t := spec.Targets[i%int64(len(spec.Targets))]
		res, ran, err := e.RunTimed(ctx, t.Model, t.Values, spec.Text)
		if ran.Cached {
			own.RecordCacheHit(t.Model.Name())
		} else {
			own.RecordRequest(t.Model.Name(), ran.Duration, err)
		}
		if r, ok := reported[models.LLMReporter](res, err); ok && !ran.Cached {
			if call, ok := r.LLMCall(); ok {
				own.RecordLLM(t.Model.Name(), sampleOf(call))
			}
		}
		if err != nil {
			failed.Add(1)
		}
		done.Add(1)
	}
	var wg sync.WaitGroup
	if spec.Rate > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.arrive(ctx, spec, start, &wg, one)
		}()
	} else {
		var next atomic.Int64
		for range min(spec.Concurrency, spec.Requests) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					i := next.Add(1) - 1
					if i >= n {
						return
					}
					one(i)
				}
			}()
		}
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		select {
		case <-finished:
			p := snapshot()
			sum := own.Summary()
			p.Summary = &sum
			span.EndLoad(p.Done, p.Failed, ctx.Err())
			if progress != nil {
				progress(p)
			}
			return p
		case <-tick.C:
			if progress != nil {
				progress(snapshot())
			}
		}
	}
}

// loadSpan describes a load test for its span.
func loadSpan(ctx context.Context, spec LoadSpec) telemetry.Load {
	l := telemetry.Load{Requests: spec.Requests, Concurrency: spec.Concurrency, Rate: spec.Rate}
	if s, ok := session.FromContext(ctx); ok {
		l.Session = s.ID()
	}
	for _, t := range spec.Targets {
		l.Models = append(l.Models, t.Model.Name())
	}
	return l
}

// arrive sends the requests of a rate-mode load test at their arrival
// times (Arrivals), each on a goroutine of its own counted in wg, at most
// spec.Concurrency at once when it is above 0. Arrival times are from
// start, not from the previous send, so that a late send doesn't delay
// the ones after it.
func (e *Engine) arrive(ctx context.Context, spec LoadSpec, start time.Time, wg *sync.WaitGroup, one func(int64)) {
	var slots chan struct{}
	if spec.Concurrency > 0 {
		slots = make(chan struct{}, spec.Concurrency)
	}
	at := Arrivals(spec.Rate, spec.Requests, spec.Seed)
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	for i := range int64(spec.Requests) {
		if wait := time.Until(start.Add(at[i])); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-ctx.Done():
				return
			}
		}
		if slots != nil {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
		}
		if ctx.Err() != nil {
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if slots != nil {
				defer func() { <-slots }()
			}
			one(i)
		}()
	}
}

// Arrivals returns the send times, from the start of a load test, of n
// requests arriving as a Poisson process of rate a second: the first at 0,
// then gaps drawn from an exponential distribution of mean 1/rate. A rate of +Inf sends all at
// 0. seed 0 picks a random seed.
func Arrivals(rate float64, n int, seed uint64) []time.Duration {
	at := make([]time.Duration, n)
	if math.IsInf(rate, 1) || rate <= 0 {
		return at
	}
	if seed == 0 {
		seed = rand.Uint64()
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var t float64 // seconds
	for i := range at {
		at[i] = time.Duration(t * float64(time.Second))
		t += rng.ExpFloat64() / rate
	}
	return at
}

// PrepareTargets parses the models of a load test and gives each the
// parameters it has; a parameter no model has is an error.
func PrepareTargets(reg *models.Registry, names []string, raw map[string]string) ([]Target, error) {
	used := map[string]bool{}
	var out []Target
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		m, err := reg.Lookup(name)
		if err != nil {
			return nil, usageError{err}
		}
		mine := map[string]string{}
		for _, spec := range m.Params() {
			if v, ok := raw[spec.Name]; ok {
				mine[spec.Name] = v
				used[spec.Name] = true
			}
		}
		_, vals, err := Prepare(reg, name, mine)
		if err != nil {
			return nil, err
		}
		out = append(out, Target{Model: m, Values: vals})
	}
	if len(out) == 0 {
		return nil, usageError{errors.New("no model named")}
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if !used[k] {
			return nil, usageError{fmt.Errorf("%w: no model of %s has a parameter %q", models.ErrParam, strings.Join(names, ","), k)}
		}
	}
	return out, nil
}
