import Foundation

/// What a value of a SQL expression is, as far as iql's semantics need to know.
enum SQLType: Equatable {
    case number, string, bool
    /// A calendar date: compared, sorted, grouped and passed through, not computed on.
    case date
    /// Only ever null (the literal `null`): fits wherever a value does.
    case null
}

/// A column of a database table: its name, type (nil when unknown) and whether iql
/// shows it as a percentage (a PostgreSQL column commented `iql:percent`).
struct SQLColumnInfo {
    let name: String
    let type: SQLType?
    var percent = false
    /// A column iql reads as text that is not stored as text (a date, a uuid, json):
    /// it is cast to text, so comparing, sorting and joining it work as on the text.
    var castToText = false
}

/// A table or query of one database, where a pushed-down pipeline starts.
struct SQLSource {
    enum Backend {
        /// A PostgreSQL server at this URL (never shown: it may hold a password).
        case postgres(url: String)
        /// A SQLite file, resolved by the engine's file access, and its path as written.
        case sqlite(path: String, shown: String)
    }
    let backend: Backend
    /// A table's name, or a SELECT statement.
    let relation: String

    var dialect: SQLDialect {
        if case .postgres = backend { return .postgres }
        return .sqlite
    }

    var isTable: Bool { SQLiteReader.isName(relation) }

    /// `read_postgres(…, "t")` as shown by --explain, without the URL.
    var description: String {
        switch backend {
        case .postgres: return isTable ? "PostgreSQL table \(relation)" : "PostgreSQL query"
        case .sqlite(_, let shown): return isTable ? "SQLite table \(relation) of \(shown)" : "SQLite query on \(shown)"
        }
    }

    /// The relation as it goes in a FROM clause: a quoted table, or a query in parentheses.
    var relationSQL: String { isTable ? dialect.identifier(relation) : "(\(relation))" }

    /// The FROM clause under `alias`, and the expression giving the rows' own order:
    /// a stored table's physical order (ctid, rowid), a view's or query's own order
    /// otherwise (`stored`: whether the relation is a stored table).
    func from(_ alias: String, stored: Bool) -> (from: String, order: String) {
        if isTable && stored { return ("\(relationSQL) AS \(alias)", dialect.physicalOrder(alias)) }
        let q = dialect.identifier("q")
        let numbered = "(SELECT \(q).*, row_number() OVER () AS \(SQLBuilder.ordinal) FROM \(relationSQL) AS \(q))"
        return ("\(numbered) AS \(alias)", "\(alias).\(SQLBuilder.ordinal)")
    }

    /// The columns, and whether the relation is a stored table, asked once per
    /// evaluation (a script's pipelines over one table ask the database once).
    func describe(_ compiler: Compiler, _ r: SourceRange) throws -> (columns: [SQLColumnInfo], stored: Bool) {
        let pool = compiler.ctx.pool
        let key: String
        switch backend {
        case .postgres(let url): key = "postgres\u{0}\(url)\u{0}\(relation)"
        case .sqlite(let path, _): key = "sqlite\u{0}\(path)\u{0}\(relation)"
        }
        if let known = pool.described[key] { return known }
        let found = (try schema(compiler, r), try isStored(compiler, r))
        pool.described[key] = found
        return found
    }

    /// Whether the relation is a stored table, whose rows have a physical order (a
    /// view or query has none: its rows are numbered as they come).
    private func isStored(_ compiler: Compiler, _ r: SourceRange) throws -> Bool {
        guard isTable, let name = dialect.string(relation) else { return false }
        let probe: String
        switch backend {
        case .postgres:
            probe = "SELECT count(*) AS n FROM pg_class WHERE oid = to_regclass(\(name)) AND relkind IN ('r', 'm')"
        case .sqlite:
            probe = "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(name) AND sql NOT LIKE '%WITHOUT ROWID%'"
        }
        return try fetch(probe, compiler, r).columns.first?[0] == .number(1)
    }

    /// The columns and their types, asked of the database.
    private func schema(_ compiler: Compiler, _ r: SourceRange) throws -> [SQLColumnInfo] {
        let ctx = compiler.ctx, loc = compiler.loc(r)
        switch backend {
        case .postgres(let url):
            return try ctx.pool.describe(url, relationSQL, ctx, at: loc).map { c in
                SQLColumnInfo(name: c.name, type: PostgresTypes.numbers.contains(c.type) ? .number : c.type == PostgresTypes.boolean ? .bool
                                : c.type == PostgresTypes.date ? .date : .string,
                              percent: c.percent,
                              castToText: !PostgresTypes.numbers.contains(c.type) && c.type != PostgresTypes.boolean && c.type != PostgresTypes.date
                                && !PostgresTypes.text.contains(c.type))
            }
        case .sqlite:
            // SQLite's types belong to values, not columns: a sample of rows tells them,
            // as read_sqlite would type them.
            let sample = try fetch("SELECT * FROM \(relationSQL) LIMIT 100", compiler, r)
            return zip(sample.names, sample.columns).map { name, col in
                switch col.storage {
                case .number: return SQLColumnInfo(name: name, type: .number)
                case .string: return SQLColumnInfo(name: name, type: .string)
                case .bool: return SQLColumnInfo(name: name, type: .bool)
                case .date: return SQLColumnInfo(name: name, type: .date)
                case .any(let vs): return SQLColumnInfo(name: name, type: vs.allSatisfy(\.isNull) ? nil : .string)
                }
            }
        }
    }

    /// The query reading the whole relation, as `read_postgres` and `read_sqlite` do.
    var wholeSQL: String { "SELECT * FROM \(relationSQL) AS t" }

    /// Runs `sql` (the whole relation when nil) and returns its rows.
    func fetch(_ sql: String?, _ compiler: Compiler, _ r: SourceRange) throws -> Table {
        let ctx = compiler.ctx, loc = compiler.loc(r)
        let text = sql ?? wholeSQL
        let onRow: (Int) throws -> Void = { try ctx.checkRows($0, r, compiler.file) }
        switch backend {
        case .postgres(let url):
            return try ctx.pool.read(url, text, ctx, at: loc, onRow: onRow)
        case .sqlite(let path, let shown):
            do {
                return try SQLiteReader.read(path: path, source: text, onRow: onRow)
            } catch let f as SQLiteReader.Failure {
                if f.inQuery { throw Diagnostic(.io, Messages.sqlite(f.message.en), at: loc) }
                throw Diagnostic(.io, Messages.cannotRead(shown, f.message), at: loc)
            }
        }
    }
}

extension Compiler {
    /// The table of the engine's database (`--db`) that `name` names, if any. Asked
    /// only for a name bound to nothing else.
    func databaseTable(_ name: String, _ r: SourceRange) throws -> SQLSource? {
        guard let url = ctx.database, SQLiteReader.isName(name),
              try ctx.pool.hasTable(name, url, ctx, at: loc(r)) else { return nil }
        return SQLSource(backend: .postgres(url: url), relation: name)
    }

    /// Whether `name` in `scope` is the builtin of that name (not a column, parameter
    /// or global that hides it).
    func isBuiltin(_ name: String, _ scope: Scope) -> Bool {
        var s: Scope? = scope
        while let sc = s {
            switch sc.kind {
            case .function(let ps): if ps.contains(name) { return false }
            case .columns(let t, _): if t.index(of: name) != nil { return false }
            case .group(let g): if g.keyNames.contains(name) || g.input.index(of: name) != nil { return false }
            case .root: break
            }
            s = sc.parent
        }
        return ctx.globals.box(name) == nil && Builtins.table[name] != nil
    }

    /// Whether `name` is bound to anything in `scope`: a parameter, column, global or builtin.
    func isBound(_ name: String, _ scope: Scope) -> Bool {
        scope.visibleNames(ctx).contains(name)
    }
}
