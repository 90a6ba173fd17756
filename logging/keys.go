package logging

import (
	"log/slog"
	"strconv"
	"unicode/utf8"
)

// renamed is the prefix of an attribute's key when the key was taken: by a
// built-in field of the record, or by an earlier attribute at the same level.
const renamed = "attr."

// builtin reports whether key names one of a record's own top-level fields.
// They always hold the record's values: an attribute can't forge its level,
// time, message, logger or session.
func builtin(key string) bool {
	switch key {
	case slog.TimeKey, slog.LevelKey, slog.MessageKey, loggerKey, sessionKey:
		return true
	}
	return false
}

// keySet is the set of keys used so far at one level of a record: the top
// level or one group, in JSON; the whole record, with groups as dotted
// prefixes, on the console and in the ring. It decides the key each
// attribute is written under, by one rule for all three outputs:
//
//   - at the top level the built-in keys (time, level, msg, logger,
//     session) are taken before any attribute;
//   - the first attribute with a free key keeps it; a later one with a
//     taken key is written as attr.<key>, or attr.<key>.2, .3… when that is
//     taken too. Nothing is dropped and no key appears twice;
//   - a group's name is a key like any other at its level;
//   - "session" is the exception: on a logger without a session, the first
//     top-level "session" attribute holding a string is the record's
//     session (that is how a record about a session, such as
//     session_crashed, is filed under it), and keeps its key.
//
// It is a value on the stack: keys of the record's own attributes go into
// an array, so the usual record, with no collision, costs no allocation.
type keySet struct {
	top     bool     // the top level: the built-in keys are taken
	session bool     // the record has its session: a "session" string attribute collides
	pre     []string // keys the handler used already (dotted, on the console and in the ring)
	n       int
	own     [8]ownKey
	more    []ownKey
}

// ownKey is a key a record used: prefix+key, kept apart to spare the
// concatenation.
type ownKey struct{ prefix, key string }

// flatEq reports whether p1+k1 == p2+k2.
func flatEq(p1, k1, p2, k2 string) bool {
	if len(p1)+len(k1) != len(p2)+len(k2) {
		return false
	}
	if len(p1) == len(p2) {
		return p1 == p2 && k1 == k2
	}
	if len(p1) > len(p2) {
		p1, k1, p2, k2 = p2, k2, p1, k1
	}
	// p1 is the shorter prefix: p2 = p1 + k1[:d], k1[d:] = k2.
	d := len(p2) - len(p1)
	return p2[:len(p1)] == p1 && p2[len(p1):] == k1[:d] && k1[d:] == k2
}

func (s *keySet) has(prefix, key string) bool {
	if s.top && prefix == "" && builtin(key) {
		return true
	}
	for _, p := range s.pre {
		if flatEq(p, "", prefix, key) {
			return true
		}
	}
	for i := range min(s.n, len(s.own)) {
		if o := s.own[i]; flatEq(o.prefix, o.key, prefix, key) {
			return true
		}
	}
	for _, o := range s.more {
		if flatEq(o.prefix, o.key, prefix, key) {
			return true
		}
	}
	return false
}

func (s *keySet) add(prefix, key string) {
	if s.n < len(s.own) {
		s.own[s.n] = ownKey{prefix, key}
	} else {
		s.more = append(s.more, ownKey{prefix, key})
	}
	s.n++
}

// claim returns the key a, logged under the dotted prefix, is written with,
// and marks it used.
func (s *keySet) claim(prefix string, a slog.Attr) string {
	if a.Key == sessionKey && s.top && prefix == "" && !s.session && a.Value.Kind() == slog.KindString {
		s.session = true
		return a.Key
	}
	return s.claimKey(prefix, a.Key)
}

// claimKey is claim for a key that is not a session's: a group's name.
// Invalid UTF-8 is replaced first, byte by byte, as the JSON encoder does:
// two keys that differ only in invalid bytes would be written alike.
func (s *keySet) claimKey(prefix, key string) string {
	if !utf8.ValidString(key) {
		key = string([]rune(key))
	}
	if s.has(prefix, key) {
		r := renamed + key
		for i := 2; s.has(prefix, r); i++ {
			r = renamed + key + "." + strconv.Itoa(i)
		}
		key = r
	}
	s.add(prefix, key)
	return key
}

// keys returns every key used, whole: the handler's and those claimed.
func (s *keySet) keys() []string {
	out := make([]string, 0, len(s.pre)+s.n)
	out = append(out, s.pre...)
	for i := range min(s.n, len(s.own)) {
		out = append(out, s.own[i].prefix+s.own[i].key)
	}
	for _, o := range s.more {
		out = append(out, o.prefix+o.key)
	}
	return out
}
