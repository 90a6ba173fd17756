package app

import (
	"os"
	"syscall"
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0)

var (
	kernel32          = syscall.NewLazyDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
	procSetStdHandle  = kernel32.NewProc("SetStdHandle")
)

// attachConsole gives a GUI-subsystem vigia.exe (linked with -H=windowsgui,
// so Windows gives it no console) the console of the program that started
// it, so that "vigia.exe --version", "--help" and the commands answer in the
// cmd or PowerShell window they were typed in. Standard handles that are
// already usable (redirected to a file or a pipe) are kept. Started from
// Explorer or a shortcut there is no parent console and nothing changes.
// It must run before anything reads os.Stdout or os.Stderr.
func attachConsole() {
	outOK, errOK := usable(syscall.STD_OUTPUT_HANDLE), usable(syscall.STD_ERROR_HANDLE)
	if outOK && errOK {
		return
	}
	// ERROR_ACCESS_DENIED means this process has a console already (wine
	// gives one to GUI programs, for one): use it.
	if r, _, err := procAttachConsole.Call(attachParentProcess); r == 0 && err != syscall.ERROR_ACCESS_DENIED {
		return
	}
	if !outOK {
		if f := openConsoleOutput(syscall.STD_OUTPUT_HANDLE); f != nil {
			os.Stdout = f
		}
	}
	if !errOK {
		if f := openConsoleOutput(syscall.STD_ERROR_HANDLE); f != nil {
			os.Stderr = f
		}
	}
}

// usable reports whether the standard handle std refers to something that
// can be written: a console, a file or a pipe.
func usable(std int) bool {
	h, err := syscall.GetStdHandle(std)
	if err != nil || h == 0 || h == syscall.InvalidHandle {
		return false
	}
	t, err := syscall.GetFileType(h)
	return err == nil && t != syscall.FILE_TYPE_UNKNOWN
}

// openConsoleOutput opens the attached console's screen buffer and makes it
// the standard handle std too, for code that asks Windows for it.
func openConsoleOutput(std int) *os.File {
	f, err := os.OpenFile("CONOUT$", os.O_RDWR, 0)
	if err != nil {
		return nil
	}
	stdHandle := uintptr(uint32(int32(std))) // STD_*_HANDLE are negative DWORDs
	procSetStdHandle.Call(stdHandle, f.Fd())
	return f
}
