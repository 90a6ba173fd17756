// The C half of package glpreload: the load of Mesa's GL driver, on a
// thread of its own (see doc.go).

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "preload.h"

static atomic_int glp_state; // GLP_OFF until glp_start
static char glp_path[1024];  // written by glp_start before the thread starts
static char glp_error[512];  // written before glp_state leaves GLP_LOADING
static double glp_ms;        // likewise

static double glp_now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void glp_load(const char *path) {
	double t0 = glp_now_ms();
	// glvnd's vendor library for Mesa, then the driver. RTLD_LOCAL: the
	// driver's symbols join the global scope only when Mesa opens it
	// (RTLD_GLOBAL then promotes it), so a file that is not the one Mesa
	// opens costs time and memory and nothing else.
	(void)dlopen("libGLX_mesa.so.0", RTLD_NOW | RTLD_LOCAL);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	glp_ms = glp_now_ms() - t0;
	if (h == NULL) {
		const char *e = dlerror();
		snprintf(glp_error, sizeof glp_error, "%s", e ? e : "dlopen failed");
		atomic_store(&glp_state, GLP_FAILED);
		return;
	}
	atomic_store(&glp_state, GLP_LOADED); // the handle is kept: Mesa keeps it too
}

static void *glp_thread(void *arg) {
	(void)arg;
	glp_load(glp_path);
	return NULL;
}

int glp_status(char **path, char **error, double *ms) {
	int s = atomic_load(&glp_state);
	*path = glp_path;
	*error = glp_error;
	*ms = (s == GLP_LOADED || s == GLP_FAILED) ? glp_ms : 0;
	return s;
}

int glp_start(const char *path) {
	int off = GLP_OFF;
	if (!atomic_compare_exchange_strong(&glp_state, &off, GLP_LOADING)) return 0; // once
	snprintf(glp_path, sizeof glp_path, "%s", path);
	pthread_attr_t attr;
	pthread_t t;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	// The thread blocks every signal, so that none meant for the process
	// is delivered to a thread the Go runtime does not know.
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int err = pthread_create(&t, &attr, glp_thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		snprintf(glp_error, sizeof glp_error, "no thread for the preload");
		atomic_store(&glp_state, GLP_FAILED);
	}
	pthread_attr_destroy(&attr);
	return 1;
}
