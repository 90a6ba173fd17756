//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package config

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// haveFileLock tells whether saves are serialized across processes.
const haveFileLock = true

// lockWait is how long a save waits for another process's lock before it
// goes on without; lockPoll how often it tries meanwhile.
var lockWait, lockPoll = 5 * time.Second, 5 * time.Millisecond

// lockFile takes an exclusive advisory lock (flock) on the file at path,
// made 0600 (in a 0700 directory) for the time of the lock, and returns
// its release, which removes the file: no lock file stays beside the
// settings. A holder removes it while it holds the lock, so a process that
// then gets the lock on the removed file sees that it is no longer at path
// and starts again.
//
// The lock only narrows a race, each write being whole anyway: when it
// can't be taken (no such lock on that file system, a process holding it
// for more than lockWait), the save goes on without.
func lockFile(path string) (unlock func()) {
	nothing := func() {}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nothing
	}
	deadline := time.Now().Add(lockWait)
	for {
		lf, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nothing
		}
		fd := int(lf.Fd())
		err = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			held, herr := lf.Stat()
			now, nerr := os.Stat(path)
			if herr == nil && nerr == nil && os.SameFile(held, now) {
				return func() {
					_ = os.Remove(path)
					_ = syscall.Flock(fd, syscall.LOCK_UN)
					_ = lf.Close()
				}
			}
			_ = lf.Close() // removed by the holder it waited for: again, with the file at path now
			if time.Now().After(deadline) {
				return nothing
			}
			continue
		}
		_ = lf.Close()
		retry := errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EINTR)
		if !retry || time.Now().After(deadline) {
			return nothing
		}
		time.Sleep(lockPoll)
	}
}
