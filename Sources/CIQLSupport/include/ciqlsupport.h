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

#endif
