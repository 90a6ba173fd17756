package models

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of a parameter's value.
type Kind int

// Kinds of parameters.
const (
	String   Kind = iota // any text
	Int                  // a whole number within [Min, Max]
	Float                // a number within [Min, Max]
	Bool                 // true or false
	Duration             // a Go duration ("250ms", "2s") within [Min, Max] seconds
	Choice               // one of Choices
)

func (k Kind) String() string {
	switch k {
	case Int:
		return "int"
	case Float:
		return "float"
	case Bool:
		return "bool"
	case Duration:
		return "duration"
	case Choice:
		return "choice"
	}
	return "string"
}

// Param describes one parameter of a model.
type Param struct {
	Name    string
	Kind    Kind
	Default string   // as it would be typed; parsed like any value
	Help    string   // one sentence for people
	Min     float64  // for Int, Float and Duration (in seconds): the least value
	Max     float64  // the greatest value; Min == Max == 0 means no bounds
	Choices []string // for Choice
}

// ErrParam is wrapped by every parameter error.
var ErrParam = errors.New("invalid parameter")

// Problem is what is wrong with a value a parameter refuses.
type Problem int

// Problems a ParamError may have.
const (
	NotWholeNumber Problem = iota + 1 // an Int's value is not a whole number
	NotNumber                         // a Float's value is not a finite number
	NotBool                           // a Bool's value is not true or false
	NotDuration                       // a Duration's value is not a Go duration
	OutOfRange                        // the value is outside [Min, Max]
	NotChoice                         // a Choice's value is not one of Choices
)

// ParamError is the error of a value Param.Parse refuses. Its fields say
// what is wrong, so that a user interface can say it in its own language;
// Error says it in English, for logs and command lines. It wraps ErrParam.
type ParamError struct {
	Param   Param
	Value   string // as given
	Problem Problem
}

func (e *ParamError) Error() string {
	p, s := e.Param, e.Value
	var msg string
	switch e.Problem {
	case NotWholeNumber:
		msg = fmt.Sprintf("%s=%q is not a whole number", p.Name, s)
	case NotNumber:
		msg = fmt.Sprintf("%s=%q is not a number", p.Name, s)
	case NotBool:
		msg = fmt.Sprintf("%s=%q is not true or false", p.Name, s)
	case NotDuration:
		msg = fmt.Sprintf("%s=%q is not a duration such as 250ms or 2s", p.Name, s)
	case OutOfRange:
		unit := ""
		if p.Kind == Duration {
			unit = " seconds"
		}
		msg = fmt.Sprintf("%s=%s must be between %s and %s%s", p.Name, s, trimFloat(p.Min), trimFloat(p.Max), unit)
	case NotChoice:
		msg = fmt.Sprintf("%s=%q is not one of %s", p.Name, s, strings.Join(p.Choices, ", "))
	default:
		msg = fmt.Sprintf("%s=%q is refused", p.Name, s)
	}
	return ErrParam.Error() + ": " + msg
}

// Unwrap returns ErrParam.
func (e *ParamError) Unwrap() error { return ErrParam }

// Parse parses s as a value of p. Its errors are *ParamError.
func (p Param) Parse(s string) (any, error) {
	bounded := p.Min != 0 || p.Max != 0
	fail := func(pr Problem) error { return &ParamError{Param: p, Value: s, Problem: pr} }
	inRange := func(f float64) error {
		if bounded && (f < p.Min || f > p.Max || math.IsNaN(f)) {
			return fail(OutOfRange)
		}
		return nil
	}
	switch p.Kind {
	case Int:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, fail(NotWholeNumber)
		}
		return n, inRange(float64(n))
	case Float:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fail(NotNumber)
		}
		return f, inRange(f)
	case Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, fail(NotBool)
		}
		return b, nil
	case Duration:
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return nil, fail(NotDuration)
		}
		return d, inRange(d.Seconds())
	case Choice:
		if !slices.Contains(p.Choices, s) {
			return nil, fail(NotChoice)
		}
		return s, nil
	}
	return s, nil
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Checker is implemented by models whose parameters depend on each other
// (chaos: error_rate + panic_rate <= 1). ParseParams calls it, so that a bad
// combination is refused before any task runs.
type Checker interface {
	CheckParams(Values) error
}

// Values are parsed parameter values by name. The getters return the zero
// value for a name that is absent or of another kind.
type Values map[string]any

// String returns the string value of name.
func (v Values) String(name string) string { s, _ := v[name].(string); return s }

// Int returns the int value of name.
func (v Values) Int(name string) int { n, _ := v[name].(int); return n }

// Float returns the float value of name.
func (v Values) Float(name string) float64 { f, _ := v[name].(float64); return f }

// Bool returns the bool value of name.
func (v Values) Bool(name string) bool { b, _ := v[name].(bool); return b }

// Duration returns the duration value of name.
func (v Values) Duration(name string) time.Duration { d, _ := v[name].(time.Duration); return d }

// Key returns the values in a stable text form, sorted by name, for cache
// keys and logs.
func (v Values) Key() string {
	if len(v) == 0 {
		return ""
	}
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	slices.Sort(names)
	b := make([]byte, 0, 16*len(v))
	for i, k := range names {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, k...)
		b = append(b, '=')
		switch x := v[k].(type) {
		case string:
			b = append(b, x...)
		case int:
			b = strconv.AppendInt(b, int64(x), 10)
		case bool:
			b = strconv.AppendBool(b, x)
		case float64:
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		case time.Duration:
			b = append(b, x.String()...)
		default:
			b = fmt.Append(b, x)
		}
	}
	return string(b)
}

// ParseParams checks raw values (as typed on a command line or in a form)
// against m's parameters and returns them parsed, with defaults for those
// not given. Unknown names are an error.
func ParseParams(m Model, raw map[string]string) (Values, error) {
	specs := m.Params()
	out := make(Values, len(specs))
	for name := range raw {
		if !slices.ContainsFunc(specs, func(p Param) bool { return p.Name == name }) {
			var names []string
			for _, p := range specs {
				names = append(names, p.Name)
			}
			known := "none"
			if len(names) > 0 {
				known = strings.Join(names, ", ")
			}
			return nil, fmt.Errorf("%w: model %s has no parameter %q (parameters: %s)", ErrParam, m.Name(), name, known)
		}
	}
	for _, p := range specs {
		s, ok := raw[p.Name]
		if !ok {
			s = p.Default
		}
		v, err := p.Parse(s)
		if err != nil {
			return nil, err
		}
		out[p.Name] = v
	}
	if c, ok := m.(Checker); ok {
		if err := c.CheckParams(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}
