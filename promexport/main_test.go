package promexport

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind. An HTTP client's
// idle keep-alive connection may go back to its pool just after the test
// closed the idle ones, and then outlive it by a moment on a loaded
// machine: its two goroutines belong to net/http, not to this package.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"))
}
