package otlptest_test

import (
	"context"
	"fmt"

	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// Example sends one task's span to the fake collector and reads it back.
func Example() {
	c := otlptest.New()
	defer c.Close()

	tel, err := telemetry.Start(context.Background(), telemetry.Options{Endpoint: c.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, span := tel.StartTask(context.Background(), telemetry.Task{Model: "keywords", Session: "s-1"})
	span.End("ok", "", nil)
	_ = tel.Shutdown(context.Background()) // sends what waits

	for _, s := range c.Spans() {
		fmt.Println(s.Name, otlptest.String(s.Attributes, "session.id"), otlptest.String(s.Attributes, "vigia.outcome"))
	}
	// Output:
	// task keywords s-1 ok
}
