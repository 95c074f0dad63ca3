/// Strings of a column, each stored once; rows hold 32-bit codes into it.
final class StringDictionary: @unchecked Sendable {
    private(set) var strings: [String] = []
    private var index: [String: Int32] = [:]

    init() {}

    /// The code of `s`, added if new. Only builders call this, before the column is shared.
    func intern(_ s: String) -> Int32 {
        if let c = index[s] { return c }
        let c = Int32(strings.count)
        strings.append(s)
        index[s] = c
        return c
    }

    func code(of s: String) -> Int32? { index[s] }
    var count: Int { strings.count }
}

/// One column of a table, stored by type.
///
/// Numbers are contiguous doubles and null is a NaN, as R's `NA_real_` is: arithmetic
/// then carries null through without a branch per row, and iql never produces NaN
/// otherwise (invalid arithmetic is defined to give null). Strings are dictionary
/// codes, with -1 for null; booleans are bytes, with -1 for null.
public struct Column: @unchecked Sendable {
    enum Storage {
        case number([Double])
        case string([Int32], StringDictionary)
        case bool([Int8])
        case any([Value])
    }
    var storage: Storage
    /// How numbers of this column are shown.
    var style: NumberStyle = .plain

    init(_ storage: Storage, style: NumberStyle = .plain) {
        self.storage = storage
        self.style = style
    }

    /// A column holding `values`, typed by what they hold.
    init(_ values: [Value]) {
        var b = ColumnBuilder(capacity: values.count)
        for v in values { b.append(v) }
        self = b.finish()
    }

    public var count: Int {
        switch storage {
        case .number(let a): return a.count
        case .string(let a, _): return a.count
        case .bool(let a): return a.count
        case .any(let a): return a.count
        }
    }

    /// The type name of the column's values, for `:schema` and messages.
    var typeName: String {
        switch storage {
        case .number: return style == .percent ? "percent" : "number"
        case .string: return "string"
        case .bool: return "boolean"
        case .any(let vs):
            var name: String? = nil
            for v in vs where !v.isNull {
                if name == nil { name = v.typeName } else if name != v.typeName { return "any" }
            }
            return name ?? "null"
        }
    }

    @inline(__always)
    subscript(i: Int) -> Value {
        switch storage {
        case .number(let a): return Value.num(a[i], style)
        case .string(let codes, let dict):
            let c = codes[i]
            return c < 0 ? .null : .string(dict.strings[Int(c)])
        case .bool(let a):
            let b = a[i]
            return b < 0 ? .null : .bool(b == 1)
        case .any(let a): return a[i]
        }
    }

    /// The rows at `indices`, in that order (a selection materialised).
    func gather(_ indices: [Int]) -> Column {
        switch storage {
        case .number(let a): return Column(.number(indices.map { a[$0] }), style: style)
        case .string(let a, let d): return Column(.string(indices.map { a[$0] }, d), style: style)
        case .bool(let a): return Column(.bool(indices.map { a[$0] }), style: style)
        case .any(let a): return Column(.any(indices.map { a[$0] }), style: style)
        }
    }

    /// Like `gather`, with -1 meaning a null row (the unmatched side of a left join).
    func gatherOrNull(_ indices: [Int]) -> Column {
        switch storage {
        case .number(let a): return Column(.number(indices.map { $0 < 0 ? .nan : a[$0] }), style: style)
        case .string(let a, let d): return Column(.string(indices.map { $0 < 0 ? -1 : a[$0] }, d), style: style)
        case .bool(let a): return Column(.bool(indices.map { $0 < 0 ? -1 : a[$0] }), style: style)
        case .any(let a): return Column(.any(indices.map { $0 < 0 ? .null : a[$0] }), style: style)
        }
    }

    func slice(_ range: Range<Int>) -> Column { gather(Array(range)) }

    static func nulls(_ n: Int) -> Column { Column(.any(Array(repeating: .null, count: n))) }

    var values: [Value] { (0..<count).map { self[$0] } }
}

/// Builds a typed column from values one at a time; falls back to mixed storage
/// when the values do not share a type.
struct ColumnBuilder {
    private enum State { case empty(Int), number([Double]), string([Int32], StringDictionary), bool([Int8]), any([Value]) }
    private var state: State
    private var sawPlain = false
    private var sawPercent = false
    private let capacity: Int

    init(capacity: Int = 0) {
        self.capacity = capacity
        state = .empty(0)
    }

    mutating func append(_ v: Value) {
        switch (state, v) {
        case (.empty(let n), .null): state = .empty(n + 1)
        case (.empty(let n), .number), (.empty(let n), .percent):
            var a = [Double](repeating: .nan, count: n); a.reserveCapacity(capacity)
            state = .number(a); append(v)
        case (.empty(let n), .string):
            var a = [Int32](repeating: -1, count: n); a.reserveCapacity(capacity)
            state = .string(a, StringDictionary()); append(v)
        case (.empty(let n), .bool):
            var a = [Int8](repeating: -1, count: n); a.reserveCapacity(capacity)
            state = .bool(a); append(v)
        case (.empty(let n), _):
            state = .any(Array(repeating: .null, count: n)); append(v)
        case (.number(var a), .number(let d)):
            state = .empty(0); sawPlain = true; a.append(d); state = .number(a)
        case (.number(var a), .percent(let d)):
            state = .empty(0); sawPercent = true; a.append(d); state = .number(a)
        case (.number(var a), .null):
            state = .empty(0); a.append(.nan); state = .number(a)
        case (.string(var a, let d), .string(let s)):
            state = .empty(0); a.append(d.intern(s)); state = .string(a, d)
        case (.string(var a, let d), .null):
            state = .empty(0); a.append(-1); state = .string(a, d)
        case (.bool(var a), .bool(let b)):
            state = .empty(0); a.append(b ? 1 : 0); state = .bool(a)
        case (.bool(var a), .null):
            state = .empty(0); a.append(-1); state = .bool(a)
        case (.any(var a), _):
            state = .empty(0); a.append(v); state = .any(a)
        default:
            // Mixed types: keep every value as it is.
            var all = current()
            all.append(v)
            state = .any(all)
        }
    }

    private func current() -> [Value] {
        let col = snapshot()
        return col.values
    }

    private func snapshot() -> Column {
        switch state {
        case .empty(let n): return Column.nulls(n)
        case .number(let a): return Column(.number(a), style: sawPercent && !sawPlain ? .percent : .plain)
        case .string(let a, let d): return Column(.string(a, d))
        case .bool(let a): return Column(.bool(a))
        case .any(let a): return Column(.any(a))
        }
    }

    func finish() -> Column { snapshot() }
}
