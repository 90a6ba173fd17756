package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// flagValue is the flag.Value of a setting: it keeps the text given and
// remembers that it was given, so that a flag set to its default still wins.
type flagValue struct {
	s       *Setting
	text    string // as given on the command line
	set     bool   // the flag was given
	defText string // what --help says the default is, when Setting.Default is empty; see DescribeDefault
}

// String returns the text given, else the default. The flag package calls
// it on a zero flagValue too.
func (v *flagValue) String() string {
	switch {
	case v == nil || v.s == nil:
		return ""
	case v.set:
		return v.text
	}
	return v.s.Default
}

// Set checks only the text's kind; Resolve checks the rest, and its errors
// name the flag.
func (v *flagValue) Set(text string) error {
	if err := v.s.syntax(text); err != nil {
		return err
	}
	v.text, v.set = text, true
	return nil
}

// IsBoolFlag lets a boolean flag go without a value: --debug.
func (v *flagValue) IsBoolFlag() bool { return v != nil && v.s != nil && v.s.Kind == Bool }

// Get returns the value, as Parse does; nil when it is not valid.
func (v *flagValue) Get() any {
	if v == nil || v.s == nil {
		return nil
	}
	x, err := v.s.parse(v.String(), true)
	if err != nil {
		return nil
	}
	return x
}

var _ flag.Getter = (*flagValue)(nil)

// Binding holds the flags of every setting that has one, and what the
// command line gave them. It is not safe for concurrent use: parse, then
// resolve.
type Binding struct {
	values [len(schema)]*flagValue // nil where a setting has no flag
}

// Bind registers a flag on fs for every setting that has one, with the
// setting's help, and returns the binding that reads them back.
func Bind(fs *flag.FlagSet) *Binding {
	b := &Binding{}
	for i := range schema {
		if schema[i].Flag != "" {
			b.values[i] = &flagValue{s: &schema[i]}
		}
	}
	b.Register(fs)
	return b
}

// Register registers the same flags on another flag set (a command's, so
// that they may follow the command's name): a flag given in either counts.
// Like fs.Var, it panics if fs already has a flag of the same name.
func (b *Binding) Register(fs *flag.FlagSet) {
	for _, v := range b.values {
		if v != nil {
			fs.Var(v, v.s.Flag, v.s.Help)
		}
	}
}

// DescribeDefault sets what --help shows as the default of key when the
// setting's own default is empty: the directory that empty stands for,
// which only the caller knows (logging.DefaultDir, say).
func (b *Binding) DescribeDefault(key, text string) {
	if i, ok := byKey[key]; ok && b.values[i] != nil {
		b.values[i].defText = text
	}
}

// Explicit reports whether the command line gave key's flag, whatever its
// value.
func (b *Binding) Explicit(key string) bool {
	i, ok := byKey[key]
	return ok && b != nil && b.values[i] != nil && b.values[i].set
}

// Resolve takes each setting from, in this order, the command line, the
// environment (lookupEnv, as os.LookupEnv), saved and the default; see the
// package doc. lookupEnv and saved may be nil, and so may b: a nil Binding
// is a command line that gave nothing.
//
// The error joins one *SourceError per value refused. The Config is
// complete even then: a refused value counts as not given, and the next
// source in the order decides.
func (b *Binding) Resolve(lookupEnv func(string) (string, bool), saved *File) (Config, error) {
	c := Defaults()
	var errs []error
	// resolve sets schema[i] from its first valid source.
	resolve := func(i int, remote bool) {
		s := &schema[i]
		for _, src := range b.sources(i, lookupEnv, saved) {
			// A non-loopback metrics address is allowed by a flag or a
			// variable, never by the file.
			v, err := s.parse(src.text, remote && src.origin != FromFile)
			if err != nil {
				errs = append(errs, &SourceError{Key: s.Key, Origin: src.origin, Name: src.name, Err: err})
				continue
			}
			s.set(&c.Values, v)
			c.origins[i] = src.origin
			return
		}
	}
	// metrics-allow-remote first: metrics-addr depends on it.
	allow := byKey["metrics-allow-remote"]
	resolve(allow, false)
	for i := range schema {
		if i != allow {
			resolve(i, c.MetricsAllowRemote)
		}
	}
	return c, errors.Join(errs...)
}

// source is where a setting's text may come from.
type source struct {
	text   string
	origin Origin
	name   string // what the user wrote: the flag, the variable, the file
}

// sources lists where schema[i] may come from, strongest first, the
// default excluded.
func (b *Binding) sources(i int, lookupEnv func(string) (string, bool), saved *File) []source {
	s := &schema[i]
	var out []source
	if b != nil && b.values[i] != nil && b.values[i].set {
		out = append(out, source{b.values[i].text, FromFlag, "--" + s.Flag})
	}
	if lookupEnv != nil && s.Env != "" {
		// A variable set to "" counts only where "" is a value (an address
		// or a URL turned off); elsewhere it is unset.
		if text, ok := lookupEnv(s.Env); ok && (strings.TrimSpace(text) != "" || s.acceptsEmpty()) {
			out = append(out, source{text, FromEnv, s.Env})
		}
	}
	if saved != nil && s.Saved {
		if text, ok := saved.Get(s.Key); ok {
			out = append(out, source{text, FromFile, saved.Path()})
		}
	}
	return out
}

// acceptsEmpty reports whether "" is a value of s.
func (s *Setting) acceptsEmpty() bool {
	_, err := s.parse("", false)
	return err == nil
}

// PrintFlags prints fs's flags, one "  --name type" line and one indented
// description each. A setting's description ends with its default and its
// environment variable: "(default 10) [VIGIA_LOG_MAX_SIZE_MB]". Other flags
// (--version, a command's own) are printed as the flag package would.
func PrintFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		v, ok := f.Value.(*flagValue)
		if !ok {
			typ, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(w, "  %s\n    \t%s", strings.TrimSpace("--"+f.Name+" "+typ), usage)
			if d := f.DefValue; d != "" && d != "false" && d != "0" {
				fmt.Fprintf(w, " (default %s)", d)
			}
			fmt.Fprintln(w)
			return
		}
		s := v.s
		typ := s.Kind.String()
		switch s.Kind {
		case Bool:
			typ = ""
		case Choice:
			typ = "string"
		}
		fmt.Fprintf(w, "  %s\n    \t%s", strings.TrimSpace("--"+f.Name+" "+typ), s.Help)
		def := s.Default
		if def == "" {
			def = v.defText
		}
		if def != "" && def != "false" {
			fmt.Fprintf(w, " (default %s)", def)
		}
		if s.Env != "" {
			fmt.Fprintf(w, " [%s]", s.Env)
		}
		fmt.Fprintln(w)
	})
}
