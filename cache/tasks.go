package cache

import "sync"

// tasks is the executor of otter's maintenance. otter's default executor starts a goroutine
// per task that nothing waits for; these goroutines are counted, so that Close can wait for
// them and leave no goroutine behind.
type tasks struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// run runs fn on a new goroutine, or on the calling one once close has been called. otter
// submits tasks while it holds its locks; run never waits for another task, as otter requires.
func (t *tasks) run(fn func()) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		fn()
		return
	}
	// Added under the lock, so that close cannot be waiting already.
	t.wg.Add(1)
	t.mu.Unlock()
	go func() {
		defer t.wg.Done()
		fn()
	}()
}

// close makes later tasks run on their caller and waits for the running ones.
func (t *tasks) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.wg.Wait()
}
