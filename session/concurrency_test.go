package session

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"vigia/logging"
)

// TestRunConcurrent runs many tasks of every outcome from many goroutines at
// once; counts, hook calls and records must all be exact.
func TestRunConcurrent(t *testing.T) {
	const (
		goroutines = 8
		perG       = 5000
		total      = goroutines * perG
	)
	logs := newLogs(t, logging.Options{RingSize: total + 100, MaxSizeMB: 1000})
	var hooked [4]atomic.Int64 // by outcome, in the order of outcomes below
	var wrongSession atomic.Int64
	outcomes := []Outcome{OutcomeOK, OutcomeError, OutcomePanic, OutcomeCanceled}
	index := map[Outcome]int{OutcomeOK: 0, OutcomeError: 1, OutcomePanic: 2, OutcomeCanceled: 3}

	var s *Session // set before any task runs
	hook := func(r Report) {
		if r.Session != s {
			wrongSession.Add(1)
		}
		hooked[index[r.Outcome]].Add(1)
	}
	m := NewManager(Options{Logger: logs.Logger(), Hook: hook})
	s, ctx := m.Start(context.Background())
	canceled, cancel := context.WithCancel(ctx)
	cancel()

	var wantByOutcome [4]int64
	for i := range perG {
		// i%5 is the case below; 4, a canceled context, is "canceled" too.
		wantByOutcome[min(i%5, 3)]++
	}
	for i := range wantByOutcome {
		wantByOutcome[i] *= goroutines
	}

	var wg sync.WaitGroup
	var wrongResult atomic.Int64
	for g := range goroutines {
		wg.Go(func() {
			for i := range perG {
				c := ctx
				fn := func(context.Context) (int, error) { return g*perG + i, nil }
				want := g*perG + i
				switch i % 5 {
				case 1:
					fn = func(context.Context) (int, error) { return 0, errBoom }
					want = 0
				case 2:
					fn = func(context.Context) (int, error) { panic(fmt.Sprint("p", i)) }
					want = 0
				case 3:
					fn = func(context.Context) (int, error) { return 0, context.Canceled }
					want = 0
				case 4:
					c = canceled
					want = 0
				}
				task := Task{Name: "task"}
				if i%2 == 0 {
					task = Task{Name: "model:m", Model: "m"}
				}
				if res, _ := Run(c, task, fn); res != want {
					wrongResult.Add(1)
				}
			}
		})
	}
	wg.Wait()

	if n := wrongResult.Load(); n != 0 {
		t.Errorf("%d Run calls returned the wrong result, want 0", n)
	}
	wantCounts := Counts{
		Tasks:    total,
		Errors:   wantByOutcome[1],
		Panics:   wantByOutcome[2],
		Canceled: wantByOutcome[3],
	}
	if got := s.Counts(); got != wantCounts {
		t.Errorf("Counts() = %+v, want %+v", got, wantCounts)
	}
	for i, o := range outcomes {
		if got := hooked[i].Load(); got != wantByOutcome[i] {
			t.Errorf("hook saw %d %q tasks, want %d", got, o, wantByOutcome[i])
		}
	}
	if n := wrongSession.Load(); n != 0 {
		t.Errorf("%d reports named another session, want 0", n)
	}

	var logged [4]int64
	for _, e := range eventsIn(logs, "task") {
		v, _ := e.Attr("outcome")
		logged[index[Outcome(v.String())]]++
	}
	for i, o := range outcomes {
		if logged[i] != wantByOutcome[i] {
			t.Errorf("got %d event=task records with outcome %q, want %d", logged[i], o, wantByOutcome[i])
		}
	}
}

// TestManagerConcurrent starts, uses, lists and ends sessions from many
// goroutines at once.
func TestManagerConcurrent(t *testing.T) {
	const (
		goroutines = 8
		perG       = 200
	)
	logs := newLogs(t, logging.Options{RingSize: 4 * goroutines * perG})
	var hooked atomic.Int64
	m := NewManager(Options{Logger: logs.Logger(), Hook: func(Report) { hooked.Add(1) }})

	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, s := range m.List() {
				m.Get(s.ID())
				_ = s.Counts()
			}
		}
	})

	var wg sync.WaitGroup
	var badEnd atomic.Int64
	for range goroutines {
		wg.Go(func() {
			for range perG {
				s, ctx := m.Start(context.Background())
				_, _ = Run(ctx, Task{Name: "t"}, func(context.Context) (int, error) { return 1, nil })
				Track(ctx, "click", "button")
				if !m.End(s) || m.End(s) {
					badEnd.Add(1)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()

	const n = goroutines * perG
	if got := badEnd.Load(); got != 0 {
		t.Errorf("%d sessions did not end exactly once, want 0", got)
	}
	if got := len(m.List()); got != 0 {
		t.Errorf("len(List()) = %d after every End, want 0", got)
	}
	if got := hooked.Load(); got != n {
		t.Errorf("hook called %d times, want %d", got, n)
	}
	starts, ends := eventsIn(logs, "session_start"), eventsIn(logs, "session_end")
	if len(starts) != n || len(ends) != n {
		t.Fatalf("got %d session_start and %d session_end records, want %d of each", len(starts), len(ends), n)
	}
	ended := make(map[string]int, n)
	for _, e := range ends {
		ended[e.Session]++
		if got := attrInt(t, e, "tasks"); got != 1 {
			t.Errorf("session %s ended with tasks=%d, want 1", e.Session, got)
		}
		if got := attrInt(t, e, "actions"); got != 1 {
			t.Errorf("session %s ended with actions=%d, want 1", e.Session, got)
		}
	}
	if len(ended) != n {
		t.Errorf("session_end records name %d distinct sessions, want %d", len(ended), n)
	}
}
