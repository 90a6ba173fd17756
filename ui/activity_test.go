package ui

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// changes records what an activity's onChange heard.
type changes struct {
	mu  sync.Mutex
	got []bool
}

func (c *changes) add(d bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, d)
}

func (c *changes) list() []bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]bool(nil), c.got...)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestActivityDormantAfterDelay: the app turns dormant only after its
// delay in the background, a focus before the delay cancels it, and a
// focus wakes it at once, closing the channel the waiting work waits on.
func TestActivityDormantAfterDelay(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var c changes
	a := newActivity(30*time.Millisecond, c.add)
	if a.asleep() != nil {
		t.Fatal("a new activity is dormant; want awake")
	}

	// Back in the foreground before the delay: never dormant.
	for range 5 {
		a.background()
		a.foreground()
	}
	time.Sleep(100 * time.Millisecond)
	if a.asleep() != nil || len(c.list()) != 0 {
		t.Fatalf("dormant after short spells in the background (changes %v); want awake", c.list())
	}

	a.background()
	a.background() // a second report while in the background changes nothing
	waitFor(t, "dormant", func() bool { return a.asleep() != nil })
	wake := a.asleep()
	select {
	case <-wake:
		t.Fatal("the wake channel is closed while dormant")
	default:
	}
	a.foreground()
	select {
	case <-wake:
	case <-time.After(5 * time.Second):
		t.Fatal("a focus did not close the wake channel")
	}
	if a.asleep() != nil {
		t.Fatal("still dormant after a focus")
	}
	if got := c.list(); len(got) != 2 || !got[0] || got[1] {
		t.Fatalf("onChange heard %v; want [true false]", got)
	}
	var nilActivity *activity
	if nilActivity.asleep() != nil {
		t.Fatal("a nil activity is dormant; want always awake")
	}
}

// TestEveryWaitsWhileDormant: a periodic function stops while the app is
// dormant and runs again at once when it wakes; Close ends a loop that
// waits.
func TestEveryWaitsWhileDormant(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	act := newActivity(time.Millisecond, nil)
	a, _, _ := newTestAsync(t)
	a.active = act
	var n atomic.Int64
	a.Every("tick", 2*time.Millisecond, func(context.Context) { n.Add(1) })
	waitFor(t, "ticks", func() bool { return n.Load() >= 3 })

	act.background()
	waitFor(t, "dormant", func() bool { return act.asleep() != nil })
	// At 2 ms a tick, 200 ms without one never happens while awake.
	deadline := time.Now().Add(5 * time.Second)
	for {
		before := n.Load()
		time.Sleep(200 * time.Millisecond)
		if n.Load() == before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the periodic function kept running while the app was dormant")
		}
	}
	before := n.Load()
	act.foreground()
	waitFor(t, "ticks after waking", func() bool { return n.Load() >= before+3 })

	// A loop waiting while dormant ends with Close.
	act.background()
	waitFor(t, "dormant again", func() bool { return act.asleep() != nil })
	closeWithin(t, a, 5*time.Second)

	// awake answers at once while awake, and false once ctx ended.
	b, _, _ := newTestAsync(t)
	if !b.awake(context.Background()) {
		t.Fatal("awake without an activity: got false")
	}
	b.active = act // dormant
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if b.awake(ctx) {
		t.Fatal("awake while dormant with ctx ended: got true")
	}
}

// TestAppDormantTellsCaller: the app's activity reaches Deps.Dormant, so
// the caller can slow its sampler, in both directions.
func TestAppDormantTellsCaller(t *testing.T) {
	h := newHarness(t, DetailsType)
	var c changes
	h.app.deps.Dormant = c.add
	h.app.active.after = time.Millisecond
	h.app.active.background()
	waitFor(t, "dormant", func() bool { return len(c.list()) == 1 })
	h.app.active.foreground()
	waitFor(t, "awake", func() bool { return len(c.list()) == 2 })
	if got := c.list(); !got[0] || got[1] {
		t.Fatalf("Deps.Dormant heard %v; want [true false]", got)
	}
}
