package glpreload

import "strings"

// env is what the preload's decision reads from the environment.
type env struct {
	display  string // DISPLAY: Vigía's window is X11's (or XWayland's)
	optout   string // VIGIA_GL_PRELOAD
	vendor   string // __GLX_VENDOR_LIBRARY_NAME
	software string // LIBGL_ALWAYS_SOFTWARE
	nvidia   bool   // /proc/driver/nvidia/version exists
}

// wanted reports whether a process started with args (the arguments after
// the program's name) in e will open a window with Mesa's GL driver, as
// far as can be told before the command line is parsed (doc.go): a wrong
// no costs the preload's gain, a wrong yes the load's time on the other
// core and its memory.
func wanted(args []string, e env) bool {
	return opensWindow(args, e) && mesa(e)
}

// mesa reports whether GL will be Mesa's in e: unless the NVIDIA driver is
// loaded or glvnd is told to use another vendor.
func mesa(e env) bool {
	software := e.software != "" && e.software != "0"
	if e.vendor != "" {
		return e.vendor == "mesa"
	}
	return software || !e.nvidia
}

// opensWindow reports whether a process started with args in e will open
// a window and its start may be sped up (VIGIA_GL_PRELOAD is not 0), as
// far as can be told before the command line is parsed.
func opensWindow(args []string, e env) bool {
	if e.display == "" {
		return false
	}
	if e.optout == "0" {
		return false
	}
	for _, a := range args {
		// A word that is not a flag is a command (vigia run …) or a
		// flag's value (--log-dir DIR): the first opens no window, and
		// the second can't be told from it here.
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			return false
		}
		if strings.HasPrefix(a, "-test.") { // a Go test binary
			return false
		}
		switch strings.TrimLeft(a, "-") {
		case "version", "help", "h":
			return false
		}
	}
	return true
}
