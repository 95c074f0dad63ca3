/// How iql's values and operations are written in one SQL dialect. The generated
/// SQL keeps iql's semantics, not the database's: numbers are doubles, division by
/// zero is null, `round` goes half away from zero, text compares byte by byte.
struct SQLDialect {
    enum Kind { case postgres, sqlite }
    let kind: Kind

    static let postgres = SQLDialect(kind: .postgres)
    static let sqlite = SQLDialect(kind: .sqlite)

    /// A quoted identifier: `"name"`, with `"` doubled.
    func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A string literal, or nil when the database cannot hold the text (PostgreSQL
    /// text has no NUL character). Both dialects take backslashes literally
    /// (PostgreSQL's standard_conforming_strings, on by default since 9.1).
    func string(_ s: String) -> String? {
        if kind == .postgres && s.utf8.contains(0) { return nil }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A number literal, read back as the same double: `0.07::float8` in PostgreSQL
    /// (not numeric, so arithmetic is iql's), `0.07` or `7.0` (real) in SQLite.
    func number(_ d: Double) -> String? {
        guard d.isFinite else { return nil }
        let text = d.description
        switch kind {
        case .postgres: return d < 0 ? "(\(text)::float8)" : "\(text)::float8"
        case .sqlite: return d < 0 ? "(\(text))" : text
        }
    }

    /// `x` as a double, so that `/` never divides integers.
    func float(_ x: String) -> String {
        kind == .postgres ? "CAST(\(x) AS double precision)" : "CAST(\(x) AS REAL)"
    }

    /// `x` truncated toward zero, exactly (as a double or an integer).
    func truncate(_ x: String) -> String {
        kind == .postgres ? "trunc(CAST(\(x) AS double precision))" : "CAST(\(x) AS INTEGER)"
    }

    /// A text operand for comparison and sorting: byte order, as iql compares text.
    func collated(_ x: String) -> String { kind == .postgres ? "(\(x) COLLATE \"C\")" : x }

    /// Whether `part` occurs in `s`.
    func contains(_ s: String, _ part: String) -> String {
        kind == .postgres ? "(strpos(\(s), \(part)) > 0)" : "(instr(\(s), \(part)) > 0)"
    }

    /// The expression that numbers a stored table's rows in their stored order.
    func physicalOrder(_ alias: String) -> String {
        kind == .postgres ? "\(alias).ctid" : "\(alias).rowid"
    }

    var name: String { kind == .postgres ? "PostgreSQL" : "SQLite" }
}
