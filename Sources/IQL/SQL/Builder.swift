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
    private var aliases = 0

    init(dialect: SQLDialect, source: SQLSource, schema: [(name: String, type: SQLType?)],
         constant: @escaping (Expr) throws -> Value, isBuiltin: @escaping (String) -> Bool) {
        self.dialect = dialect
        self.constant = constant
        self.isBuiltin = isBuiltin
        let (f, o) = source.from("t0")
        from = f
        order = [o]
        columns = schema.map { ($0.name, SQLValue(sql: "t0." + dialect.identifier($0.name), type: $0.type)) }
    }

    /// The output columns by name, for expressions of the next stage.
    var scope: [String: SQLValue] {
        var m: [String: SQLValue] = [:]
        for c in columns { m[c.name] = c.value }
        return m
    }

    /// Whether another WHERE or projection can go on this level.
    var isPlain: Bool { groupBy == nil && limit == nil && offset == nil && !scalar }

    /// Makes the current SELECT a subquery, its rows numbered in their order.
    mutating func wrap() {
        aliases += 1
        let alias = "t\(aliases)"
        let inner = text(ordinalColumn: true, ordered: limit != nil || offset != nil)
        from = "(\(inner)) AS \(alias)"
        columns = columns.map { ($0.name, SQLValue(sql: "\(alias).\(dialect.identifier($0.name))", type: $0.value.type, percent: $0.value.percent)) }
        order = ["\(alias).\(SQLBuilder.ordinal)"]
        wheres = []
        groupBy = nil
        limit = nil
        offset = nil
    }

    /// The order as one expression (a row number when it is several), for `min` in a
    /// GROUP BY; wraps first when it is several.
    mutating func singleOrder() -> String {
        if order.count != 1 || !isPlain { wrap() }
        return order[0]
    }

    /// The query that returns the pipeline's result, in iql's row order.
    var sql: String { text(ordinalColumn: false, ordered: !scalar) }

    private func text(ordinalColumn: Bool, ordered: Bool) -> String {
        var list = columns.map { "\($0.value.sql) AS \(dialect.identifier($0.name))" }
        if ordinalColumn {
            let n = order.count == 1 ? order[0] : "row_number() OVER (ORDER BY \(order.joined(separator: ", ")))"
            list.append("\(n) AS \(SQLBuilder.ordinal)")
        }
        var s = "SELECT \(list.isEmpty ? "1" : list.joined(separator: ", ")) FROM \(from)"
        if !wheres.isEmpty { s += " WHERE " + wheres.joined(separator: " AND ") }
        if let g = groupBy, !g.isEmpty { s += " GROUP BY " + g.joined(separator: ", ") }
        if ordered { s += " ORDER BY " + order.joined(separator: ", ") }
        if let l = limit { s += " LIMIT \(l)" } else if offset != nil, dialect.kind == .sqlite { s += " LIMIT -1" }
        if let o = offset { s += " OFFSET \(o)" }
        return s
    }
}
