package app

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestAdviseHugePages: the memory's mapping carries the advice (its
// VmFlags in /proc/self/smaps show "hg"), whatever the system's setting.
// A kernel built without transparent huge pages refuses the advice.
func TestAdviseHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skipf("a kernel without transparent huge pages: %v", err)
	}
	b, err := unix.Mmap(-1, 0, 4<<20, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(b)
	addr := uintptr(unsafe.Pointer(&b[0]))
	if flags := vmFlags(t, addr); hasFlag(flags, "hg") {
		t.Fatalf("a new mapping is advised before the call: %q", flags)
	}
	adviseHugePages(b)
	if flags := vmFlags(t, addr); !hasFlag(flags, "hg") {
		t.Errorf("VmFlags %q of the advised memory lack hg (MADV_HUGEPAGE)", flags)
	}
	adviseHugePages(nil) // nothing to advise, no error
}

func hasFlag(flags, f string) bool { return strings.Contains(" "+flags+" ", " "+f+" ") }

// vmFlags returns the VmFlags line of the mapping holding addr.
func vmFlags(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if from, to, ok := mappingRange(line); ok {
			in = from <= addr && addr < to
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	t.Fatalf("no mapping holds %#x (%v)", addr, sc.Err())
	return ""
}

// mappingRange parses the address range that starts a mapping's entry.
func mappingRange(line string) (from, to uintptr, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	lo, hi, found := strings.Cut(field, "-")
	if !found {
		return 0, 0, false
	}
	a, err1 := strconv.ParseUint(lo, 16, 64)
	b, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(a), uintptr(b), true
}
