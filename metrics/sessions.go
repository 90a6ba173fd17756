package metrics

import "sync"

// Sessions keeps one Collector per open session and a collector of the
// sessions that ended, so that the all-sessions view keeps their figures
// after their own collectors are dropped. Its methods are safe for
// concurrent use.
//
// A session's collector is made by [Sessions.Open], as the session starts,
// and nowhere else: reads ([Sessions.Collector]) and late records
// ([Sessions.Record] after End) never make one, so that a task or a
// dashboard refresh arriving after End can't bring back a collector that
// nobody will ever end, and an ended session's summary stays final.
type Sessions struct {
	opts CollectorOptions

	mu    sync.RWMutex
	live  map[string]*Collector
	ended *Collector
}

// NewSessions returns an empty Sessions whose collectors use opts.
func NewSessions(opts CollectorOptions) *Sessions {
	return &Sessions{opts: opts, live: make(map[string]*Collector), ended: NewCollectorWithOptions(opts)}
}

// Open makes the collector of session id, as the session starts, and
// returns it; opening an open session returns its collector.
func (s *Sessions) Open(id string) *Collector {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.live[id]
	if !ok {
		c = NewCollectorWithOptions(s.opts)
		s.live[id] = c
	}
	return c
}

// Collector returns the collector of session id while it is open, and false
// for a session never opened or already ended. It never makes one.
func (s *Sessions) Collector(id string) (*Collector, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.live[id]
	return c, ok
}

// Record counts one task of session id through rec: in the session's
// collector while it is open, else in the ended sessions' collector, so
// that a task that finished after its session's End (or whose session was
// never opened) still counts in the all-sessions figures without changing
// a summary already final. rec runs under a read lock, so End can't take a
// summary while a record is half made: every record lands either in the
// session's final summary or after it, never in neither. rec must be quick
// and must not call back into s's Open or End.
func (s *Sessions) Record(id string, rec func(*Collector)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.live[id]
	if !ok {
		c = s.ended
	}
	rec(c)
}

// End returns the final summary of session id and folds its figures into
// the ended sessions' collector. Ending an unknown or ended session returns
// an empty summary.
func (s *Sessions) End(id string) Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.live[id]
	if !ok {
		return Merge()
	}
	delete(s.live, id)
	sum := c.Summary()
	s.ended.MergeFrom(c)
	return sum
}

// Summary returns the figures of all sessions, open and ended. It reads
// under the lock so that a session ending meanwhile is counted once.
func (s *Sessions) Summary() Summary {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return Merge(s.all()...)
}

// Series returns the time series of all sessions.
func (s *Sessions) Series() []Point {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return MergeSeries(s.all()...)
}

// all returns every collector, the open ones and the ended sessions'; the
// caller holds s.mu.
func (s *Sessions) all() []*Collector {
	cs := make([]*Collector, 0, len(s.live)+1)
	for _, c := range s.live {
		cs = append(cs, c)
	}
	return append(cs, s.ended)
}
