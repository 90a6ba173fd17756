enum { GLP_OFF, GLP_LOADING, GLP_LOADED, GLP_FAILED };

int glp_start(const char *path);
int glp_status(char **path, char **error, double *ms);
