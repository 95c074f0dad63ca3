/// An iql value. Every message names a value's type through ``typeName``.
/// @unchecked: values are immutable once made; the reference types they hold (tables'
/// dictionaries, functions) are either never mutated after construction or guarded
/// by an engine's lock (see Function).
public enum Value: @unchecked Sendable {
    /// No value: what a missing cell, a failed conversion or a division by zero gives.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number (never NaN: invalid arithmetic gives ``null``).
    case number(Double)
    /// A number shown as a percentage: `.percent(0.07)` prints `7%`.
    case percent(Double)
    /// A calendar day, printed `2023-06-30`.
    case date(CalendarDate)
    /// Text.
    case string(String)
    /// An ordered list of values.
    case list([Value])
    /// Named fields in order.
    case record(Record)
    /// A columnar table.
    case table(Table)
    /// A builtin, host function, `fn` or lambda.
    case function(Function)
    /// A chart of a table, drawn by the renderers (`chart(t, "bar", "name", "attainment")`).
    case chart(Chart)

    /// A number, or null for NaN (iql has no NaN: invalid arithmetic gives null).
    @inline(__always)
    static func num(_ d: Double, _ style: NumberStyle = .plain) -> Value {
        if d.isNaN { return .null }
        return style == .percent ? .percent(d) : .number(d)
    }

    /// The name of this value's type, as used in every message.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number, .percent: return "number"
        case .date: return "date"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .table: return "table"
        case .function: return "function"
        case .chart: return "chart"
        }
    }

    /// Whether this is ``null``.
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// The number held, if this is a number or percentage.
    public var doubleValue: Double? {
        switch self {
        case .number(let d), .percent(let d): return d
        default: return nil
        }
    }

    /// The date held, if this is a date.
    public var dateValue: CalendarDate? { if case .date(let d) = self { return d }; return nil }
    /// The text held, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The boolean held, if this is one.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    /// The table held, if this is a table (a list of records is not converted here).
    public var tableValue: Table? { if case .table(let t) = self { return t }; return nil }
    var style: NumberStyle { if case .percent = self { return .percent }; return .plain }

    /// A list of records is a table: the one conversion iql makes implicitly.
    var asTable: Table? {
        switch self {
        case .table(let t): return t
        case .list(let items):
            var records: [Record] = []
            records.reserveCapacity(items.count)
            for item in items {
                guard case .record(let r) = item else { return nil }
                records.append(r)
            }
            return Table(records: records)
        default: return nil
        }
    }
}

/// An ordered set of named fields: `{name: "医药", target: 8%}`.
public struct Record: Sendable, Equatable {
    /// Field names, in order.
    public private(set) var names: [String]
    /// Field values, in the order of ``names``.
    public private(set) var values: [Value]

    /// A record of parallel names and values. It is an error to pass arrays of different lengths.
    public init(names: [String], values: [Value]) {
        self.names = names
        self.values = values
    }

    /// A record from name–value pairs; a repeated name keeps its last value.
    public init(_ fields: [(String, Value)]) {
        self.names = []
        self.values = []
        for (n, v) in fields { self[n] = v }
    }

    /// The value of a field, nil if there is none; setting nil removes the field.
    public subscript(name: String) -> Value? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let v = newValue { values[i] = v } else { names.remove(at: i); values.remove(at: i) }
            } else if let v = newValue {
                names.append(name)
                values.append(v)
            }
        }
    }
}

// MARK: - Equality, hashing and order

extension Value: Hashable {
    /// Structural equality used by grouping, joins and `distinct`: null equals null here,
    /// unlike `==` in the language, where a comparison with null is null.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        case (.record(let x), .record(let y)): return x == y
        case (.table(let x), .table(let y)): return x.names == y.names && x.rows == y.rows
        case (.function(let x), .function(let y)): return x === y
        case (.chart(let x), .chart(let y)): return x == y
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x == y }
            return false
        }
    }

    /// Hashes consistently with ``==``: a percentage hashes as its number.
    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .number(let d), .percent(let d): h.combine(d)
        case .date(let d): h.combine(1); h.combine(d.daysSinceEpoch)
        case .string(let s): h.combine(s)
        case .list(let xs): h.combine(xs)
        case .record(let r): h.combine(r.names); h.combine(r.values)
        case .table(let t): h.combine(t.names); h.combine(t.rowCount)
        case .function(let f): h.combine(ObjectIdentifier(f))
        case .chart(let c): h.combine(c.title); h.combine(c.bars.count)
        }
    }

    private var typeRank: Int {
        switch self {
        case .bool: return 0
        case .number, .percent: return 1
        case .date: return 2
        case .string: return 3
        case .list: return 4
        case .record: return 5
        case .table: return 6
        case .function: return 7
        case .chart: return 8
        case .null: return 8
        }
    }

    /// Total order for sorting: values of different types order by type, null last.
    static func order(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.list(let x), .list(let y)):
            for (u, v) in zip(x, y) { let c = order(u, v); if c != 0 { return c } }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x == y ? 0 : (x < y ? -1 : 1) }
            let (ra, rb) = (a.typeRank, b.typeRank)
            return ra == rb ? 0 : (ra < rb ? -1 : 1)
        }
    }
}
