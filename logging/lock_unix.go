//go:build unix

package logging

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"
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

// processFile matches the files of a process that ran beside the owner
// (app.PID.log, debug.PID.log, and app.PID-N.log for its Nth System on the
// directory, see claimNames) and their rotated, maybe gzipped, backups
// (app.PID-2026-11-28T03-04-05.000.log.gz, app.PID-2-2026-….log.gz).
var processFile = regexp.MustCompile(`^(?:app|debug)\.([0-9]+)(?:-[0-9T.-]+)?\.log(?:\.gz)?$`)

// pruneProcessFiles removes, for the directory's owner, the files of
// processes that wrote beside an owner and have ended, once they are older
// than maxAge (0: never), as rotation does with app.log's backups:
// nobody else would ever remove them. It returns how many it removed.
func pruneProcessFiles(dir string, maxAge time.Duration, now time.Time) int {
	if maxAge <= 0 {
		return 0
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	removed := 0
	for _, e := range entries {
		m := processFile.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || processAlive(pid) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) <= maxAge {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			removed++
		}
	}
	return removed
}

// processAlive reports whether a process with this PID exists (whatever
// it is: a PID may have been reused, and then the file stays).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
