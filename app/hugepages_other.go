//go:build !linux

package app

// adviseHugePages does nothing outside Linux: the other systems Vigía is
// built for give a process's heap no such advice.
func adviseHugePages([]byte) {}
