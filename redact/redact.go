// Package redact is what Vigía counts as a secret, for every place that
// writes text where a person or another program may read it: the logs
// (package logging), the endpoint model's errors and results
// (models/openai) and the diagnostics bundle (package report). One
// definition, so that a credential the logs hide is hidden from the bundle
// too, and a rule added here is added everywhere.
//
// The rules, applied to every value at any depth whatever its type:
//
//   - A value stored under a key named like a secret is never written
//     (IsSecretKey): attribute keys, map keys, struct field names and their
//     json tag names. An empty value ("" or nil) stays, so that "not set"
//     still shows.
//   - Text that looks like a credential wherever it appears is replaced by
//     Marker (Credentials): a bearer token, HTTP basic credentials, an
//     OpenAI-style "sk-" key, and the user information of a URL
//     ("https://user:pass@host/" becomes "https://[REDACTED]@host/").
//   - A Redactor also replaces exact values it was given, such as the API
//     key of the environment, and their JSON-escaped forms.
//
// Value applies the rules to any Go value — maps, structs, slices, byte
// slices, pointers, URLs, errors, Stringers, slog.LogValuers — and returns
// something that is safe to give fmt or encoding/json.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Marker is what a secret is written as.
const Marker = "[REDACTED]"

// secretWords are the endings, read without case and without the
// separators '_', '-', '.' and ' ', of keys whose values are secrets:
//
//	apikey accesskey secretkey privatekey sessionkey
//	token password passwd passphrase secret
//	credential credentials authorization cookie
//
// They are endings, not substrings, so that "max_tokens", "prompt_tokens"
// (counts, ending in "tokens"), "tokenizer", "secretary" and "session"
// stay readable. "key" alone is not one: "key" and "cache_key" are cache
// keys in Vigía's logs, not credentials. Neither is "pwd" (the working
// directory) nor "auth" (mostly flags such as "use_auth").
var secretWords = []string{
	"apikey", "accesskey", "secretkey", "privatekey", "sessionkey",
	"token", "password", "passwd", "passphrase", "secret",
	"credential", "credentials", "authorization", "cookie",
}

// byLastLetter lists the secret words by their last letter, both cases:
// most keys are turned away by one lookup, and the others are compared
// with the two or three words that end as they do.
var byLastLetter = func() (t [256][]string) {
	for _, w := range secretWords {
		c := w[len(w)-1]
		t[c] = append(t[c], w)
		t[c-'a'+'A'] = append(t[c-'a'+'A'], w)
	}
	return t
}()

// IsSecretKey reports whether values stored under key are secrets: whether
// key, without case and separators, ends in one of the secret words. It
// runs for every logged attribute, so it does not allocate.
func IsSecretKey(key string) bool {
	end := len(key) - 1
	for end >= 0 && isSep(key[end]) {
		end--
	}
	if end < 0 {
		return false
	}
	for _, w := range byLastLetter[key[end]] {
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

// The credential patterns. A bearer token and an "sk-" key are replaced
// whole; basic credentials only when what follows "Basic" decodes as
// "user:password" (see isBasic), because in prose "basic" is followed by
// ordinary words. "sk-" is matched in lower case only, as OpenAI writes it.
var (
	bearerRe = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}`)
	skRe     = regexp.MustCompile(`\bsk-[A-Za-z0-9_-]{16,}`)
	basicRe  = regexp.MustCompile(`(?i)\bbasic\s+([A-Za-z0-9+/]{8,}={0,2})`)
)

// Bits of hints: which patterns a text may hold.
const (
	mayBearer = 1 << iota
	maySK
	mayBasic
	mayURL
)

// hints is a cheap test in front of the patterns: only text containing
// "sk-", "bearer", "basic" (any case) or "://" and an '@' can match them.
// It does not allocate. Short text, most attribute values, is read once
// byte by byte; longer text with vectorised searches, one per hint.
func hints(s string) (h int) {
	if len(s) < 64 {
		at := false
		for i := 0; i < len(s); i++ {
			if !hintStart[s[i]] {
				continue // most bytes: one load, no switch
			}
			switch s[i] {
			case 's':
				if strings.HasPrefix(s[i:], "sk-") {
					h |= maySK
				}
			case 'b', 'B':
				h |= bHints(s, i)
			case ':':
				if strings.HasPrefix(s[i:], "://") {
					h |= mayURL
				}
			case '@':
				at = true
			}
		}
		if !at {
			h &^= mayURL
		}
		return h
	}
	if strings.Contains(s, "sk-") {
		h |= maySK
	}
	if strings.Contains(s, "://") && strings.IndexByte(s, '@') >= 0 {
		h |= mayURL
	}
	// IndexByte is vectorised: jump from one 'b' or 'B' to the next.
	for _, c := range [2]byte{'b', 'B'} {
		for i := 0; ; i++ {
			j := strings.IndexByte(s[i:], c)
			if j < 0 {
				break
			}
			i += j
			h |= bHints(s, i)
		}
	}
	return h
}

// hintStart marks the bytes that hints' short loop looks at.
var hintStart = [256]bool{'s': true, 'b': true, 'B': true, ':': true, '@': true}

// bHints tells whether s[i:], which starts with 'b' or 'B', starts with
// "bearer" or "basic".
func bHints(s string, i int) int {
	switch {
	case i+6 <= len(s) && strings.EqualFold(s[i:i+6], "bearer"):
		return mayBearer
	case i+5 <= len(s) && strings.EqualFold(s[i:i+5], "basic"):
		return mayBasic
	}
	return 0
}

// MayHoldCredential is a cheap test in front of Credentials' patterns: text
// for which it is false holds no credential.
func MayHoldCredential(s string) bool { return hints(s) != 0 }

// Credentials returns s with every credential-looking part replaced by
// Marker; s itself when there is none.
func Credentials(s string) string { return (*Redactor)(nil).String(s) }

// HasCredential reports whether s holds a credential-looking part.
func HasCredential(s string) bool {
	h := hints(s)
	return h != 0 && len(credentialSpans(s, h, nil)) > 0
}

// span is a part of a text to replace, s[start:end].
type span struct{ start, end int }

// credentialSpans appends the parts of s that the patterns hinted by h
// match.
func credentialSpans(s string, h int, sp []span) []span {
	if h&mayBearer != 0 {
		for _, m := range bearerRe.FindAllStringIndex(s, -1) {
			sp = append(sp, span{m[0], m[1]})
		}
	}
	if h&maySK != 0 {
		for _, m := range skRe.FindAllStringIndex(s, -1) {
			sp = append(sp, span{m[0], m[1]})
		}
	}
	if h&mayBasic != 0 {
		sp = basicSpans(s, sp)
	}
	if h&mayURL != 0 {
		sp = userinfoSpans(s, sp)
	}
	return sp
}

// basicSpans appends the basic credentials of s. A candidate that is not
// one is skipped by one byte only, so that it cannot hide a real one that
// starts inside it.
func basicSpans(s string, sp []span) []span {
	for pos := 0; pos < len(s); {
		m := basicRe.FindStringSubmatchIndex(s[pos:])
		if m == nil {
			break
		}
		if isBasic(s[pos+m[2] : pos+m[3]]) {
			sp = append(sp, span{pos + m[0], pos + m[3]})
			pos += m[3]
		} else {
			pos += m[0] + 1
		}
	}
	return sp
}

// isBasic reports whether b is what HTTP basic authentication sends:
// "user:password" in standard base64, padded or not. Requiring text with a
// ':' keeps ordinary words after "basic" from being taken for one.
func isBasic(b string) bool {
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(b, "="))
	if err != nil || !utf8.Valid(raw) || !strings.Contains(string(raw), ":") {
		return false
	}
	for _, r := range string(raw) {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// authorityEnd marks the bytes that end a URL's authority in free text:
// the path, query and fragment delimiters, white space and controls, and
// the characters that quote or delimit a URL in text (`"<>\^{|}`). A
// password may hold the others, "@" and ":" aside, ']' and ',' included.
var authorityEnd = func() (t [256]bool) {
	for c := 0; c <= ' '; c++ {
		t[c] = true
	}
	t[0x7f] = true
	for _, c := range []byte("/?#\"<>\\^`{|}") {
		t[c] = true
	}
	return t
}()

// userinfoSpans appends the user information of every URL in s: what lies
// between "://" and the last '@' of the authority. The whole of it goes,
// user name included, because a token is often given as the user name
// alone ("https://TOKEN@host/"). Text with an '@' but no "://" before it in
// the same word, as an e-mail address, is left alone.
func userinfoSpans(s string, sp []span) []span {
	for i := 0; ; {
		j := strings.Index(s[i:], "://")
		if j < 0 {
			return sp
		}
		start := i + j + 3
		end, at := start, -1
		for end < len(s) && !authorityEnd[s[end]] {
			if s[end] == '@' {
				at = end
			}
			end++
		}
		if at > start && s[start:at] != Marker {
			sp = append(sp, span{start, at})
		}
		// The ':' that ended the run may begin the next "://".
		i = max(start, end-1)
	}
}

// replaceSpans returns s with each run of overlapping spans replaced by one
// Marker. Spans that only touch are replaced one by one.
func replaceSpans(s string, sp []span) string {
	slices.SortFunc(sp, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(s))
	last := 0 // end of what is written
	for i := 0; i < len(sp); {
		start, end := sp[i].start, sp[i].end
		for i++; i < len(sp) && sp[i].start < end; i++ {
			end = max(end, sp[i].end)
		}
		b.WriteString(s[last:start])
		b.WriteString(Marker)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// maxPasses bounds the passes String makes. A replacement can make a new
// match out of its neighbours (an exact value inside a URL's authority
// that ended at a space), so String goes on until nothing changes; with the
// patterns alone that takes one or two passes.
const maxPasses = 8

// Redactor removes secrets from text and values: the exact values it was
// made with, and everything the shared rules catch. A nil *Redactor applies
// the shared rules alone. It is safe for concurrent use.
type Redactor struct {
	exact []string // the secrets and their JSON-escaped forms
}

// New returns a Redactor for the given secret values. Each is also matched
// in its JSON-escaped forms, so that a value with a quote, a backslash or
// "<" is found in JSON logs too. Empty values are ignored.
func New(secrets ...string) *Redactor {
	var vals []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, v := range []string{s, jsonEscape(s, true), jsonEscape(s, false)} {
			if !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
	}
	// No order is needed: a secret inside another, or overlapping it, is
	// one span with it (replaceSpans).
	return &Redactor{exact: vals}
}

// jsonEscape returns s as it appears inside a JSON string, with "<", ">"
// and "&" escaped or not: encoders differ on that.
func jsonEscape(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	_ = enc.Encode(s) // a string always encodes
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

// exactSpans appends every occurrence of the exact values in s,
// overlapping ones included.
func (r *Redactor) exactSpans(s string, sp []span) []span {
	if r == nil {
		return sp
	}
	for _, v := range r.exact {
		for i := 0; ; {
			j := strings.Index(s[i:], v)
			if j < 0 {
				break
			}
			sp = append(sp, span{i + j, i + j + len(v)})
			i += j + 1
		}
	}
	return sp
}

// String returns s with its secrets replaced by Marker: the exact values
// and the credential patterns, found in s as given, so that neither can
// hide the other. It returns s itself, without allocating, when there is
// nothing to replace.
func (r *Redactor) String(s string) string {
	if (r == nil || len(r.exact) == 0) && hints(s) == 0 {
		return s // the common case, kept short
	}
	out := r.pass(s, true)
	for prev, n := s, 1; out != prev && n < maxPasses; n++ {
		// Later passes look for patterns only: an exact value can't be
		// formed anew except out of the marker's own characters.
		prev, out = out, r.pass(out, false)
	}
	return out
}

// pass makes one replacement over s.
func (r *Redactor) pass(s string, exact bool) string {
	var buf [4]span
	sp := buf[:0]
	if exact {
		sp = r.exactSpans(s, sp)
	}
	if h := hints(s); h != 0 {
		sp = credentialSpans(s, h, sp)
	}
	if len(sp) == 0 {
		return s
	}
	return replaceSpans(s, sp)
}

// Exact returns s with the exact values alone replaced: for text that is
// the user's own, such as a model's completion, where the patterns could
// take prose for a credential but the key must still not come back.
func (r *Redactor) Exact(s string) string {
	sp := r.exactSpans(s, nil)
	if len(sp) == 0 {
		return s
	}
	return replaceSpans(s, sp)
}
