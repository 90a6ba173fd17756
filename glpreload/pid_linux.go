//go:build linux && cgo

package glpreload

/*
#include <unistd.h>
#include "preload.h"
*/
import "C"

// The process's ID, answered from memory
//
// glvnd's libGLX, which GLFW's window goes through, asks the kernel for the
// process's ID on each of its calls, to notice a fork: about 26 000
// getpid system calls on the UI thread before the first window is mapped
// (GLFW reads each attribute of each of the X server's frame buffer
// configurations, twice, and go-gl looks up each GL function). A system
// call is cheap on most machines and dear in some virtual machines: 1.5 µs
// each on this project's test machines, 28 ms of the start. While the
// cache is on, this package's getpid, which takes the place of libc's for
// every library of the process, asks the kernel once and then answers from
// memory; a child made by fork asks again (pthread_atfork). Go itself
// never calls libc's getpid, and its children (os/exec) exec without
// running C code.
//
// What a library would get wrong: a child made by vfork or a raw clone
// that calls getpid before it execs is told its parent's ID. Nothing in
// Vigía's process makes one; glibc's posix_spawn and system do, and call
// the kernel directly.

// cachePID turns the cache on, for the rest of the process.
func cachePID() { C.glp_pid_cache() }

// PIDCached reports whether getpid answers from memory, for the log.
func PIDCached() bool { return C.glp_pid_cached() != 0 }

// getpid calls the process's getpid, as a library would.
func getpid() int { return int(C.getpid()) }

// inChild forks a child (in C, as a library would) and returns what its
// getpid told it and its ID.
func inChild() (told, child int) {
	var c C.int
	told = int(C.glp_pid_in_child(&c))
	return told, int(c)
}

// found reports whether libraries asking the dynamic loader for getpid get
// this package's.
func found() bool { return C.glp_getpid_found() != 0 }
