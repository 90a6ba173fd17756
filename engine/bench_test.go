package engine

import (
	"context"
	"io"
	"testing"

	"vigia/logging"
	"vigia/models"
)

// noop does nothing, so the benchmarks measure the task path around it.
type noop struct{ cacheable bool }

func (noop) Name() string                   { return "noop" }
func (noop) Description() string            { return "Does nothing." }
func (noop) Params() []models.Param         { return nil }
func (n noop) Cacheable(models.Values) bool { return n.cacheable }
func (noop) Run(context.Context, models.Input) (models.Result, error) {
	return models.Result{Text: "ok"}, nil
}

// benchTask measures one task end to end: input validation, cache lookup
// (when cacheable), session.Run's timing and panic guard, one event=task
// record through the logging fan-out to a real app.log, and the metrics
// hook.
func benchTask(b *testing.B, cacheable bool) {
	e := New(Config{Logging: logging.Options{Dir: b.TempDir(), Console: io.Discard, NoCompress: true}, Models: models.NewRegistry(noop{cacheable})})
	defer e.Close()
	_, ctx := e.Sessions().Start(context.Background())
	m, vals, err := e.Prepare("noop", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Run(ctx, m, vals, "a short input of a few words"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTaskPathCached(b *testing.B)   { benchTask(b, true) }
func BenchmarkTaskPathUncached(b *testing.B) { benchTask(b, false) }
