//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package config

// haveFileLock tells whether saves are serialized across processes.
const haveFileLock = false

// lockFile would lock the file at path against other processes; this OS
// has no flock(2), so saves are serialized within the process only.
func lockFile(string) (unlock func()) { return func() {} }
