import Foundation

/// Which database servers an engine may reach. The default grants nothing.
public struct DatabaseAccess: Sendable, Equatable {
    /// Whether `read_postgres` (and a database's tables by name) may connect anywhere.
    public var allowed: Bool

    /// Database access: none by default.
    public init(allowed: Bool = false) { self.allowed = allowed }

    /// No database access: the default for an embedded engine.
    public static let none = DatabaseAccess()
    /// Any server the process can reach: what the CLI grants.
    public static let all = DatabaseAccess(allowed: true)
}

/// The PostgreSQL connections of one engine, by URL, opened when first needed and
/// kept for later queries; a connection found broken is opened again. The tables of
/// each database are listed once, so that `--db` can bind them by name.
final class DatabasePool {
    private var connections: [String: PostgresConnection] = [:]
    private var tables: [String: Set<String>] = [:]
    /// Column comments by URL, table OID and column number.
    private var comments: [String: String] = [:]
    /// Columns of the relations pipelines read in this evaluation (SQL/Source.swift);
    /// forgotten when the next begins, since tables may change between them.
    var described: [String: (columns: [SQLColumnInfo], stored: Bool)] = [:]

    /// `host:port/db` of an open connection, for messages and plans.
    func server(of url: String) -> String? { connections[url]?.server }

    /// The open connection to `url`, connecting if needed.
    func connection(_ url: String, _ ctx: Context, at loc: SourceLocation?) throws -> PostgresConnection {
        guard ctx.databases.allowed else {
            throw Diagnostic(.notPermitted, Messages.databaseNotPermitted, at: loc)
        }
        if let c = connections[url], c.isUsable { return c }
        connections[url] = nil
        // libpq's connect_timeout is whole seconds; the engine's time limit bounds it.
        let seconds = ctx.remainingMilliseconds.map { Int(($0 / 1000).rounded(.up)) } ?? 10
        do {
            let c = try PostgresConnection(url: url, timeoutSeconds: min(10, seconds))
            connections[url] = c
            return c
        } catch let f as PostgresConnection.Failure {
            throw DatabasePool.diagnostic(f, loc)
        }
    }

    /// Runs `sql` on `url` and returns its rows as a table; `onRow` counts each row.
    func read(_ url: String, _ sql: String, _ ctx: Context, at loc: SourceLocation?, sqlAt: SourceLocation? = nil,
              onRow: (Int) throws -> Void) throws -> Table {
        let r = try result(url, sql, ctx, at: loc, sqlAt: sqlAt)
        return try PostgresTypes.table(r, percent: try percentColumns(r, url, ctx, at: loc), onRow: onRow)
    }

    /// The columns of `relation` (a table's quoted name, or a query in parentheses) as
    /// the server names them (repeats included), their type OIDs and whether each is a
    /// percentage, from a query that returns no rows.
    func describe(_ url: String, _ relation: String, _ ctx: Context, at loc: SourceLocation?) throws -> [(name: String, type: UInt32, percent: Bool)] {
        let r = try result(url, "SELECT * FROM \(relation) AS s LIMIT 0", ctx, at: loc)
        let percent = try percentColumns(r, url, ctx, at: loc)
        return r.names.enumerated().map { ($1, r.types[$0], percent.contains($0)) }
    }

    /// Which columns of a result are plain columns of a table whose comment holds
    /// `iql:percent` (`COMMENT ON COLUMN t.c IS 'iql:percent'`): the database's note
    /// that iql shows them as percentages. Comments are read once per column.
    private func percentColumns(_ r: PostgresConnection.Result, _ url: String, _ ctx: Context, at loc: SourceLocation?) throws -> Set<Int> {
        let numbered = r.origins.enumerated().filter { $0.element.table != 0 && PostgresTypes.numbers.contains(r.types[$0.offset]) }
        let missing = numbered.map { "\($0.element.table):\($0.element.column)" }.filter { comments[url + "#" + $0] == nil }
        if !missing.isEmpty {
            let list = Set(missing).sorted()
            let pairs = list.map { key -> String in
                let p = key.split(separator: ":")
                return "col_description(\(p[0]), \(p[1])) AS \"\(key)\""
            }
            let got = try result(url, "SELECT " + pairs.joined(separator: ", "), ctx, at: loc)
            for (k, key) in list.enumerated() { comments[url + "#" + key] = got.cell(0, k) ?? "" }
        }
        return Set(numbered.filter { comments[url + "#\($0.element.table):\($0.element.column)"]?.contains("iql:percent") == true }.map(\.offset))
    }

    private func result(_ url: String, _ sql: String, _ ctx: Context, at loc: SourceLocation?, sqlAt: SourceLocation? = nil) throws -> PostgresConnection.Result {
        let c = try connection(url, ctx, at: loc)
        do {
            return try c.query(sql, timeoutMilliseconds: ctx.remainingMilliseconds) {
                try ctx.checkNow(loc)
            }
        } catch var d as Diagnostic where d.kind == .cancelled || d.kind == .limit {
            // Stopped while waiting (an interrupt, the time limit): say the server stopped too.
            d.notes.append(Diagnostic.Note(Messages.databaseCancelled(c.server).text, at: nil))
            throw d
        } catch let f as PostgresConnection.Failure {
            if f.kind == .lost { connections[url] = nil }
            throw DatabasePool.diagnostic(f, sqlAt ?? loc)
        }
    }

    /// Whether `name` is a table or view of the database at `url`, in its search path.
    func hasTable(_ name: String, _ url: String, _ ctx: Context, at loc: SourceLocation?) throws -> Bool {
        if let known = tables[url] { return known.contains(name) }
        let list = try read(url, """
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = ANY (current_schemas(false))
            """, ctx, at: loc) { _ in }
        let names = Set((list.values(of: "table_name") ?? []).compactMap(\.stringValue))
        tables[url] = names
        return names.contains(name)
    }

    /// The located iql error for a failure, naming the server and never the password.
    static func diagnostic(_ f: PostgresConnection.Failure, _ loc: SourceLocation?) -> Diagnostic {
        switch f.kind {
        case .library:
            return Diagnostic(.io, Messages.databaseLibraryMissing(f.server, f.message), at: loc, hint: Messages.databaseLibraryHint)
        case .connect:
            return Diagnostic(.io, Messages.databaseUnreachable(f.server, f.message), at: loc)
        case .authentication:
            return Diagnostic(.io, Messages.databaseLogin(f.server, f.message), at: loc, hint: Messages.databasePasswordHint)
        case .sql:
            return Diagnostic(.io, Messages.databaseError(f.server, f.message), at: loc)
        case .timeout:
            return Diagnostic(.limit, Messages.databaseTimeout(f.server), at: loc)
        case .cancelled:
            return Diagnostic(.cancelled, Messages.databaseCancelled(f.server), at: loc)
        case .lost:
            return Diagnostic(.io, Messages.databaseLost(f.server, f.message), at: loc)
        }
    }
}

/// PostgreSQL's types as iql's: integers, floats and numeric are numbers, booleans
/// booleans, dates dates, and everything else (text, varchar, timestamps, uuid, json, …)
/// their text.
enum PostgresTypes {
    static let numbers: Set<UInt32> = [20, 21, 23, 26, 700, 701, 1700]
    static let boolean: UInt32 = 16
    static let date: UInt32 = 1082
    /// text, varchar, char(n), name.
    static let text: Set<UInt32> = [25, 1043, 1042, 19]

    static func table(_ r: PostgresConnection.Result, percent: Set<Int>, onRow: (Int) throws -> Void) throws -> Table {
        var builders = r.names.map { _ in ColumnBuilder(capacity: r.rowCount) }
        for row in 0..<r.rowCount {
            for (k, type) in r.types.enumerated() {
                guard let text = r.cell(row, k) else { builders[k].append(.null); continue }
                if numbers.contains(type) {
                    builders[k].append(Double(text).map { Value.num($0) } ?? .null)
                } else if type == boolean {
                    builders[k].append(.bool(text == "t"))
                } else if type == date, let d = CalendarDate(text) {
                    builders[k].append(.date(d))
                } else {
                    builders[k].append(.string(text))
                }
            }
            try onRow(row + 1)
        }
        var columns = builders.map { $0.finish() }
        for k in percent where k < columns.count { if case .number = columns[k].storage { columns[k].style = .percent } }
        return Table(names: uniqueNames(r.names), columns: columns, rowCount: r.rowCount)
    }

    /// Column names as iql needs them: a repeated name becomes `name_2`, as in CSV files.
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for n in names {
            var name = n.isEmpty ? "column_\(out.count + 1)" : n, k = 2
            while seen.contains(name) { name = "\(n)_\(k)"; k += 1 }
            seen.insert(name)
            out.append(name)
        }
        return out
    }
}
