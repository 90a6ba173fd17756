// Package glpreload loads the system's Mesa GL driver while the program
// starts, so that the first window does not wait for it.
//
// Mesa's DRI driver is one large library (25 MB on Debian 12, linked with
// LLVM's 117 MB) that the Mesa drivers share, the software renderer's and
// the GPUs' alike. GLFW has it opened when the first window makes its GL
// context, on the UI thread: 60–100 ms of relocations and page faults on
// this project's test machines, on the path to the first frame. This
// package's init function starts the same load on a thread of its own,
// while the other packages' init functions and main's start run on the
// other core; when GLFW asks for the driver, the dynamic loader hands it
// the library already mapped and relocated.
//
// Why a module of its own: since Go 1.21 packages are initialised in the
// order of their import paths, each once its own imports are (see module
// clocale). A package of the module "vigia" would start the load after
// nearly every other package's init, too late to end before GLFW's. This
// one imports only errors, os, runtime and strings, and starts it about
// 15 ms after exec, once the Go runtime has started its first threads:
// while the dynamic loader relocates a library, a thread being created
// waits (glibc 2.36), and a load started from a C constructor, before the
// runtime starts, held up the whole start.
//
// The preload is best effort and does nothing but load a library:
//
//   - Linux with cgo only, and only for a window: not when DISPLAY is
//     unset, and not when an argument is a word (a command such as
//     "vigia run", or a flag's value written apart, "--log-dir DIR") or
//     asks for the version or the help, so that the command line never
//     pays for it, nor does a Go test binary (-test.*);
//   - not when the NVIDIA driver is loaded (its own GL library serves the
//     X server then) unless __GLX_VENDOR_LIBRARY_NAME=mesa or
//     LIBGL_ALWAYS_SOFTWARE asks for Mesa, nor when
//     __GLX_VENDOR_LIBRARY_NAME names another vendor;
//   - not when VIGIA_GL_PRELOAD=0;
//   - the driver is looked for where Mesa looks (DriverPath): in the
//     directories of LIBGL_DRIVERS_PATH when it is set, else in
//     /usr/lib/<triplet>/dri, /usr/lib64/dri and /usr/lib/dri.
//
// The library is opened RTLD_LOCAL, so its symbols join the program's
// global scope only when Mesa itself opens it (RTLD_GLOBAL then promotes
// it): a wrong guess costs the load's time on the other core and its
// memory, and changes nothing else. Status reports what happened, for the
// log (event gl_preload).
//
// The same start (any GL vendor's, but not with VIGIA_GL_PRELOAD=0) also
// turns on this package's getpid, which answers libraries from memory in
// place of libc's system call: glvnd calls it on every GLX call, about
// 26 000 times before the first window is mapped (pid_linux.go); and it
// has libc's heap on transparent huge pages until the first frame, when
// the program calls SettleHeap (heap_linux.go).
package glpreload
