package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// PanicError is the error that every caller sharing a load gets when the loader panics. It
// keeps the panic value and the stack of the loader's goroutine, so the panic can be reported
// where the error is handled; the process does not crash.
type PanicError struct {
	value any
	stack []byte
}

var _ error = (*PanicError)(nil)

// errLoaderExited is the error logged for a loader that called runtime.Goexit (as t.FailNow
// does). otter gives the callers that waited for it an error of its own.
var errLoaderExited = errors.New("loader exited its goroutine without returning")

func newPanicError(v any) *PanicError {
	stack := debug.Stack()
	// The first line, "goroutine N [running]:", says nothing once the error travels.
	if i := bytes.IndexByte(stack, '\n'); i >= 0 {
		stack = stack[i+1:]
	}
	return &PanicError{value: v, stack: stack}
}

// Error returns "loader panicked: " and the panic value.
func (e *PanicError) Error() string {
	return fmt.Sprintf("loader panicked: %v", e.value)
}

// PanicValue returns the value the loader panicked with.
func (e *PanicError) PanicValue() any { return e.value }

// Stack returns the stack trace of the loader's goroutine at the panic, as debug.Stack formats
// it.
func (e *PanicError) Stack() []byte { return e.stack }

// PanicStack is Stack, under the name session.Run looks for, so that a task
// whose loader panicked counts as a panic.
func (e *PanicError) PanicStack() []byte { return e.stack }

// Unwrap returns the panic value if it is an error (a runtime.Error, say), and nil otherwise.
func (e *PanicError) Unwrap() error {
	err, _ := e.value.(error)
	return err
}

// load runs fn for key as the loader of a miss: it times it, turns a panic into a
// *PanicError, counts it and logs it.
func (c *Cache[K, V]) load(ctx context.Context, key K, fn func(ctx context.Context) (V, error)) (v V, err error) {
	start := c.now()
	returned := false
	defer func() {
		if r := recover(); r != nil {
			var zero V
			v, err = zero, newPanicError(r)
		} else if !returned {
			err = errLoaderExited
		}
		c.loaded(ctx, key, c.now().Sub(start), err)
	}()
	v, err = fn(ctx)
	returned = true
	return v, err
}

// loaded records a finished load: counted in every case, logged at DEBUG when it succeeded,
// at ERROR when it failed.
func (c *Cache[K, V]) loaded(ctx context.Context, key K, d time.Duration, err error) {
	c.counts.loads.Add(1)
	c.counts.loadNanos.Add(int64(d))
	ms := slog.Float64("duration_ms", float64(d)/float64(time.Millisecond))
	if err == nil {
		if c.logger.Enabled(ctx, slog.LevelDebug) {
			c.logger.LogAttrs(ctx, slog.LevelDebug,
				fmt.Sprintf("Data fetch completed in %.2f seconds", d.Seconds()),
				slog.Any("key", key), ms)
		}
		return
	}
	c.counts.loadErrors.Add(1)
	attrs := []slog.Attr{slog.Any("key", key), ms, slog.Any("error", err)}
	var pe *PanicError
	if errors.As(err, &pe) {
		attrs = append(attrs, slog.String("stack", string(pe.stack)))
	}
	c.logger.LogAttrs(ctx, slog.LevelError, "Error fetching data: "+err.Error(), attrs...)
}
