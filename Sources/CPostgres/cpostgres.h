// libpq, PostgreSQL's C client library, for Swift (read_postgres and --db).
#ifndef CPOSTGRES_H
#define CPOSTGRES_H

#if !__has_include(<libpq-fe.h>)
#error "libpq headers not found: install them with 'apt-get install -y libpq-dev'"
#endif

#include <libpq-fe.h>
#include <poll.h>

/// Waits up to `ms` milliseconds for the connection's socket to become readable:
/// 1 when it is, 0 on timeout, -1 on error (then errno says why). poll(2) on one
/// descriptor, so that a waiting query can check the engine's interrupt between waits.
static inline int iql_pq_wait_readable(const PGconn *conn, int ms) {
    struct pollfd p;
    p.fd = PQsocket(conn);
    p.events = POLLIN;
    p.revents = 0;
    if (p.fd < 0) return -1;
    return poll(&p, 1, ms);
}

#endif
