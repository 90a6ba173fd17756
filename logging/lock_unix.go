//go:build unix

package logging

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the log directory's owner lock, an flock on LockName that
// the kernel releases when the process dies. It returns owner=false only
// when another process (or another System of this one) holds the lock;
// when the lock can't be taken for any other reason (no directory, a
// file system without locks) the caller is the owner, as before locks.
func lockDir(dir string) (release func(), owner bool) {
	f, err := os.OpenFile(filepath.Join(dir, LockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return func() {}, true
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return func() {}, !errors.Is(err, syscall.EWOULDBLOCK)
	}
	return func() { f.Close() }, true
}
