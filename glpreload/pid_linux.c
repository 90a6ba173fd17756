// The C half of getpid answered from memory (pid_linux.go).

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "preload.h"

static atomic_int glp_pid_on; // set by glp_pid_cache; until then every call asks the kernel
static atomic_int glp_pid;    // the process's ID once asked; 0 in a child until it asks

// getpid takes the place of libc's for every library of the process: the
// program's own definition comes first in the dynamic loader's lookup.
pid_t getpid(void) {
	if (!atomic_load_explicit(&glp_pid_on, memory_order_relaxed)) return (pid_t)syscall(SYS_getpid);
	pid_t pid = atomic_load_explicit(&glp_pid, memory_order_relaxed);
	if (pid == 0) {
		pid = (pid_t)syscall(SYS_getpid);
		atomic_store_explicit(&glp_pid, pid, memory_order_relaxed);
	}
	return pid;
}

// glp_pid_forget runs in a child made by fork: it has an ID of its own.
static void glp_pid_forget(void) { atomic_store_explicit(&glp_pid, 0, memory_order_relaxed); }

void glp_pid_cache(void) {
	static atomic_int once;
	if (atomic_exchange(&once, 1)) return;
	pthread_atfork(NULL, NULL, glp_pid_forget);
	atomic_store(&glp_pid_on, 1);
}

int glp_pid_cached(void) { return atomic_load(&glp_pid_on); }

// glp_pid_in_child forks a child that writes what getpid tells it into a
// pipe and exits; it returns what the child was told, and the child's ID in
// *child (the tests' check of the fork handler), or -1.
int glp_pid_in_child(int *child) {
	int fds[2];
	if (pipe(fds) != 0) return -1;
	pid_t c = fork();
	if (c < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (c == 0) {
		pid_t p = getpid();
		(void)!write(fds[1], &p, sizeof p);
		_exit(0);
	}
	close(fds[1]);
	pid_t told = -1;
	if (read(fds[0], &told, sizeof told) != sizeof told) told = -1;
	close(fds[0]);
	int status;
	waitpid(c, &status, 0);
	*child = c;
	return told;
}

// glp_getpid_found reports whether the dynamic loader hands a library
// asking for getpid this file's, rather than libc's (the next one).
int glp_getpid_found(void) {
	void *first = dlsym(RTLD_DEFAULT, "getpid");
	return first == (void *)getpid && first != dlsym(RTLD_NEXT, "getpid");
}
