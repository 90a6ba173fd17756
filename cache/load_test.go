package cache

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

type result struct {
	v   int
	hit bool
	err error
}

// startGets starts n goroutines calling GetOrLoadHit(ctx, "k", load) and returns the channel
// of their results.
func startGets(c *Cache[string, int], ctx context.Context, n int, load func(context.Context) (int, error)) <-chan result {
	results := make(chan result, n)
	for range n {
		go func() {
			v, hit, err := c.GetOrLoadHit(ctx, "k", load)
			results <- result{v, hit, err}
		}()
	}
	return results
}

func TestConcurrentMissesLoadOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newTestCache[string, int](t, Options{TTL: time.Hour})
		const n = 50
		release := make(chan struct{})
		var calls atomic.Int64
		results := startGets(c, t.Context(), n, func(context.Context) (int, error) {
			calls.Add(1)
			<-release
			return 42, nil
		})
		synctest.Wait() // every caller is now loading or waiting for the load
		close(release)
		for range n {
			r := <-results
			if r.v != 42 || r.hit || r.err != nil {
				t.Errorf("GetOrLoadHit: got (%d, %v, %v), want (42, false, nil)", r.v, r.hit, r.err)
			}
		}
		if got := calls.Load(); got != 1 {
			t.Errorf("loader calls: got %d, want 1", got)
		}
		st := c.Stats()
		if st.Misses != n || st.Hits != 0 || st.Loads != 1 || st.LoadErrors != 0 || st.Size != 1 {
			t.Errorf("stats: got %+v, want Misses %d, Hits 0, Loads 1, LoadErrors 0, Size 1", st, n)
		}
		c.Close() // before the bubble ends: the periodic clean-up goroutine lives in it
	})
}

func TestErrorsAreNotCached(t *testing.T) {
	c := newTestCache[string, int](t, Options{})
	errBoom := errors.New("boom")
	calls := 0
	fail := func(context.Context) (int, error) {
		calls++
		return 0, errBoom
	}
	for i := range 3 {
		v, err := c.GetOrLoad(t.Context(), "k", fail)
		if err != errBoom || v != 0 {
			t.Errorf("call %d: got (%d, %v), want (0, %v) unwrapped", i, v, err, errBoom)
		}
	}
	if calls != 3 {
		t.Errorf("loader calls: got %d, want 3", calls)
	}
	v, err := c.GetOrLoad(t.Context(), "k", value(7, &calls))
	if err != nil || v != 7 {
		t.Errorf("after the errors: got (%d, %v), want (7, nil)", v, err)
	}
	st := c.Stats()
	if st.Loads != 4 || st.LoadErrors != 3 || st.Size != 1 {
		t.Errorf("stats: got Loads %d, LoadErrors %d, Size %d; want 4, 3, 1", st.Loads, st.LoadErrors, st.Size)
	}
}

func TestPanicBecomesErrorForEveryWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newTestCache[string, int](t, Options{})
		const n = 20
		release := make(chan struct{})
		var calls atomic.Int64
		results := startGets(c, t.Context(), n, func(context.Context) (int, error) {
			calls.Add(1)
			<-release
			panic("boom")
		})
		synctest.Wait()
		close(release)
		for range n {
			r := <-results
			var pe *PanicError
			if !errors.As(r.err, &pe) {
				t.Fatalf("error: got %v (%T), want a *PanicError", r.err, r.err)
			}
			if got := pe.PanicValue(); got != "boom" {
				t.Errorf("PanicValue: got %v, want boom", got)
			}
			if got := string(pe.Stack()); !strings.Contains(got, "TestPanicBecomesErrorForEveryWaiter") {
				t.Errorf("Stack: got %q, want the loader's frames", got)
			}
			if got, want := r.err.Error(), "loader panicked: boom"; got != want {
				t.Errorf("Error: got %q, want %q", got, want)
			}
		}
		if got := calls.Load(); got != 1 {
			t.Errorf("loader calls: got %d, want 1", got)
		}
		// The panic is not cached either.
		v, err := c.GetOrLoad(t.Context(), "k", func(context.Context) (int, error) { return 1, nil })
		if v != 1 || err != nil {
			t.Errorf("after the panic: got (%d, %v), want (1, nil)", v, err)
		}
		st := c.Stats()
		if st.Loads != 2 || st.LoadErrors != 1 {
			t.Errorf("stats: got Loads %d, LoadErrors %d; want 2, 1", st.Loads, st.LoadErrors)
		}
	})
}

func TestPanicErrorUnwrap(t *testing.T) {
	errInner := errors.New("inner")
	tests := []struct {
		value any
		want  error
	}{
		{"text", nil},
		{errInner, errInner},
	}
	for _, tt := range tests {
		if got := newPanicError(tt.value).Unwrap(); got != tt.want {
			t.Errorf("Unwrap of a panic with %v: got %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestWaiterReturnsWhenItsContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newTestCache[string, int](t, Options{})
		release := make(chan struct{})
		owner := startGets(c, t.Context(), 1, func(context.Context) (int, error) {
			<-release // ignores ctx, as a slow loader may
			return 1, nil
		})
		synctest.Wait()

		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetOrLoad(ctx, "k", func(context.Context) (int, error) {
			t.Error("the waiter ran a loader")
			return 0, nil
		})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("waiter: got error %v, want %v", err, context.DeadlineExceeded)
		}
		if got := time.Since(start); got != 10*time.Millisecond {
			t.Errorf("waiter returned after %v, want 10ms (its deadline)", got)
		}

		close(release)
		if r := <-owner; r.v != 1 || r.err != nil {
			t.Errorf("owner: got (%d, %v), want (1, nil)", r.v, r.err)
		}
	})
}

func TestLoaderSeesItsCallersContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newTestCache[string, int](t, Options{})
		ownerCtx, cancelOwner := context.WithCancel(t.Context())
		var calls atomic.Int64
		load := func(ctx context.Context) (int, error) {
			if calls.Add(1) > 1 {
				return 2, nil
			}
			<-ctx.Done()
			return 0, ctx.Err()
		}
		owner := startGets(c, ownerCtx, 1, load)
		synctest.Wait()
		waiter := startGets(c, t.Context(), 1, load)
		synctest.Wait()

		cancelOwner()
		if r := <-owner; !errors.Is(r.err, context.Canceled) {
			t.Errorf("owner: got error %v, want %v", r.err, context.Canceled)
		}
		// The owner's cancellation says nothing about the key: the waiter loads it again.
		if r := <-waiter; r.v != 2 || r.err != nil {
			t.Errorf("waiter: got (%d, %v), want (2, nil)", r.v, r.err)
		}
		if got := calls.Load(); got != 2 {
			t.Errorf("loader calls: got %d, want 2", got)
		}
	})
}

func TestDoneContextDoesNotLoad(t *testing.T) {
	c := newTestCache[string, int](t, Options{})
	calls := 0
	if _, err := c.GetOrLoad(t.Context(), "cached", value(1, &calls)); err != nil {
		t.Fatalf("GetOrLoad: got error %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		key     string
		wantV   int
		wantErr error
	}{
		{"cached", 1, nil},
		{"missing", 0, context.Canceled},
	}
	for _, tt := range tests {
		v, err := c.GetOrLoad(ctx, tt.key, value(9, &calls))
		if v != tt.wantV || !errors.Is(err, tt.wantErr) {
			t.Errorf("GetOrLoad(done ctx, %q): got (%d, %v), want (%d, %v)", tt.key, v, err, tt.wantV, tt.wantErr)
		}
	}
	if calls != 1 {
		t.Errorf("loader calls: got %d, want 1", calls)
	}
}

func TestLoadsAreLogged(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		load      func(context.Context) (int, error)
		wantLevel slog.Level
		wantMsg   string
		wantError bool
		wantStack bool
	}{
		{"success", func(context.Context) (int, error) { return 1, nil },
			slog.LevelDebug, "Data fetch completed in 1.50 seconds", false, false},
		{"error", func(context.Context) (int, error) { return 0, errBoom },
			slog.LevelError, "Error fetching data: boom", true, false},
		{"panic", func(context.Context) (int, error) { panic("oops") },
			slog.LevelError, "Error fetching data: loader panicked: oops", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			rec := &recorder{}
			c := newTestCache[string, int](t, Options{Name: "models", Logger: slog.New(rec), Now: clk.Now})
			_, _ = c.GetOrLoad(t.Context(), "k", func(ctx context.Context) (int, error) {
				clk.Advance(1500 * time.Millisecond)
				return tt.load(ctx)
			})
			_, _ = c.Get("k") // a hit, or a miss: neither is logged

			recs := rec.all()
			if len(recs) != 1 {
				t.Fatalf("records: got %d, want 1: %v", len(recs), recs)
			}
			r := recs[0]
			if r.Level != tt.wantLevel || r.Message != tt.wantMsg {
				t.Errorf("record: got %v %q, want %v %q", r.Level, r.Message, tt.wantLevel, tt.wantMsg)
			}
			a := attrs(r)
			if got := a["cache"].String(); got != "models" {
				t.Errorf("cache attr: got %q, want models", got)
			}
			if got := a["key"].String(); got != "k" {
				t.Errorf("key attr: got %q, want k", got)
			}
			if got := a["duration_ms"].Float64(); got != 1500 {
				t.Errorf("duration_ms attr: got %v, want 1500", got)
			}
			if _, got := a["error"]; got != tt.wantError {
				t.Errorf("error attr present: got %v, want %v", got, tt.wantError)
			}
			if _, got := a["stack"]; got != tt.wantStack {
				t.Errorf("stack attr present: got %v, want %v", got, tt.wantStack)
			}
		})
	}
}
