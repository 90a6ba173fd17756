enum { GLP_OFF, GLP_LOADING, GLP_LOADED, GLP_FAILED };

int glp_start(const char *path);
int glp_status(char **path, char **error, double *ms);

void glp_pid_cache(void);
int glp_pid_cached(void);
int glp_pid_in_child(int *child);
int glp_getpid_found(void);

int glp_heap_prepare(long size);
void glp_heap_settle(void);
int glp_heap_mapped(long size);
void glp_heap_touch(long size);
