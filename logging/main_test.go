package logging

import (
	"testing"

	"go.uber.org/goleak"
)

// lumberjack starts one goroutine per Logger the first time it opens a file
// (it deletes old backups) and offers no way to stop it; System creates at
// most one Logger per file, so that goroutine is the one allowed to outlive
// Close. TestGoroutinesBounded checks that the count stays bounded.
var ignoreLumberjack = goleak.IgnoreTopFunction("gopkg.in/natefinch/lumberjack%2ev2.(*Logger).millRun")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, ignoreLumberjack)
}
