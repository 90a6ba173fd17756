package openai

import (
	"regexp"
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

// basicCredential matches HTTP basic credentials, which a server that
// echoes request headers could put in an error. Only a server's text is
// read for them: in the logs at large "basic" followed by a word is prose.
// Bearer tokens and "sk-" keys are redact.Credentials' business.
var basicCredential = regexp.MustCompile(`(?i)\bbasic\s+[A-Za-z0-9._~+/=-]{8,}`)

// redactor removes one call's API key, and anything that looks like a
// credential, from text that came from the server.
type redactor struct{ key string }

// literal replaces the key itself. It is all that is done to completions:
// their text is the user's, but the key must not come back through them.
func (r redactor) literal(s string) string {
	if r.key == "" || !strings.Contains(s, r.key) {
		return s
	}
	return strings.ReplaceAll(s, r.key, Redacted)
}

// secrets replaces the key and credential-looking parts of s.
func (r redactor) secrets(s string) string {
	return redact.Credentials(basicCredential.ReplaceAllString(r.literal(s), Redacted))
}

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
