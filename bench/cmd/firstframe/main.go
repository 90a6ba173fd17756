// Command firstframe measures how long windowed programs take to show their
// window, and how much memory they hold once shown. bench/report.sh runs it on
// Vigía and on the bare Fyne window (cmd/fynehello) under the same Xvfb.
//
//	firstframe [-runs 5] [-settle 2s] REGEXP PROGRAM [REGEXP PROGRAM]…
//
// Each run starts PROGRAM (no arguments) and times, from just before the exec:
//
//   - mapped: the X server's MapNotify for a top-level window whose name
//     (_NET_WM_NAME, else WM_NAME) matches REGEXP; the tool listens on the
//     root window for the event, it does not poll for it;
//   - frame: the first time that window, once mapped, shows two colours
//     other than black in rows sampled across it, 32 or one every 8 pixels
//     (XGetImage every 2 ms).
//     Under Xvfb started with -br an unpainted window is uniformly black,
//     and a window only cleared shows its background colour and black, so
//     this is the first frame the program drew with something in it;
//     -shots saves what the window showed then, to check.
//
// Then it waits -settle and reads VmRSS from /proc/PID/status, sends SIGTERM
// and waits for the exit (SIGKILL after 15 s). Each program is run once first
// and that run discarded, so that every measured run starts with the files in
// the page cache and the program's settings already written. The programs
// then take turns, run after run, so that a machine whose load changes
// during the measurement weighs on all of them alike. Each program has its
// own fresh HOME (and XDG directories), created and removed by the tool.
//
// It prints one line per run and then one line per program, for
// bench/report.sh:
//
//	RESULT program=NAME runs=N mapped_ms=MEDIAN frame_ms=MEDIAN rss_kb=MEDIAN
package main

/*
#cgo LDFLAGS: -lX11
#include <stdlib.h>
#include <string.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>

// A window may vanish between an event and a request about it: errors are
// expected, and must not end the process as Xlib's default handler would.
static int ignoreError(Display *d, XErrorEvent *e) { return 0; }
static void quietErrors(void) { XSetErrorHandler(ignoreError); }

static void listenRoot(Display *d) {
	XSelectInput(d, DefaultRootWindow(d), SubstructureNotifyMask);
	XSync(d, False);
}

// nextMap returns the window of the next MapNotify among the pending events,
// or 0 when none is pending.
static Window nextMap(Display *d) {
	XEvent e;
	while (XPending(d) > 0) {
		XNextEvent(d, &e);
		if (e.type == MapNotify) {
			return e.xmap.window;
		}
	}
	return 0;
}

// windowName copies w's _NET_WM_NAME (else WM_NAME) into buf, NUL-terminated.
static void windowName(Display *d, Window w, char *buf, int size) {
	buf[0] = 0;
	Atom props[2] = {XInternAtom(d, "_NET_WM_NAME", False), XA_WM_NAME};
	for (int i = 0; i < 2; i++) {
		Atom type;
		int format;
		unsigned long n, after;
		unsigned char *v = NULL;
		if (XGetWindowProperty(d, w, props[i], 0, size/4, False, AnyPropertyType,
				&type, &format, &n, &after, &v) == Success && v != NULL) {
			if (format == 8 && n > 0) {
				int m = n < (unsigned long)(size-1) ? (int)n : size-1;
				memcpy(buf, v, m);
				buf[m] = 0;
				XFree(v);
				return;
			}
			XFree(v);
		}
	}
}

// painted reports whether w is viewable and shows two colours other than
// black in rows sampled evenly across it, 32 or one every 8 pixels. Under
// Xvfb started with -br what a program has not painted is black; one
// colour is not a frame either: a window shown before its content is set is cleared to its
// background colour, and with a test of two colours, black counted, a
// third of the runs took such a window, half cleared, for a frame.
static int painted(Display *d, Window w) {
	XWindowAttributes a;
	if (!XGetWindowAttributes(d, w, &a) || a.map_state != IsViewable || a.width < 1 || a.height < 1) {
		return 0;
	}
	// A row every 8 pixels at least: a line of text is taller, so no
	// text can fall between two rows.
	int rows = a.height / 8 > 32 ? a.height / 8 : 32;
	unsigned long black = BlackPixel(d, DefaultScreen(d));
	unsigned long first = 0;
	int have = 0;
	for (int i = 0; i < rows; i++) {
		int y = (a.height * (2*i + 1)) / (2*rows);
		XImage *img = XGetImage(d, w, 0, y, a.width, 1, AllPlanes, ZPixmap);
		if (img == NULL) {
			continue;
		}
		for (int x = 0; x < a.width; x++) {
			unsigned long p = XGetPixel(img, x, 0);
			if (p == black) {
				continue;
			}
			if (!have) {
				first = p;
				have = 1;
			} else if (p != first) {
				XDestroyImage(img);
				return 1;
			}
		}
		XDestroyImage(img);
	}
	return 0;
}

// grab copies w's pixels as 8-bit RGBA, opaque, into a new buffer (free
// it), or returns NULL; the size goes to *width and *height.
static unsigned char *grab(Display *d, Window w, int *width, int *height) {
	XWindowAttributes a;
	if (!XGetWindowAttributes(d, w, &a) || a.width < 1 || a.height < 1) {
		return NULL;
	}
	XImage *img = XGetImage(d, w, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
	if (img == NULL) {
		return NULL;
	}
	unsigned char *buf = malloc((size_t)a.width * a.height * 4);
	if (buf != NULL) {
		for (int y = 0; y < a.height; y++) {
			for (int x = 0; x < a.width; x++) {
				unsigned long p = XGetPixel(img, x, y);
				unsigned char *o = buf + ((size_t)y * a.width + x) * 4;
				o[0] = (p >> 16) & 255;
				o[1] = (p >> 8) & 255;
				o[2] = p & 255;
				o[3] = 255;
			}
		}
	}
	XDestroyImage(img);
	*width = a.width;
	*height = a.height;
	return buf;
}
*/
import "C"

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// shots is the -shots folder, empty for none.
var shots string

type result struct {
	mapped, frame time.Duration
	rssKB         int64
}

// program is one program under measurement.
type program struct {
	path string
	name *regexp.Regexp
	env  []string
	runs []result
}

func main() {
	runs := flag.Int("runs", 5, "measured runs of each program (one more is made first and discarded)")
	settle := flag.Duration("settle", 2*time.Second, "wait after the first frame before reading VmRSS")
	timeout := flag.Duration("timeout", 90*time.Second, "longest wait for the window and its first frame")
	logFile := flag.String("log", "", "append the programs' output to this file (default: discard)")
	flag.StringVar(&shots, "shots", "", "save what each window showed when its first frame was seen, as `DIR`/PROGRAM-RUN.png, to check that it is the program's frame")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: firstframe [flags] REGEXP PROGRAM [REGEXP PROGRAM]…")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || flag.NArg()%2 != 0 || *runs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := measure(flag.Args(), *runs, *settle, *timeout, *logFile); err != nil {
		fmt.Fprintf(os.Stderr, "firstframe: %v\n", err)
		os.Exit(1)
	}
}

func measure(args []string, runs int, settle, timeout time.Duration, logFile string) error {
	var progs []*program
	for i := 0; i < len(args); i += 2 {
		re, err := regexp.Compile(args[i])
		if err != nil {
			return err
		}
		home, err := os.MkdirTemp("", "firstframe-home-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(home)
		progs = append(progs, &program{path: args[i+1], name: re, env: append(os.Environ(), "HOME="+home,
			"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_DATA_HOME="+filepath.Join(home, ".local/share"),
			"XDG_STATE_HOME="+filepath.Join(home, ".local/state"), "XDG_CACHE_HOME="+filepath.Join(home, ".cache"))})
	}
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			return err
		}
	}
	var out *os.File
	if logFile != "" {
		var err error
		if out, err = os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err != nil {
			return err
		}
		defer out.Close()
	}

	runtime.LockOSThread() // Xlib calls stay on one thread
	disp := C.XOpenDisplay(nil)
	if disp == nil {
		return fmt.Errorf("can't open display %q", os.Getenv("DISPLAY"))
	}
	defer C.XCloseDisplay(disp)
	C.quietErrors()
	C.listenRoot(disp)

	for i := 0; i <= runs; i++ {
		for _, p := range progs {
			r, err := run(disp, p, out, settle, timeout, fmt.Sprintf("%s-%d.png", filepath.Base(p.path), i))
			if err != nil {
				return fmt.Errorf("%s, run %d: %w", p.path, i, err)
			}
			label := fmt.Sprintf("run %d", i)
			if i == 0 {
				label = "warm-up (discarded)"
			} else {
				p.runs = append(p.runs, r)
			}
			fmt.Printf("%s %s: mapped %.1f ms, frame %.1f ms, VmRSS %d kB\n", filepath.Base(p.path), label, ms(float64(r.mapped)), ms(float64(r.frame)), r.rssKB)
		}
	}
	for _, p := range progs {
		fmt.Printf("RESULT program=%s runs=%d mapped_ms=%.1f frame_ms=%.1f rss_kb=%d\n", filepath.Base(p.path), len(p.runs),
			ms(median(p.runs, func(r result) int64 { return int64(r.mapped) })),
			ms(median(p.runs, func(r result) int64 { return int64(r.frame) })),
			int64(median(p.runs, func(r result) int64 { return r.rssKB })))
	}
	return nil
}

// run starts the program once and measures it.
func run(disp *C.Display, p *program, out *os.File, settle, timeout time.Duration, shot string) (result, error) {
	for C.nextMap(disp) != 0 { // events from before this run
	}
	cmd := exec.Command(p.path)
	cmd.Env = p.env
	if out != nil {
		cmd.Stdout, cmd.Stderr = out, out
	}
	exited := make(chan error, 1)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}

	var r result
	var win, unnamed []C.Window
	deadline := start.Add(timeout)
	for r.frame == 0 {
		select {
		case err := <-exited:
			return r, fmt.Errorf("exited before its first frame: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			stop()
			return r, fmt.Errorf("no window matching %q, or no frame, before -timeout", p.name)
		}
		if len(win) == 0 {
			for w := C.nextMap(disp); w != 0; w = C.nextMap(disp) {
				unnamed = append(unnamed, w)
			}
			// A window may be named after it is mapped: look again each time.
			for i, w := range unnamed {
				if p.name.MatchString(windowName(disp, w)) {
					r.mapped = time.Since(start)
					win = []C.Window{w}
					unnamed = slices.Delete(unnamed, i, i+1)
					break
				}
			}
			if len(win) == 0 {
				time.Sleep(time.Millisecond)
				continue
			}
		}
		if C.painted(disp, win[0]) != 0 {
			r.frame = time.Since(start)
			if shots != "" {
				if err := saveShot(disp, win[0], filepath.Join(shots, shot)); err != nil {
					stop()
					return r, err
				}
			}
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	time.Sleep(settle)
	rss, err := vmRSS(cmd.Process.Pid)
	stop()
	r.rssKB = rss
	return r, err
}

// saveShot writes what w shows now to path as a PNG.
func saveShot(disp *C.Display, w C.Window, path string) error {
	var width, height C.int
	buf := C.grab(disp, w, &width, &height)
	if buf == nil {
		return fmt.Errorf("could not read the window's pixels for %s", path)
	}
	defer C.free(unsafe.Pointer(buf))
	img := &image.RGBA{Pix: C.GoBytes(unsafe.Pointer(buf), width*height*4), Stride: int(width) * 4, Rect: image.Rect(0, 0, int(width), int(height))}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func windowName(disp *C.Display, w C.Window) string {
	buf := (*C.char)(C.malloc(1024))
	defer C.free(unsafe.Pointer(buf))
	C.windowName(disp, w, buf, 1024)
	return C.GoString(buf)
}

// vmRSS reads the resident set size of process pid, in kB.
func vmRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS in /proc/PID/status")
}

func median(rs []result, f func(result) int64) float64 {
	vs := make([]int64, len(rs))
	for i, r := range rs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return float64(vs[n/2])
	}
	return float64(vs[n/2-1]+vs[n/2]) / 2
}

func ms(d float64) float64 { return d / float64(time.Millisecond) }
