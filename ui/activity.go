package ui

import (
	"sync"
	"time"
)

// dormantAfter is how long no window of the app may have the focus before
// the app turns dormant.
const dormantAfter = time.Minute

// activity tells whether anyone is looking at the app. Fyne's lifecycle
// says when the app enters the foreground (one of its windows got the
// focus) and when it leaves it (every window lost the focus: minimised,
// hidden, or another program focused). Once the app has stayed in the
// background for its delay, it turns dormant: the windows' periodic work
// (status bar, dashboard, log follow, sessions, the streaming repaint, the
// UI probe) waits instead of ticking, and the caller's onChange slows the
// memory sampler. A window getting the focus wakes it at once, and the
// waiting work runs straight away, so nothing shown is stale.
//
// The app starts awake, and stays so when the platform never reports the
// focus (a display without a window manager, the test driver). Its
// methods are safe for concurrent use.
type activity struct {
	after    time.Duration
	onChange func(dormant bool) // called outside mu, with each new state

	mu      sync.Mutex
	dormant bool
	wake    chan struct{} // closed when a dormant spell ends; nil while awake
	timer   *time.Timer   // running while in the background and not yet dormant
	gen     uint64        // moves on with every foreground, so a stale timer does nothing

	changeMu sync.Mutex // serialises onChange calls; guards reported
	reported bool       // the state onChange heard last
}

// newActivity returns an awake activity that turns dormant after the given
// time in the background; onChange, if not nil, hears every change.
func newActivity(after time.Duration, onChange func(dormant bool)) *activity {
	return &activity{after: after, onChange: onChange}
}

// foreground records that a window of the app has the focus: the app is
// awake from now on.
func (a *activity) foreground() {
	a.mu.Lock()
	a.gen++
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	was := a.dormant
	if was {
		a.dormant = false
		close(a.wake)
		a.wake = nil
	}
	a.mu.Unlock()
	if was {
		a.changed()
	}
}

// background records that no window of the app has the focus: the app
// turns dormant after a's delay, unless a window gets it back before.
func (a *activity) background() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.dormant || a.timer != nil {
		return
	}
	gen := a.gen
	a.timer = time.AfterFunc(a.after, func() { a.sleep(gen) })
}

// sleep makes a dormant, unless a window got the focus since the timer of
// generation gen was set.
func (a *activity) sleep(gen uint64) {
	a.mu.Lock()
	if a.gen != gen || a.dormant {
		a.mu.Unlock()
		return
	}
	a.timer = nil
	a.dormant = true
	a.wake = make(chan struct{})
	a.mu.Unlock()
	a.changed()
}

// changed tells onChange the state a is in now, if it is not the one it
// heard last: two changes that race each other end with the true state.
func (a *activity) changed() {
	if a.onChange == nil {
		return
	}
	a.changeMu.Lock()
	defer a.changeMu.Unlock()
	a.mu.Lock()
	now := a.dormant
	a.mu.Unlock()
	if now != a.reported {
		a.reported = now
		a.onChange(now)
	}
}

// asleep returns nil while the app is awake and, while it is dormant, a
// channel closed when it wakes. A nil activity is always awake.
func (a *activity) asleep() <-chan struct{} {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.wake
}
