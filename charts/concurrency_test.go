package charts

import (
	"sync"
	"testing"
)

// TestConcurrentRenders renders every chart from several goroutines at
// once, for the race detector: the UI renders off its thread, and may
// render two charts at a time.
func TestConcurrentRenders(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 4 {
		wg.Go(func() {
			st := DefaultStyle(i%2 == 0)
			for range 2 {
				if _, err := ModelUsage(usage, 400, 200, st); err != nil {
					errs <- err
				}
				if _, err := Lines("t", []Series{{"a", wave(300, 1, 1)}}, 400, 200, st, "ms"); err != nil {
					errs <- err
				}
				Sparkline([]float64{1, 3, 2}, 120, 32, st)
				Empty(st.NoData, 200, 100, st)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
