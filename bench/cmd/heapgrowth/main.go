// Command heapgrowth compares the Go heap that recording requests costs:
// Vigía's metrics.Collector against the seed's approach, modelled in Go.
//
// The seed (a Streamlit lesson) keeps every response time in a Python list
// and counts models in a dict:
//
//	st.session_state.metrics['response_times'].append(response_time)
//	st.session_state.metrics['model_usage'][model_name] += 1
//
// Here that is a []float64 that grows by append and a map[string]int. Both
// recorders see the same requests: -n of them, over three models, one in ten
// an error, durations spread from about 1 ms to 1 s.
//
// For each it reads runtime.MemStats.HeapAlloc after a full GC three times:
// before the recorder exists, once it exists and has seen one request per
// model (its fixed cost), and after the -n requests. It prints, for
// bench/report.sh:
//
//	RESULT recorder=NAME requests=N fixed_bytes=B growth_bytes=B total_bytes=B seconds=S
package main

import (
	"errors"
	"flag"
	"fmt"
	"runtime"
	"time"

	"vigia/metrics"
)

var (
	modelNames = []string{"sentiment", "keywords", "chaos"}
	errSim     = errors.New("simulated failure")
)

func duration(i int) time.Duration { return time.Duration(i%1024+1) * 977 * time.Microsecond }

// seedMetrics is the seed's MetricsCollector in Go.
type seedMetrics struct {
	requests, errors int
	responseTimes    []float64
	modelUsage       map[string]int
}

func (m *seedMetrics) logRequest(model string, seconds float64) {
	m.requests++
	m.responseTimes = append(m.responseTimes, seconds)
	m.modelUsage[model]++
}

func (m *seedMetrics) logError() { m.errors++ }

// recorder is one way of recording requests.
type recorder struct {
	name   string
	make   func() any
	record func(r any, i int)
}

var recorders = []recorder{
	{
		name: "vigia",
		make: func() any { return metrics.NewCollector() },
		record: func(r any, i int) {
			var err error
			if i%10 == 0 {
				err = errSim
			}
			r.(*metrics.Collector).RecordRequest(modelNames[i%3], duration(i), err)
		},
	},
	{
		name: "seed",
		make: func() any { return &seedMetrics{modelUsage: map[string]int{}} },
		record: func(r any, i int) {
			m := r.(*seedMetrics)
			m.logRequest(modelNames[i%3], duration(i).Seconds())
			if i%10 == 0 {
				m.logError()
			}
		},
	},
}

func heap() uint64 {
	runtime.GC()
	runtime.GC() // a second cycle frees what the first one's finalizers released
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func main() {
	n := flag.Int("n", 10_000_000, "requests each recorder sees")
	flag.Parse()
	for _, rec := range recorders {
		before := heap()
		r := rec.make()
		for i := range len(modelNames) {
			rec.record(r, i)
		}
		fixed := heap()
		start := time.Now()
		for i := range *n {
			rec.record(r, i)
		}
		secs := time.Since(start).Seconds()
		after := heap()
		runtime.KeepAlive(r)
		fmt.Printf("RESULT recorder=%s requests=%d fixed_bytes=%d growth_bytes=%d total_bytes=%d seconds=%.2f\n",
			rec.name, *n, int64(fixed)-int64(before), int64(after)-int64(fixed), int64(after)-int64(before), secs)
	}
}
