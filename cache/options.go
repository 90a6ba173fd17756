package cache

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/maypok86/otter/v2"
)

// Options configures a Cache. The zero value is a cache without expiry or size bound that logs
// nothing.
type Options struct {
	// TTL is how long an entry stays in the cache after it was loaded. Zero means that entries
	// never expire; a negative TTL makes New panic.
	TTL time.Duration

	// MaxEntries is the maximum number of entries. Zero means unbounded; a negative value makes
	// New panic. When the cache is full, otter's W-TinyLFU policy decides which entry goes, and
	// it may refuse a new entry that is less likely to be used again than the ones it keeps, so
	// the evicted entry is not always the least recently used one.
	MaxEntries int

	// Name identifies the cache in its log records, as the attribute "cache". Empty means no
	// such attribute.
	Name string

	// Logger receives one DEBUG record per completed load and one ERROR record per failed
	// load, and otter's reports of its own failures. Nil discards them.
	Logger *slog.Logger

	// Now returns the current time, which decides when entries expire and how long loads take.
	// Nil means time.Now. It exists so that tests can move time by hand.
	//
	// A cache with its own Now does no periodic clean-up (it has no ticker to drive one): an
	// expired entry is never returned, but it is removed, and counted in Stats.Expirations, only
	// by later writes, by the cache's occasional maintenance, or by Stats, and only once Now
	// has passed its TTL by a tick of otter's timer wheel (1.07 s).
	Now func() time.Time
}

// otterOptions translates o into otter's options. otter reports its own failures to logger,
// counts deletions with onDeletion and runs its maintenance on run, which lets Close wait for it.
func otterOptions[K comparable, V any](o Options, logger *slog.Logger, onDeletion func(otter.DeletionEvent[K, V]), run func(func())) *otter.Options[K, V] {
	if o.TTL < 0 {
		panic(fmt.Sprintf("cache: negative TTL %v", o.TTL))
	}
	if o.MaxEntries < 0 {
		panic(fmt.Sprintf("cache: negative MaxEntries %d", o.MaxEntries))
	}
	oo := &otter.Options[K, V]{
		MaximumSize: o.MaxEntries,
		// Counted under the bucket lock, without a goroutine per deletion as OnDeletion would
		// take with otter's executor.
		OnAtomicDeletion: onDeletion,
		Executor:         run,
		Logger:           otterLogger{logger},
	}
	if o.TTL > 0 {
		oo.ExpiryCalculator = otter.ExpiryWriting[K, V](o.TTL)
	}
	if o.Now != nil {
		oo.Clock = clock{o.Now}
	}
	return oo
}

func discardIfNil(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

var (
	_ otter.Clock  = clock{}
	_ otter.Logger = otterLogger{}
)

// clock adapts Options.Now to otter.Clock. It has no ticks, which turns otter's periodic
// clean-up off: a ticker on the real time would expire entries on the wrong clock.
type clock struct {
	now func() time.Time
}

func (c clock) NowNano() int64 { return c.now().UnixNano() }

func (c clock) Tick(time.Duration) <-chan time.Time { return nil }

// otterLogger passes otter's reports of its own failures (a panicking maintenance task, say)
// to the cache's logger.
type otterLogger struct {
	logger *slog.Logger
}

func (l otterLogger) Warn(ctx context.Context, msg string, err error) {
	l.logger.LogAttrs(ctx, slog.LevelWarn, msg, slog.Any("error", err))
}

func (l otterLogger) Error(ctx context.Context, msg string, err error) {
	l.logger.LogAttrs(ctx, slog.LevelError, msg, slog.Any("error", err))
}
