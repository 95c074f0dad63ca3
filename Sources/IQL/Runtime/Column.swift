import Synchronization

/// Strings of a column, each stored once; rows hold 32-bit codes into it.
/// @unchecked: only a column builder interns, before the column is shared; a finished
/// dictionary is only read.
final class StringDictionary: @unchecked Sendable {
    private(set) var strings: [String] = []
    private var index: [String: Int32] = [:]
    /// `strings[indexed...]` are not in `index` yet: a reader appended them knowing
    /// them distinct (``appendDistinct(_:)``), and hashing a String costs more than
    /// reading the cell it came from, so the index is built only when a lookup needs it.
    private var indexed = 0
    /// `code(of:)` may run on several threads at once over a finished column; the
    /// first to need the rest of the index builds it under this lock.
    private let lock = Mutex(())

    init() {}

    /// The code of `s`, added if new. Only builders call this, before the column is shared.
    func intern(_ s: String) -> Int32 {
        catchUp()
        if let c = index[s] { return c }
        let c = Int32(strings.count)
        strings.append(s)
        index[s] = c
        indexed = strings.count
        return c
    }

    /// Adds `s`, which the caller knows no entry is canonically equivalent to, and
    /// returns its code. Only builders call this, before the column is shared.
    func appendDistinct(_ s: String) -> Int32 {
        strings.append(s)
        return Int32(strings.count - 1)
    }

    func code(of s: String) -> Int32? {
        lock.withLock { _ in
            catchUp()
            return index[s]
        }
    }

    private func catchUp() {
        guard indexed < strings.count else { return }
        index.reserveCapacity(strings.count)
        for c in indexed..<strings.count { index[strings[c]] = Int32(c) }
        indexed = strings.count
    }

    var count: Int { strings.count }
}

/// One column of a table, stored by type.
///
/// Numbers are contiguous doubles and null is a NaN, as R's `NA_real_` is: arithmetic
/// then carries null through without a branch per row, and iql never produces NaN
/// otherwise (invalid arithmetic is defined to give null). Strings are dictionary
/// codes, with -1 for null; booleans are bytes, with -1 for null.
///
/// Dates are days since 1970-01-01, with ``Column/nullDay`` for null. They have a
/// storage of their own rather than being numbers with a display style: the number
/// kernels then never see a date (so `sum`, `*` or `round` cannot quietly treat a day
/// count as a quantity, and no kernel needs a style check), while every switch over
/// storage that has no date case falls back to boxed values, which order and compare
/// dates correctly.
/// @unchecked: it holds a StringDictionary, which is only read once the column is built.
public struct Column: @unchecked Sendable {
    enum Storage {
        case number([Double])
        case string([Int32], StringDictionary)
        case bool([Int8])
        case date([Int32])
        case any([Value])
    }
    /// The day code of a null date.
    static let nullDay = Int32.min
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
        case .date(let a): return a.count
        case .any(let a): return a.count
        }
    }

    /// The type name of the column's values, for `:schema` and messages.
    var typeName: String {
        switch storage {
        case .number: return style == .percent ? "percent" : "number"
        case .string: return "string"
        case .bool: return "boolean"
        case .date: return "date"
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
        case .date(let a):
            let d = a[i]
            return d == Column.nullDay ? .null : .date(CalendarDate(uncheckedDays: d))
        case .any(let a): return a[i]
        }
    }

    /// Whether row `i` is null, without boxing the cell.
    func isNull(at i: Int) -> Bool {
        switch storage {
        case .number(let a): return a[i].isNaN
        case .string(let codes, _): return codes[i] < 0
        case .bool(let a): return a[i] < 0
        case .date(let a): return a[i] == Column.nullDay
        case .any(let a): return a[i].isNull
        }
    }

    /// The rows at `indices`, in that order (a selection materialised), morsel by
    /// morsel on `workers`.
    func gather(_ indices: [Int], _ workers: Parallel = .serial) -> Column {
        func pick<T>(_ a: [T]) -> [T] {
            a.withUnsafeBufferPointer { ap in
                indices.withUnsafeBufferPointer { ip in
                    workers.fill(ip.count) { out, r in
                        for i in r { (out.baseAddress! + i).initialize(to: ap[ip[i]]) }
                    }
                }
            }
        }
        switch storage {
        case .number(let a): return Column(.number(pick(a)), style: style)
        case .string(let a, let d): return Column(.string(pick(a), d), style: style)
        case .bool(let a): return Column(.bool(pick(a)), style: style)
        case .date(let a): return Column(.date(pick(a)))
        case .any(let a): return Column(.any(indices.map { a[$0] }), style: style)
        }
    }

    /// The rows `r`, in order.
    func slice(_ r: Range<Int>) -> Column {
        switch storage {
        case .number(let a): return Column(.number(Array(a[r])), style: style)
        case .string(let a, let d): return Column(.string(Array(a[r]), d), style: style)
        case .bool(let a): return Column(.bool(Array(a[r])), style: style)
        case .date(let a): return Column(.date(Array(a[r])))
        case .any(let a): return Column(.any(Array(a[r])), style: style)
        }
    }

    /// Like `gather`, with -1 meaning a null row (the unmatched side of a left join).
    func gatherOrNull(_ indices: [Int], _ workers: Parallel = .serial) -> Column {
        func pick<T>(_ a: [T], _ null: T) -> [T] {
            a.withUnsafeBufferPointer { ap in
                indices.withUnsafeBufferPointer { ip in
                    workers.fill(ip.count) { out, r in
                        for i in r { (out.baseAddress! + i).initialize(to: ip[i] < 0 ? null : ap[ip[i]]) }
                    }
                }
            }
        }
        switch storage {
        case .number(let a): return Column(.number(pick(a, .nan)), style: style)
        case .string(let a, let d): return Column(.string(pick(a, -1), d), style: style)
        case .bool(let a): return Column(.bool(pick(a, -1)), style: style)
        case .date(let a): return Column(.date(pick(a, Column.nullDay)))
        case .any(let a): return Column(.any(indices.map { $0 < 0 ? .null : a[$0] }), style: style)
        }
    }


    static func nulls(_ n: Int) -> Column { Column(.any(Array(repeating: .null, count: n))) }

    var values: [Value] { (0..<count).map { self[$0] } }

    /// A text column whose every non-null cell is a date written `YYYY-MM-DD` as a date
    /// column; any other column as it is. Readers of files (CSV, JSON, SQLite) apply
    /// this, so a cell `2023-06-30` is a date while `2023-02-30` keeps a column text.
    func readingDates() -> Column {
        guard case .string(let codes, let dict) = storage,
              let first = codes.first(where: { $0 >= 0 }), CalendarDate(dict.strings[Int(first)]) != nil else { return self }
        // Only the codes this column uses: a reader's columns may share one dictionary.
        let unread = Int32.max
        var dayOfCode = [Int32](repeating: unread, count: dict.count)
        var days = [Int32](repeating: Column.nullDay, count: codes.count)
        for (i, code) in codes.enumerated() where code >= 0 {
            var d = dayOfCode[Int(code)]
            if d == unread {
                guard let date = CalendarDate(dict.strings[Int(code)]) else { return self }
                d = date.daysSinceEpoch
                dayOfCode[Int(code)] = d
            }
            days[i] = d
        }
        return Column(.date(days))
    }
}

/// Builds a typed column from values one at a time; falls back to mixed storage
/// when the values do not share a type.
///
/// Each storage kind has its own array as a stored property, appended in place: an
/// enum holding the array would be copied on every append (a quadratic trap).
struct ColumnBuilder {
    private enum Kind { case empty, number, string, bool, date, any }
    private var kind = Kind.empty
    private var nullsBeforeFirst = 0
    private var numbers: [Double] = []
    private var codes: [Int32] = []
    private var dictionary = StringDictionary()
    private var bools: [Int8] = []
    private var days: [Int32] = []
    private var anys: [Value] = []
    private var sawPlain = false
    private var sawPercent = false
    private let capacity: Int

    init(capacity: Int = 0) {
        self.capacity = capacity
    }

    mutating func append(_ v: Value) {
        switch kind {
        case .number:
            switch v {
            case .number(let d): sawPlain = true; numbers.append(d); return
            case .percent(let d): sawPercent = true; numbers.append(d); return
            case .null: numbers.append(.nan); return
            default: break
            }
        case .string:
            switch v {
            case .string(let s): codes.append(dictionary.intern(s)); return
            case .null: codes.append(-1); return
            default: break
            }
        case .bool:
            switch v {
            case .bool(let b): bools.append(b ? 1 : 0); return
            case .null: bools.append(-1); return
            default: break
            }
        case .date:
            switch v {
            case .date(let d): days.append(d.daysSinceEpoch); return
            case .null: days.append(Column.nullDay); return
            default: break
            }
        case .any:
            anys.append(v)
            return
        case .empty:
            switch v {
            case .null: nullsBeforeFirst += 1; return
            case .number, .percent:
                kind = .number
                numbers.reserveCapacity(capacity)
                numbers.append(contentsOf: repeatElement(.nan, count: nullsBeforeFirst))
            case .string:
                kind = .string
                // Created here, not as a default: builders copied from one another
                // (Array(repeating:)) must not share a dictionary.
                dictionary = StringDictionary()
                codes.reserveCapacity(capacity)
                codes.append(contentsOf: repeatElement(-1, count: nullsBeforeFirst))
            case .bool:
                kind = .bool
                bools.reserveCapacity(capacity)
                bools.append(contentsOf: repeatElement(-1, count: nullsBeforeFirst))
            case .date:
                kind = .date
                days.reserveCapacity(capacity)
                days.append(contentsOf: repeatElement(Column.nullDay, count: nullsBeforeFirst))
            default:
                kind = .any
                anys.append(contentsOf: repeatElement(.null, count: nullsBeforeFirst))
            }
            append(v)
            return
        }
        // A value of another type: keep every value as it is from now on.
        anys = finish().values
        anys.append(v)
        kind = .any
        numbers = []; codes = []; bools = []; days = []
    }

    /// Appends `n` nulls at once (the rows of a sparse input that lack this column).
    mutating func appendNulls(_ n: Int) {
        guard n > 0 else { return }
        switch kind {
        case .empty: nullsBeforeFirst += n
        case .number: numbers.append(contentsOf: repeatElement(.nan, count: n))
        case .string: codes.append(contentsOf: repeatElement(-1, count: n))
        case .bool: bools.append(contentsOf: repeatElement(-1, count: n))
        case .date: days.append(contentsOf: repeatElement(Column.nullDay, count: n))
        case .any: anys.append(contentsOf: repeatElement(.null, count: n))
        }
    }

    func finish() -> Column {
        switch kind {
        case .empty: return Column.nulls(nullsBeforeFirst)
        case .number: return Column(.number(numbers), style: sawPercent && !sawPlain ? .percent : .plain)
        case .string: return Column(.string(codes, dictionary))
        case .bool: return Column(.bool(bools))
        case .date: return Column(.date(days))
        case .any: return Column(.any(anys))
        }
    }
}
