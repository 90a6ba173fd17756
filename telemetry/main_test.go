package telemetry

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that Shutdown stops every goroutine the package starts:
// the SDK's batch processors and periodic reader, the watcher, the
// exports still running when its time is up.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("gopkg.in/natefinch/lumberjack%2ev2.(*Logger).millRun"))
}
