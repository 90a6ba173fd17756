package redact

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// Bounds of the walk through a value. Beyond them what is left is not
// written: a value can't be shown clean without being read.
const (
	maxDepth = 32      // nesting levels; deeper ones are written as tooDeep
	maxNodes = 1 << 16 // values read in all; later ones are written as truncated
)

// What replaces a part of a value that is not read.
const (
	cycle     = "[CYCLE]"
	tooDeep   = "[TOO DEEP]"
	truncated = "[TRUNCATED]"
)

// Value returns v with the shared rules applied; see Redactor.Value.
func Value(v any) (any, bool) { return (*Redactor)(nil).Value(v) }

// Value returns a form of v that is safe to write with fmt or
// encoding/json, and whether it is not v itself.
//
// A scalar, a string or an error comes back as it is when it is clean, or
// as its redacted text. A composite — a map, struct, slice, array, pointer
// to one of these, or a URL — always comes back converted, because fmt and
// encoding/json would each write it their own way (field names or json
// tags, String methods or not, a []byte as numbers or base64): it becomes a
// tree of map[string]any, []any, strings and the clean scalars it held, in
// which
//
//   - maps are keyed by their keys' text, and structs by their exported
//     fields' json names, with the json tags "-", omitempty and omitzero
//     honoured and embedded structs flattened;
//   - the value of a secret key or field (IsSecretKey on the key, the field
//     name or its json name) is Marker unless empty;
//   - strings, map keys, the text of errors and of TextMarshalers, and byte
//     slices (as text, invalid UTF-8 replaced by U+FFFD, rather than the
//     base64 of encoding/json, in which no rule could find a token) go
//     through String;
//   - a url.URL is its text with its user information replaced;
//   - json.Marshalers are read back from their JSON, slog.LogValuers
//     resolved, pointers and interfaces followed;
//   - cycles, and what lies beyond maxDepth levels or maxNodes values, are
//     written as "[CYCLE]", "[TOO DEEP]" and "[TRUNCATED]".
//
// Reflection is used only here, so callers that see plain strings and
// numbers can keep to String. A method that panics gives a note in place
// of the value, not a panic.
func (r *Redactor) Value(v any) (out any, changed bool) {
	switch x := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64:
		return v, false
	case string:
		s := r.String(x)
		return s, s != x
	}
	defer func() {
		if p := recover(); p != nil {
			out, changed = fmt.Sprintf("[%T: panicked while written]", v), true
		}
	}()
	rv := reflect.ValueOf(v)
	if !composite(rv) {
		// A scalar, an error or a nil: its text is what gets written.
		if t, dirty := r.scalarText(rv); dirty {
			return t, true
		}
		return v, false
	}
	if e, ok := v.(error); ok {
		if _, m := v.(json.Marshaler); !m {
			// fmt and the logs write an error as its Error text.
			s := e.Error()
			if t := r.String(s); t != s {
				return t, true
			}
			return v, false
		}
	}
	w := walker{r: r}
	return w.walk(rv, 0), true
}

// composite reports whether rv is read by reflection: a non-nil map,
// struct, slice, array or pointer.
func composite(rv reflect.Value) bool {
	switch rv.Kind() {
	case reflect.Struct, reflect.Array:
		return true
	case reflect.Map, reflect.Slice, reflect.Pointer:
		return !rv.IsNil()
	}
	return false
}

// scalarText checks the text fmt and encoding/json would write for a
// scalar: its Error or String text, and the string itself. It returns the
// redacted text and true when one of them holds a secret.
func (r *Redactor) scalarText(rv reflect.Value) (string, bool) {
	if !rv.IsValid() || !rv.CanInterface() {
		return "", false
	}
	var text string
	switch x := rv.Interface().(type) {
	case error:
		if rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
			return "", false // nil
		}
		text = x.Error()
	case fmt.Stringer:
		if rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
			return "", false
		}
		text = x.String()
	}
	if t := r.String(text); t != text {
		return t, true
	}
	if rv.Kind() == reflect.String {
		if s := rv.String(); r.String(s) != s {
			return r.String(s), true
		}
	}
	return "", false
}

// walker converts one value; it keeps the pointers on the path from the
// root, to cut cycles, and the count of values read.
type walker struct {
	r     *Redactor
	nodes int
	path  map[visit]bool
}

// visit is a map, slice or pointer on the path.
type visit struct {
	ptr uintptr
	typ reflect.Type
	n   int // a slice's length: a shorter view of the same array is no cycle
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	errorType     = reflect.TypeFor[error]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	logValuer     = reflect.TypeFor[slog.LogValuer]()
	urlType       = reflect.TypeFor[url.URL]()
	userinfoType  = reflect.TypeFor[url.Userinfo]()
	slogValueType = reflect.TypeFor[slog.Value]()
	numberType    = reflect.TypeFor[json.Number]()
)

func (w *walker) walk(rv reflect.Value, depth int) any {
	for rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil
	}
	if w.nodes++; w.nodes > maxNodes {
		return truncated
	}
	if depth > maxDepth {
		return tooDeep
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if rv.IsNil() {
			return nil
		}
		if rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Map || rv.Len() > 0 {
			key := visit{ptr: rv.Pointer(), typ: rv.Type()}
			if rv.Kind() == reflect.Slice {
				key.n = rv.Len()
			}
			if w.path[key] {
				return cycle
			}
			if w.path == nil {
				w.path = map[visit]bool{}
			}
			w.path[key] = true
			defer delete(w.path, key)
		}
	}
	if out, ok := w.special(rv, depth); ok {
		return out
	}
	switch rv.Kind() {
	case reflect.Pointer:
		return w.walk(rv.Elem(), depth+1)
	case reflect.String:
		s := rv.String()
		if t, dirty := w.r.scalarText(rv); dirty {
			return t
		}
		if rv.CanInterface() && rv.Type() != reflect.TypeFor[string]() {
			return rv.Interface() // a named string type, written as before
		}
		return s
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		if rv.CanInterface() {
			return rv.Interface()
		}
		return fmt.Sprint(rv)
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return w.r.bytes(rv.Bytes())
		}
		return w.list(rv, depth)
	case reflect.Array:
		return w.list(rv, depth)
	case reflect.Map:
		return w.mapOf(rv, depth)
	case reflect.Struct:
		out := map[string]any{}
		w.fields(rv, out, depth)
		return out
	default:
		// Complex numbers, channels, functions and unsafe pointers, which
		// encoding/json can't write: their type says enough.
		if rv.Kind() == reflect.Complex64 || rv.Kind() == reflect.Complex128 {
			return fmt.Sprint(rv.Complex())
		}
		return rv.Type().String()
	}
}

// special converts the values whose methods or type decide how they are
// written. It reports false for the others.
func (w *walker) special(rv reflect.Value, depth int) (any, bool) {
	t := rv.Type()
	switch t {
	case urlType:
		u := rv.Interface().(url.URL)
		return w.r.url(&u), true
	case userinfoType:
		return Marker, true
	case numberType:
		return rv.Interface(), true
	case slogValueType:
		return w.walk(reflect.ValueOf(slogAny(rv.Interface().(slog.Value))), depth+1), true
	}
	if rv.Kind() == reflect.Pointer {
		switch t.Elem() {
		case urlType:
			return w.r.url(rv.Interface().(*url.URL)), true
		case userinfoType:
			return Marker, true
		}
	}
	if !rv.CanInterface() {
		return nil, false
	}
	switch {
	case t.Implements(logValuer):
		v := rv.Interface().(slog.LogValuer).LogValue().Resolve()
		return w.walk(reflect.ValueOf(slogAny(v)), depth+1), true
	case t.Implements(errorType) && !t.Implements(jsonMarshaler):
		return w.r.String(rv.Interface().(error).Error()), true
	case t.Implements(jsonMarshaler):
		b, err := rv.Interface().(json.Marshaler).MarshalJSON()
		if err != nil {
			return "!ERROR:" + w.r.String(err.Error()), true
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var tree any
		if dec.Decode(&tree) != nil {
			return w.r.String(string(b)), true
		}
		return w.walk(reflect.ValueOf(tree), depth+1), true
	case t.Implements(textMarshaler):
		b, err := rv.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return "!ERROR:" + w.r.String(err.Error()), true
		}
		return w.r.String(string(b)), true
	case t.Implements(stringerType) && opaque(t):
		// A struct with nothing to show but its String text, such as a
		// *regexp.Regexp: that text, as fmt writes it.
		return w.r.String(rv.Interface().(fmt.Stringer).String()), true
	}
	return nil, false
}

// opaque reports whether t is a struct, or a pointer to one, without
// exported fields.
func opaque(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			return false
		}
	}
	return true
}

// slogAny is v as a plain Go value: a group as a map, so that its keys go
// through IsSecretKey like any other.
func slogAny(v slog.Value) any {
	if v.Kind() != slog.KindGroup {
		return v.Any()
	}
	m := map[string]any{}
	for _, a := range v.Group() {
		m[a.Key] = slogAny(a.Value.Resolve())
	}
	return m
}

// list converts a slice or an array.
func (w *walker) list(rv reflect.Value, depth int) []any {
	out := make([]any, 0, rv.Len())
	for i := range rv.Len() {
		if w.nodes >= maxNodes {
			return append(out, truncated)
		}
		out = append(out, w.walk(rv.Index(i), depth+1))
	}
	return out
}

// mapOf converts a map, keyed by its keys' text as encoding/json writes it.
func (w *walker) mapOf(rv reflect.Value, depth int) map[string]any {
	out := make(map[string]any, rv.Len())
	it := rv.MapRange()
	for it.Next() {
		if w.nodes >= maxNodes {
			out[truncated] = truncated
			break
		}
		k := w.r.String(keyText(it.Key()))
		out[k] = w.field(k, "", it.Value(), depth)
	}
	return out
}

// keyText is a map key's text.
func keyText(k reflect.Value) string {
	for k.Kind() == reflect.Interface && !k.IsNil() {
		k = k.Elem()
	}
	switch k.Kind() {
	case reflect.String:
		return k.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10)
	}
	if k.CanInterface() {
		if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
			if b, err := tm.MarshalText(); err == nil {
				return string(b)
			}
		}
		return fmt.Sprint(k.Interface())
	}
	return k.Type().String()
}

// field converts the value stored under a key or field named name (or
// other, a field's Go name): Marker when either is a secret's name and the
// value is not empty.
func (w *walker) field(name, other string, v reflect.Value, depth int) any {
	if (IsSecretKey(name) || (other != "" && IsSecretKey(other))) && !isEmpty(v) {
		return Marker
	}
	return w.walk(v, depth+1)
}

// isEmpty reports whether v is nil or "": a secret that is not set, which
// may show.
func isEmpty(v reflect.Value) bool {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Invalid:
		return true
	case reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// fields adds the exported fields of struct rv to out under their json
// names. Embedded structs come after the fields of rv, and add only names
// not taken, as encoding/json lets the shallower field win.
func (w *walker) fields(rv reflect.Value, out map[string]any, depth int) {
	if depth > maxDepth {
		return
	}
	t := rv.Type()
	var embedded []reflect.Value
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fv := rv.Field(i)
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				if !f.IsExported() && ft.Elem().Kind() == reflect.Struct {
					continue // encoding/json skips these
				}
				ft = ft.Elem()
				if fv.IsNil() {
					continue
				}
				fv = fv.Elem()
			}
			if ft.Kind() == reflect.Struct {
				embedded = append(embedded, fv)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, taken := out[name]; taken {
			continue
		}
		if hasOpt(opts, "omitempty") && emptyForJSON(fv) || hasOpt(opts, "omitzero") && fv.IsZero() {
			continue
		}
		out[name] = w.field(name, f.Name, fv, depth)
	}
	for _, e := range embedded {
		w.fields(e, out, depth+1)
	}
}

func hasOpt(opts, o string) bool {
	for opts != "" {
		var x string
		x, opts, _ = strings.Cut(opts, ",")
		if x == o {
			return true
		}
	}
	return false
}

// emptyForJSON is encoding/json's test for omitempty.
func emptyForJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// bytes is a byte slice as text, in which the secrets are looked for and
// which a person can read in a log: bytes that are not UTF-8 become U+FFFD.
// (encoding/json would write base64, in which no rule can find a token.)
func (r *Redactor) bytes(b []byte) string {
	return strings.ToValidUTF8(r.String(string(b)), "\uFFFD")
}

// url is u's text with its user information replaced and the rest
// redacted as text.
func (r *Redactor) url(u *url.URL) string {
	if u.User != nil {
		c := *u
		c.User = url.User(Marker)
		// url.User escapes the marker's brackets: put them back.
		return r.String(strings.Replace(c.String(), url.User(Marker).String(), Marker, 1))
	}
	return r.String(u.String())
}
