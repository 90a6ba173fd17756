package metrics

import "sync"

// Sessions keeps one Collector per session and a collector of the sessions
// that ended, so that the all-sessions view keeps their figures after their
// own collectors are dropped. Its methods are safe for concurrent use.
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

// Collector returns the collector of session id, made on first use.
func (s *Sessions) Collector(id string) *Collector {
	s.mu.RLock()
	c, ok := s.live[id]
	s.mu.RUnlock()
	if ok {
		return c
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok = s.live[id]; !ok {
		c = NewCollectorWithOptions(s.opts)
		s.live[id] = c
	}
	return c
}

// End returns the final summary of session id and folds its figures into
// the ended sessions' collector. Ending an unknown session returns an empty
// summary.
func (s *Sessions) End(id string) Summary {
	s.mu.Lock()
	c, ok := s.live[id]
	delete(s.live, id)
	s.mu.Unlock()
	if !ok {
		return Merge()
	}
	sum := c.Summary()
	s.ended.MergeFrom(c)
	return sum
}

// all returns every collector: the live ones and the ended sessions'.
func (s *Sessions) all() []*Collector {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cs := make([]*Collector, 0, len(s.live)+1)
	for _, c := range s.live {
		cs = append(cs, c)
	}
	return append(cs, s.ended)
}

// Summary returns the figures of all sessions, live and ended.
func (s *Sessions) Summary() Summary { return Merge(s.all()...) }

// Series returns the time series of all sessions.
func (s *Sessions) Series() []Point { return MergeSeries(s.all()...) }
