package metrics

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
	"unsafe"
)

// llmCall returns the i-th sample of a deterministic script: some figures
// are 0 (not measured) now and then, and the number of gaps varies.
func llmCall(i int, gaps []time.Duration) LLMSample {
	s := LLMSample{
		TTFT:            time.Duration(i%1000+1) * time.Millisecond,
		TPOT:            time.Duration(i%50+1) * time.Millisecond,
		E2E:             time.Duration(i%3000+1000) * time.Millisecond,
		ITL:             gaps[:i%len(gaps)],
		TokensIn:        int64(i%7 + 1),
		TokensOut:       int64(i % 11),
		TokensEstimated: i%3 == 0,
	}
	if i%10 == 0 {
		s.TTFT = 0 // no text came
	}
	if i%4 == 0 {
		s.TPOT = 0 // fewer than two tokens
	}
	return s
}

func TestRecordLLMConcurrentExactCounts(t *testing.T) {
	goroutines, perG := 8, 20_000
	if raceEnabled {
		perG = 5_000
	}
	models := []string{"gpt", "llama"}
	gaps := make([]time.Duration, 7)
	for i := range gaps {
		gaps[i] = time.Duration(i+1) * 3 * time.Millisecond
	}
	c := NewCollector()

	var want [2]struct {
		calls, in, out, est, ttftN, tpotN, e2eN, itlN int64
		ttftSum, tpotSum, e2eSum, itlSum              time.Duration
		ttftMax                                       time.Duration
	}
	for g := range goroutines {
		for i := range perG {
			s := llmCall(g*perG+i, gaps)
			w := &want[(g+i)%2]
			w.calls++
			w.in += s.TokensIn
			w.out += s.TokensOut
			if s.TokensEstimated {
				w.est++
			}
			if s.TTFT > 0 {
				w.ttftN++
				w.ttftSum += s.TTFT
				w.ttftMax = max(w.ttftMax, s.TTFT)
			}
			if s.TPOT > 0 {
				w.tpotN++
				w.tpotSum += s.TPOT
			}
			w.e2eN++
			w.e2eSum += s.E2E
			for _, d := range s.ITL {
				w.itlN++
				w.itlSum += d
			}
		}
	}

	var readers sync.WaitGroup
	stop := make(chan struct{})
	// A reader that runs all along must never see more TTFTs, E2Es or
	// estimated calls than calls.
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			s := c.Summary()
			for _, l := range []LLMSummary{s.LLM, s.ByModel["gpt"].LLM, s.ByModel["llama"].LLM} {
				if l.TTFT.Count > l.Calls || l.TPOT.Count > l.Calls || l.E2E.Count > l.Calls || l.EstimatedCalls > l.Calls {
					t.Errorf("snapshot has %d calls but %d TTFTs, %d TPOTs, %d E2Es, %d estimated",
						l.Calls, l.TTFT.Count, l.TPOT.Count, l.E2E.Count, l.EstimatedCalls)
					return
				}
			}
		}
	})
	var rec sync.WaitGroup
	for g := range goroutines {
		rec.Go(func() {
			for i := range perG {
				c.RecordLLM(models[(g+i)%2], llmCall(g*perG+i, gaps))
			}
		})
	}
	rec.Wait()
	close(stop)
	readers.Wait()

	s := c.Summary()
	if s.TotalRequests != 0 {
		t.Errorf("TotalRequests: got %d, want 0 (RecordLLM counts no task)", s.TotalRequests)
	}
	var total LLMSummary
	for k, name := range models {
		w := want[k]
		got := s.ByModel[name].LLM
		for _, f := range []struct {
			what      string
			got, want int64
		}{
			{"Calls", got.Calls, w.calls},
			{"TokensIn", got.TokensIn, w.in},
			{"TokensOut", got.TokensOut, w.out},
			{"EstimatedCalls", got.EstimatedCalls, w.est},
			{"TTFT.Count", got.TTFT.Count, w.ttftN},
			{"TPOT.Count", got.TPOT.Count, w.tpotN},
			{"E2E.Count", got.E2E.Count, w.e2eN},
			{"ITL.Count", got.ITL.Count, w.itlN},
		} {
			if f.got != f.want {
				t.Errorf("%s %s: got %d, want %d", name, f.what, f.got, f.want)
			}
		}
		for _, f := range []struct {
			what      string
			got, want time.Duration
		}{
			{"TTFT.Avg", got.TTFT.Avg, w.ttftSum / time.Duration(w.ttftN)},
			{"TPOT.Avg", got.TPOT.Avg, w.tpotSum / time.Duration(w.tpotN)},
			{"E2E.Avg", got.E2E.Avg, w.e2eSum / time.Duration(w.e2eN)},
			{"ITL.Avg", got.ITL.Avg, w.itlSum / time.Duration(w.itlN)},
			{"TTFT.Max", got.TTFT.Max, w.ttftMax},
			{"ITL.Max", got.ITL.Max, gaps[len(gaps)-2]}, // ITL is gaps[:i%7]
		} {
			if f.got != f.want {
				t.Errorf("%s %s: got %v, want %v", name, f.what, f.got, f.want)
			}
		}
		if want := float64(w.out) / w.e2eSum.Seconds(); math.Abs(got.OutputTokensPerSecond-want) > 1e-9*want {
			t.Errorf("%s OutputTokensPerSecond: got %v, want %v", name, got.OutputTokensPerSecond, want)
		}
		total.Calls += got.Calls
		total.TokensIn += got.TokensIn
		total.TokensOut += got.TokensOut
		total.EstimatedCalls += got.EstimatedCalls
		total.ITL.Count += got.ITL.Count
	}
	if s.LLM.Calls != total.Calls || s.LLM.TokensIn != total.TokensIn || s.LLM.TokensOut != total.TokensOut ||
		s.LLM.EstimatedCalls != total.EstimatedCalls || s.LLM.ITL.Count != total.ITL.Count {
		t.Errorf("Summary.LLM: got %+v, want the sum of the models' %+v", s.LLM, total)
	}
	if want := int64(goroutines * perG); s.LLM.Calls != want {
		t.Errorf("Summary.LLM.Calls: got %d, want %d", s.LLM.Calls, want)
	}
}

// TestLLMPercentileAccuracy checks every LLM histogram's percentiles of
// log-normal durations against the exact nearest-rank ones.
func TestLLMPercentileAccuracy(t *testing.T) {
	const calls, gapsPerCall = 20_000, 20
	r := rand.New(rand.NewPCG(7, 11))
	lognormal := func(median time.Duration, sigma float64) time.Duration {
		d := time.Duration(float64(median) * math.Exp(r.NormFloat64()*sigma))
		return min(max(d, time.Microsecond), time.Hour)
	}
	c := NewCollector()
	var ttft, tpot, itl, e2e []time.Duration
	gaps := make([]time.Duration, gapsPerCall)
	for range calls {
		s := LLMSample{TTFT: lognormal(400*time.Millisecond, 0.8), TPOT: lognormal(25*time.Millisecond, 0.5),
			E2E: lognormal(4*time.Second, 1.0), TokensOut: 100}
		for i := range gaps {
			gaps[i] = lognormal(30*time.Millisecond, 1.2)
		}
		s.ITL = gaps
		c.RecordLLM("m", s)
		ttft, tpot, e2e = append(ttft, s.TTFT), append(tpot, s.TPOT), append(e2e, s.E2E)
		itl = append(itl, gaps...)
	}
	s := c.Summary()
	tests := []struct {
		name string
		got  Quantiles
		data []time.Duration
	}{
		{"TTFT", s.LLM.TTFT, ttft},
		{"TPOT", s.LLM.TPOT, tpot},
		{"ITL", s.LLM.ITL, itl},
		{"E2E", s.LLM.E2E, e2e},
		{"ByModel TTFT", s.ByModel["m"].LLM.TTFT, ttft},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := slices.Clone(tt.data)
			slices.Sort(data)
			n := len(data)
			if tt.got.Count != int64(n) {
				t.Errorf("Count: got %d, want %d", tt.got.Count, n)
			}
			for _, p := range []struct {
				q   float64
				got time.Duration
			}{{0.50, tt.got.P50}, {0.90, tt.got.P90}, {0.95, tt.got.P95}, {0.99, tt.got.P99}} {
				want := data[int(math.Ceil(p.q*float64(n)))-1]
				if rel := math.Abs(float64(p.got-want)) / float64(want); rel > 0.01 {
					t.Errorf("p%g: got %v, want %v (relative error %.4f > 0.01)", p.q*100, p.got, want, rel)
				}
			}
			if tt.got.Max != data[n-1] {
				t.Errorf("Max: got %v, want %v", tt.got.Max, data[n-1])
			}
			var sum time.Duration
			for _, d := range data {
				sum += d
			}
			if want := sum / time.Duration(n); tt.got.Avg != want {
				t.Errorf("Avg: got %v, want %v", tt.got.Avg, want)
			}
		})
	}
}

func TestLLMSummary(t *testing.T) {
	c := NewCollector()
	c.RecordRequest("local", time.Millisecond, nil)
	c.RecordRequest("gpt", 3*time.Second, nil)
	c.RecordLLM("gpt", LLMSample{TTFT: 200 * time.Millisecond, TPOT: 20 * time.Millisecond, E2E: 2 * time.Second,
		ITL: []time.Duration{10 * time.Millisecond, 30 * time.Millisecond}, TokensIn: 12, TokensOut: 100})
	c.RecordLLM("gpt", LLMSample{E2E: time.Second, TokensIn: 8, TokensOut: 50, TokensEstimated: true}) // no text timing
	c.RecordLLM("mistral", LLMSample{TTFT: 400 * time.Millisecond, E2E: time.Second, TokensOut: 10})

	s := c.Summary()
	if got := s.ByModel["local"].LLM; got != (LLMSummary{}) {
		t.Errorf("a model without LLM calls: got %+v, want a zero LLMSummary", got)
	}
	if got := s.ByModel["mistral"]; got.Count != 0 || got.LLM.Calls != 1 {
		t.Errorf("a model with LLM calls only: got Count %d, LLM.Calls %d, want 0, 1", got.Count, got.LLM.Calls)
	}
	gpt := s.ByModel["gpt"].LLM
	tests := []struct {
		name      string
		got, want any
	}{
		{"gpt Calls", gpt.Calls, int64(2)},
		{"gpt TokensIn", gpt.TokensIn, int64(20)},
		{"gpt TokensOut", gpt.TokensOut, int64(150)},
		{"gpt EstimatedCalls", gpt.EstimatedCalls, int64(1)},
		{"gpt TTFT.Count", gpt.TTFT.Count, int64(1)}, // a 0 TTFT is not measured
		{"gpt TTFT.Max", gpt.TTFT.Max, 200 * time.Millisecond},
		{"gpt TPOT.Avg", gpt.TPOT.Avg, 20 * time.Millisecond},
		{"gpt ITL", gpt.ITL.Count, int64(2)},
		{"gpt ITL.Avg", gpt.ITL.Avg, 20 * time.Millisecond},
		{"gpt E2E.Avg", gpt.E2E.Avg, 1500 * time.Millisecond},
		{"gpt OutputTokensPerSecond", gpt.OutputTokensPerSecond, 50.0}, // 150 tokens over 3 s
		{"all Calls", s.LLM.Calls, int64(3)},
		{"all TTFT.Count", s.LLM.TTFT.Count, int64(2)},
		{"all TTFT.Max", s.LLM.TTFT.Max, 400 * time.Millisecond},
		{"all OutputTokensPerSecond", s.LLM.OutputTokensPerSecond, 40.0}, // 160 tokens over 4 s
		{"request latency untouched", s.ByModel["gpt"].Max, 3 * time.Second},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	within(t, "all TTFT.P50", s.LLM.TTFT.P50, 200*time.Millisecond, 0.01)

	if got := NewCollector().Summary().LLM; got != (LLMSummary{}) {
		t.Errorf("empty collector: got %+v, want a zero LLMSummary", got)
	}
}

func TestSeriesLLM(t *testing.T) {
	clock := newFakeClock(t0)
	c := NewCollectorWithOptions(CollectorOptions{Now: clock.Now})
	c.RecordLLM("m", LLMSample{TTFT: 100 * time.Millisecond, TPOT: 10 * time.Millisecond, TokensOut: 50})
	c.RecordLLM("m", LLMSample{TTFT: 300 * time.Millisecond, TokensOut: 70}) // TPOT not measured
	c.RecordLLM("m", LLMSample{})                                            // nothing measured
	clock.Advance(time.Second)
	c.RecordLLM("m", LLMSample{TTFT: 50 * time.Millisecond, TPOT: 5 * time.Millisecond, TokensOut: 1})
	clock.Advance(time.Second)

	pts := c.Series()
	got := pts[len(pts)-2:]
	want := []Point{
		{Time: t0, LLMCalls: 3, OutputTokens: 120, TTFT: 200 * time.Millisecond, TPOT: 10 * time.Millisecond},
		{Time: t0.Add(time.Second), LLMCalls: 1, OutputTokens: 1, TTFT: 50 * time.Millisecond, TPOT: 5 * time.Millisecond},
	}
	for i := range want {
		if !got[i].Time.Equal(want[i].Time) {
			t.Fatalf("point %d: got time %v, want %v", i, got[i].Time, want[i].Time)
		}
		got[i].Time = want[i].Time
		if got[i] != want[i] {
			t.Errorf("point %v:\ngot  %+v\nwant %+v", want[i].Time, got[i], want[i])
		}
	}
	// t0+901 reuses t0's slot: its LLM figures must be gone, not merged.
	clock.ns.Store(t0.Add(901 * time.Second).UnixNano())
	c.RecordLLM("m", LLMSample{TTFT: time.Second})
	clock.Advance(time.Second)
	pts = c.Series()
	if p := pts[len(pts)-1]; p.LLMCalls != 1 || p.OutputTokens != 0 || p.TTFT != time.Second || p.TPOT != 0 {
		t.Errorf("point t0+901: got %+v, want 1 call, TTFT 1s, nothing else", p)
	}
}

func TestRecordLLMAllocations(t *testing.T) {
	c := NewCollector()
	gaps := make([]time.Duration, 256)
	for i := range gaps {
		gaps[i] = time.Duration(i+1) * time.Millisecond
	}
	s := LLMSample{TTFT: time.Second, TPOT: 20 * time.Millisecond, E2E: 5 * time.Second, ITL: gaps, TokensIn: 10, TokensOut: 257}
	c.RecordLLM("gpt", s)
	c.RecordRequest("llama", time.Second, nil)
	tests := []struct {
		name string
		f    func()
	}{
		{"RecordLLM", func() { c.RecordLLM("gpt", s) }},
		{"RecordLLM without gaps", func() { c.RecordLLM("gpt", LLMSample{TTFT: time.Second}) }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(1000, tt.f); got != 0 {
			t.Errorf("%s: got %v allocations per call, want 0", tt.name, got)
		}
	}
}

// TestLLMMemory checks that the LLM figures cost nothing for a model
// without LLM calls, a fixed amount for one with them, and nothing more
// however many calls are recorded.
func TestLLMMemory(t *testing.T) {
	// A model without LLM calls costs one pointer more than before.
	if got, want := unsafe.Sizeof(modelStats{}), unsafe.Sizeof(histogram{})+32; got > want {
		t.Errorf("modelStats: %d bytes, want at most %d (a histogram and its counters)", got, want)
	}
	const models = 32
	names := make([]string, models)
	for i := range names {
		names[i] = string(rune('a'+i%26)) + string(rune('0'+i/26))
	}
	var m0, m1, m2, m3 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	c := NewCollectorWithOptions(CollectorOptions{MaxModels: models})
	runtime.GC()
	runtime.ReadMemStats(&m1)
	for _, name := range names {
		c.RecordRequest(name, time.Millisecond, nil)
	}
	runtime.GC()
	runtime.ReadMemStats(&m2)
	perModel := (int64(m2.HeapAlloc) - int64(m1.HeapAlloc)) / models
	if perModel > 19<<10 {
		t.Errorf("a model without LLM calls: %d bytes, want about 17 KB (at most 19 KB)", perModel)
	}
	for _, name := range names {
		c.RecordLLM(name, LLMSample{TTFT: time.Second})
	}
	runtime.GC()
	runtime.ReadMemStats(&m3)
	perLLM := (int64(m3.HeapAlloc) - int64(m2.HeapAlloc)) / models
	if perLLM > 76<<10 {
		t.Errorf("the LLM figures of a model: %d bytes, want about 72 KB (at most 76 KB)", perLLM)
	}
	t.Logf("collector %d KB, %d bytes per model, %d bytes more per model with LLM calls",
		(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))>>10, perModel, perLLM)

	// Then any number of calls, with their gaps, costs nothing.
	n := 1_000_000
	if raceEnabled {
		n = 100_000
	}
	gaps := make([]time.Duration, 16)
	for i := range gaps {
		gaps[i] = time.Duration(i+1) * 7 * time.Millisecond
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		c.RecordLLM(names[i%models], LLMSample{TTFT: time.Duration(i&0xffff) * time.Microsecond,
			TPOT: time.Duration(i&0xff) * time.Microsecond, E2E: time.Duration(i&0xfffff) * time.Microsecond,
			ITL: gaps[:i&15], TokensIn: 5, TokensOut: int64(i & 15)})
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if got := int64(after.HeapAlloc) - int64(before.HeapAlloc); got >= 1<<20 {
		t.Errorf("live heap grew by %d bytes after %d LLM calls, want < 1 MB", got, n)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got >= 1<<20 {
		t.Errorf("%d bytes allocated during %d LLM calls, want < 1 MB", got, n)
	}
	if got, want := c.Summary().LLM.Calls, int64(n+models); got != want {
		t.Errorf("LLM.Calls: got %d, want %d", got, want)
	}
}

func BenchmarkRecordLLM(b *testing.B) {
	gaps := make([]time.Duration, 256)
	for i := range gaps {
		gaps[i] = time.Duration(i%64+1) * 937 * time.Microsecond
	}
	sample := func(n int) LLMSample {
		return LLMSample{TTFT: 450 * time.Millisecond, TPOT: 22 * time.Millisecond, E2E: 6 * time.Second,
			ITL: gaps[:n], TokensIn: 120, TokensOut: int64(n + 1)}
	}
	for _, n := range []int{0, 256} {
		b.Run("gaps="+strconv.Itoa(n), func(b *testing.B) {
			c := NewCollector()
			s := sample(n)
			c.RecordLLM("gpt", s)
			b.ReportAllocs()
			for b.Loop() {
				c.RecordLLM("gpt", s)
			}
		})
	}
	b.Run("parallel", func(b *testing.B) {
		c := NewCollector()
		s := sample(0)
		c.RecordLLM("gpt", s)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				c.RecordLLM("gpt", s)
			}
		})
	})
}

func BenchmarkSummaryLLM(b *testing.B) {
	c := NewCollector()
	for i := range 10_000 {
		m := []string{"gpt", "llama", "claude"}[i%3]
		c.RecordRequest(m, time.Duration(i)*time.Microsecond, nil)
		c.RecordLLM(m, LLMSample{TTFT: time.Duration(i) * time.Microsecond, E2E: time.Second, TokensOut: 10})
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Summary()
	}
}

// TestQuantilesOnePass checks that the one-pass quantiles are those that
// quantile gives one at a time.
func TestQuantilesOnePass(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	tests := []struct {
		name   string
		values []time.Duration
	}{
		{"empty", nil},
		{"one", []time.Duration{42 * time.Millisecond}},
		{"two far apart", []time.Duration{time.Microsecond, 2 * time.Hour}},
		{"all equal", slices.Repeat([]time.Duration{time.Second}, 100)},
	}
	wide := make([]time.Duration, 10_000)
	for i := range wide {
		wide[i] = time.Duration(math.Exp(r.Float64()*math.Log(3.6e12))) + 1
	}
	tests = append(tests, struct {
		name   string
		values []time.Duration
	}{"log-uniform", wide})
	for _, tt := range tests {
		var h histogram
		for _, d := range tt.values {
			h.record(bucketOf(d), d)
		}
		var l latencies
		l.add(&h)
		got := l.quantiles()
		want := Quantiles{Count: int64(l.n), Avg: l.mean(), P50: l.quantile(0.50), P90: l.quantile(0.90),
			P95: l.quantile(0.95), P99: l.quantile(0.99), Max: time.Duration(l.max)}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, want)
		}
	}
}
