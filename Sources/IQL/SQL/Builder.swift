/// Why a stage or expression stays local: what SQL cannot say with iql's meaning.
struct SQLUnsupported: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A value of a SQL expression: its text, type (nil when unknown) and whether iql
/// shows it as a percentage (the database has no such notion, so it rides along here
/// and is put back on the column that comes back).
struct SQLValue {
    let sql: String
    let type: SQLType?
    var percent = false
}

/// A stage that can run inside the database: it adds itself to the query being built,
/// or throws ``SQLUnsupported`` (leaving the builder as it was) to run locally.
protocol SQLStage {
    func sql(_ q: inout SQLBuilder) throws
}

/// One SELECT being built from the stages pushed so far.
///
/// The row order iql defines (a table's own order, then each stable sort) is kept as
/// `order`: SQL expressions at this level, so a sort adds its keys in front and the
/// final query orders by them, never trusting the database's scan order. When a stage
/// needs a fresh SELECT around the current one (after a LIMIT or GROUP BY, before a
/// group), ``wrap()`` numbers the rows in that order as the hidden column `__iql_row`.
struct SQLBuilder {
    static let ordinal = "\"__iql_row\""

    let dialect: SQLDialect
    /// Evaluates expressions that read no column, once, where the pipeline is.
    let constant: (Expr) throws -> Value
    /// Whether `name` is the builtin of that name where the pipeline is.
    let isBuiltin: (String) -> Bool
    /// The database table an expression reads (the other side of a join), with its
    /// columns, when it is one of the same database; nil otherwise.
    var table: (Expr) throws -> (SQLSource, [SQLColumnInfo], stored: Bool)? = { _ in nil }

    private(set) var from: String
    /// The output columns, as expressions over `from`.
    var columns: [(name: String, value: SQLValue)]
    var order: [String]
    var wheres: [String] = []
    var groupBy: [String]? = nil
    var limit: Int? = nil
    var offset: Int? = nil
    /// The result is one number (`count`), not a table.
    var scalar = false
    /// The columns hold window functions, which a WHERE or GROUP BY at this level
    /// cannot read.
    var windowed = false
    /// Expressions whose values no two rows share (a group's or distinct's keys at
    /// this level): a sort on all of them orders the rows totally, needing no tiebreak.
    var unique: [String]? = nil
    private var aliases = 0
    /// The row numbers each ``wrap()`` put in its subquery, by alias: sent only when
    /// something outside reads them (see ``sql``).
    private var ordinals: [(alias: String, column: String)] = []

    init(dialect: SQLDialect, source: SQLSource, schema: [SQLColumnInfo], stored: Bool,
         constant: @escaping (Expr) throws -> Value, isBuiltin: @escaping (String) -> Bool) {
        self.dialect = dialect
        self.constant = constant
        self.isBuiltin = isBuiltin
        let (f, o) = source.from("t0", stored: stored)
        from = f
        order = [o]
        columns = schema.map { c in
            let ref = "t0." + dialect.identifier(c.name)
            return (c.name, SQLValue(sql: c.castToText ? "CAST(\(ref) AS text)" : ref, type: c.type, percent: c.percent))
        }
    }

    /// The output columns by name, for expressions of the next stage.
    var scope: [String: SQLValue] {
        var m: [String: SQLValue] = [:]
        for c in columns { m[c.name] = c.value }
        return m
    }

    /// Whether another WHERE or projection can go on this level.
    var isPlain: Bool { groupBy == nil && limit == nil && offset == nil && !scalar && !windowed }

    /// A fresh table alias.
    mutating func alias() -> String {
        aliases += 1
        return "t\(aliases)"
    }

    /// Joins `other` to the current rows (made a subquery first): `on` gives the ON
    /// condition from the two sides' columns, the right columns come after the left
    /// ones (`_right` added to clashing names, `drop` left out), and rows keep the left
    /// order, then the right one, as iql's hash join does.
    mutating func join(_ other: SQLSource, _ schema: [SQLColumnInfo], stored: Bool, left: Bool,
                       drop: Set<String>, on: ([String: SQLValue], [String: SQLValue]) throws -> String) throws {
        wrap()
        let r = alias()
        let (rightFrom, rightOrder) = other.from(r, stored: stored)
        var rightScope: [String: SQLValue] = [:]
        for c in schema {
            let ref = "\(r).\(dialect.identifier(c.name))"
            rightScope[c.name] = SQLValue(sql: c.castToText ? "CAST(\(ref) AS text)" : ref, type: c.type, percent: c.percent)
        }
        let condition = try on(scope, rightScope)
        for c in schema where !drop.contains(c.name) {
            var n = c.name
            while columns.contains(where: { $0.name == n }) { n += "_right" }
            columns.append((n, rightScope[c.name]!))
        }
        from += " \(left ? "LEFT JOIN" : "JOIN") \(rightFrom) ON \(condition)"
        order.append(rightOrder)
    }

    /// Appends the rows of `other` after the current ones (UNION ALL): columns matched
    /// by name, all of both in order of first appearance, nulls where a side lacks one;
    /// rows in the current order, then in `other`'s.
    mutating func append(_ other: SQLSource, _ schema: [SQLColumnInfo], stored: Bool) throws {
        wrap()
        let r = alias()
        let (rightFrom, rightOrder) = other.from(r, stored: stored)
        var right: [String: SQLValue] = [:]
        for c in schema {
            let ref = "\(r).\(dialect.identifier(c.name))"
            right[c.name] = SQLValue(sql: c.castToText ? "CAST(\(ref) AS text)" : ref, type: c.type, percent: c.percent)
        }
        let left = scope
        var names = columns.map(\.name)
        for c in schema where !names.contains(c.name) { names.append(c.name) }
        var merged: [(name: String, value: SQLValue)] = []
        var leftList: [String] = [], rightList: [String] = []
        for n in names {
            let a = left[n], b = right[n]
            // One type per column, as a column of iql has; a percentage only when every side
            // that has the column shows one.
            if let a, let b, a.type != b.type || a.type == nil { throw SQLUnsupported("column '\(n)' differs in type between the tables") }
            guard let t = (a ?? b)?.type else { throw SQLUnsupported("column '\(n)' of unknown type") }
            let percent = (a?.percent ?? true) && (b?.percent ?? true)
            leftList.append("\(a?.sql ?? "NULL") AS \(dialect.identifier(n))")
            rightList.append("\(b?.sql ?? "NULL") AS \(dialect.identifier(n))")
            merged.append((n, SQLValue(sql: "", type: t, percent: percent)))
        }
        let part = dialect.identifier("__iql_part")
        leftList += ["0 AS \(part)", "row_number() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(SQLBuilder.ordinal)"]
        rightList += ["1 AS \(part)", "row_number() OVER (ORDER BY \(rightOrder)) AS \(SQLBuilder.ordinal)"]
        let u = alias()
        from = "(SELECT \(leftList.joined(separator: ", ")) FROM \(from) UNION ALL SELECT \(rightList.joined(separator: ", ")) FROM \(rightFrom)) AS \(u)"
        columns = merged.map { ($0.name, SQLValue(sql: "\(u).\(dialect.identifier($0.name))", type: $0.value.type, percent: $0.value.percent)) }
        order = ["\(u).\(part)", "\(u).\(SQLBuilder.ordinal)"]
    }

    /// Turns the columns `listed` into rows (UNION ALL of one SELECT per column): the
    /// other columns, then the column's name in `name` and its value in `value`; for each
    /// row, one row per listed column in the order listed.
    mutating func unpivot(_ listed: [String], name: String, value: String) throws {
        let all = scope
        let sources = try listed.map { n -> SQLValue in
            guard let v = all[n] else { throw SQLUnsupported("'\(n)' is not a column") }
            return v
        }
        guard Set(listed).count == listed.count, let type = sources.first?.type, sources.allSatisfy({ $0.type == type }),
              sources.allSatisfy({ $0.percent == sources[0].percent }) else {
            throw SQLUnsupported("the listed columns differ in type or display")
        }
        let kept = columns.filter { !listed.contains($0.name) }
        guard !kept.contains(where: { $0.name == name || $0.name == value }), name != value else {
            throw SQLUnsupported("a new column's name is taken")
        }
        wrap()
        let refs = scope
        let part = dialect.identifier("__iql_part")
        let branches = try listed.enumerated().map { j, n -> String in
            var list = kept.map { "\(refs[$0.name]!.sql) AS \(dialect.identifier($0.name))" }
            guard let label = dialect.string(n) else { throw SQLUnsupported("a column name with a NUL character") }
            list += ["\(label) AS \(dialect.identifier(name))", "\(refs[n]!.sql) AS \(dialect.identifier(value))",
                     "\(order[0]) AS \(SQLBuilder.ordinal)", "\(j) AS \(part)"]
            return "SELECT \(list.joined(separator: ", ")) FROM \(from)"
        }
        let u = alias()
        from = "(\(branches.joined(separator: " UNION ALL "))) AS \(u)"
        columns = kept.map { ($0.name, SQLValue(sql: "\(u).\(dialect.identifier($0.name))", type: $0.value.type, percent: $0.value.percent)) }
            + [(name, SQLValue(sql: "\(u).\(dialect.identifier(name))", type: .string)),
               (value, SQLValue(sql: "\(u).\(dialect.identifier(value))", type: type, percent: sources[0].percent))]
        order = ["\(u).\(SQLBuilder.ordinal)", "\(u).\(part)"]
    }

    /// Makes the current SELECT a subquery, its rows numbered in their order.
    mutating func wrap() {
        let alias = alias()
        let n = order.isEmpty ? "1" : order.count == 1 ? order[0] : "row_number() OVER (ORDER BY \(order.joined(separator: ", ")))"
        let column = "\(n) AS \(SQLBuilder.ordinal)"
        // A placeholder until the query is finished: numbering rows can cost a sort.
        let placeholder = columns.isEmpty ? column : SQLBuilder.placeholder(alias)
        if !columns.isEmpty { ordinals.append((alias, column)) }
        let inner = text(extra: placeholder, ordered: limit != nil || offset != nil)
        from = "(\(inner)) AS \(alias)"
        columns = columns.map { ($0.name, SQLValue(sql: "\(alias).\(dialect.identifier($0.name))", type: $0.value.type, percent: $0.value.percent)) }
        order = ["\(alias).\(SQLBuilder.ordinal)"]
        wheres = []
        groupBy = nil
        unique = nil
        windowed = false
        limit = nil
        offset = nil
    }

    private static func placeholder(_ alias: String) -> String { "\u{1}\(alias)\u{1}" }

    /// The order as one expression (a row number when it is several), for `min` in a
    /// GROUP BY; wraps first when it is several.
    mutating func singleOrder() -> String {
        if order.count != 1 || !isPlain { wrap() }
        return order[0]
    }

    /// The query that returns the pipeline's result, in iql's row order. Each
    /// subquery's row numbers are kept where a query around it reads them and left
    /// out elsewhere (outermost first, since a row number may read an inner one).
    var sql: String {
        var s = text(extra: nil, ordered: !scalar)
        for (alias, column) in ordinals.reversed() {
            let mark = SQLBuilder.placeholder(alias)
            if s.contains("\(alias).\(SQLBuilder.ordinal)") {
                s = s.replacingOccurrences(of: mark, with: column)
            } else {
                s = s.replacingOccurrences(of: ", " + mark, with: "")
            }
        }
        return s
    }

    private func text(extra: String?, ordered: Bool) -> String {
        var list = columns.map { "\($0.value.sql) AS \(dialect.identifier($0.name))" }
        if let extra { list.append(extra) }
        var s = "SELECT \(list.isEmpty ? "1" : list.joined(separator: ", ")) FROM \(from)"
        if !wheres.isEmpty { s += " WHERE " + wheres.joined(separator: " AND ") }
        if let g = groupBy, !g.isEmpty { s += " GROUP BY " + g.joined(separator: ", ") }
        if ordered && !order.isEmpty { s += " ORDER BY " + order.joined(separator: ", ") }
        if let l = limit { s += " LIMIT \(l)" } else if offset != nil, dialect.kind == .sqlite { s += " LIMIT -1" }
        if let o = offset { s += " OFFSET \(o)" }
        return s
    }
}
