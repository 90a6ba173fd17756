//go:build linux && cgo

package glpreload

/*
#cgo LDFLAGS: -ldl -lpthread
#include <stdlib.h>
#include "preload.h"
*/
import "C"

import (
	"errors"
	"os"
	"unsafe"
)

func init() {
	_, err := os.Stat("/proc/driver/nvidia/version")
	e := env{
		display: os.Getenv("DISPLAY"), optout: os.Getenv("VIGIA_GL_PRELOAD"),
		vendor:   os.Getenv("__GLX_VENDOR_LIBRARY_NAME"),
		software: os.Getenv("LIBGL_ALWAYS_SOFTWARE"), nvidia: err == nil,
	}
	if opensWindow(os.Args[1:], e) {
		cachePID()
		prepareHeap()
	}
	if !wanted(os.Args[1:], e) {
		return
	}
	if path, ok := DriverPath(); ok {
		start(path)
	}
}

// Status reports the preload: whether one started, the driver's path, and
// once it ended (done), how long it took in milliseconds and its error,
// nil when the driver is loaded.
func Status() (started bool, path string, ms float64, done bool, err error) {
	var p, e *C.char
	var cms C.double
	s := C.glp_status(&p, &e, &cms)
	if s == C.GLP_OFF {
		return false, "", 0, false, nil
	}
	path = C.GoString(p)
	if s == C.GLP_LOADING {
		return true, path, 0, false, nil
	}
	if s == C.GLP_FAILED {
		err = errors.New(C.GoString(e))
	}
	return true, path, float64(cms), true, err
}

// start starts loading the library at path on a thread of its own; only
// the first call of the process does.
func start(path string) bool {
	c := C.CString(path)
	defer C.free(unsafe.Pointer(c))
	return C.glp_start(c) != 0
}
