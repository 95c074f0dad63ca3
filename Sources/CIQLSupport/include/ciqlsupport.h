#ifndef CIQLSUPPORT_H
#define CIQLSUPPORT_H
// C library calls that Swift cannot reach through Glibc's module map.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <wchar.h>
#include <pthread.h>
#include <stddef.h>

/// Display width of one character in the calling thread's locale (wcwidth(3)).
static inline int iql_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/// Lowest address and size of the calling thread's stack; returns 0 on success.
static inline int iql_stack_bounds(void **low, size_t *size) {
#if defined(__linux__)
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return -1;
    int rc = pthread_attr_getstack(&attr, low, size);
    pthread_attr_destroy(&attr);
    return rc;
#else
    (void)low; (void)size;
    return -1;
#endif
}

/// Temporary files a writer has not yet renamed into place. A SIGINT or SIGTERM that
/// would end the process unlinks them first (the handler, installed on the first
/// registration, uses only async-signal-safe calls; a handler installed before it,
/// such as the REPL's Ctrl-C flag, is called instead, since the process lives on).
/// Returns a slot for `iql_temp_unregister`, or -1 when every slot is taken.
int iql_temp_register(const char *path);
/// Forgets a registered temporary file (it was renamed or removed).
void iql_temp_unregister(int slot);

#endif
