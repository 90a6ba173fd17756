//go:build !unix

package logging

import "time"

// lockDir always makes the caller the owner: outside Unix each process has
// the log files to itself as before (Windows refuses to rename a file
// another process has open, so lumberjack's rotation already keeps them
// apart).
func lockDir(string) (release func(), owner bool) { return func() {}, true }

// pruneProcessFiles has nothing to do outside Unix: no process writes
// beside an owner there.
func pruneProcessFiles(string, time.Duration, time.Time) int { return 0 }
