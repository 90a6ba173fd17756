// Package cli parses Vigía's command line: the global flags every command
// takes, each of which can also be set through a VIGIA_… environment
// variable. It stays thin: it turns flags into values for the same packages
// the desktop app uses.
package cli
