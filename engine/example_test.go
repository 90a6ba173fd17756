package engine_test

import (
	"context"
	"fmt"
	"io"
	"os"

	"vigia/engine"
	"vigia/logging"
	"vigia/models"
	"vigia/models/local"
)

// A task runs through the engine: validated, cached, timed, guarded, logged
// and counted. The second identical request is answered from the cache.
func Example() {
	dir, _ := os.MkdirTemp("", "vigia-example")
	defer os.RemoveAll(dir)
	e := engine.New(engine.Config{
		Logging: logging.Options{Dir: dir, Console: io.Discard},
		Models:  models.NewRegistry(local.NewSentiment()),
	})
	defer e.Close()

	s, ctx := e.Sessions().Start(context.Background())
	req := engine.Request{Model: "sentiment", Text: "I love this app, it works great"}
	for range 2 {
		res, err := e.RunModel(ctx, req)
		fmt.Println(res.Text, err)
	}
	_, err := e.RunModel(ctx, engine.Request{Model: "sentiment", Text: ""})
	fmt.Println(err)

	sum := e.SessionSummary(s.ID())
	fmt.Printf("requests %d, errors %d, cache hits %d\n", sum.TotalRequests, sum.Errors, sum.CacheHits)
	// Output:
	// positive: score +6, +0.857 a word (great +3, love +3) <nil>
	// positive: score +6, +0.857 a word (great +3, love +3) <nil>
	// input is empty
	// requests 3, errors 1, cache hits 1
}
