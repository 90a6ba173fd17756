//go:build !linux || !cgo

package glpreload

// Status reports that no preload ran: there is none outside Linux, or
// without cgo.
func Status() (started bool, path string, ms float64, done bool, err error) {
	return false, "", 0, false, nil
}

// PIDCached reports that getpid is libc's: the cache is Linux's, with cgo.
func PIDCached() bool { return false }

// HeapPrepared reports that the C heap was not prepared: that is Linux's,
// with cgo.
func HeapPrepared() bool { return false }

// SettleHeap does nothing outside Linux, or without cgo.
func SettleHeap() {}
