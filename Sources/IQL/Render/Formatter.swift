import Foundation

/// How values look as text. One place for number formatting, so the CLI, the REPL,
/// interpolation and CSV output agree.
public enum Formatter {
    /// Shortest readable form, 15 significant digits at most: `0.1 + 0.2` is `0.3`.
    public static func number(_ d: Double) -> String { text { $0.number(d) } }

    /// A fraction shown as a percentage: 0.07 → `7%`.
    public static func percent(_ d: Double) -> String { text { $0.percent(d) } }

    /// The shortest text that reads back as exactly `d` (for files, which must lose
    /// nothing): `1234567890123456`, `0.30000000000000004`, `1.5e300`. The infinities
    /// are `inf` and `-inf`, which ``NumberText`` reads back.
    public static func exactNumber(_ d: Double) -> String { text { $0.exactNumber(d) } }

    /// The percentage that reads back as exactly `d`: the digits of ``exactNumber``
    /// with the point moved two places (`0.000001234%`, `41.66666666666667%`), since a
    /// percentage is read as its decimal divided by 100 and rounded once; `inf%`, `-inf%`.
    public static func exactPercent(_ d: Double) -> String? {
        d.isNaN ? nil : text { $0.exactPercent(d) }
    }

    /// The text a ``ByteOutput`` writer makes: one implementation for strings and files.
    static func text(_ write: (inout ByteOutput) -> Void) -> String {
        var out = ByteOutput()
        write(&out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A value inside text: strings as they are, everything else as in a list.
    public static func inline(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return literal(v)
    }

    /// A value as iql source would write it: strings quoted.
    public static func literal(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return number(d)
        case .percent(let d): return percent(d)
        case .date(let d): return d.description
        case .string(let s): return quoted(s)
        case .list(let xs): return "[" + xs.map(literal).joined(separator: ", ") + "]"
        case .record(let r): return "{" + zip(r.names, r.values).map { "\(name($0)): \(literal($1))" }.joined(separator: ", ") + "}"
        case .table(let t): return "<table: \(t.rowCount) row\(t.rowCount == 1 ? "" : "s") × \(t.names.count) column\(t.names.count == 1 ? "" : "s")>"
        case .function(let f): return "<function \(f.name)>"
        case .chart(let c): return "<\(c.kind.rawValue) chart: \(c.title)>"
        }
    }

    /// An iql string literal: `"…"` with `\"`, `\\`, `\n`, `\t`, `\r` and `\u{…}` escapes.
    static func quoted(_ s: String) -> String { text { $0.quoted(s, json: false) } }

    /// A field or column name, in backticks when it is not a plain name.
    static func name(_ n: String) -> String {
        let plain = !n.isEmpty && n.unicodeScalars.enumerated().allSatisfy { i, s in
            s == "_" || s.properties.isAlphabetic || (i > 0 && s.properties.numericType != nil)
        } && Keyword(rawValue: n) == nil
        return plain ? n : "`\(n)`"
    }

    /// A cell of a table: like `inline`, with null shown as `null`.
    static func cell(_ v: Value) -> String {
        if case .string(let s) = v { return s.replacingOccurrences(of: "\n", with: "↵") }
        return literal(v)
    }
}
