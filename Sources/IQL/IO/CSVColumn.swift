import Foundation

/// One column of a CSV file being read, typed by its cells.
///
/// Empty cells are null. The first other cell decides the type: `true`/`false` make a
/// boolean column, anything ``NumberText`` reads (`42`, `-3.5`, `1,234`, `7%`,
/// `5000万`, `27亿`) a number column, anything else a text column — a date column
/// when every cell is a date written `2023-06-30` (``Column/readingDates()``). A later cell that
/// does not fit marks the column `.retext`: the reader then reads it again as text,
/// so every cell keeps the text it was written with rather than a number's rendering.
struct CSVColumn {
    enum Kind { case unknown, number, bool, string, retext, skip }
    private(set) var kind: Kind
    /// Nulls seen while the type was still unknown.
    private var leadingNulls = 0
    private var numbers: [Double] = []
    private var sawPlain = false
    private var sawPercent = false
    private var bools: [Int8] = []
    private var codes: [Int32] = []
    private var interner = ByteInterner()

    init(kind: Kind = .unknown) { self.kind = kind }

    mutating func addNull() {
        switch kind {
        case .unknown: leadingNulls += 1
        case .number: numbers.append(.nan)
        case .bool: bools.append(-1)
        case .string: codes.append(-1)
        case .retext, .skip: break
        }
    }

    /// Adds `""`: an empty string in a text column, null in any other.
    mutating func addEmptyText() {
        guard kind == .string else { return addNull() }
        var none: UInt8 = 0
        codes.append(withUnsafePointer(to: &none) { interner.code($0, 0) })
    }

    /// Adds a non-empty cell of `count` bytes at `p`.
    @inline(__always)
    mutating func add(_ p: UnsafePointer<UInt8>, _ count: Int) {
        switch kind {
        case .number:
            if let d = CSVColumn.fastNumber(p, count) {
                numbers.append(d)
                sawPlain = true
            } else if count > 1 && p[count - 1] == UInt8(ascii: "%"), let d = CSVColumn.fastNumber(p, count - 1, shift: 2) {
                // As the lexer reads `7%`: the decimal over 100, rounded once.
                numbers.append(d)
                sawPercent = true
            } else if !addSlowNumber(p, count) {
                retext()
            }
        case .string:
            codes.append(interner.code(p, count))
        case .bool:
            if let b = CSVColumn.boolean(p, count) { bools.append(b ? 1 : 0) } else { retext() }
        case .unknown:
            if let b = CSVColumn.boolean(p, count) {
                kind = .bool
                bools = Array(repeating: -1, count: leadingNulls)
                bools.append(b ? 1 : 0)
            } else if CSVColumn.fastNumber(p, count) != nil || CSVColumn.slowNumber(p, count) != nil {
                kind = .number
                numbers = Array(repeating: .nan, count: leadingNulls)
                add(p, count)
            } else {
                kind = .string
                codes = Array(repeating: -1, count: leadingNulls)
                add(p, count)
            }
        case .retext, .skip:
            break
        }
    }

    /// Adds a cell that is already a number (a spreadsheet's numeric cell): it joins a
    /// number column, or sends a column of another type to be read again as text.
    mutating func add(number d: Double, percent: Bool) {
        switch kind {
        case .unknown:
            kind = .number
            numbers = Array(repeating: .nan, count: leadingNulls)
            add(number: d, percent: percent)
        case .number:
            numbers.append(d)
            if percent { sawPercent = true } else { sawPlain = true }
        case .bool, .string: retext()
        case .retext, .skip: break
        }
    }

    /// Adds a cell that is already a boolean (a spreadsheet's boolean cell).
    mutating func add(bool b: Bool) {
        switch kind {
        case .unknown:
            kind = .bool
            bools = Array(repeating: -1, count: leadingNulls)
            bools.append(b ? 1 : 0)
        case .bool: bools.append(b ? 1 : 0)
        case .number, .string: retext()
        case .retext, .skip: break
        }
    }

    private mutating func addSlowNumber(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard let v = CSVColumn.slowNumber(p, count) else { return false }
        if case .percent(let d) = v { numbers.append(d); sawPercent = true } else { numbers.append(v.doubleValue ?? .nan); sawPlain = true }
        return true
    }

    private mutating func retext() {
        kind = .retext
        numbers = []
        bools = []
    }

    /// The finished column; a column with no values is all null.
    func finish(rows: Int) -> Column {
        switch kind {
        case .number: return Column(.number(numbers), style: sawPercent && !sawPlain ? .percent : .plain)
        case .bool: return Column(.bool(bools))
        case .string: return Column(.string(codes, interner.dictionary)).readingDates()
        case .unknown, .retext, .skip: return Column.nulls(rows)
        }
    }

    /// `true` or `false` in any of the casings spreadsheets write.
    @inline(__always)
    static func boolean(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool? {
        guard count == 4 || count == 5 else { return nil }
        var folded: UInt64 = 0
        for i in 0..<count { folded = folded << 8 | UInt64(p[i] | 0x20) }
        if folded == 0x74_72_75_65 { return true }       // "true"
        if folded == 0x66_61_6c_73_65 { return false }   // "false"
        return nil
    }

    /// Plain decimals such as `-12.5`, read exactly without making a String: a
    /// mantissa of at most 15 digits is exact in a Double, and so are powers of ten up
    /// to 10^22, so one division rounds correctly. Anything else goes to ``slowNumber``.
    @inline(__always)
    /// With `shift`, the number is divided by 10^shift within the same single rounding.
    static func fastNumber(_ p: UnsafePointer<UInt8>, _ count: Int, shift: Int = 0) -> Double? {
        var i = 0
        let negative = count > 0 && p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        while i < count, p[i] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); digits += 1; i += 1 }
        guard digits > 0 else { return nil }
        var scale = 0
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            let first = i
            while i < count, p[i] &- 48 < 10 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); digits += 1; i += 1 }
            scale = i - first
            guard scale > 0 else { return nil }
        }
        scale += shift
        guard i == count, digits <= 15, scale <= 22 else { return nil }
        var d = Double(mantissa)
        if scale > 0 { d /= powersOfTen[scale] }
        return negative ? -d : d
    }

    private static let powersOfTen: [Double] = (0...22).map { Double("1e\($0)")! }

    /// Numbers as analysts write them in cells: units, percentages, separators, exponents.
    static func slowNumber(_ p: UnsafePointer<UInt8>, _ count: Int) -> Value? {
        NumberText.parse(Substring(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)))
    }
}
