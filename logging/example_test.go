package logging_test

import (
	"fmt"
	"io"
	"os"

	"vigia/logging"
)

// A System fans each record out to the console, app.log and the ring; a
// session's logger is named after it. Here the ring is read back.
func Example() {
	dir, _ := os.MkdirTemp("", "vigia-example")
	defer os.RemoveAll(dir)

	logs := logging.New(logging.Options{Dir: dir, Console: io.Discard})
	log := logging.WithSession(logs.Logger(), "0192a7c4")
	log.Info("User Action: button_click", "details", "Procesar clicked")
	log.Info("connecting", "api_key", "sk-not-for-your-eyes-1234567890")
	_ = logs.Close()

	for _, e := range logs.Ring().Snapshot() {
		key, _ := e.Attr("api_key")
		fmt.Println(e.Logger, e.Level, e.Message, key)
	}
	// Output:
	// vigia.session.0192a7c4 INFO User Action: button_click <nil>
	// vigia.session.0192a7c4 INFO connecting [REDACTED]
}

// Debug mode raises the level to DEBUG everywhere and opens debug.log, as
// the seed's "Activar modo debug" checkbox did.
func ExampleSystem_SetDebug() {
	dir, _ := os.MkdirTemp("", "vigia-example")
	defer os.RemoveAll(dir)

	logs := logging.New(logging.Options{Dir: dir, Console: io.Discard})
	logs.Logger().Debug("not shown")
	_ = logs.SetDebug(true)
	logs.Logger().Debug("shown")
	fmt.Println(logs.Level())
	_ = logs.Close()

	b, _ := os.ReadFile(logs.DebugLogPath())
	fmt.Println(len(b) > 0)
	// Output:
	// DEBUG
	// true
}
