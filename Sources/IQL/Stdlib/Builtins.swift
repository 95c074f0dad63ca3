import Foundation

/// The standard library: every builtin function, registered in this one table.
/// `:help NAME` and the README's function reference read the same `doc` texts.
enum Builtins {
    static let table: [String: Function] = {
        var t: [String: Function] = [:]
        for b in all { t[b.name] = Function(builtin: b) }
        return t
    }()

    static var names: [String] { Array(table.keys) }

    static let all: [Builtin] = math + strings + conversions + lists + aggregates + io + window + report + charts + dates + extract

    // MARK: Math

    static let math: [Builtin] = [
        unary("abs", "absolute value: abs(-3) is 3") { abs($0) },
        Builtin("round", ["x", "digits"], min: 1, "round half away from zero, to `digits` decimals (default 0): round(2.345, 2) is 2.35") { c in
            guard let x = try c.number(0) else { return .null }
            return Value.num(Rounding.round(x, Double(try c.integer(1) ?? 0)), c[0].style)
        },
        unary("floor", "largest whole number not above x: floor(2.7) is 2") { $0.rounded(.down) },
        unary("ceil", "smallest whole number not below x: ceil(2.1) is 3") { $0.rounded(.up) },
        unary("sqrt", "square root; null for negative numbers: sqrt(16) is 4") { $0 < 0 ? .nan : $0.squareRoot() },
        unary("exp", "e to the power x: exp(0) is 1") { Foundation.exp($0) },
        unary("ln", "natural logarithm; null for x ≤ 0: ln(1) is 0") { $0 <= 0 ? .nan : Foundation.log($0) },
        unary("log10", "base-10 logarithm; null for x ≤ 0: log10(1000) is 3") { $0 <= 0 ? .nan : Foundation.log10($0) },
        Builtin("pow", ["x", "y"], "x to the power y: pow(1.07, 2) is 1.1449") { c in
            guard let x = try c.number(0), let y = try c.number(1) else { return .null }
            return Value.num(Foundation.pow(x, y))
        },
        Builtin("mod", ["a", "b"], "remainder of a / b with the sign of b (floored, as Python's %); null when b is 0: mod(-7, 3) is 2") { c in
            guard let a = try c.number(0), let b = try c.number(1) else { return .null }
            if b == 0 { return .null }
            let r = a.truncatingRemainder(dividingBy: b)
            return Value.num(r != 0 && (r < 0) != (b < 0) ? r + b : r)
        },
        Builtin("div", ["a", "b"], "a / b truncated toward zero, as SQL's integer division; null when b is 0: div(7, 2) is 3, div(-7, 2) is -3") { c in
            guard let a = try c.number(0), let b = try c.number(1), b != 0 else { return .null }
            // The exact remainder taken off first, so that div(a, b) * b + rem(a, b) is a
            // even where a / b rounds across a whole number (div(0.3, 0.1) is 2).
            return Value.num(((a - a.truncatingRemainder(dividingBy: b)) / b).rounded())
        },
        Builtin("rem", ["a", "b"], "remainder of a / b with the sign of a, as SQL's %; null when b is 0: rem(-7, 3) is -1") { c in
            guard let a = try c.number(0), let b = try c.number(1), b != 0 else { return .null }
            return Value.num(a.truncatingRemainder(dividingBy: b))
        },
        Builtin("pi", [], "the number π: pi() is 3.14159265358979") { _ in .number(Double.pi) },
        unary("sin", "sine of an angle in radians: sin(pi() / 2) is 1", keepsStyle: false) { Foundation.sin($0) },
        unary("cos", "cosine of an angle in radians: cos(0) is 1", keepsStyle: false) { Foundation.cos($0) },
        unary("tan", "tangent of an angle in radians: tan(pi() / 4) is 1", keepsStyle: false) { Foundation.tan($0) },
        unary("asin", "arc sine in radians; null outside -1…1: asin(1) is 1.5707963267949", keepsStyle: false) { Foundation.asin($0) },
        unary("acos", "arc cosine in radians; null outside -1…1: acos(1) is 0", keepsStyle: false) { Foundation.acos($0) },
        unary("atan", "arc tangent in radians: atan(1) is 0.785398163397448", keepsStyle: false) { Foundation.atan($0) },
        Builtin("atan2", ["y", "x"], "angle in radians of the point (x, y), from -π to π: atan2(1, 1) is 0.785398163397448") { c in
            guard let y = try c.number(0), let x = try c.number(1) else { return .null }
            return Value.num(Foundation.atan2(y, x))
        },
        unary("degrees", "radians to degrees: degrees(pi()) is 180", keepsStyle: false) { $0 * 180 / Double.pi },
        unary("radians", "degrees to radians: radians(180) is 3.14159265358979", keepsStyle: false) { $0 * Double.pi / 180 },
        Builtin("log", ["x", "base"], "logarithm of x to a base; null for x ≤ 0 or a base ≤ 0 or 1: log(8, 2) is 3") { c in
            guard let x = try c.number(0), let b = try c.number(1) else { return .null }
            guard x > 0, b > 0, b != 1 else { return .null }
            return Value.num(Foundation.log(x) / Foundation.log(b))
        },
        unary("log2", "base-2 logarithm; null for x ≤ 0: log2(8) is 3", keepsStyle: false) { $0 <= 0 ? .nan : Foundation.log2($0) },
        Builtin("growth", ["now", "before"], "growth rate as a percentage: growth(107, 100) is 7%") { c in
            guard let a = try c.number(0), let b = try c.number(1), b != 0 else { return .null }
            return Value.num(a / b - 1, .percent)
        },
        Builtin("pace", ["period"], "share of the year elapsed by the end of a period in any spelling (序时进度): pace(\"2023-06\") is 50%, pace(\"2023-Q3\") 75%, pace(\"1-5月\") 41.6667%") { c in
            try c.period(0).map { .percent($0.elapsedShare) } ?? .null
        },
    ]

    /// A function of one number; `keepsStyle` keeps a percentage one (abs, floor), which
    /// makes no sense for an angle or a logarithm.
    private static func unary(_ name: String, _ doc: String, keepsStyle: Bool = true, _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
        Builtin(name, ["x"], doc) { c in
            guard let x = try c.number(0) else { return .null }
            return Value.num(f(x), keepsStyle ? c[0].style : .plain)
        }
    }

    // MARK: Strings

    static let strings: [Builtin] = [
        Builtin("len", ["x"], "length of a string (in characters), list, record or table (in rows): len(\"医药\") is 2") { c in
            switch c[0] {
            case .null: return .null
            case .string(let s): return .number(Double(s.count))
            case .list(let xs): return .number(Double(xs.count))
            case .record(let r): return .number(Double(r.names.count))
            case .table(let t): return .number(Double(t.rowCount))
            case let v: throw c.fail(0, Messages.expected(Want.stringListOrTable, v))
            }
        },
        stringFn("upper", "upper case: upper(\"gdp\") is \"GDP\"") { $0.uppercased() },
        stringFn("lower", "lower case: lower(\"GDP\") is \"gdp\"") { $0.lowercased() },
        stringFn("trim", "without leading and trailing spaces: trim(\" a \") is \"a\"") { String(Substring($0).trimmingWhitespace()) },
        stringFn("ltrim", "without leading spaces: ltrim(\" a \") is \"a \"") { String($0.drop { $0.isWhitespace }) },
        stringFn("rtrim", "without trailing spaces: rtrim(\" a \") is \" a\"") { s in
            var t = Substring(s)
            while let last = t.last, last.isWhitespace { t.removeLast() }
            return String(t)
        },
        Builtin("matches", ["s", "pattern"], "whether the regular expression matches somewhere in s: matches(\"GDP增长7%\", \"\\\\d+%\") is true") { c in
            guard let s = try c.string(0), let r = try regex(c, 1) else { return .null }
            return .bool(try firstMatch(r, in: s, c) != nil)
        },
        Builtin("extract", ["s", "pattern"], "the first match of a regular expression in s, or of its first capture group when it has one; null when none: extract(\"增长7.5%\", \"([0-9.]+)%\") is \"7.5\"") { c in
            guard let s = try c.string(0), let r = try regex(c, 1) else { return .null }
            guard let m = try firstMatch(r, in: s, c) else { return .null }
            // A group that took no part in the match has no range: null, as no match.
            guard let part = Range(r.numberOfCaptureGroups > 0 ? m.range(at: 1) : m.range, in: s) else { return .null }
            return .string(String(s[part]))
        },
        Builtin("contains", ["s", "part"], "whether s contains part: contains(\"规模以上工业\", \"工业\") is true") { c in
            guard let s = try c.string(0), let p = try c.string(1) else { return .null }
            return .bool(p.isEmpty || s.contains(p))
        },
        Builtin("starts_with", ["s", "prefix"], "whether s starts with prefix: starts_with(\"2023-06\", \"2023\") is true") { c in
            guard let s = try c.string(0), let p = try c.string(1) else { return .null }
            return .bool(s.hasPrefix(p))
        },
        Builtin("ends_with", ["s", "suffix"], "whether s ends with suffix: ends_with(\"医药产业\", \"产业\") is true") { c in
            guard let s = try c.string(0), let p = try c.string(1) else { return .null }
            return .bool(s.hasSuffix(p))
        },
        Builtin("replace", ["s", "old", "new"], "every `old` in s replaced by `new`: replace(\"a-b\", \"-\", \"+\") is \"a+b\"") { c in
            guard let s = try c.string(0), let a = try c.string(1), let b = try c.string(2) else { return .null }
            if a.isEmpty { throw c.fail(1, Messages.emptyReplacement) }
            // The result's size, known before it is built: one change per occurrence.
            let growth = b.utf8.count - a.utf8.count
            if growth > 0 {
                var occurrences = 0, rest = s[...]
                while let r = rest.range(of: a) { occurrences += 1; rest = rest[r.upperBound...] }
                let (extra, overflow) = occurrences.multipliedReportingOverflow(by: growth)
                try c.checkStringLength(overflow ? Int.max : s.utf8.count + extra)
            }
            return try c.string(s.replacingOccurrences(of: a, with: b))
        },
        Builtin("substr", ["s", "start", "length"], min: 2, "characters of s from `start` (0-based), at most `length` of them: substr(\"2023-06\", 5) is \"06\"") { c in
            guard let s = try c.string(0), let start = try c.integer(1) else { return .null }
            let chars = Array(s)
            let from = max(0, start < 0 ? chars.count + start : start)
            let n = try c.integer(2) ?? chars.count
            guard from < chars.count, n > 0 else { return .string("") }
            return .string(String(chars[from..<min(chars.count, from + n)]))
        },
        Builtin("split", ["s", "separator"], "the parts of s between separators: split(\"a,b\", \",\") is [\"a\", \"b\"]") { c in
            guard let s = try c.string(0), let sep = try c.string(1) else { return .null }
            if sep.isEmpty { return try c.list(s.map { .string(String($0)) }) }
            return try c.list(s.components(separatedBy: sep).map(Value.string))
        },
        Builtin("join", ["list", "separator"], min: 1, "the items of a list as text, between separators (default \"\"): join([\"a\", \"b\"], \"、\") is \"a、b\"") { c in
            let xs = try c.list(0)
            let sep = try c.string(1) ?? ""
            // Each piece is measured as it is made, so the whole is refused before it is joined.
            var pieces: [String] = [], total = 0
            pieces.reserveCapacity(xs.count)
            for (i, x) in xs.enumerated() {
                let piece = Formatter.inline(x)
                total += piece.utf8.count + (i > 0 ? sep.utf8.count : 0)
                try c.checkStringLength(total)
                pieces.append(piece)
            }
            return .string(pieces.joined(separator: sep))
        },
        Builtin("fixed", ["x", "digits"], "x as text with exactly `digits` decimals, rounded half away from zero: fixed(2.5, 2) is \"2.50\"") { c in
            guard let x = try c.number(0) else { return .null }
            let d = max(0, min(15, try c.integer(1) ?? 0))
            return .string(String(format: "%.\(d)f", Rounding.round(x, Double(d))))
        },
        Builtin("repeat", ["s", "n"], "s repeated n times: repeat(\"-\", 3) is \"---\"") { c in
            guard let s = try c.string(0), let n = try c.integer(1) else { return .null }
            guard n >= 0 else { throw c.fail(1, Messages.negativeRepeat) }
            let (size, overflow) = s.utf8.count.multipliedReportingOverflow(by: n)
            try c.checkStringLength(overflow ? Int.max : size)
            return .string(String(repeating: s, count: n))
        },
    ]

    /// The regular expression (ICU's syntax, that of NSRegularExpression) at argument
    /// `i`, compiled once per engine.
    private static func regex(_ c: CallSite, _ i: Int) throws -> NSRegularExpression? {
        guard let pattern = try c.string(i) else { return nil }
        if let r = c.ctx.regexes[pattern] { return r }
        let r: NSRegularExpression
        do {
            r = try NSRegularExpression(pattern: pattern)
        } catch {
            // ICU only says "the value is invalid". Swift's regex parser reads nearly the
            // same syntax and says what is wrong and where, so its reason is shown when
            // it has one.
            var reason = error
            do { _ = try Regex(pattern) } catch { reason = error }
            throw c.fail(i, Messages.badPattern(pattern, reason), hint: Messages.patternHint)
        }
        if c.ctx.regexes.count >= 256 { c.ctx.regexes.removeAll() }
        c.ctx.regexes[pattern] = r
        return r
    }

    /// The first match of `r` in `s`, or nil. Swift's `Regex` cannot be stopped once it
    /// starts, and a backtracking pattern such as `(a+)+$` takes exponential time; ICU
    /// calls the progress block at each position it tries and about every millisecond
    /// inside a long attempt, so the time limit, the interrupt flag and task
    /// cancellation stop a match there, with the call's location.
    private static func firstMatch(_ r: NSRegularExpression, in s: String, _ c: CallSite) throws -> NSTextCheckingResult? {
        var found: NSTextCheckingResult?, stopped: Error?, calls = 0
        r.enumerateMatches(in: s, options: .reportProgress, range: NSRange(location: 0, length: s.utf16.count)) { m, _, stop in
            if let m { found = m; stop.pointee = true; return }
            // One call per position tried in an ordinary scan: reading the clock on
            // every 16th keeps a long scan's cost low and a stop within milliseconds.
            calls &+= 1
            guard calls & 15 == 0 else { return }
            do { try c.ctx.checkNow(SourceLocation(file: c.compiler.file, range: c.range)) } catch {
                stopped = error
                stop.pointee = true
            }
        }
        if let stopped { throw stopped }
        return found
    }

    private static func stringFn(_ name: String, _ doc: String, _ f: @escaping @Sendable (String) -> String) -> Builtin {
        Builtin(name, ["s"], doc) { c in
            guard let s = try c.string(0) else { return .null }
            return .string(f(s))
        }
    }

    // MARK: Conversions and null tests

    static let conversions: [Builtin] = [
        Builtin("string", ["x"], "x as text, as it would print: string(7%) is \"7%\"") { c in
            c[0].isNull ? .null : try c.string(Formatter.inline(c[0]))
        },
        Builtin("number", ["x"], "x as a plain number; reads text such as \"1,234\", \"7%\" or \"5000万\"; null when it cannot: number(\"27亿\") is 2700000000") { c in
            switch c[0] {
            case .number(let d), .percent(let d): return .number(d)
            case .bool(let b): return .number(b ? 1 : 0)
            case .string(let s): return NumberText.parse(Substring(s)).map { Value.num($0.doubleValue ?? .nan) } ?? .null
            default: return .null
            }
        },
        Builtin("percent", ["x"], "the same number, shown as a percentage: percent(0.07) is 7%") { c in
            guard let d = try c.number(0) else { return .null }
            return .percent(d)
        },
        Builtin("type", ["x"], "the type of x as text: type(7%) is \"number\"") { c in .string(c[0].typeName) },
        Builtin("is_null", ["x"], "whether x is null: is_null(null) is true") { c in .bool(c[0].isNull) },
        Builtin("coalesce", ["x", "default"], min: 1, max: .some(nil), "the first argument that is not null: coalesce(null, 0) is 0") { c in
            c.args.first { !$0.isNull } ?? .null
        },
    ]

    // MARK: Lists, records, tables

    static let lists: [Builtin] = [
        Builtin("range", ["from", "to"], min: 1, "whole numbers from `from` up to but not including `to` (or 0 ..< from): range(3) is [0, 1, 2]") { c in
            guard let a = try c.integer(0) else { return .null }
            let (lo, hi) = c.count > 1 ? (a, try c.integer(1) ?? a) : (0, a)
            try c.checkListLength(max(0, hi - lo))
            return .list(hi > lo ? (lo..<hi).map { .number(Double($0)) } : [])
        },
        Builtin("map", ["list", "f"], "f applied to each item: map([1, 2], x => x * 10) is [10, 20]") { c in
            let xs = try c.list(0), f = try c.function(1)
            // The results are all alive at once: their sizes add up against the budget.
            var out: [Value] = [], bytes = 0
            out.reserveCapacity(xs.count)
            for x in xs {
                let v = try c.invoke(f, [x])
                bytes += v.estimatedBytes
                try c.ctx.checkMemory(bytes, Messages.mapResults, c.range, c.compiler.file)
                out.append(v)
            }
            return .list(out)
        },
        Builtin("filter", ["list", "predicate"], "the items for which predicate is true: filter([1, 5, 9], x => x > 3) is [5, 9]") { c in
            let xs = try c.list(0), f = try c.function(1)
            let kept = try xs.filter { x in
                switch try c.invoke(f, [x]) {
                case .bool(let b): return b
                case .null: return false
                case let v: throw c.fail(1, Messages.expected(Want.booleanFromPredicate, v))
                }
            }
            return c[0].tableValue != nil ? .table(Table(records: kept.compactMap { if case .record(let r) = $0 { return r }; return nil })) : .list(kept)
        },
        Builtin("reduce", ["list", "initial", "f"], "folds the list: reduce([1, 2, 3], 0, (acc, x) => acc + x) is 6") { c in
            let xs = try c.list(0), f = try c.function(2)
            var acc = c[1]
            for x in xs { acc = try c.invoke(f, [acc, x]) }
            return acc
        },
        Builtin("sorted", ["list"], "the list in ascending order, nulls last: sorted([3, 1, 2]) is [1, 2, 3]") { c in
            .list(try c.list(0).sorted { a, b in
                if a.isNull || b.isNull { return !a.isNull && b.isNull }
                return Value.order(a, b) < 0
            })
        },
        Builtin("reverse", ["x"], "a list backwards, or a string: reverse([1, 2]) is [2, 1]") { c in
            if case .string(let s) = c[0] { return .string(String(s.reversed())) }
            return .list(try c.list(0).reversed())
        },
        Builtin("keys", ["record"], "the field names of a record, or the column names of a table: keys({a: 1}) is [\"a\"]") { c in
            switch c[0] {
            case .record(let r): return .list(r.names.map(Value.string))
            case .table(let t): return .list(t.names.map(Value.string))
            case let v: throw c.fail(0, Messages.expected(Want.recordOrTable, v))
            }
        },
        Builtin("rows", ["table"], "the rows of a table as a list of records: rows(indicators) | map(r => r.name)") { c in
            guard let t = c[0].asTable else { throw c.fail(0, Messages.expected(Want.table, c[0])) }
            return .list(t.rows.map(Value.record))
        },
    ]

    // MARK: Aggregates as list functions

    static let aggregates: [Builtin] = Aggregates.all.map { agg in
        let extremum = agg.name == "min" || agg.name == "max"
        return Builtin(agg.name, ["list"], min: agg.name == "count" ? 0 : 1, max: extremum ? .some(nil) : 1, agg.doc) { c in
            if c.count == 0 { throw c.error(.type, Messages.countOutsideGroup()) }
            // min(a, b, …) compares its arguments; with one argument, the items of a list.
            let items: [Value]
            if c.count > 1 { items = c.args } else {
                guard case .list(let xs) = c[0] else { throw c.fail(0, Messages.expected(Want.list, c[0]), hint: extremum ? Messages.extremumHint(agg.name) : nil) }
                items = xs
            }
            if !items.isEmpty, items.allSatisfy({ if case .record = $0 { return true }; return false }) {
                throw c.fail(0, Messages.aggregateOfTable(agg.name), hint: Messages.aggregateOfTableHint(agg.name))
            }
            let col = Column(items)
            return agg.run(col, Array(0..<items.count))
        }
    }
}
