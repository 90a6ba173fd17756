package journal

import (
	"os"
	"time"

	"github.com/shirou/gopsutil/v4/process"
)

// ownPID is this process's id, written in start records.
var ownPID = os.Getpid()

// createSlack allows for the coarse creation times some systems report.
const createSlack = 2 * time.Second

// processRunning reports whether the process that wrote a start record with
// pid at started is still running. A live process with that pid that was
// created after the session started is another program that reused the pid.
// It is a variable so that tests can decide which processes are alive.
var processRunning = func(pid int, started time.Time) bool {
	if pid <= 0 || pid > 1<<31-1 {
		return false
	}
	p, err := process.NewProcess(int32(pid))
	if err != nil {
		return false
	}
	ms, err := p.CreateTime()
	if err != nil {
		return false
	}
	return !time.UnixMilli(ms).After(started.Add(createSlack))
}
