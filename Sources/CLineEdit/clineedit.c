#include "clineedit.h"
#include <dlfcn.h>
#include <stdio.h>

int iql_libedit_open(const char *file, struct iql_libedit *out, char *error, size_t size) {
    // RTLD_LOCAL: libedit's own dependencies stay out of the global symbol scope.
    void *lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(error, size, "%s", dlerror());
        return -1;
    }
    void *f;
#define IQL_LIBEDIT_RESOLVE(name) \
    if (!(f = dlsym(lib, #name))) { \
        snprintf(error, size, "%s", dlerror()); \
        dlclose(lib); \
        return -1; \
    } \
    out->name = (__typeof__(name) *)f;
    IQL_LIBEDIT_FUNCTIONS(IQL_LIBEDIT_RESOLVE)
#undef IQL_LIBEDIT_RESOLVE
    return 0;
}
