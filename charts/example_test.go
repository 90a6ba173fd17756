package charts_test

import (
	"fmt"
	"time"

	"vigia/charts"
	"vigia/metrics"
)

func Example() {
	c := metrics.NewCollector()
	c.RecordRequest("gpt", 120*time.Millisecond, nil)
	c.RecordRequest("gpt", 80*time.Millisecond, fmt.Errorf("boom"))
	c.RecordRequest("llama", 300*time.Millisecond, nil)

	// The UI passes its theme's colours, text size and canvas scale, and
	// sizes in device pixels.
	st := charts.DefaultStyle(true)
	st.Scale = 1.5
	bars := charts.BarsFromSummary(c.Summary())
	img, err := charts.ModelUsage(bars, 1200, 600, st)
	if err != nil {
		fmt.Println("log:", err) // the image is the empty state; nothing to show the user
	}
	fmt.Println(bars)
	fmt.Println(img.Bounds())
	// Output:
	// [{gpt 2 1} {llama 1 0}]
	// (0,0)-(1200,600)
}

func ExampleModelUsage_empty() {
	st := charts.DefaultStyle(false)
	st.NoData = "Sin datos todavía"
	// All-zero bars make go-chart fail with "invalid data range": ModelUsage
	// returns the empty state instead, and no error.
	img, err := charts.ModelUsage([]charts.Bar{{Label: "gpt"}, {Label: "llama"}}, 800, 400, st)
	fmt.Println(img.Bounds(), err)
	// Output:
	// (0,0)-(800,400) <nil>
}

func ExampleLines() {
	t0 := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	pts := []metrics.Point{
		{Time: t0, Requests: 4, P50: 100 * time.Millisecond, P95: 250 * time.Millisecond},
		{Time: t0.Add(time.Second)}, // idle: left out
		{Time: t0.Add(2 * time.Second), Requests: 2, P50: 120 * time.Millisecond, P95: 400 * time.Millisecond},
	}
	p50, p95 := charts.LatencySeries(pts)
	img, err := charts.Lines("Response time", []charts.Series{{Name: "p50", Points: p50}, {Name: "p95", Points: p95}},
		800, 400, charts.DefaultStyle(false), "ms")
	fmt.Println(len(p50), img.Bounds(), err)
	// Output:
	// 2 (0,0)-(800,400) <nil>
}

func ExampleSparkline() {
	img := charts.Sparkline([]float64{3, 5, 4, 8, 6}, 120, 32, charts.DefaultStyle(false))
	fmt.Println(img.Bounds())
	// Output:
	// (0,0)-(120,32)
}

func ExampleEmpty() {
	img := charts.Empty("No data yet", 400, 200, charts.DefaultStyle(true))
	fmt.Println(img.Bounds())
	// Output:
	// (0,0)-(400,200)
}

func ExampleModelUsageKey() {
	st := charts.DefaultStyle(false)
	bars := []charts.Bar{{Label: "gpt", Value: 3, Errors: 1}}
	last := charts.ModelUsageKey(bars, 800, 400, st)

	// On the next refresh, render only when something changed.
	next := charts.ModelUsageKey([]charts.Bar{{Label: "gpt", Value: 3, Errors: 1}}, 800, 400, st)
	fmt.Println("render again:", next != last)
	next = charts.ModelUsageKey([]charts.Bar{{Label: "gpt", Value: 4, Errors: 1}}, 800, 400, st)
	fmt.Println("render again:", next != last)
	// Output:
	// render again: false
	// render again: true
}

func ExampleNumbers_Format() {
	// The UI sets Style.Numbers to its language's separators; the axis and
	// value labels follow them. Format is how they are put in.
	es := charts.Numbers{Decimal: ",", Group: "."}
	fmt.Println(es.Format([]byte("1234.5"), " ms"))
	fmt.Println(charts.Numbers{}.Format([]byte("1234.5"), " ms"))
	// Output:
	// 1.234,5 ms
	// 1234.5 ms
}
