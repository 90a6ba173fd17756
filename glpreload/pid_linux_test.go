//go:build linux && cgo

package glpreload

import (
	"os"
	"testing"
)

// TestPIDCache: the process's libraries get this package's getpid; it asks
// the kernel until the cache is on, then answers from memory, and a child
// made by fork is told its own ID.
func TestPIDCache(t *testing.T) {
	if !found() {
		t.Fatal("the dynamic loader hands libraries libc's getpid, not this package's")
	}
	if PIDCached() {
		t.Fatal("the cache is on in a test binary: init turned it on")
	}
	if got := getpid(); got != os.Getpid() {
		t.Fatalf("getpid, cache off: %d, want %d", got, os.Getpid())
	}
	if told, child := inChild(); told != child || child <= 0 {
		t.Fatalf("a child, cache off, was told %d, its ID is %d", told, child)
	}
	cachePID()
	cachePID() // twice: one fork handler
	if !PIDCached() {
		t.Fatal("the cache is off after cachePID")
	}
	for range 3 {
		if got := getpid(); got != os.Getpid() {
			t.Fatalf("getpid, cache on: %d, want %d", got, os.Getpid())
		}
	}
	for range 2 {
		told, child := inChild()
		if told != child || child <= 0 {
			t.Fatalf("a child, cache on, was told %d, its ID is %d", told, child)
		}
		if told == os.Getpid() {
			t.Fatal("a child was told its parent's ID")
		}
	}
	if got := getpid(); got != os.Getpid() {
		t.Fatalf("getpid after the children: %d, want %d", got, os.Getpid())
	}
}
