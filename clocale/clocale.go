// Package clocale makes the C and POSIX locales read as English before any
// other package of the program is initialised.
//
// Fyne's lang package parses the user's locale in its init function, before
// main runs. It reads LC_ALL, LC_MESSAGES and LANG; a value such as
// "C.UTF-8", the default of containers, CI runners and many SSH sessions,
// is not a language tag, and Fyne prints three lines of "Fyne error: Error
// parsing user locale C" to standard error (fyne-io/fyne#5271). A user of
// the command line must see only Vigía's own output.
//
// The C locale means untranslated messages, that is English: this package
// says so through LANGUAGE, the variable gettext (and Fyne, by way of
// go-locale) reads first for messages. It changes nothing when LANGUAGE is
// already set or the locale names a real language.
//
// Why a module of its own: since Go 1.21 packages are initialised in the
// order of their import paths, each once its own imports are. A package of
// the module "vigia" sorts after "fyne.io/…" and would run too late; the
// path "clocale" sorts before it, and this package imports only os, which
// Fyne's lang package needs too. main imports it for its side effect.
package clocale

import (
	"os"
	"strings"
)

func init() { Fix(os.Getenv, os.Setenv) }

// Fix sets LANGUAGE to "en" through setenv when the locale that getenv
// reports for messages is C or POSIX (with or without an encoding, such as
// "C.UTF-8") or is not set, and LANGUAGE is empty.
func Fix(getenv func(string) string, setenv func(string, string) error) {
	if getenv("LANGUAGE") != "" {
		return
	}
	if IsPlain(messagesLocale(getenv)) {
		_ = setenv("LANGUAGE", "en")
	}
}

// messagesLocale is the locale used for messages: the first of LC_ALL,
// LC_MESSAGES and LANG that is set, as gettext reads them.
func messagesLocale(getenv func(string) string) string {
	for _, k := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// IsPlain reports whether loc names no language: empty, "C" or "POSIX",
// with or without an encoding or modifier ("C.UTF-8", "C.utf8", "POSIX@x").
func IsPlain(loc string) bool {
	if i := strings.IndexAny(loc, ".@"); i >= 0 {
		loc = loc[:i]
	}
	return loc == "" || loc == "C" || loc == "POSIX"
}
