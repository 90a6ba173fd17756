package app

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// profileEnv names a file to write a CPU profile of the whole run to. It is
// for developers, not a setting: bench/report.sh profiles Vigía's start with
// it (go tool pprof -top bin/vigia FILE reads it).
const profileEnv = "VIGIA_CPUPROFILE"

// startCPUProfile starts profiling into path and returns what stops it and
// closes the file. An empty path does nothing; a profile that can't be
// started is reported in one line on stderr and the run goes on without it.
func startCPUProfile(path string, stderr io.Writer) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		if err = pprof.StartCPUProfile(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "vigia: no CPU profile (%s): %v\n", profileEnv, err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "vigia: CPU profile not written (%s): %v\n", profileEnv, err)
		}
	}
}
