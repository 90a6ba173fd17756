package logging

import (
	"log/slog"

	"vigia/redact"
)

// Redacted is what a secret is written as: redact.Marker.
const Redacted = redact.Marker

// redactAttr returns a with secret values replaced, and whether it changed.
// LogValuers are resolved first so that a secret cannot hide behind one.
func redactAttr(a slog.Attr) (slog.Attr, bool) {
	if redact.IsSecretKey(a.Key) {
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
		// error values and Stringers print their text: check that text.
		switch x := v.Any().(type) {
		case error:
			if s := x.Error(); redact.MayHoldCredential(s) {
				return slog.String(a.Key, redact.Credentials(s)), true
			}
		case interface{ String() string }:
			if s := x.String(); redact.MayHoldCredential(s) {
				return slog.String(a.Key, redact.Credentials(s)), true
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
