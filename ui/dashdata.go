package ui

import (
	"fmt"
	"math"
	"time"

	"vigia/metrics"
)

// deltaSign is how a card's change over the last minute reads.
type deltaSign int

const (
	deltaNeutral deltaSign = iota
	deltaGood
	deltaBad
)

// cardData is what one metric card shows; built off the UI goroutine.
type cardData struct {
	Title string
	Help  string // what the figure means, for the card's info popup
	Value string
	Delta string // the change over the last minute, in words
	Sign  deltaSign
	Spark []float64 // the last 15 minutes, oldest first
}

// cardInput is what the cards are computed from: one scope's figures and
// series, the process's memory samples, the time, and when each kind of
// data began (see deltaReady).
type cardInput struct {
	Sum     metrics.Summary
	Points  []metrics.Point
	Samples []metrics.Sample
	Now     time.Time

	// SeriesStart is when the scope's series began: the start of its
	// session, or of the process for all sessions.
	SeriesStart time.Time
	// MemoryStart is when the samples began to be like the ones after
	// them: the dashboard takes the first time it showed, so that neither
	// the process's start nor the window's first paints count.
	MemoryStart time.Time
}

// tooEarly is the delta of a card whose data is not yet old enough to
// compare (see deltaReady).
const tooEarly = "too early for a change"

// deltaReady reports whether a delta that reads the data from `from` to now
// compares like with like: whether start, when its data began, is at or
// before from. A minute that holds the start of the process or of a
// session is unlike the ones after it (the process's first second alone
// grows its memory by over a hundred megabytes; the first tasks load
// models and meet an empty cache), so a card shows no change until its
// whole span lies after the start: a minute for a change over the last
// minute, two for one that compares the last minute with the one before.
// A zero start is unknown, and never ready.
func deltaReady(start, from time.Time) bool {
	return !start.IsZero() && !start.After(from)
}

// window sums the series between from (inclusive) and to (exclusive).
type window struct {
	requests, errors, hits int64
	p50, p95               float64 // request-weighted means of the per-second figures, in ms

	llmCalls, tokensOut int64
	ttft                float64 // call-weighted mean of the per-second TTFT means, in ms
	ttftMax             float64 // the slowest second's mean TTFT, in ms
	speed               float64 // output tokens per second of an answer (see sumWindow)
}

// sumWindow sums pts between from and to. An answer's speed is its output
// tokens over its time, TTFT + TPOT·(tokens − 1) for each call (TPOT is
// measured that way); a second's calls take calls·TTFT + TPOT·(tokens −
// calls) by its means, which is exact when the calls' TPOTs are equal.
func sumWindow(pts []metrics.Point, from, to time.Time) window {
	var s windowSum
	for i := range pts {
		if p := &pts[i]; !p.Time.Before(from) && p.Time.Before(to) {
			s.add(p)
		}
	}
	return s.window()
}

// windowSum adds up the points of one window, in time order (see
// sumWindow); window gives the result.
type windowSum struct {
	w                         window
	weight, ttftWeight, spent float64
	timed                     int64 // output tokens of the seconds that measured a TTFT
}

func (s *windowSum) add(p *metrics.Point) {
	w := &s.w
	w.requests += p.Requests
	w.errors += p.Errors
	w.hits += p.CacheHits
	ran := float64(p.Requests - p.CacheHits)
	if ran > 0 {
		w.p50 += ran * ms(p.P50)
		w.p95 += ran * ms(p.P95)
		s.weight += ran
	}
	w.llmCalls += p.LLMCalls
	w.tokensOut += p.OutputTokens
	if p.LLMCalls > 0 && p.TTFT > 0 {
		calls := float64(p.LLMCalls)
		w.ttft += calls * ms(p.TTFT)
		s.ttftWeight += calls
		w.ttftMax = max(w.ttftMax, ms(p.TTFT))
		s.spent += calls*p.TTFT.Seconds() + p.TPOT.Seconds()*float64(max(p.OutputTokens-p.LLMCalls, 0))
		s.timed += p.OutputTokens
	}
}

func (s *windowSum) window() window {
	w := s.w
	if s.weight > 0 {
		w.p50 /= s.weight
		w.p95 /= s.weight
	}
	if s.ttftWeight > 0 {
		w.ttft /= s.ttftWeight
	}
	if s.spent > 0 {
		w.speed = float64(s.timed) / s.spent
	}
	return w
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// sparkBuckets cuts 15 minutes into this many points.
const sparkBuckets = 60

// buckets returns the windows of the 15-second buckets of the last 15
// minutes, oldest first. Buckets are aligned on the clock, so a sparkline
// changes only when its data does or every 15 s, not every second. It
// reads pts once (the series holds a point for every second): each bucket
// adds its points in the order sumWindow would, to the same figures.
func buckets(pts []metrics.Point, now time.Time) []window {
	step := metrics.SeriesWindow / sparkBuckets
	start := now.Truncate(step).Add(step - metrics.SeriesWindow)
	var sums [sparkBuckets]windowSum
	for i := range pts {
		p := &pts[i]
		if p.Time.Before(start) {
			continue
		}
		if b := p.Time.Sub(start) / step; b < sparkBuckets {
			sums[b].add(p)
		}
	}
	out := make([]window, sparkBuckets)
	for i := range out {
		out[i] = sums[i].window()
	}
	return out
}

// spark returns f of each bucket.
func spark(ws []window, f func(window) float64) []float64 {
	out := make([]float64, len(ws))
	for i, w := range ws {
		out[i] = f(w)
	}
	return out
}

// buildCards computes the six cards of data that began with the samples,
// which the sampler takes from the process's start.
func buildCards(sum metrics.Summary, pts []metrics.Point, samples []metrics.Sample, now time.Time) []cardData {
	in := cardInput{Sum: sum, Points: pts, Samples: samples, Now: now}
	if len(samples) > 0 {
		in.SeriesStart, in.MemoryStart = samples[0].Time, samples[0].Time
	}
	return in.cards()
}

// cards computes the six cards: the seed's three (total requests, error
// rate, average response time) plus p95, cache hit ratio and memory.
func (in cardInput) cards() []cardData {
	sum, now := in.Sum, in.Now
	last := sumWindow(in.Points, now.Add(-time.Minute), now)
	prev := sumWindow(in.Points, now.Add(-2*time.Minute), now.Add(-time.Minute))
	bs := buckets(in.Points, now)
	oneMinute := deltaReady(in.SeriesStart, now.Add(-time.Minute))
	twoMinutes := deltaReady(in.SeriesStart, now.Add(-2*time.Minute))
	total := cardData{
		Title: L("Total requests"),
		Help:  L("Tasks run in this scope, cache hits included."),
		Value: num().Int(sum.TotalRequests),
		Delta: L(tooEarly),
		Spark: spark(bs, func(w window) float64 { return float64(w.requests) }),
	}
	if oneMinute {
		total.Delta = fmt.Sprintf(L("+%s in the last minute"), num().Int(last.requests))
	}
	return []cardData{
		total,
		rateCard(L("Error rate"), L("Share of requests that failed (errors, panics, timeouts)."),
			sum.ErrorRate, ratio(last.errors, last.requests), ratio(prev.errors, prev.requests), last.requests, prev.requests, true, twoMinutes,
			spark(bs, func(w window) float64 { return ratio(w.errors, w.requests) })),
		latencyCard(L("Avg response time"), L("Mean time of the tasks that ran (cache hits excluded); the change compares the medians of the last two minutes."),
			L("no tasks in the last minute"), ms(sum.AvgResponseTime), last.p50, prev.p50, twoMinutes, spark(bs, func(w window) float64 { return w.p50 })),
		latencyCard(L("p95 response time"), L("95 % of the tasks that ran took at most this long."),
			L("no tasks in the last minute"), ms(sum.P95), last.p95, prev.p95, twoMinutes, spark(bs, func(w window) float64 { return w.p95 })),
		rateCard(L("Cache hit ratio"), L("Share of requests answered from the result cache."),
			ratio(sum.CacheHits, sum.TotalRequests), ratio(last.hits, last.requests), ratio(prev.hits, prev.requests), last.requests, prev.requests, false, twoMinutes,
			spark(bs, func(w window) float64 { return ratio(w.hits, w.requests) })),
		memoryCard(in.Samples, now, in.MemoryStart),
	}
}

// llmCards computes the LLM section's cards: TTFT p50 and p95, output
// tokens per second and tokens in and out; nil when no LLM call ran in the
// scope. The series keeps each second's mean TTFT and TPOT, not their
// percentiles: the changes and lines of the TTFT cards follow the mean and
// the slowest second.
func (in cardInput) llmCards() []cardData {
	l, now := in.Sum.LLM, in.Now
	if l.Calls == 0 {
		return nil
	}
	last := sumWindow(in.Points, now.Add(-time.Minute), now)
	prev := sumWindow(in.Points, now.Add(-2*time.Minute), now.Add(-time.Minute))
	bs := buckets(in.Points, now)
	oneMinute := deltaReady(in.SeriesStart, now.Add(-time.Minute))
	twoMinutes := deltaReady(in.SeriesStart, now.Add(-2*time.Minute))
	none := L("no LLM calls in the last minute")
	n := num()
	ttft := func(d time.Duration) float64 {
		if l.TTFT.Count == 0 {
			return math.NaN() // no call measured it: shown as –
		}
		return ms(d)
	}
	cards := []cardData{
		latencyCard(L("TTFT p50"), L("Half of the LLM calls got their first token within this time (time to first token); the change compares the means of the last two minutes."),
			none, ttft(l.TTFT.P50), last.ttft, prev.ttft, twoMinutes, spark(bs, func(w window) float64 { return w.ttft })),
		latencyCard(L("TTFT p95"), L("95 % of the LLM calls got their first token within this time; the change and the line follow the slowest second of each interval."),
			none, ttft(l.TTFT.P95), last.ttftMax, prev.ttftMax, twoMinutes, spark(bs, func(w window) float64 { return w.ttftMax })),
		speedCard(l.OutputTokensPerSecond, last.speed, prev.speed, twoMinutes, none, spark(bs, func(w window) float64 { return w.speed })),
	}
	tokens := cardData{
		Title: L("Tokens in → out"),
		Help:  L("Prompt and answer tokens of the LLM calls in this scope; ≈ when the server did not report them for some calls and they were estimated."),
		Value: n.Count(l.TokensIn) + " → " + n.Count(l.TokensOut),
		Delta: L(tooEarly),
		Spark: spark(bs, func(w window) float64 { return float64(w.tokensOut) }),
	}
	switch {
	case l.EstimatedCalls > 0 && l.TokensIn == 0:
		// No server said how many tokens went in: unknown, not zero.
		tokens.Value = "? → ≈ " + n.Count(l.TokensOut)
	case l.EstimatedCalls > 0:
		tokens.Value = "≈ " + tokens.Value
	}
	if oneMinute {
		tokens.Delta = fmt.Sprintf(L("+%s out in the last minute"), n.Count(last.tokensOut))
	}
	return append(cards, tokens)
}

// rateCard is a card of a share; more is bad when badUp is set. ready says
// whether the last two minutes lie after the data's start.
func rateCard(title, help string, total, lastRate, prevRate float64, lastN, prevN int64, badUp, ready bool, sp []float64) cardData {
	n := num()
	c := cardData{Title: title, Help: help, Value: n.Percent(total, 2), Spark: sp, Delta: L("no requests in the last minute")}
	switch {
	case lastN == 0:
		return c // true from the first second: no need to wait
	case !ready:
		c.Delta = L(tooEarly)
		return c
	case prevN == 0:
		c.Delta = fmt.Sprintf(L("%s in the last minute"), n.Percent(lastRate, 2))
		return c
	}
	d := 100 * (lastRate - prevRate)
	c.Delta = fmt.Sprintf(L("%s points in the last minute"), n.Signed(d, 2))
	c.Sign = signOf(d, badUp)
	return c
}

// latencyCard is a card of a time, totalMS (NaN for none); none is the
// delta when the last minute has no figure, ready as for rateCard.
func latencyCard(title, help, none string, totalMS, lastMS, prevMS float64, ready bool, sp []float64) cardData {
	c := cardData{Title: title, Help: help, Value: "–", Spark: sp, Delta: none}
	n := num()
	if !math.IsNaN(totalMS) {
		c.Value = n.Latency(totalMS)
	}
	c.minuteDelta(lastMS, prevMS, ready, n.Latency, true)
	return c
}

// minuteDelta sets the card's change over the last minute, last against
// prev, formatted by format: none without a figure for the last minute,
// too early before the comparison is ready, the last minute alone without
// one before it; a change that reads 0 is none, and its colour says
// whether up is bad.
func (c *cardData) minuteDelta(last, prev float64, ready bool, format func(float64) string, badUp bool) {
	switch {
	case last == 0:
		return
	case !ready:
		c.Delta = L(tooEarly)
		return
	case prev == 0:
		c.Delta = fmt.Sprintf(L("%s in the last minute"), format(last))
		return
	}
	d := last - prev
	shown := format(math.Abs(d))
	if shown == format(0) {
		d = 0 // a change that reads 0 is none
	}
	c.Delta = fmt.Sprintf(L("%s%s in the last minute"), plus(d), shown)
	c.Sign = signOf(d, badUp)
}

// speedCard is the card of the output tokens per second of an answer:
// more is good.
func speedCard(total, last, prev float64, ready bool, none string, sp []float64) cardData {
	n := num()
	c := cardData{
		Title: L("Output tokens/s"),
		Help:  L("Answer tokens per second of an LLM call, from the request to the last token; the change and the line are estimated from each second's mean TTFT and TPOT."),
		Value: n.Speed(total), Spark: sp, Delta: none,
	}
	c.minuteDelta(last, prev, ready, n.Speed, false)
	return c
}

// memoryCard is the card of the process's resident memory. Its change is
// the one since the first sample of the last minute, shown once start lies
// a minute back.
func memoryCard(samples []metrics.Sample, now, start time.Time) cardData {
	c := cardData{Title: L("Memory (RSS)"), Help: L("Resident memory of the Vigía process, sampled every second."), Value: "–", Delta: L("not sampled yet")}
	if len(samples) == 0 {
		return c
	}
	// Whole megabytes, so that an idle dashboard repaints only when memory
	// really moves.
	cur := samples[len(samples)-1]
	n := num()
	c.Value = n.MB(cur.RSS, 0)
	c.Delta = L(tooEarly)
	if deltaReady(start, now.Add(-time.Minute)) {
		for _, s := range samples {
			if !s.Time.Before(now.Add(-time.Minute)) {
				d := math.Round(mb(cur.RSS)) - math.Round(mb(s.RSS))
				c.Delta = fmt.Sprintf(L("%s%s in the last minute"), plus(d), n.Decimal(math.Abs(d), 0)+" MB")
				c.Sign = signOf(d, true)
				break
			}
		}
	}
	step := metrics.SeriesWindow / sparkBuckets
	from := now.Truncate(step).Add(step - metrics.SeriesWindow)
	c.Spark = make([]float64, sparkBuckets)
	for _, s := range samples {
		if i := int(s.Time.Sub(from) / step); i >= 0 && i < sparkBuckets {
			c.Spark[i] = math.Round(mb(s.RSS))
		}
	}
	return c
}

// signOf colours a change: a change that is tiny is neutral.
func signOf(d float64, badUp bool) deltaSign {
	switch {
	case math.Abs(d) < 0.005:
		return deltaNeutral
	case (d > 0) == badUp:
		return deltaBad
	default:
		return deltaGood
	}
}

func plus(d float64) string {
	if d < 0 {
		return "−"
	}
	return "+"
}
