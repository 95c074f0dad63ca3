/// What a pipeline over a database did: the SQL it sent, the stages inside it and
/// those that ran locally. `iql --explain` prints it; `iql --sql` prints only the SQL.
public struct DatabasePlan: Sendable, CustomStringConvertible {
    /// Where the pipeline reads: `PostgreSQL table indicators at host:port/db`.
    public let source: String
    /// The one query sent.
    public let sql: String
    /// The stages the query does, as written.
    public let pushed: [String]
    /// The stages run locally on the rows that came back, as written.
    public let local: [String]
    /// Why the first local stage could not be pushed, if any stayed local.
    public let reason: String?

    public var description: String {
        var lines = ["plan: \(source)"]
        lines += pushed.map { "  in the database: | \($0)" }
        lines.append("  sql: \(sql)")
        for (i, s) in local.enumerated() {
            lines.append("  locally: | \(s)" + (i == 0 && reason != nil ? "  (\(reason!))" : ""))
        }
        return lines.joined(separator: "\n")
    }
}

extension Compiler {
    /// A pipeline whose head reads a database — `read_postgres(url, q)`,
    /// `read_sqlite(path, q)`, or a table of the engine's database by name — compiled
    /// so that the longest run of stages with a SQL form goes to the database as one
    /// query and the rest runs locally. Nil when the head reads no database.
    func databasePipeline(_ head: Expr, _ stages: [Stage], _ scope: Scope) throws -> Code? {
        guard !stages.isEmpty, ctx.pushdown else { return nil }
        let source: (Frame) throws -> SQLSource
        switch head.kind {
        case .call(let callee, let args):
            guard case .name(let f) = callee.kind, f == "read_postgres" || f == "read_sqlite", isBuiltin(f, scope),
                  args.count == 2, args.allSatisfy({ $0.label == nil }) else { return nil }
            let first = try compile(args[0].value, scope), second = try compile(args[1].value, scope)
            let r0 = args[0].value.range, r1 = args[1].value.range
            source = { frame in
                let a = try first(frame), b = try second(frame)
                guard case .string(let target) = a, !target.isEmpty else {
                    throw self.error(.type, Messages.expected(f == "read_postgres" ? Want.postgresURL : Want.filePath, a), r0)
                }
                guard case .string(let relation) = b, !relation.isEmpty else {
                    throw self.error(.type, Messages.sqliteQuery, r1)
                }
                if f == "read_sqlite" {
                    let full = try self.ctx.files.check(target, f, at: self.loc(r0))
                    return SQLSource(backend: .sqlite(path: full, shown: target), relation: relation)
                }
                guard self.ctx.databases.allowed else { throw Diagnostic(.notPermitted, Messages.databaseNotPermitted, at: self.loc(r0)) }
                return SQLSource(backend: .postgres(url: target), relation: relation)
            }
        case .name(let n):
            guard !isBound(n, scope), let s = try databaseTable(n, head.range) else { return nil }
            source = { _ in s }
        default:
            return nil
        }
        let runner = StageRunner(compiler: self)
        return { frame in
            let src = try source(frame)
            let (plan, query) = try self.plan(src, stages, scope, frame, head.range)
            self.ctx.planObserver?(plan)
            guard self.ctx.sendsQueries else { return .table(.empty) }
            var v = try query()
            for stage in stages.dropFirst(plan.pushed.count) { v = try runner.run(stage, v, scope, frame) }
            return v
        }
    }

    /// The table of `source`'s database that `e` reads: a name of the engine's
    /// database, or `read_postgres`/`read_sqlite` of the same URL or file.
    private func sameDatabase(_ e: Expr, as source: SQLSource, _ scope: Scope, _ frame: Frame) throws -> SQLSource? {
        switch e.kind {
        case .name(let n):
            guard !isBound(n, scope), let s = try databaseTable(n, e.range), case .postgres(let a) = s.backend,
                  case .postgres(let b) = source.backend, a == b else { return nil }
            return s
        case .call(let callee, let args):
            guard case .name(let f) = callee.kind, f == "read_postgres" || f == "read_sqlite", isBuiltin(f, scope),
                  args.count == 2, args.allSatisfy({ $0.label == nil }),
                  case .string(let target)? = try? compile(args[0].value, scope)(frame),
                  case .string(let relation)? = try? compile(args[1].value, scope)(frame), !relation.isEmpty else { return nil }
            switch source.backend {
            case .postgres(let url) where f == "read_postgres" && url == target:
                return SQLSource(backend: source.backend, relation: relation)
            case .sqlite(let path, _) where f == "read_sqlite":
                guard let full = try? ctx.files.check(target, f, at: loc(args[0].value.range)), full == path else { return nil }
                return SQLSource(backend: source.backend, relation: relation)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// Builds the query of the pushed stages; returns the plan and how to run it.
    private func plan(_ source: SQLSource, _ stages: [Stage], _ scope: Scope, _ frame: Frame,
                      _ r: SourceRange) throws -> (DatabasePlan, () throws -> Value) {
        let (schema, stored) = try source.describe(self, r)
        var q = SQLBuilder(dialect: source.dialect, source: source, schema: schema, stored: stored,
                           constant: { e in try self.compile(e, scope)(frame) },
                           isBuiltin: { self.isBuiltin($0, scope) })
        q.table = { e in
            guard let other = try self.sameDatabase(e, as: source, scope, frame) else { return nil }
            let (schema, stored) = try other.describe(self, e.range)
            return (other, schema, stored)
        }
        var pushed = 0
        var reason: String? = nil
        // Columns the generated SQL could not name apart: read the relation whole.
        let names = schema.map(\.name)
        if let hidden = names.first(where: { $0.hasPrefix("__iql_") }) {
            reason = "the table has a column named \(hidden), a name the generated SQL uses"
        } else if Set(names).count != names.count || names.contains("") {
            reason = "the query's columns repeat a name"
        }
        let whole = reason != nil
        while reason == nil && pushed < stages.count && !q.scalar {
            guard let stage = stages[pushed].node as? SQLStage else {
                reason = "this stage has no SQL form"
                break
            }
            var attempt = q
            do {
                try stage.sql(&attempt)
                q = attempt
                pushed += 1
            } catch let u as SQLUnsupported {
                reason = u.reason
            }
        }
        if q.scalar && pushed < stages.count && reason == nil { reason = "the database's answer is a number" }
        // As written, with any password in a URL masked.
        let shown = stages.map { file.slice($0.range).trimmingCharacters(in: .whitespacesAndNewlines).maskingPasswords() }
        var where_ = source.description
        if case .postgres(let url) = source.backend, let server = ctx.pool.server(of: url) { where_ += " at \(server)" }
        let sql = whole ? source.wholeSQL : q.sql
        let plan = DatabasePlan(source: where_, sql: sql, pushed: Array(shown.prefix(pushed)),
                                local: Array(shown.dropFirst(pushed)), reason: reason)
        let final = q
        let range = pushed > 0 ? r.to(stages[pushed - 1].range) : r
        return (plan, {
            let t = try source.fetch(sql, self, range)
            return whole ? .table(t) : SQLPipelineResult.value(t, final)
        })
    }
}

/// The rows a pushed query returns, made what iql would have computed: booleans that
/// SQLite returns as integers become booleans again, percentage display comes back,
/// and `count` is a number.
enum SQLPipelineResult {
    static func value(_ t: Table, _ q: SQLBuilder) -> Value {
        if q.scalar { return t.rowCount == 1 && !t.columns.isEmpty ? t.columns[0][0] : .number(0) }
        var cols = t.columns
        for (k, c) in q.columns.enumerated() where k < cols.count {
            if c.value.type == .bool, case .number(let xs) = cols[k].storage {
                cols[k] = Column(.bool(xs.map { $0.isNaN ? -1 : ($0 != 0 ? 1 : 0) }))
            }
            if case .number = cols[k].storage { cols[k].style = c.value.percent ? .percent : .plain }
        }
        return .table(Table(names: q.columns.map(\.name), columns: cols, rowCount: t.rowCount))
    }
}
