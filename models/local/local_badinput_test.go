package local_test

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vigia/engine"
	"vigia/logging"
	"vigia/models"
	"vigia/models/local"
)

// counted is a model that counts its runs: a bad input must be refused
// before the model sees it.
type counted struct {
	models.Model
	runs *atomic.Int64
}

func (c counted) Run(ctx context.Context, in models.Input) (models.Result, error) {
	c.runs.Add(1)
	return c.Model.Run(ctx, in)
}

// TestBadInputThroughEngine sends bad inputs to every local model the way
// the CLI and the window do, through engine.RunModel: each is refused with
// an error that says why, before any model runs; a 10 MB input quickly and
// without a copy of it.
func TestBadInputThroughEngine(t *testing.T) {
	var runs atomic.Int64
	reg := models.NewRegistry()
	for _, m := range local.All() {
		reg.Add(counted{m, &runs})
	}
	e := engine.New(engine.Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard}, Models: reg})
	t.Cleanup(func() { _ = e.Close() })
	_, ctx := e.Sessions().Start(context.Background())

	huge := strings.Repeat("Hola, mundo. ", 10<<20/13+1)[:10<<20]
	tests := []struct {
		name, text string
		want       error
		msg        string
	}{
		{"10 MB", huge, models.ErrInputTooLarge, "input is too large: 10485760 bytes, the limit is 1048576"},
		{"10 MB of NULs", strings.Repeat("\x00", 10<<20), models.ErrInputTooLarge, "input is too large"},
		{"invalid UTF-8", "Hola, mundo \xe9\xff", models.ErrInvalidUTF8, "input is not valid UTF-8: bad byte 0xe9 at offset 12"},
		{"Latin-1 text", "Qu\xe9 tal, se\xf1or", models.ErrInvalidUTF8, "bad byte 0xe9 at offset 2"},
		{"NUL", "Hola\x00mundo", models.ErrNULByte, "input contains a NUL byte at offset 4"},
		{"empty", " \n\t", models.ErrEmptyInput, "input is empty"},
	}
	for _, m := range local.All() {
		for _, tt := range tests {
			t.Run(m.Name()+"/"+tt.name, func(t *testing.T) {
				start := time.Now()
				_, err := e.RunModel(ctx, engine.Request{Model: m.Name(), Text: tt.text})
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("got %v, want an error wrapping %q with %q", err, tt.want, tt.msg)
				}
				if d := time.Since(start); d > time.Second {
					t.Errorf("refusing took %v", d)
				}
			})
		}
		t.Run(m.Name()+"/10 MB allocates little", func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range 5 {
				_, _ = e.RunModel(ctx, engine.Request{Model: m.Name(), Text: huge})
			}
			runtime.ReadMemStats(&after)
			if b := (after.TotalAlloc - before.TotalAlloc) / 5; b > 256<<10 {
				t.Errorf("refusing a 10 MB input allocated %d KB", b>>10)
			}
		})
	}
	if n := runs.Load(); n != 0 {
		t.Errorf("the models ran %d times on bad inputs", n)
	}
}
