package logging

import (
	"log/slog"
	"regexp"
	"strings"
)

// Redacted is what a secret is written as.
const Redacted = "[REDACTED]"

// secretWords are attribute names whose values are never written. A key is
// secret when, lower-cased and with '-', '.' and ' ' read as '_', it equals one
// of them or ends in "_" plus one ("openai_api_key", "X-Auth-Token"). Suffix
// matching keeps counters such as "prompt_tokens" readable.
var secretWords = []string{"api_key", "apikey", "token", "password", "passwd", "authorization", "secret", "cookie"}

// secretValue matches values that look like credentials wherever they appear:
// bearer tokens and OpenAI-style keys ("sk-…", "sk-proj-…").
var secretValue = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}|\bsk-[A-Za-z0-9_-]{16,}`)

// isSecretKey reports whether an attribute key names a secret. It runs for
// every attribute, so it does not allocate.
func isSecretKey(key string) bool {
	if len(key) < 5 {
		return false
	}
	// Every secret word ends in one of these letters: most keys stop here.
	switch key[len(key)-1] | 0x20 {
	case 'y', 'n', 'd', 't', 'e':
	default:
		return false
	}
	for _, w := range secretWords {
		n := len(w)
		if len(key) < n || !foldSepEqual(key[len(key)-n:], w) {
			continue
		}
		if len(key) == n {
			return true
		}
		switch key[len(key)-n-1] {
		case '_', '-', '.', ' ':
			return true
		}
	}
	return false
}

// foldSepEqual compares s with the lower-case word w, ignoring ASCII case
// and reading '-', '.' and ' ' in s as '_'.
func foldSepEqual(s, w string) bool {
	for i := 0; i < len(w); i++ {
		c := s[i]
		switch {
		case c == '-' || c == '.' || c == ' ':
			c = '_'
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// mayHoldSecret is a cheap test that keeps the regular expression off the hot
// path: only strings containing "sk-" or "bearer" (any case) are scanned.
func mayHoldSecret(s string) bool {
	if strings.Contains(s, "sk-") {
		return true
	}
	// IndexByte is vectorised: jump from one 'b' or 'B' to the next.
	for _, c := range [2]byte{'b', 'B'} {
		for i := 0; ; {
			j := strings.IndexByte(s[i:], c)
			if j < 0 {
				break
			}
			i += j
			if i+6 <= len(s) && strings.EqualFold(s[i:i+6], "bearer") {
				return true
			}
			i++
		}
	}
	return false
}

// redactString replaces every credential-looking part of s.
func redactString(s string) string {
	if !mayHoldSecret(s) {
		return s
	}
	return secretValue.ReplaceAllString(s, Redacted)
}

// redactAttr returns a with secret values replaced, and whether it changed.
// LogValuers are resolved first so that a secret cannot hide behind one.
func redactAttr(a slog.Attr) (slog.Attr, bool) {
	if isSecretKey(a.Key) {
		return slog.String(a.Key, Redacted), true
	}
	v := a.Value
	resolved := false
	if v.Kind() == slog.KindLogValuer {
		v = v.Resolve()
		a.Value = v
		resolved = true
	}
	switch v.Kind() {
	case slog.KindString:
		s := v.String()
		if r := redactString(s); r != s {
			return slog.String(a.Key, r), true
		}
	case slog.KindGroup:
		group := v.Group()
		var out []slog.Attr
		for i, g := range group {
			r, changed := redactAttr(g)
			if changed && out == nil {
				out = make([]slog.Attr, len(group))
				copy(out, group)
			}
			if out != nil {
				out[i] = r
			}
		}
		if out != nil {
			return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}, true
		}
	case slog.KindAny:
		// error values and Stringers print their text: check that text.
		switch x := v.Any().(type) {
		case error:
			if s := x.Error(); mayHoldSecret(s) {
				return slog.String(a.Key, redactString(s)), true
			}
		case interface{ String() string }:
			if s := x.String(); mayHoldSecret(s) {
				return slog.String(a.Key, redactString(s)), true
			}
		}
	}
	return a, resolved
}

// redactAttrs returns attrs with secrets replaced; it returns attrs itself,
// without copying, when nothing needed to change.
func redactAttrs(attrs []slog.Attr) []slog.Attr {
	var out []slog.Attr
	for i, a := range attrs {
		r, changed := redactAttr(a)
		if changed && out == nil {
			out = make([]slog.Attr, len(attrs))
			copy(out, attrs)
		}
		if out != nil {
			out[i] = r
		}
	}
	if out == nil {
		return attrs
	}
	return out
}
