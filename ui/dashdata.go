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
	Help  string // what the figure means, for the card's tooltip line
	Value string
	Delta string // the change over the last minute, in words
	Sign  deltaSign
	Spark []float64 // the last 15 minutes, oldest first
}

// window sums the series between from (inclusive) and to (exclusive).
type window struct {
	requests, errors, hits int64
	p50, p95               float64 // request-weighted means of the per-second figures, in ms
}

func sumWindow(pts []metrics.Point, from, to time.Time) window {
	var w window
	var weight float64
	for _, p := range pts {
		if p.Time.Before(from) || !p.Time.Before(to) {
			continue
		}
		w.requests += p.Requests
		w.errors += p.Errors
		w.hits += p.CacheHits
		ran := float64(p.Requests - p.CacheHits)
		if ran > 0 {
			w.p50 += ran * ms(p.P50)
			w.p95 += ran * ms(p.P95)
			weight += ran
		}
	}
	if weight > 0 {
		w.p50 /= weight
		w.p95 /= weight
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

// spark returns f of each 15-second bucket of the last 15 minutes. Buckets
// are aligned on the clock, so a sparkline changes only when its data does
// or every 15 s, not every second.
func spark(pts []metrics.Point, now time.Time, f func(window) float64) []float64 {
	step := metrics.SeriesWindow / sparkBuckets
	start := now.Truncate(step).Add(step - metrics.SeriesWindow)
	out := make([]float64, sparkBuckets)
	for i := range out {
		from := start.Add(time.Duration(i) * step)
		out[i] = f(sumWindow(pts, from, from.Add(step)))
	}
	return out
}

// buildCards computes the six cards: the seed's three (total requests,
// error rate, average response time) plus p95, cache hit ratio and memory.
func buildCards(sum metrics.Summary, pts []metrics.Point, samples []metrics.Sample, now time.Time) []cardData {
	last := sumWindow(pts, now.Add(-time.Minute), now)
	prev := sumWindow(pts, now.Add(-2*time.Minute), now.Add(-time.Minute))
	cards := []cardData{
		{
			Title: L("Total requests"),
			Help:  L("Tasks run in this scope, cache hits included."),
			Value: fmt.Sprintf("%d", sum.TotalRequests),
			Delta: fmt.Sprintf(L("+%d in the last minute"), last.requests),
			Spark: spark(pts, now, func(w window) float64 { return float64(w.requests) }),
		},
		rateCard(L("Error rate"), L("Share of requests that failed (errors, panics, timeouts)."),
			sum.ErrorRate, ratio(last.errors, last.requests), ratio(prev.errors, prev.requests), last.requests, prev.requests, true,
			spark(pts, now, func(w window) float64 { return ratio(w.errors, w.requests) })),
		latencyCard(L("Avg response time"), L("Mean time of the tasks that ran (cache hits excluded); the change compares the medians of the last two minutes."),
			sum.AvgResponseTime, last.p50, prev.p50, spark(pts, now, func(w window) float64 { return w.p50 })),
		latencyCard(L("p95 response time"), L("95 % of the tasks that ran took at most this long."),
			sum.P95, last.p95, prev.p95, spark(pts, now, func(w window) float64 { return w.p95 })),
		rateCard(L("Cache hit ratio"), L("Share of requests answered from the result cache."),
			ratio(sum.CacheHits, sum.TotalRequests), ratio(last.hits, last.requests), ratio(prev.hits, prev.requests), last.requests, prev.requests, false,
			spark(pts, now, func(w window) float64 { return ratio(w.hits, w.requests) })),
		memoryCard(samples, now),
	}
	return cards
}

// rateCard is a card of a share; more is bad when badUp is set.
func rateCard(title, help string, total, lastRate, prevRate float64, lastN, prevN int64, badUp bool, sp []float64) cardData {
	c := cardData{Title: title, Help: help, Value: fmt.Sprintf("%.2f %%", 100*total), Spark: sp, Delta: L("no requests in the last minute")}
	if lastN == 0 {
		return c
	}
	if prevN == 0 {
		c.Delta = fmt.Sprintf(L("%.2f %% in the last minute"), 100*lastRate)
		return c
	}
	d := 100 * (lastRate - prevRate)
	c.Delta = fmt.Sprintf(L("%+.2f points in the last minute"), d)
	c.Sign = signOf(d, badUp)
	return c
}

func latencyCard(title, help string, total time.Duration, lastMS, prevMS float64, sp []float64) cardData {
	c := cardData{Title: title, Help: help, Value: formatMS(ms(total)), Spark: sp, Delta: L("no tasks in the last minute")}
	if lastMS == 0 {
		return c
	}
	if prevMS == 0 {
		c.Delta = fmt.Sprintf(L("%s in the last minute"), formatMS(lastMS))
		return c
	}
	d := lastMS - prevMS
	c.Delta = fmt.Sprintf(L("%s%s in the last minute"), plus(d), formatMS(math.Abs(d)))
	c.Sign = signOf(d, true)
	return c
}

func memoryCard(samples []metrics.Sample, now time.Time) cardData {
	c := cardData{Title: L("Memory (RSS)"), Help: L("Resident memory of the Vigía process, sampled every second."), Value: "–", Delta: L("not sampled yet")}
	if len(samples) == 0 {
		return c
	}
	// Whole megabytes, so that an idle dashboard repaints only when memory
	// really moves.
	cur := samples[len(samples)-1]
	c.Value = wholeMB(cur.RSS)
	for _, s := range samples {
		if !s.Time.Before(now.Add(-time.Minute)) {
			d := math.Round(mb(cur.RSS)) - math.Round(mb(s.RSS))
			c.Delta = fmt.Sprintf(L("%s%.0f MB in the last minute"), plus(d), math.Abs(d))
			c.Sign = signOf(d, true)
			break
		}
	}
	step := metrics.SeriesWindow / sparkBuckets
	start := now.Truncate(step).Add(step - metrics.SeriesWindow)
	c.Spark = make([]float64, sparkBuckets)
	for _, s := range samples {
		if i := int(s.Time.Sub(start) / step); i >= 0 && i < sparkBuckets {
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

func formatMS(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%.2f s", v/1000)
	case v >= 10:
		return fmt.Sprintf("%.0f ms", v)
	}
	return fmt.Sprintf("%.2f ms", v)
}

// mb is b bytes in megabytes (MiB, as the system's tools show memory).
func mb(b uint64) float64 { return float64(b) / (1 << 20) }

func formatMB(b uint64) string { return fmt.Sprintf("%.1f MB", mb(b)) }

func wholeMB(b uint64) string { return fmt.Sprintf("%.0f MB", mb(b)) }
