package metrics

import (
	"context"
	"errors"
	"reflect"
	"strings"
)

// The ErrorsByType keys for the errors that have a class of their own. Any
// other error is counted under its Go type name (see [ErrorType]).
const (
	ErrorTypeDeadlineExceeded = "deadline_exceeded"
	ErrorTypeCanceled         = "canceled"
	ErrorTypePanic            = "panic"
	ErrorTypeHTTP4xx          = "http_4xx"
	ErrorTypeHTTP5xx          = "http_5xx"
)

// panicError is what a recovered panic looks like to this package;
// session.PanicError implements it, and this package does not import session.
type panicError interface {
	error
	PanicValue() any
}

// httpError is an error that carries the HTTP status of a failed call.
type httpError interface {
	error
	HTTPStatus() int
}

// ErrorType returns the class that err is counted under in
// Summary.ErrorsByType, or "" for a nil err. In order:
//   - [ErrorTypeDeadlineExceeded] when errors.Is(err, context.DeadlineExceeded);
//   - [ErrorTypeCanceled] when errors.Is(err, context.Canceled);
//   - [ErrorTypePanic] when an error in the chain has a PanicValue() any method;
//   - [ErrorTypeHTTP4xx] or [ErrorTypeHTTP5xx] when an error in the chain has an
//     HTTPStatus() int method that returns 400–499 or 500–599;
//   - otherwise the Go type of the innermost error, without the pointer star:
//     "errors.errorString" for errors.New, "syscall.Errno", "net.OpError".
//     The innermost error is found through Unwrap() error and, for joined
//     errors, the first error of Unwrap() []error.
//
// ErrorType allocates nothing unless an error in the chain has an As method.
func ErrorType(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded):
		return ErrorTypeDeadlineExceeded
	case errors.Is(err, context.Canceled):
		return ErrorTypeCanceled
	}
	if _, ok := errors.AsType[panicError](err); ok {
		return ErrorTypePanic
	}
	if h, ok := errors.AsType[httpError](err); ok {
		switch s := h.HTTPStatus(); {
		case s >= 400 && s < 500:
			return ErrorTypeHTTP4xx
		case s >= 500 && s < 600:
			return ErrorTypeHTTP5xx
		}
	}
	return strings.TrimPrefix(reflect.TypeOf(innermost(err)).String(), "*")
}

// innermost follows err's wrapping chain to its end, taking the first error
// of a join.
func innermost(err error) error {
	for {
		var next error
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			next = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil {
					next = e
					break
				}
			}
		}
		if next == nil {
			return err
		}
		err = next
	}
}
