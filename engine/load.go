package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"vigia/models"
)

// Target is one model of a load test, its parameters parsed.
type Target struct {
	Model  models.Model
	Values models.Values
}

// LoadSpec describes a load test.
type LoadSpec struct {
	Targets     []Target // taken in turn, request i going to Targets[i % len]
	Text        string   // the input of every request
	Requests    int      // how many requests in all
	Concurrency int      // how many run at once
}

// Progress is how far a load test has come.
type Progress struct {
	Done, Failed int64 // requests finished, and how many of them failed
	Total        int64
	Elapsed      time.Duration
}

// progressEvery is how often Load reports progress.
const progressEvery = 100 * time.Millisecond

// Load runs a load test in the session of ctx and returns its final
// progress. It stops early when ctx ends; requests then in flight end as
// canceled. progress, if not nil, is called every 100 ms and once at the
// end, from a goroutine of Load's: never once per request.
func (e *Engine) Load(ctx context.Context, spec LoadSpec, progress func(Progress)) Progress {
	start := time.Now()
	n := int64(spec.Requests)
	var next, done, failed atomic.Int64
	snapshot := func() Progress {
		return Progress{Done: done.Load(), Failed: failed.Load(), Total: n, Elapsed: time.Since(start)}
	}
	var wg sync.WaitGroup
	for range min(spec.Concurrency, spec.Requests) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= n {
					return
				}
				t := spec.Targets[i%int64(len(spec.Targets))]
				if _, err := e.Run(ctx, t.Model, t.Values, spec.Text); err != nil {
					failed.Add(1)
				}
				done.Add(1)
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		select {
		case <-finished:
			p := snapshot()
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
