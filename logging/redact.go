package logging

import (
	"log/slog"

	"vigia/redact"
)

// Redacted is what a secret is written as: redact.Marker.
const Redacted = redact.Marker

// redactAttr returns a with secrets replaced by package redact's rules, and
// whether it changed. LogValuers are resolved first so that a secret cannot
// hide behind one.
//
// Strings, numbers and the like, most attributes, cost a key check and a
// scan of the text, without allocating. Only a KindAny value goes to
// redact.Value, which reads it by reflection: an error or a Stringer is
// replaced by its redacted text when that text holds a credential, and a
// composite (map, struct, slice, array, pointer, []byte, URL) is always
// replaced by a redacted tree of maps, slices and scalars, so that the
// console and the JSON file both write what was checked rather than
// formatting the original each its own way.
func redactAttr(a slog.Attr) (slog.Attr, bool) {
	v := a.Value
	resolved := false
	if v.Kind() == slog.KindLogValuer {
		v = v.Resolve()
		a.Value = v
		resolved = true
	}
	if redact.IsSecretKey(a.Key) && !empty(v) {
		return slog.String(a.Key, Redacted), true
	}
	switch v.Kind() {
	case slog.KindString:
		s := v.String()
		if r := redact.Credentials(s); r != s {
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
		if r, changed := redact.Value(v.Any()); changed {
			return slog.Any(a.Key, r), true
		}
	}
	return a, resolved
}

// empty reports whether v is "" or nil: a secret that is not set, which
// may show, as everywhere redact's rules apply.
func empty(v slog.Value) bool {
	switch v.Kind() {
	case slog.KindString:
		return v.String() == ""
	case slog.KindAny:
		return v.Any() == nil
	}
	return false
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
