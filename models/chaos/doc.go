// Package chaos is a simulator, not a model that does work: it stands in
// for a slow, flaky model in demos and load tests, so that Vigía's charts,
// error counts, panic recovery and cancellation can be shown and tested
// without a real endpoint.
//
// Each call waits latency ± jitter (drawn uniformly, never below 0, so the
// median wait is latency), then, by one draw, panics with [SimulatedPanic]
// at panic_rate, returns a [*SimulatedError] at error_rate, or else returns
// counts of its input. Half the simulated errors, at random, carry HTTP
// status 503, so that error-type charts show an HTTP class (http_5xx) next
// to the error's own type (chaos.SimulatedError).
//
// Draws come from math/rand/v2's top-level functions, safe and fast under
// concurrency, unless Options.Seed makes them reproducible.
package chaos
