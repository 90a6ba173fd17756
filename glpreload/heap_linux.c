// The C half of the start's C heap on huge pages (heap_linux.go).

#include <malloc.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "preload.h"

#define GLP_HUGE (2L << 20)

static atomic_int glp_heap_state; // 0 untouched, 1 prepared, 2 settled

int glp_heap_prepare(long size) {
	int untouched = 0;
	if (!atomic_compare_exchange_strong(&glp_heap_state, &untouched, 1)) return 0;
	// Blocks up to 32 MB come from the heap rather than mappings of
	// their own, and freed memory stays in it, until glp_heap_settle.
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	char *p = malloc(size);
	if (p == NULL) return 0;
	uintptr_t from = ((uintptr_t)p + GLP_HUGE - 1) & ~(uintptr_t)(GLP_HUGE - 1);
	uintptr_t to = ((uintptr_t)p + size) & ~(uintptr_t)(GLP_HUGE - 1);
	int ok = to > from && madvise((void *)from, to - from, MADV_HUGEPAGE) == 0;
	free(p); // back to the top of the heap, where the next blocks are cut
	return ok;
}

void glp_heap_settle(void) {
	int prepared = 1;
	if (!atomic_compare_exchange_strong(&glp_heap_state, &prepared, 2)) return;
	// glibc's defaults (fixed, as setting them does), and what is free
	// goes back to the system.
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
	mallopt(M_TRIM_THRESHOLD, 128 << 10);
	malloc_trim(0);
}

// glp_heap_mapped reports whether a block of size bytes gets a mapping of
// its own rather than a place in the heap, and glp_heap_touch writes a
// block of size bytes and frees it (the tests' checks).
int glp_heap_mapped(long size) {
	size_t before = mallinfo2().hblks;
	void *p = malloc(size);
	size_t after = mallinfo2().hblks;
	free(p);
	return after > before;
}

void glp_heap_touch(long size) {
	volatile char *p = malloc(size); // volatile: the writes are not elided
	for (long i = 0; p != NULL && i < size; i += 4096) p[i] = 1;
	free((void *)p);
}
