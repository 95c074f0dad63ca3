#include "cpostgres.h"
#include <dlfcn.h>
#include <poll.h>
#include <stdio.h>

int iql_libpq_open(const char *file, struct iql_libpq *out, char *error, size_t size) {
    // RTLD_LOCAL: libpq's own dependencies stay out of the global symbol scope.
    void *lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(error, size, "%s", dlerror());
        return -1;
    }
    void *f;
#define IQL_LIBPQ_RESOLVE(name) \
    if (!(f = dlsym(lib, #name))) { \
        snprintf(error, size, "%s", dlerror()); \
        dlclose(lib); \
        return -1; \
    } \
    out->name = (__typeof__(name) *)f;
    IQL_LIBPQ_FUNCTIONS(IQL_LIBPQ_RESOLVE)
#undef IQL_LIBPQ_RESOLVE
    return 0;
}

int iql_pq_wait_readable(const struct iql_libpq *pq, const PGconn *conn, int ms) {
    struct pollfd p;
    p.fd = pq->PQsocket(conn);
    p.events = POLLIN;
    p.revents = 0;
    if (p.fd < 0) return -1;
    return poll(&p, 1, ms);
}
