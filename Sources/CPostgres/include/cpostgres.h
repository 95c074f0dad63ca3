// libpq, PostgreSQL's C client library, for Swift (read_postgres and --db), loaded with
// dlopen when a database is first named rather than linked: libpq pulls in about 25
// shared libraries (Kerberos, LDAP, GnuTLS, OpenSSL) whose loading dominated the start
// of every `iql` run. Only libpq's declarations come from libpq-fe.h; no symbol of it
// is referenced at link time.
#ifndef CPOSTGRES_H
#define CPOSTGRES_H

#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#elif __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#error "libpq headers not found: install them with 'apt-get install -y libpq-dev'"
#endif
#include <stddef.h>

/// The libpq functions iql calls, once each: X(name).
#define IQL_LIBPQ_FUNCTIONS(X) \
    X(PQconnectdbParams) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQsetNoticeProcessor) \
    X(PQtransactionStatus) X(PQsocket) X(PQsendQuery) X(PQisBusy) X(PQconsumeInput) \
    X(PQgetResult) X(PQresultStatus) X(PQresultErrorField) X(PQresultErrorMessage) X(PQclear) \
    X(PQnfields) X(PQfname) X(PQftype) X(PQftable) X(PQftablecol) X(PQntuples) \
    X(PQgetisnull) X(PQgetvalue) X(PQgetCancel) X(PQcancel) X(PQfreeCancel) \
    X(PQhost) X(PQport) X(PQdb) X(PQconninfoParse) X(PQconninfoFree)

/// Pointers to libpq's functions, typed by the header's own declarations.
struct iql_libpq {
#define IQL_LIBPQ_FIELD(name) __typeof__(name) * _Nonnull name;
    IQL_LIBPQ_FUNCTIONS(IQL_LIBPQ_FIELD)
#undef IQL_LIBPQ_FIELD
};

/// Opens the shared library `file` and resolves every function into `out`: 0 on
/// success; -1 when the library or one of its functions is missing, with dlerror's
/// text in `error` (of `size` bytes). The library stays loaded for the process.
int iql_libpq_open(const char * _Nonnull file, struct iql_libpq * _Nonnull out, char * _Nonnull error, size_t size);

/// Waits up to `ms` milliseconds for the connection's socket to become readable:
/// 1 when it is, 0 on timeout, -1 on error (then errno says why). poll(2) on one
/// descriptor, so that a waiting query can check the engine's interrupt between waits.
int iql_pq_wait_readable(const struct iql_libpq * _Nonnull pq, const PGconn * _Nonnull conn, int ms);

#endif
