package ui

import (
	"strings"
	"testing"
	"time"

	"vigia/metrics"
)

func TestBuildCards(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	var pts []metrics.Point
	// The minute before last: 100 requests, 1 error, p50 10 ms. The last
	// minute: 120 requests, 6 errors, 30 cache hits, p50 20 ms.
	for i := range 60 {
		t0 := now.Add(-2*time.Minute + time.Duration(i)*time.Second)
		if i < 50 {
			pts = append(pts, metrics.Point{Time: t0, Requests: 2, P50: 10 * time.Millisecond, P95: 30 * time.Millisecond})
		}
		t1 := now.Add(-time.Minute + time.Duration(i)*time.Second)
		if i < 30 {
			pts = append(pts, metrics.Point{Time: t1, Requests: 4, Errors: 0, CacheHits: 1, P50: 20 * time.Millisecond, P95: 40 * time.Millisecond})
		}
	}
	pts[0].Errors = 1
	for i := range pts {
		if pts[i].Time.After(now.Add(-time.Minute)) && pts[i].Requests == 4 && i%10 == 1 {
			pts[i].Errors = 1
		}
	}
	sum := metrics.Summary{TotalRequests: 220, Errors: 7, ErrorRate: 7.0 / 220, CacheHits: 30, AvgResponseTime: 15 * time.Millisecond, P95: 38 * time.Millisecond}
	samples := []metrics.Sample{
		{Time: now.Add(-90 * time.Second), RSS: 100 << 20},
		{Time: now.Add(-59 * time.Second), RSS: 110 << 20},
		{Time: now.Add(-time.Second), RSS: 150 << 20},
	}
	in := cardInput{Sum: sum, Points: pts, Samples: samples, Now: now,
		SeriesStart: now.Add(-10 * time.Minute), MemoryStart: now.Add(-90 * time.Second)}
	cards := in.cards()
	want := []struct {
		title, value, delta string
		sign                deltaSign
	}{
		{"Total requests", "220", "+120 in the last minute", deltaNeutral},
		{"Error rate", "3.18 %", "points in the last minute", deltaBad},
		{"Avg response time", "15 ms", "+10 ms in the last minute", deltaBad},
		{"p95 response time", "38 ms", "+10 ms in the last minute", deltaBad},
		{"Cache hit ratio", "13.64 %", "+25.00 points in the last minute", deltaGood},
		{"Memory (RSS)", "150 MB", "+40 MB in the last minute", deltaBad},
	}
	if len(cards) != len(want) {
		t.Fatalf("got %d cards, want %d", len(cards), len(want))
	}
	for i, w := range want {
		c := cards[i]
		if c.Title != w.title || c.Value != w.value || !strings.Contains(c.Delta, w.delta) || c.Sign != w.sign {
			t.Errorf("card %d got %q %q %q %v, want %q %q %q %v", i, c.Title, c.Value, c.Delta, c.Sign, w.title, w.value, w.delta, w.sign)
		}
		if len(c.Spark) != sparkBuckets || c.Help == "" {
			t.Errorf("card %s: got %d spark points and help %q", c.Title, len(c.Spark), c.Help)
		}
	}
	if got := in.llmCards(); got != nil {
		t.Errorf("got %d LLM cards without LLM calls, want none", len(got))
	}
}

func TestBuildCardsEmpty(t *testing.T) {
	cards := buildCards(metrics.Summary{}, nil, nil, time.Now())
	for _, c := range cards {
		if c.Sign != deltaNeutral || c.Value == "" || c.Delta == "" {
			t.Errorf("empty card %+v", c)
		}
	}
	if cards[1].Value != "0.00 %" || cards[5].Value != "–" {
		t.Errorf("got %q and %q for an empty error rate and memory", cards[1].Value, cards[5].Value)
	}
}

func TestDeltaReady(t *testing.T) {
	from := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		start time.Time
		want  bool
	}{
		{"unknown start", time.Time{}, false},
		{"started before", from.Add(-time.Second), true},
		{"started at it", from, true},
		{"started after", from.Add(time.Second), false},
	} {
		if got := deltaReady(c.start, from); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDeltaRule: a card shows a change only once the span it reads (one
// minute, or two when it compares them) lies after the start of its data;
// before, it says it is too early, in no colour. "No requests" is true
// from the first second and shows at once.
func TestDeltaRule(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) // the process starts
	// Memory as the issue saw it: the first second of the process grows it
	// from 30 to 188 MB, then it stays.
	var samples []metrics.Sample
	for i := range 200 {
		rss := uint64(188 << 20)
		if i == 0 {
			rss = 30 << 20
		}
		samples = append(samples, metrics.Sample{Time: t0.Add(time.Duration(i) * time.Second), RSS: rss})
	}
	// Ten requests a second from the start, 1 % failing, p50 5 ms, p95
	// 9 ms; none after 150 s.
	var pts []metrics.Point
	for i := range 200 {
		p := metrics.Point{Time: t0.Add(time.Duration(i) * time.Second)}
		if i < 150 {
			p.Requests, p.P50, p.P95 = 10, 5*time.Millisecond, 9*time.Millisecond
			if i%10 == 0 {
				p.Errors = 1
			}
		}
		pts = append(pts, p)
	}
	shown := t0.Add(2 * time.Second) // the dashboard opens
	cards := func(now time.Time) []cardData {
		var s []metrics.Sample
		for _, x := range samples {
			if x.Time.Before(now) {
				s = append(s, x)
			}
		}
		var p []metrics.Point
		for _, x := range pts {
			if x.Time.Before(now) {
				p = append(p, x)
			}
		}
		return cardInput{Sum: metrics.Summary{TotalRequests: 1, ErrorRate: 0.01}, Points: p, Samples: s, Now: now,
			SeriesStart: t0, MemoryStart: shown}.cards()
	}
	early := L(tooEarly)
	for _, c := range []struct {
		name   string
		now    time.Time
		deltas [6]string
	}{
		{"40 s after the start", t0.Add(40 * time.Second),
			[6]string{early, early, early, early, early, early}},
		{"a minute after the dashboard opened", shown.Add(time.Minute),
			[6]string{"+600 in the last minute", early, early, early, early, "+0 MB in the last minute"}},
		{"two minutes after the start", t0.Add(2 * time.Minute),
			[6]string{"+600 in the last minute", "+0.00 points in the last minute", "+0.00 ms in the last minute", "+0.00 ms in the last minute",
				"+0.00 points in the last minute", "+0 MB in the last minute"}},
		{"no requests in the last minute", t0.Add(211 * time.Second),
			[6]string{"+0 in the last minute", "no requests in the last minute", "no tasks in the last minute", "no tasks in the last minute",
				"no requests in the last minute", "+0 MB in the last minute"}},
	} {
		for i, card := range cards(c.now) {
			if card.Delta != c.deltas[i] || card.Sign != deltaNeutral {
				t.Errorf("%s: %s got %q (%v), want %q in no colour", c.name, card.Title, card.Delta, card.Sign, c.deltas[i])
			}
		}
	}
	// Without the rule, the memory card read +158 MB in red 40 s after the
	// start: the first sample of its minute was the process's first.
	if got := memoryCard(samples[:40], t0.Add(40*time.Second), t0); got.Delta != early {
		t.Errorf("memory from the process's start, 40 s in: got %q, want %q", got.Delta, early)
	}
	if got := memoryCard(samples, t0.Add(100*time.Second), time.Time{}); got.Delta != early {
		t.Errorf("memory with an unknown start: got %q, want %q", got.Delta, early)
	}
}

func TestLLMCards(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	l := metrics.LLMSummary{Calls: 3, TokensIn: 120, TokensOut: 350, OutputTokensPerSecond: 42.4,
		TTFT: metrics.Quantiles{Count: 3, P50: 180 * time.Millisecond, P95: 250 * time.Millisecond}}
	// The minute before last: a call a second, TTFT 200 ms, TPOT 10 ms,
	// 11 tokens (0.2 + 10·0.01 s: 36.7 tok/s). The last minute: two calls a
	// second, TTFT 100 ms, TPOT 10 ms, 11 tokens each (55 tok/s).
	var pts []metrics.Point
	for i := range 120 {
		p := metrics.Point{Time: now.Add(time.Duration(i-120) * time.Second), LLMCalls: 1, TTFT: 200 * time.Millisecond, TPOT: 10 * time.Millisecond, OutputTokens: 11}
		if i >= 60 {
			p.LLMCalls, p.TTFT, p.OutputTokens = 2, 100*time.Millisecond, 22
		}
		pts = append(pts, p)
	}
	in := cardInput{Sum: metrics.Summary{LLM: l}, Points: pts, Now: now, SeriesStart: now.Add(-time.Hour)}
	want := []struct {
		title, value, delta string
		sign                deltaSign
	}{
		{"TTFT p50", "180 ms", "−100 ms in the last minute", deltaGood},
		{"TTFT p95", "250 ms", "−100 ms in the last minute", deltaGood},
		{"Output tokens/s", "42 tok/s", "+18 tok/s in the last minute", deltaGood}, // 36.7 → 55
		{"Tokens in → out", "120 → 350", "+1,320 out in the last minute", deltaNeutral},
	}
	cards := in.llmCards()
	if len(cards) != len(want) {
		t.Fatalf("got %d LLM cards, want %d", len(cards), len(want))
	}
	for i, w := range want {
		c := cards[i]
		if c.Title != w.title || c.Value != w.value || c.Delta != w.delta || c.Sign != w.sign {
			t.Errorf("card %d got %q %q %q %v, want %q %q %q %v", i, c.Title, c.Value, c.Delta, c.Sign, w.title, w.value, w.delta, w.sign)
		}
		if len(c.Spark) != sparkBuckets || c.Help == "" {
			t.Errorf("card %s: got %d spark points and help %q", c.Title, len(c.Spark), c.Help)
		}
	}

	// Estimated tokens, no TTFT measured, the start too recent, no call in
	// the last minute.
	l.EstimatedCalls, l.TTFT = 1, metrics.Quantiles{}
	in = cardInput{Sum: metrics.Summary{LLM: l}, Points: pts, Now: now, SeriesStart: now.Add(-90 * time.Second)}
	cards = in.llmCards()
	if cards[0].Value != "–" || cards[3].Value != "≈ 120 → 350" {
		t.Errorf("got %q and %q, want – and ≈ 120 → 350", cards[0].Value, cards[3].Value)
	}
	if cards[0].Delta != L(tooEarly) || cards[3].Delta != "+1,320 out in the last minute" {
		t.Errorf("90 s after the start: got %q and %q", cards[0].Delta, cards[3].Delta)
	}
	// A streaming server that sends no usage: tokens in are unknown, not 0.
	l.TokensIn = 0
	in.Sum = metrics.Summary{LLM: l}
	if got := in.llmCards()[3].Value; got != "? → ≈ 350" {
		t.Errorf("without usage: got %q, want ? → ≈ 350", got)
	}
	l.TokensIn = 120
	// A change too small to read is in no colour: two calls a second of
	// 11 tokens each, TTFT 100 ms, then 100.004 ms (55 → 54.998 tok/s).
	var same []metrics.Point
	for i := range 120 {
		p := metrics.Point{Time: now.Add(time.Duration(i-120) * time.Second), LLMCalls: 2, TTFT: 100 * time.Millisecond, TPOT: 10 * time.Millisecond, OutputTokens: 22}
		if i >= 60 {
			p.TTFT += 4 * time.Microsecond
		}
		same = append(same, p)
	}
	in.Points, in.SeriesStart = same, now.Add(-time.Hour)
	if c := in.llmCards()[2]; c.Delta != "+0.0 tok/s in the last minute" || c.Sign != deltaNeutral {
		t.Errorf("a change of −0.002 tok/s: got %q in %v, want no colour", c.Delta, c.Sign)
	}
	in.Points = pts
	in.Now = now.Add(5 * time.Minute)
	if got := in.llmCards()[2].Delta; got != "no LLM calls in the last minute" {
		t.Errorf("no calls in the last minute: got %q", got)
	}
}

// TestSumWindowSpeed: the speed of a window is its output tokens over the
// time of its answers, TTFT + TPOT·(tokens − 1) each.
func TestSumWindowSpeed(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	pts := []metrics.Point{
		// Two calls of 11 tokens: 0.1 + 10·0.01 s each, 55 tok/s.
		{Time: t0, LLMCalls: 2, TTFT: 100 * time.Millisecond, TPOT: 10 * time.Millisecond, OutputTokens: 22},
		// One call of 1 token: no TPOT, 0.3 s.
		{Time: t0.Add(time.Second), LLMCalls: 1, TTFT: 300 * time.Millisecond, OutputTokens: 1},
	}
	w := sumWindow(pts, t0, t0.Add(time.Minute))
	if want := 23 / 0.7; w.speed < want-1e-9 || w.speed > want+1e-9 {
		t.Errorf("got %.3f tok/s, want %.3f", w.speed, want)
	}
	if w.llmCalls != 3 || w.tokensOut != 23 || w.ttftMax != 300 {
		t.Errorf("got %d calls, %d tokens, slowest %v ms", w.llmCalls, w.tokensOut, w.ttftMax)
	}
	if want := (2*100 + 300) / 3.0; w.ttft != want {
		t.Errorf("got a mean TTFT of %v ms, want %v", w.ttft, want)
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 350: "350", 9999: "9,999", 10_000: "10.0k", 12_345: "12.3k",
		99_949: "99.9k", 99_950: "100k", 999_499: "999k", 999_500: "1.0M", 1_234_567: "1.2M", 123_456_789: "123M"} {
		if got := english.Count(n); got != want {
			t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
		}
	}
	for v, want := range map[float64]string{42.4: "42 tok/s", 9.96: "10 tok/s", 9.94: "9.9 tok/s", 3.14: "3.1 tok/s"} {
		if got := english.Speed(v); got != want {
			t.Errorf("formatSpeed(%v) = %q, want %q", v, got, want)
		}
	}
}

// fifteenMinutes is a full series as Collector.Series returns it, a point
// for every second up to now, with requests, errors, hits and LLM calls in
// an irregular pattern.
func fifteenMinutes(now time.Time) []metrics.Point {
	pts := make([]metrics.Point, 900)
	for i := range pts {
		p := &pts[i]
		p.Time = now.Add(time.Duration(i-900) * time.Second)
		if i%7 == 3 {
			continue // an idle second
		}
		p.Requests = int64(1 + i%5)
		p.Errors = int64(i % 3 / 2)
		p.CacheHits = int64(i % 2)
		p.P50 = time.Duration(5+i%11) * time.Millisecond
		p.P95 = time.Duration(20+i%13) * time.Millisecond
		if i%4 == 0 {
			p.LLMCalls, p.OutputTokens = 1, int64(30+i%9)
			p.TTFT, p.TPOT = time.Duration(150+i%40)*time.Millisecond, 20*time.Millisecond
		}
	}
	return pts
}

// TestBucketsOnePass: buckets reads the series once, and each bucket has
// exactly the figures sumWindow gives for its 15 seconds, to the last bit
// (the sparklines' keys and pixels depend on them); at a now on a bucket's
// edge and between two.
func TestBucketsOnePass(t *testing.T) {
	end := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for _, now := range []time.Time{end, end.Add(7 * time.Second)} {
		pts := fifteenMinutes(now.Truncate(time.Second))
		step := metrics.SeriesWindow / sparkBuckets
		start := now.Truncate(step).Add(step - metrics.SeriesWindow)
		got := buckets(pts, now)
		if len(got) != sparkBuckets {
			t.Fatalf("got %d buckets, want %d", len(got), sparkBuckets)
		}
		for i, w := range got {
			from := start.Add(time.Duration(i) * step)
			if want := sumWindow(pts, from, from.Add(step)); w != want {
				t.Errorf("now %v, bucket %d: got %+v, want %+v", now, i, w, want)
			}
		}
	}
}

// BenchmarkCards is what a refresh of the cards costs, LLM section
// included, over a full series.
func BenchmarkCards(b *testing.B) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	in := cardInput{Sum: metrics.Summary{TotalRequests: 2000, LLM: metrics.LLMSummary{Calls: 200}}, Points: fifteenMinutes(now),
		Now: now, SeriesStart: now.Add(-time.Hour), MemoryStart: now.Add(-time.Hour)}
	for i := range 900 {
		in.Samples = append(in.Samples, metrics.Sample{Time: now.Add(time.Duration(i-900) * time.Second), RSS: uint64(150<<20 + i<<12)})
	}
	for b.Loop() {
		in.cards()
		in.llmCards()
	}
}
