package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Parse reads text as a value of the setting key: a bool, an int, a
// time.Duration or a string, as the setting's Kind says. Surrounding white
// space is ignored. It applies the rules of the settings file: a metrics
// address must be loopback. The error is one of the package's typed errors.
func Parse(key, text string) (any, error) {
	s, ok := lookup(key)
	if !ok {
		return nil, &UnknownKeyError{Key: key}
	}
	return s.parse(text, false)
}

// Validate reports whether text is a valid value of the setting key, as
// Parse does.
func Validate(key, text string) error {
	_, err := Parse(key, text)
	return err
}

// Format writes v, a value of the setting key, as people write it and as
// Parse reads it back: durations as "1h" or "1m30s" (not "1h0m0s"), 0 as
// "0", booleans as true or false.
func Format(key string, v any) string {
	s, ok := lookup(key)
	if !ok {
		return fmt.Sprint(v)
	}
	return s.format(v)
}

func (s *Setting) format(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		if s.Kind == Duration {
			return shortDuration(time.Duration(x))
		}
		return strconv.FormatInt(x, 10)
	case time.Duration:
		return shortDuration(x)
	}
	return fmt.Sprint(v)
}

// shortDuration formats d as people write it: 1h rather than 1h0m0s.
func shortDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// parse reads text as a value of s; remote allows a non-loopback metrics
// address.
func (s *Setting) parse(text string, remote bool) (any, error) {
	v := strings.TrimSpace(text)
	if !utf8.ValidString(v) {
		return nil, &TextError{Key: s.Key, Reason: TextNotUTF8}
	}
	if strings.ContainsFunc(v, unicode.IsControl) {
		return nil, &TextError{Key: s.Key, Reason: TextControl}
	}
	switch s.Kind {
	case Bool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, &SyntaxError{Key: s.Key, Value: v, Kind: Bool}
		}
		return b, nil
	case Int:
		n, err := strconv.ParseInt(v, 10, 64)
		if errors.Is(err, strconv.ErrRange) {
			return nil, s.rangeError(v, strings.HasPrefix(v, "-"))
		}
		if err != nil {
			return nil, &SyntaxError{Key: s.Key, Value: v, Kind: Int}
		}
		if err := s.inRange(n); err != nil {
			return nil, err
		}
		return int(n), nil
	case Duration:
		d, err := time.ParseDuration(v)
		if err != nil {
			return nil, &SyntaxError{Key: s.Key, Value: v, Kind: Duration}
		}
		if err := s.inRange(int64(d)); err != nil {
			return nil, err
		}
		return d, nil
	case Choice:
		if !slices.ContainsFunc(s.Choices, func(o Option) bool { return o.Value == v }) {
			values := make([]string, len(s.Choices))
			for i, o := range s.Choices {
				values[i] = o.Value
			}
			return nil, &ChoiceError{Key: s.Key, Value: v, Choices: values}
		}
	}
	if s.check != nil {
		if err := s.check(s, v, remote); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// syntax checks only that text is of s's kind, as a flag's Set does: the
// range and the rest wait for Resolve, which knows where the value came
// from. The error is the short text the flag package puts after "invalid
// value … for flag -name: ".
func (s *Setting) syntax(text string) error {
	var se *SyntaxError
	if _, err := s.parse(text, true); errors.As(err, &se) {
		return errors.New("not " + kindNoun(se.Kind))
	}
	return nil
}

// inRange checks n, a number or a duration, against s's bounds.
func (s *Setting) inRange(n int64) error {
	if n == 0 && s.ZeroMeansNoLimit {
		return nil
	}
	if n < s.Min || n > s.Max {
		return s.rangeError(s.format(n), n < s.Min)
	}
	return nil
}

func (s *Setting) rangeError(got string, below bool) *RangeError {
	return &RangeError{Key: s.Key, Value: got, Min: s.format(s.Min), Max: s.format(s.Max),
		Unit: s.Unit, ZeroMeansNoLimit: s.ZeroMeansNoLimit, Below: below}
}

// checkURL accepts an http or https URL with a host and no user info; a
// URL whose default is empty (push-url, otlp-endpoint) may also be empty
// (off).
func checkURL(s *Setting, v string, _ bool) error {
	if v == "" && s.Default == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return &URLError{Key: s.Key, Reason: URLNotHTTP}
	}
	if u.User != nil {
		return &URLError{Key: s.Key, Reason: URLUserInfo}
	}
	return nil
}

// maxModelName bounds a model's name, in characters.
const maxModelName = 256

// checkModel accepts a model's name: not empty, no white space, not too long.
func checkModel(s *Setting, v string, _ bool) error {
	switch {
	case v == "":
		return &TextError{Key: s.Key, Reason: TextEmpty}
	case strings.ContainsFunc(v, unicode.IsSpace):
		return &TextError{Key: s.Key, Reason: TextSpace}
	case utf8.RuneCountInString(v) > maxModelName:
		return &TextError{Key: s.Key, Reason: TextTooLong, Max: maxModelName}
	}
	return nil
}

// checkAddr accepts where /metrics is served: off (empty), or host:port.
// The host must be loopback unless remote: other machines may reach the
// endpoint only through --metrics-allow-remote, a decision made at each
// start and never saved.
func checkAddr(s *Setting, v string, remote bool) error {
	if v == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil || !validPort(port) || strings.ContainsFunc(host, unicode.IsSpace) {
		return &AddrError{Key: s.Key, Value: v, Reason: AddrSyntax}
	}
	if !remote && !isLoopback(host) {
		return &AddrError{Key: s.Key, Value: v, Reason: AddrNotLoopback}
	}
	return nil
}

// validPort accepts a port number from 0 (any free port) to 65535, in
// decimal digits only: a service name would be looked up.
func validPort(p string) bool {
	if p == "" || strings.ContainsFunc(p, func(r rune) bool { return r < '0' || r > '9' }) {
		return false
	}
	n, err := strconv.Atoi(p)
	return err == nil && n <= 65535
}

// isLoopback reports whether host is loopback: localhost, 127.0.0.0/8 or
// ::1 (promexport.IsLoopback's rule). Other names are not resolved: what
// they resolve to can change after the check.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
