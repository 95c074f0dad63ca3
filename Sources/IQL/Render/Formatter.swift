import Foundation

/// How values look as text. One place for number formatting, so the CLI, the REPL,
/// interpolation and CSV output agree.
public enum Formatter {
    /// Shortest readable form, 15 significant digits at most: `0.1 + 0.2` is `0.3`.
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "null" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return "0" }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        var s = String(format: "%.15g", d)
        if s.contains("e") {
            // 1.5e+20 → 1.5e20
            let parts = s.split(separator: "e")
            var mantissa = String(parts[0])
            if mantissa.contains(".") { while mantissa.hasSuffix("0") { mantissa.removeLast() }; if mantissa.hasSuffix(".") { mantissa.removeLast() } }
            var exp = String(parts[1])
            if exp.hasPrefix("+") { exp.removeFirst() }
            let negative = exp.hasPrefix("-")
            if negative { exp.removeFirst() }
            while exp.count > 1 && exp.hasPrefix("0") { exp.removeFirst() }
            return mantissa + "e" + (negative ? "-" : "") + exp
        }
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// A fraction shown as a percentage: 0.07 → `7%`.
    public static func percent(_ d: Double) -> String {
        if d.isNaN { return "null" }
        // At most four decimals of a percentage point: 0.07 shows 7% (not
        // 7.000000000000001%) and 5/12 shows 41.6667%, while 0.125% stays exact.
        let scaled = (d * 100 * 10_000).rounded() / 10_000
        return number(scaled) + "%"
    }

    /// The shortest text that reads back as exactly `d` (for files, which must lose
    /// nothing): `1234567890123456`, `0.30000000000000004`, `1.5e300`. The infinities
    /// are `inf` and `-inf`, which ``NumberText`` reads back.
    public static func exactNumber(_ d: Double) -> String {
        if d.isNaN { return "null" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return spelled(shortestDigits(d), shift: 0)
    }

    /// The percentage that reads back as exactly `d`: the digits of ``exactNumber``
    /// with the point moved two places (`0.000001234%`, `41.66666666666667%`), since a
    /// percentage is read as its decimal divided by 100 and rounded once; `inf%`, `-inf%`.
    public static func exactPercent(_ d: Double) -> String? {
        if d.isNaN { return nil }
        if d.isInfinite { return d < 0 ? "-inf%" : "inf%" }
        return spelled(shortestDigits(d), shift: 2) + "%"
    }

    /// `d` as `digits × 10^exponent`, with the fewest digits that read back as `d`
    /// (Swift's `description` finds them), without trailing zeros.
    private static func shortestDigits(_ d: Double) -> (negative: Bool, digits: String, exponent: Int) {
        if d == 0 { return (false, "0", 0) }
        let text = d.description
        var mantissa = Substring(text), exponent = 0
        if let e = text.firstIndex(of: "e") {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        if let point = mantissa.firstIndex(of: ".") {
            exponent -= mantissa.distance(from: point, to: mantissa.endIndex) - 1
            mantissa.remove(at: point)
        }
        var digits = String(mantissa.drop { $0 == "0" })
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast(); exponent += 1 }
        return (negative, digits.isEmpty ? "0" : digits, exponent)
    }

    /// Decimal text of `digits × 10^(exponent + shift)`: positional while that stays
    /// short (up to 21 integer digits, or 8 zeros after the point), else `1.5e300`.
    private static func spelled(_ n: (negative: Bool, digits: String, exponent: Int), shift: Int) -> String {
        let digits = n.digits, exponent = n.exponent + shift
        let sign = n.negative ? "-" : ""
        if digits == "0" { return "0" }
        let whole = digits.count + exponent   // digits before the point
        if exponent >= 0 && whole <= 21 { return sign + digits + String(repeating: "0", count: exponent) }
        if exponent < 0 && whole > 0 {
            return sign + digits.prefix(whole) + "." + digits.dropFirst(whole)
        }
        if exponent < 0 && whole >= -8 { return sign + "0." + String(repeating: "0", count: -whole) + digits }
        let rest = digits.dropFirst()
        return sign + digits.prefix(1) + (rest.isEmpty ? "" : "." + rest) + "e" + String(whole - 1)
    }

    /// A number or percentage as a file must hold it: exactly, percentages as such.
    static func exact(_ v: Value) -> String? {
        switch v {
        case .number(let d): return exactNumber(d)
        case .percent(let d): return exactPercent(d) ?? exactNumber(d)
        default: return nil
        }
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
    static func quoted(_ s: String) -> String {
        escaped(s) { "\\u{\(String($0, radix: 16))}" }
    }

    /// `s` in double quotes with quote, backslash, newline, tab and return escaped as
    /// iql and JSON both write them; other control characters as `control` spells them.
    static func escaped(_ s: String, control: (UInt32) -> String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 { out += control(ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }

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
