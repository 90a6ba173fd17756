package openai

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"vigia/redact"
)

// Redacted is what a secret is written as in errors and results:
// redact.Marker, as everywhere in Vigía.
const Redacted = redact.Marker

// Lengths, in bytes, that a server's text is cut to in an error message.
const (
	messageLimit = 500 // a message the server gave as JSON
	rawLimit     = 200 // the start of a body that is not a JSON error
)

// redactor removes one call's API key, and everything package redact's
// shared rules take for a credential (bearer, basic and "sk-" credentials,
// the user information of URLs), from text that came from the server. The
// zero redactor applies the shared rules alone.
type redactor struct{ r *redact.Redactor }

// newRedactor returns a redactor for key; "" means none.
func newRedactor(key string) redactor { return redactor{redact.New(key)} }

// literal replaces the key itself. It is all that is done to completions:
// their text is the user's, but the key must not come back through them.
func (r redactor) literal(s string) string { return r.r.Exact(s) }

// secrets replaces the key and credential-looking parts of s.
func (r redactor) secrets(s string) string { return r.r.String(s) }

// message makes a server's text fit for an error message: valid UTF-8 on
// one line without control or format characters, secrets redacted, at most
// limit bytes (plus "…" when cut). Cleaning comes first, and drops what it
// removes rather than replacing it, so that a control, zero-width or
// invalid byte inside a key can't hide the key from redaction.
func (r redactor) message(s string, limit int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(c rune) rune {
		switch {
		case unicode.IsSpace(c):
			return ' '
		case unicode.IsControl(c) || unicode.Is(unicode.Cf, c):
			return -1
		}
		return c
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = r.secrets(s)
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
