package app

import "golang.org/x/sys/unix"

// adviseHugePages asks Linux to back b with transparent huge pages
// (madvise MADV_HUGEPAGE), which the default setting of most systems
// ("madvise" in /sys/kernel/mm/transparent_hugepage/enabled) grants only
// to memory so marked. The advice is best effort: refused or unsupported,
// the memory keeps its 4 KB pages.
func adviseHugePages(b []byte) {
	if len(b) > 0 {
		_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
	}
}
