// Package cli is Vigía's command line: the global flags every command
// takes, one for each setting of package config (each also read from its
// VIGIA_… environment variable and from the settings file), and the
// commands (models, run, load, sessions, export, diagnostics, config). It
// stays thin: it resolves the settings once, with config's precedence, and
// turns them into values for the same packages the desktop app uses.
package cli
