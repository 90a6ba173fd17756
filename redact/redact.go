// Package redact is what Vigía counts as a secret, for every place that
// writes text where a person or another program may read it: the logs
// (package logging), the endpoint model's errors (models/openai) and the
// diagnostics bundle (package report). One definition, so that a key the
// logs hide is hidden from the bundle too.
//
// Two rules: a value stored under a key named like a secret ("api_key",
// "openaiApiKey", "X-Auth-Token", "client_secret"…) is never written
// (IsSecretKey), and text that looks like a credential wherever it appears,
// a bearer token or an OpenAI-style "sk-" key, is replaced by Marker
// (Credentials).
package redact

import (
	"regexp"
	"strings"
)

// Marker is what a secret is written as.
const Marker = "[REDACTED]"

// secretWords are the endings, read without case and without the
// separators '_', '-', '.' and ' ', of keys whose values are secrets.
// "max_tokens" ends in "tokens" and stays readable: a limit, not a
// credential.
var secretWords = []string{"apikey", "token", "password", "passwd", "authorization", "secret", "cookie"}

// credential matches text that is a credential whatever its key: bearer
// tokens and OpenAI-style keys ("sk-…", "sk-proj-…").
var credential = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}|\bsk-[A-Za-z0-9_-]{16,}`)

// IsSecretKey reports whether values stored under key are secrets: whether
// key, without case and separators, ends in one of the secret words. It
// runs for every logged attribute, so it does not allocate.
func IsSecretKey(key string) bool {
	// Every secret word ends in one of these letters: most keys stop here.
	end := len(key) - 1
	for end >= 0 && isSep(key[end]) {
		end--
	}
	if end < 0 {
		return false
	}
	switch key[end] | 0x20 {
	case 'y', 'n', 'd', 't', 'e':
	default:
		return false
	}
	for _, w := range secretWords {
		if endsWithWord(key[:end+1], w) {
			return true
		}
	}
	return false
}

// endsWithWord reports whether s, read backwards without case and skipping
// separators, ends in the lower-case word w.
func endsWithWord(s, w string) bool {
	i := len(s) - 1
	for j := len(w) - 1; j >= 0; j-- {
		for i >= 0 && isSep(s[i]) {
			i--
		}
		if i < 0 {
			return false
		}
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[j] {
			return false
		}
		i--
	}
	return true
}

func isSep(c byte) bool { return c == '_' || c == '-' || c == '.' || c == ' ' }

// MayHoldCredential is a cheap test in front of Credentials' regular
// expression: only text containing "sk-" or "bearer" (any case) can hold a
// credential.
func MayHoldCredential(s string) bool {
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

// Credentials returns s with every credential-looking part replaced by
// Marker; s itself when there is none.
func Credentials(s string) string {
	if !MayHoldCredential(s) {
		return s
	}
	return credential.ReplaceAllString(s, Marker)
}

// HasCredential reports whether s holds a credential-looking part.
func HasCredential(s string) bool {
	return MayHoldCredential(s) && credential.MatchString(s)
}
