package config

import (
	"fmt"
	"strconv"
	"strings"
)

// describer is an error that can name what it is about in other words: the
// key in Error(), "--log-max-size-mb" or "VIGIA_LOG_MAX_SIZE_MB" when a
// SourceError says where the value came from.
type describer interface {
	error
	describe(subject string) string
}

// SyntaxError: the text is not of the setting's kind (a whole number, true
// or false, a duration).
type SyntaxError struct {
	Key   string
	Value string // the text refused, trimmed
	Kind  Kind   // Int, Bool or Duration
}

func (e *SyntaxError) Error() string { return e.describe(e.Key) }

func (e *SyntaxError) describe(subject string) string {
	return fmt.Sprintf("%s=%q is not %s", subject, e.Value, kindNoun(e.Kind))
}

// kindNoun says what a value of k must be, for messages.
func kindNoun(k Kind) string {
	switch k {
	case Bool:
		return "true or false"
	case Int:
		return "a whole number"
	case Duration:
		return "a duration, such as 90s or 1h30m"
	}
	return "valid"
}

// RangeError: a number or a duration out of the setting's range.
type RangeError struct {
	Key      string
	Value    string // the value refused, as Format writes it (or as given, when too big to read)
	Min, Max string // the bounds, as Format writes them: "1", "1024", "1s", "720h"
	Unit     string // of a number: "MB", "days"; empty for a duration
	// ZeroMeansNoLimit: 0 would have been accepted too, meaning no limit.
	ZeroMeansNoLimit bool
	Below            bool // Value is below Min; otherwise above Max
}

func (e *RangeError) Error() string { return e.describe(e.Key) }

func (e *RangeError) describe(subject string) string {
	switch {
	case !e.Below:
		return fmt.Sprintf("%s must be at most %s, got %s", subject, e.Max, e.Value)
	case e.Min == "0":
		return fmt.Sprintf("%s can't be negative, got %s", subject, e.Value)
	case e.ZeroMeansNoLimit:
		return fmt.Sprintf("%s must be 0 (no limit) or at least %s, got %s", subject, e.Min, e.Value)
	}
	return fmt.Sprintf("%s must be at least %s, got %s", subject, e.Min, e.Value)
}

// ChoiceError: the value is not one of the setting's choices.
type ChoiceError struct {
	Key     string
	Value   string
	Choices []string // the values allowed, "" among them when empty is allowed
}

func (e *ChoiceError) Error() string { return e.describe(e.Key) }

func (e *ChoiceError) describe(subject string) string {
	quoted := make([]string, len(e.Choices))
	for i, c := range e.Choices {
		quoted[i] = c
		if c == "" {
			quoted[i] = `""`
		}
	}
	return fmt.Sprintf("%s must be one of %s, got %q", subject, strings.Join(quoted, ", "), e.Value)
}

// URLReason says what is wrong with a URL.
type URLReason int

// The reasons of a URLError.
const (
	URLNotHTTP  URLReason = iota // not an http or https URL with a host (or empty where it can't be)
	URLUserInfo                  // it holds a user name or password, which would be shown, logged and stored
)

// URLError: the value is not a URL the setting accepts. It never holds the
// URL itself, which may carry a password.
type URLError struct {
	Key    string
	Reason URLReason
}

func (e *URLError) Error() string { return e.describe(e.Key) }

func (e *URLError) describe(subject string) string {
	if e.Reason == URLUserInfo {
		return subject + " can't hold a user name or password"
	}
	return subject + " is not an http or https URL with a host"
}

// AddrReason says what is wrong with an address.
type AddrReason int

// The reasons of an AddrError.
const (
	AddrSyntax      AddrReason = iota // not host:port with a port from 0 to 65535
	AddrNotLoopback                   // other machines could reach it, and nothing allowed that
)

// AddrError: the value is not an address to listen on that the setting
// accepts.
type AddrError struct {
	Key    string
	Value  string
	Reason AddrReason
}

func (e *AddrError) Error() string { return e.describe(e.Key) }

func (e *AddrError) describe(subject string) string {
	if e.Reason == AddrNotLoopback {
		return fmt.Sprintf("%s=%q is not a loopback address such as 127.0.0.1 or localhost: other machines are let in only with --metrics-allow-remote", subject, e.Value)
	}
	return fmt.Sprintf("%s=%q is not host:port, such as %s", subject, e.Value, exampleMetricsAddr)
}

// TextReason says what is wrong with a text.
type TextReason int

// The reasons of a TextError.
const (
	TextNotUTF8 TextReason = iota // not valid UTF-8
	TextControl                   // holds a control character
	TextEmpty                     // empty where a value is needed
	TextSpace                     // holds white space where none may be
	TextTooLong                   // longer than TextError.Max characters
)

// TextError: the text can't be a value of the setting, whatever its kind.
type TextError struct {
	Key    string
	Reason TextReason
	Max    int // the most characters allowed, for TextTooLong
}

func (e *TextError) Error() string { return e.describe(e.Key) }

func (e *TextError) describe(subject string) string {
	switch e.Reason {
	case TextNotUTF8:
		return subject + " is not valid UTF-8"
	case TextControl:
		return subject + " can't contain control characters"
	case TextEmpty:
		return subject + " can't be empty"
	case TextSpace:
		return subject + " can't contain spaces"
	}
	return subject + " is too long: " + strconv.Itoa(e.Max) + " characters at most"
}

// UnknownKeyError: the key names no setting.
type UnknownKeyError struct {
	Key string
}

func (e *UnknownKeyError) Error() string { return fmt.Sprintf("unknown setting %q", e.Key) }

// NotSavedError: the setting is chosen at each start, by a flag or a
// variable, and the settings file can't hold it.
type NotSavedError struct {
	Key string
}

func (e *NotSavedError) Error() string {
	return fmt.Sprintf("%s is never saved: set it with --%s or %s", e.Key, e.Key, envName(e.Key))
}

// SourceError says where a refused value came from. Err is one of the
// errors above; errors.As finds it through a SourceError.
type SourceError struct {
	Key    string
	Origin Origin // FromFlag, FromEnv or FromFile
	// Name is what the user wrote: "--log-max-size-mb",
	// "VIGIA_LOG_MAX_SIZE_MB", or the file's path.
	Name string
	Err  error
}

// Error reads as the command line has always written it:
// "--log-max-size-mb must be at least 1, got 0",
// "VIGIA_LOG_MAX_SIZE_MB (it sets --log-max-size-mb) must be at least 1, got 0",
// `environment variable VIGIA_DEBUG="maybe" is not true or false (it sets --debug)`.
func (e *SourceError) Error() string {
	d, ok := e.Err.(describer)
	switch {
	case e.Origin == FromFile:
		return e.Name + ": " + e.Err.Error()
	case !ok:
		return e.Name + ": " + e.Err.Error()
	case e.Origin == FromEnv:
		sets := " (it sets --" + e.Key + ")"
		if _, syntax := e.Err.(*SyntaxError); syntax {
			return "environment variable " + d.describe(e.Name) + sets
		}
		return d.describe(e.Name + sets)
	}
	return d.describe(e.Name)
}

func (e *SourceError) Unwrap() error { return e.Err }
