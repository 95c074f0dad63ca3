import CPostgres
import Foundation

/// A connection to a PostgreSQL server through libpq, and the queries sent on it.
///
/// libpq reads the password from the URL, `PGPASSWORD` or `~/.pgpass` and speaks every
/// authentication method; iql never prints a password: messages name the server as
/// `host:port/db`, and any text libpq returns is scrubbed of the password it was given.
/// A query waits for its answer in slices of 50 ms, calling back between them, so
/// that the engine's interrupt (Ctrl-C, a host's cancel) or time limit cancels it on
/// the server (PQcancel) instead of hanging.
///
/// libpq is opened (``LibPQ``) when the first connection is made, not linked: a run
/// that names no database never loads it or the libraries it needs.
final class PostgresConnection {
    /// What went wrong, in a sentence without the password.
    struct Failure: Error {
        /// `library`: libpq (or one of its functions) could not be loaded.
        enum Kind { case library, connect, authentication, sql, timeout, cancelled, lost }
        let kind: Kind
        let message: String
        /// `host:port/db` of the server; for `library`, the library's file name.
        let server: String
        /// Byte offset (from 1) in the SQL text that the server blamed, if any.
        var position: Int? = nil
    }

    private let pq: iql_libpq
    private let conn: OpaquePointer
    /// `host:port/db`, for messages.
    let server: String
    private let secret: String?

    /// Connects to the server at `url` (a `postgresql://` URL or `key=value` string).
    /// - Parameter timeoutSeconds: libpq's `connect_timeout` unless the URL sets one.
    init(url: String, timeoutSeconds: Int) throws {
        let pq = try LibPQ.functions()
        let secret = PostgresConnection.password(in: url, pq)
        // Later keywords win: the URL's own settings override these defaults.
        let pairs: [(String, String)] = [
            ("connect_timeout", String(max(1, timeoutSeconds))),
            ("client_encoding", "UTF8"),
            ("application_name", "iql"),
            // Read-only, as read_sqlite opens its file: a query cannot change the database.
            ("options", "-c DateStyle=ISO,YMD -c default_transaction_read_only=on"),
            ("dbname", url),
        ]
        let keys = pairs.map { strdup($0.0) }, values = pairs.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        let kp = keys.map { UnsafePointer<CChar>($0) } + [nil]
        let vp = values.map { UnsafePointer<CChar>($0) } + [nil]
        guard let c = pq.PQconnectdbParams(kp, vp, 1) else {
            throw Failure(kind: .connect, message: "out of memory", server: "PostgreSQL")
        }
        let server = PostgresConnection.describe(c, pq)
        // Every stored property is set only on success, so a failed connection is
        // finished here and never by deinit.
        guard pq.PQstatus(c) == CONNECTION_OK else {
            let text = PostgresConnection.scrub(String(cString: pq.PQerrorMessage(c)!), secret)
            pq.PQfinish(c)
            let auth = text.contains("authentication failed") || text.contains("no password supplied")
            throw Failure(kind: auth ? .authentication : .connect, message: PostgresConnection.firstLine(text), server: server)
        }
        // Notices (a DROP … IF EXISTS that had nothing to drop) are not errors: drop them.
        _ = pq.PQsetNoticeProcessor(c, { _, _ in }, nil)
        self.pq = pq
        self.conn = c
        self.server = server
        self.secret = secret
    }

    deinit { pq.PQfinish(conn) }

    /// Whether the connection still works (a dropped one is replaced by its pool).
    var isUsable: Bool { pq.PQstatus(conn) == CONNECTION_OK && pq.PQtransactionStatus(conn) == PQTRANS_IDLE }

    /// A result: column names, type OIDs and the cells as text (nil for null).
    struct Result {
        let names: [String]
        let types: [UInt32]
        /// The table (OID, 0 for none) and column number each column reads, when it is
        /// a plain column of a table.
        let origins: [(table: UInt32, column: Int32)]
        let rowCount: Int
        let cell: (Int, Int) -> String?
        fileprivate let owner: ResultBox
    }

    final class ResultBox {
        let res: OpaquePointer
        private let pq: iql_libpq
        init(_ r: OpaquePointer, _ pq: iql_libpq) { res = r; self.pq = pq }
        deinit { pq.PQclear(res) }
    }

    /// Runs `sql` and returns its last result. `check` is called while waiting and
    /// throws to stop; the query is then cancelled on the server and the error rethrown.
    /// - Parameter timeoutMilliseconds: the server's statement_timeout for this query; nil for none.
    func query(_ sql: String, timeoutMilliseconds: Double?, check: () throws -> Void) throws -> Result {
        let timeout = timeoutMilliseconds.map { max(1, Int($0.rounded(.up))) } ?? 0
        let prefix = "SET statement_timeout = \(timeout); "
        guard pq.PQsendQuery(conn, prefix + sql) == 1 else { throw lostOrFailure() }
        var last: OpaquePointer? = nil
        defer { if let r = last { pq.PQclear(r) } }
        while true {
            while pq.PQisBusy(conn) == 1 {
                do {
                    try check()
                } catch {
                    cancel()
                    throw error
                }
                let ready = waitReadable()
                if ready < 0 && errno != EINTR { throw lostOrFailure() }
                if ready > 0 && pq.PQconsumeInput(conn) == 0 { throw lostOrFailure() }
            }
            guard let r = pq.PQgetResult(conn) else { break }
            switch pq.PQresultStatus(r) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                if let old = last { pq.PQclear(old) }
                last = r
            default:
                let failure = self.failure(r, offset: prefix.utf8.count)
                pq.PQclear(r)
                drain()
                throw failure
            }
        }
        guard let r = last, pq.PQresultStatus(r) == PGRES_TUPLES_OK else {
            throw Failure(kind: .sql, message: "the statement returns no rows: give a table name or a SELECT", server: server)
        }
        last = nil
        let box = ResultBox(r, pq)
        let n = Int(pq.PQnfields(r))
        return Result(names: (0..<n).map { String(cString: pq.PQfname(r, Int32($0))!) },
                      types: (0..<n).map { pq.PQftype(r, Int32($0)) },
                      origins: (0..<n).map { (pq.PQftable(r, Int32($0)), pq.PQftablecol(r, Int32($0))) },
                      rowCount: Int(pq.PQntuples(r)),
                      cell: { [pq] row, col in
                          pq.PQgetisnull(box.res, Int32(row), Int32(col)) == 1 ? nil : String(cString: pq.PQgetvalue(box.res, Int32(row), Int32(col))!)
                      },
                      owner: box)
    }

    /// Waits up to 50 ms for the server's answer: 1 when there is some, 0 on timeout, -1 on error.
    private func waitReadable() -> Int32 {
        withUnsafePointer(to: pq) { iql_pq_wait_readable($0, conn, 50) }
    }

    /// Asks the server to stop the running query, then reads what is left of its answer.
    private func cancel() {
        if let c = pq.PQgetCancel(conn) {
            var buffer = [CChar](repeating: 0, count: 256)
            _ = pq.PQcancel(c, &buffer, Int32(buffer.count))
            pq.PQfreeCancel(c)
        }
        drain()
    }

    /// Reads and drops the remaining results, waiting at most a few seconds.
    private func drain() {
        let until = Date().addingTimeInterval(5)
        while Date() < until {
            while pq.PQisBusy(conn) == 1 && Date() < until {
                if waitReadable() < 0 && errno != EINTR { return }
                if pq.PQconsumeInput(conn) == 0 { return }
            }
            if pq.PQisBusy(conn) == 1 { return }
            guard let r = pq.PQgetResult(conn) else { return }
            pq.PQclear(r)
        }
    }

    private func failure(_ r: OpaquePointer, offset: Int) -> Failure {
        func field(_ code: Character) -> String? {
            pq.PQresultErrorField(r, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let state = field("C") ?? ""
        let message = PostgresConnection.firstLine(PostgresConnection.scrub(field("M") ?? String(cString: pq.PQresultErrorMessage(r)!), secret))
        if state == "57014" {
            // query_canceled: the statement timeout, or a cancel sent from elsewhere.
            return Failure(kind: message.contains("timeout") ? .timeout : .cancelled, message: message, server: server)
        }
        if state.hasPrefix("57P") || state.hasPrefix("08") || pq.PQstatus(conn) != CONNECTION_OK {
            return Failure(kind: .lost, message: message, server: server)
        }
        var f = Failure(kind: .sql, message: message, server: server)
        if let p = field("P").flatMap(Int.init), p > offset { f.position = p - offset }
        return f
    }

    private func lostOrFailure() -> Failure {
        let text = PostgresConnection.firstLine(PostgresConnection.scrub(String(cString: pq.PQerrorMessage(conn)!), secret))
        return Failure(kind: pq.PQstatus(conn) == CONNECTION_OK ? .sql : .lost, message: text, server: server)
    }

    // MARK: Text without secrets

    /// `host:port/db` of a connection (or of the one it tried to make).
    private static func describe(_ c: OpaquePointer, _ pq: iql_libpq) -> String {
        let host = pq.PQhost(c).map { String(cString: $0) } ?? ""
        let port = pq.PQport(c).map { String(cString: $0) } ?? ""
        let db = pq.PQdb(c).map { String(cString: $0) } ?? ""
        let shownHost = host.isEmpty || host.hasPrefix("/") ? "localhost" : host
        return "\(shownHost)\(port.isEmpty ? "" : ":" + port)/\(db)"
    }

    /// The password a URL or connection string carries, if any (so it can be scrubbed).
    static func password(in url: String, _ pq: iql_libpq) -> String? {
        guard let options = pq.PQconninfoParse(url, nil) else { return nil }
        defer { pq.PQconninfoFree(options) }
        var p = options
        while let k = p.pointee.keyword {
            if String(cString: k) == "password", let v = p.pointee.val { return String(cString: v) }
            p += 1
        }
        return nil
    }

    /// `text` with every occurrence of `secret` replaced.
    static func scrub(_ text: String, _ secret: String?) -> String {
        guard let s = secret, !s.isEmpty else { return text }
        return text.replacingOccurrences(of: s, with: "***")
    }

    private static func firstLine(_ text: String) -> String {
        var line = text.split(separator: "\n").first.map(String.init) ?? text
        // libpq says: connection to server at "h" (addr), port p failed: FATAL:  REASON
        if let r = line.range(of: "failed: ") { line = String(line[r.upperBound...]) }
        if line.hasPrefix("FATAL:") { line = String(line.dropFirst(6)) }
        return line.trimmingCharacters(in: .whitespaces)
    }
}

/// libpq's functions, resolved from `libpq.so.5` (Debian's libpq5) the first time a
/// connection is made and kept for the process; a missing library is a failure that
/// names it, never a crash at start-up or at the call.
enum LibPQ {
    static let file = "libpq.so.5"
    private static let loaded = open(file)

    /// The functions, loading the library on the first call.
    static func functions() throws -> iql_libpq { try loaded.get() }

    /// Opens the library `file` and resolves every function iql calls.
    static func open(_ file: String) -> Result<iql_libpq, PostgresConnection.Failure> {
        var error = [CChar](repeating: 0, count: 512)
        // Raw storage: the C side sets every field on success, and nothing reads it otherwise.
        let out = UnsafeMutablePointer<iql_libpq>.allocate(capacity: 1)
        defer { out.deallocate() }
        guard iql_libpq_open(file, out, &error, error.count) == 0 else {
            var why = error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            // dlerror starts with the file's name, which the message names already.
            if why.hasPrefix(file + ": ") { why = String(why.dropFirst(file.count + 2)) }
            return .failure(PostgresConnection.Failure(kind: .library, message: why, server: file))
        }
        return .success(out.pointee)
    }
}
