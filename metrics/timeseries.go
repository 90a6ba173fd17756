package metrics

import (
	"sync"
	"sync/atomic"
	"time"
)

// SeriesWindow is how far back [Collector.Series] reaches: one point per
// second.
const SeriesWindow = 15 * time.Minute

// throughputWindow is the span, in seconds, that Summary.Throughput averages.
const throughputWindow = 60

const (
	seriesLen = int64(SeriesWindow / time.Second)
	// ringLen has one slot more than the window so that the second being
	// recorded never overwrites the oldest second still shown.
	ringLen  = seriesLen + 1
	emptySec = -1 << 63
)

// Point is one second of a Collector's time series.
type Point struct {
	Time      time.Time     // start of the second
	Requests  int64         // requests recorded in this second, cache hits included
	Errors    int64         // failed requests
	CacheHits int64         // requests the cache answered
	P50, P95  time.Duration // latency percentiles of the requests that ran, within 6.25 %; 0 when none ran

	// LLMCalls is the number of LLM calls recorded in this second
	// ([Collector.RecordLLM], as each call ends) and OutputTokens their
	// output tokens: the answers' tokens per second, counted when each
	// answer is complete.
	LLMCalls     int64
	OutputTokens int64
	// TTFT and TPOT are the exact means of those calls' time to first chunk
	// and time per output token; 0 when no call of the second measured them.
	TTFT, TPOT time.Duration
}

// Series returns c's per-second points for the last 15 minutes of complete
// seconds, oldest first; seconds without requests are zero points. The
// second in progress is left out so that the last point does not dip.
func (c *Collector) Series() []Point {
	return MergeSeries(c)
}

// MergeSeries returns the per-second points of all cs taken together, as
// [Collector.Series] does for one; percentiles are those of the merged
// latencies, not averages. The seconds are those of the first collector's
// clock. Nil collectors are skipped; with none, MergeSeries returns nil.
func MergeSeries(cs ...*Collector) []Point {
	cs = nonNil(cs)
	if len(cs) == 0 {
		return nil
	}
	now := cs[0].series.syncSecond()
	pts := make([]Point, seriesLen)
	var acc, tmp [numCoarse]uint64
	for i := range pts {
		sec := now - seriesLen + int64(i)
		p := &pts[i]
		p.Time = time.Unix(sec, 0)
		var n uint64
		for _, c := range cs {
			k, errs, hits, ok := c.series.slots[slotOf(sec)].read(sec, &tmp)
			if !ok {
				continue
			}
			if n == 0 {
				acc = tmp
			} else {
				for j, v := range tmp {
					acc[j] += v
				}
			}
			n += k
			p.Errors += int64(errs)
			p.CacheHits += int64(hits)
		}
		p.Requests = int64(n) + p.CacheHits
		var llm llmSecond
		for _, c := range cs {
			if v, ok := c.series.slots[slotOf(sec)].readLLM(sec); ok {
				llm.add(&v)
			}
		}
		llm.fill(p)
		if n > 0 {
			p.P50 = time.Duration(midpoint(rankBucket(acc[:], n, 0.50), coarseBits))
			p.P95 = time.Duration(midpoint(rankBucket(acc[:], n, 0.95), coarseBits))
		}
	}
	return pts
}

// throughput returns the requests per second of cs over the last minute of
// complete seconds before now, or over the time since the oldest of them was
// created or reset when that is shorter.
func throughput(cs []*Collector, now int64) float64 {
	start := now
	for _, c := range cs {
		start = min(start, c.start.Load())
	}
	window := min(throughputWindow, now-start)
	if window <= 0 {
		return 0
	}
	var n uint64
	var tmp [numCoarse]uint64
	for sec := now - window; sec < now; sec++ {
		for _, c := range cs {
			k, _, hits, _ := c.series.slots[slotOf(sec)].read(sec, &tmp)
			n += k + uint64(hits)
		}
	}
	return float64(n) / float64(window)
}

// ring is the fixed per-second ring behind a Collector's time series, and
// the clock that cuts time into its seconds. Slot sec%ringLen holds second
// sec; the first record of a new second turns the slot over, under mu so
// that two recorders do not both clear it.
type ring struct {
	now func() time.Time // injected clock; nil: the system clock below

	// Recorders read the system clock as base plus the monotonic time since
	// base: one clock read instead of time.Now's two, which was half of
	// RecordRequest's cost. wallAtBase is base's Unix time in nanoseconds,
	// set again from the wall clock on every turn and every read of the
	// series, so that seconds follow the wall clock after a suspend or a
	// clock step.
	base       time.Time
	wallAtBase atomic.Int64

	mu    sync.Mutex
	slots [ringLen]slot
}

func (r *ring) init(now func() time.Time) {
	r.now = now
	r.base = time.Now()
	r.syncSecond()
	r.clear()
}

// second returns the current Unix second, cheaply.
func (r *ring) second() int64 {
	if r.now != nil {
		return r.now().Unix()
	}
	return (r.wallAtBase.Load() + int64(time.Since(r.base))) / int64(time.Second)
}

// syncSecond returns the current Unix second from the wall clock, and makes
// second follow it from now on.
func (r *ring) syncSecond() int64 {
	if r.now != nil {
		return r.now().Unix()
	}
	now := time.Now()
	r.wallAtBase.Store(now.UnixNano() - int64(now.Sub(r.base)))
	return now.Unix()
}

// slot is one second: a coarse latency histogram of the requests that ran,
// errors, cache hits, and the sums behind the LLM calls' mean TTFT and TPOT.
// Readers check sec before and after copying, as a seqlock does, so that a
// slot turning over is skipped rather than torn.
type slot struct {
	sec    atomic.Int64 // Unix second counted here, or emptySec
	errors atomic.Uint32
	hits   atomic.Uint32
	counts [numCoarse]atomic.Uint32

	llmCalls         atomic.Uint32
	ttftN, tpotN     atomic.Uint32
	ttftSum, tpotSum atomic.Int64 // nanoseconds
	tokensOut        atomic.Int64
}

// recordLLM counts one LLM call in s.
func (s *slot) recordLLM(l *LLMSample) {
	s.llmCalls.Add(1)
	if l.TokensOut != 0 {
		s.tokensOut.Add(l.TokensOut)
	}
	if l.TTFT > 0 {
		s.ttftSum.Add(int64(l.TTFT))
		s.ttftN.Add(1)
	}
	if l.TPOT > 0 {
		s.tpotSum.Add(int64(l.TPOT))
		s.tpotN.Add(1)
	}
}

// llmSecond is a plain copy of the LLM part of one or more slots.
type llmSecond struct {
	calls, ttftN, tpotN        uint64
	ttftSum, tpotSum, tokenOut int64
}

func (l *llmSecond) empty() bool { return l.calls == 0 }

func (l *llmSecond) add(o *llmSecond) {
	l.calls += o.calls
	l.ttftN += o.ttftN
	l.tpotN += o.tpotN
	l.ttftSum += o.ttftSum
	l.tpotSum += o.tpotSum
	l.tokenOut += o.tokenOut
}

// fill sets p's LLM fields from l.
func (l *llmSecond) fill(p *Point) {
	p.LLMCalls = int64(l.calls)
	p.OutputTokens = l.tokenOut
	if l.ttftN > 0 {
		p.TTFT = time.Duration(l.ttftSum / int64(l.ttftN))
	}
	if l.tpotN > 0 {
		p.TPOT = time.Duration(l.tpotSum / int64(l.tpotN))
	}
}

// readLLM copies the LLM part of slot s if it holds second sec; ok is false
// when it holds another second or turned over while being read.
func (s *slot) readLLM(sec int64) (l llmSecond, ok bool) {
	if s.sec.Load() != sec {
		return l, false
	}
	l = llmSecond{
		calls:    uint64(s.llmCalls.Load()),
		ttftN:    uint64(s.ttftN.Load()),
		tpotN:    uint64(s.tpotN.Load()),
		ttftSum:  s.ttftSum.Load(),
		tpotSum:  s.tpotSum.Load(),
		tokenOut: s.tokensOut.Load(),
	}
	if s.sec.Load() != sec {
		return llmSecond{}, false
	}
	return l, true
}

// addLLM adds l to s, for MergeFrom.
func (s *slot) addLLM(l *llmSecond) {
	s.llmCalls.Add(uint32(l.calls))
	s.tokensOut.Add(l.tokenOut)
	s.ttftSum.Add(l.ttftSum)
	s.ttftN.Add(uint32(l.ttftN))
	s.tpotSum.Add(l.tpotSum)
	s.tpotN.Add(uint32(l.tpotN))
}

func slotOf(sec int64) uint64 {
	return uint64(sec) % uint64(ringLen)
}

// at returns the slot for second sec, turned over to it if needed.
func (r *ring) at(sec int64) *slot {
	s := &r.slots[slotOf(sec)]
	if s.sec.Load() != sec {
		r.turn(s, sec)
	}
	return s
}

// turn clears s for second sec. It follows the clock both ways: when the
// clock steps back, the present wins over what the ring held.
func (r *ring) turn(s *slot, sec int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.sec.Load() == sec {
		return // another recorder got here first
	}
	r.syncSecond()
	s.sec.Store(emptySec)
	s.errors.Store(0)
	s.hits.Store(0)
	for i := range s.counts {
		s.counts[i].Store(0)
	}
	s.llmCalls.Store(0)
	s.ttftN.Store(0)
	s.tpotN.Store(0)
	s.ttftSum.Store(0)
	s.tpotSum.Store(0)
	s.tokensOut.Store(0)
	s.sec.Store(sec)
}

// clear empties every slot; they are zeroed when next turned over.
func (r *ring) clear() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.slots {
		r.slots[i].sec.Store(emptySec)
	}
}

// read copies slot s into dst if it holds second sec, and returns the number
// of requests that ran, errors and cache hits; ok is false when s holds
// another second or turned over while being read.
func (s *slot) read(sec int64, dst *[numCoarse]uint64) (n uint64, errs, hits uint32, ok bool) {
	if s.sec.Load() != sec {
		return 0, 0, 0, false
	}
	errs, hits = s.errors.Load(), s.hits.Load()
	for i := range s.counts {
		v := uint64(s.counts[i].Load())
		dst[i] = v
		n += v
	}
	if s.sec.Load() != sec {
		return 0, 0, 0, false
	}
	return n, errs, hits, true
}

// mergeFrom adds the seconds of o that are within the window ending at now
// into r, skipping those that r already holds a later second for.
func (r *ring) mergeFrom(o *ring, now int64) {
	var tmp [numCoarse]uint64
	for sec := now - seriesLen; sec <= now; sec++ {
		n, errs, hits, ok := o.slots[slotOf(sec)].read(sec, &tmp)
		llm, llmOK := o.slots[slotOf(sec)].readLLM(sec)
		if !ok || !llmOK || n+uint64(errs)+uint64(hits) == 0 && llm.empty() {
			continue
		}
		if r.slots[slotOf(sec)].sec.Load() > sec {
			continue
		}
		s := r.at(sec)
		for i, v := range tmp {
			if v != 0 {
				s.counts[i].Add(uint32(v))
			}
		}
		s.hits.Add(hits)
		s.errors.Add(errs)
		if !llm.empty() {
			s.addLLM(&llm)
		}
	}
}

func nonNil(cs []*Collector) []*Collector {
	out := cs[:0:0]
	for _, c := range cs {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}
