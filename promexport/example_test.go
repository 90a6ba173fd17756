package promexport_test

import (
	"context"
	"fmt"
	"time"

	"vigia/promexport"
)

func Example() {
	e := promexport.New(promexport.Options{
		CacheStats:     func() (hits, misses int64) { return 3, 1 },
		ActiveSessions: func() int { return 1 },
	})
	defer e.Close()

	// From the sessions' hook, once per finished task.
	e.Observe("sentiment", "ok", 120*time.Millisecond)
	e.Observe("sentiment", "cached", 0)

	addr, err := e.Serve(context.Background(), "127.0.0.1:0", false)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = addr // scrape http://addr/metrics

	_, err = e.Serve(context.Background(), "0.0.0.0:9464", false)
	fmt.Println(err)

	mfs, _ := e.Gatherer().Gather()
	for _, mf := range mfs {
		if mf.GetName() == "vigia_requests_total" {
			for _, m := range mf.GetMetric() {
				fmt.Println(m.GetLabel()[1].GetValue(), m.GetCounter().GetValue())
			}
		}
	}
	// Output:
	// metrics address "0.0.0.0:9464": address is not loopback
	// cached 1
	// ok 1
}
