package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"
	"time"
)

// testPanicError mimics session.PanicError, which this package must not import.
type testPanicError struct{ value any }

func (e *testPanicError) Error() string   { return fmt.Sprint("panic: ", e.value) }
func (e *testPanicError) PanicValue() any { return e.value }

type statusError struct{ status int }

func (e statusError) Error() string   { return fmt.Sprintf("status %d", e.status) }
func (e statusError) HTTPStatus() int { return e.status }

func TestErrorType(t *testing.T) {
	_, errNotExist := os.Open("/nonexistent/vigia")
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"deadline", context.DeadlineExceeded, ErrorTypeDeadlineExceeded},
		{"deadline from a context", ctx.Err(), ErrorTypeDeadlineExceeded},
		{"wrapped deadline", fmt.Errorf("call model: %w", context.DeadlineExceeded), ErrorTypeDeadlineExceeded},
		{"canceled", context.Canceled, ErrorTypeCanceled},
		{"wrapped canceled", fmt.Errorf("a: %w", fmt.Errorf("b: %w", context.Canceled)), ErrorTypeCanceled},
		{"panic", &testPanicError{"boom"}, ErrorTypePanic},
		{"wrapped panic", fmt.Errorf("task: %w", &testPanicError{42}), ErrorTypePanic},
		{"404", statusError{404}, ErrorTypeHTTP4xx},
		{"429 wrapped", fmt.Errorf("openai: %w", statusError{429}), ErrorTypeHTTP4xx},
		{"503", statusError{503}, ErrorTypeHTTP5xx},
		{"302 is not a failure class", statusError{302}, "metrics.statusError"},
		{"errors.New", errors.New("boom"), "errors.errorString"},
		{"io.EOF wrapped", fmt.Errorf("read: %w", io.EOF), "errors.errorString"},
		{"fmt.Errorf without %w", fmt.Errorf("plain %d", 1), "errors.errorString"},
		{"path error", errNotExist, "syscall.Errno"},
		{"value type", errorString("x"), "metrics.errorString"},
		{"join takes the first", errors.Join(errorString("x"), io.EOF), "metrics.errorString"},
		{"join with deadline", errors.Join(io.EOF, context.DeadlineExceeded), ErrorTypeDeadlineExceeded},
	}
	for _, tt := range tests {
		if got := ErrorType(tt.err); got != tt.want {
			t.Errorf("%s: ErrorType(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestErrorsByType(t *testing.T) {
	c := NewCollector()
	for _, err := range []error{context.DeadlineExceeded, context.Canceled, statusError{500}, statusError{502},
		&testPanicError{1}, errors.New("x"), nil} {
		c.RecordRequest("m", time.Millisecond, err)
	}
	want := map[string]int64{ErrorTypeDeadlineExceeded: 1, ErrorTypeCanceled: 1, ErrorTypeHTTP5xx: 2, ErrorTypePanic: 1, "errors.errorString": 1}
	s := c.Summary()
	if len(s.ErrorsByType) != len(want) {
		t.Errorf("ErrorsByType: got %v, want %v", s.ErrorsByType, want)
	}
	for k, n := range want {
		if s.ErrorsByType[k] != n {
			t.Errorf("ErrorsByType[%q]: got %d, want %d", k, s.ErrorsByType[k], n)
		}
	}
	if s.Errors != 6 || s.TotalRequests != 7 {
		t.Errorf("got %d errors of %d requests, want 6 of 7", s.Errors, s.TotalRequests)
	}
}
