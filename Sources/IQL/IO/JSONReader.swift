import Foundation

/// JSON reader: UTF-8 bytes → a table.
///
/// Takes an array of objects, or JSON Lines (one object per line; any whitespace
/// between objects is accepted). Each object is a row; columns appear in order of
/// first appearance and a row without a key is null there. Values keep their JSON
/// types; nested arrays and objects become lists and records; a key whose every
/// value is a string written `2023-06-30` is a date column.
struct JSONReader {
    /// The file's name in messages.
    let name: String

    /// Reads the text; `onRow` is called with the number of rows read so far.
    func read(_ bytes: [UInt8], onRow: (Int) throws -> Void = { _ in }) throws -> Table {
        try bytes.withUnsafeBufferPointer { buf in
            var parser = JSONParser(p: buf, name: name)
            var rows = RowCollector()
            parser.skipSpace()
            if parser.peek == UInt8(ascii: "[") {
                parser.i += 1
                parser.skipSpace()
                if parser.peek == UInt8(ascii: "]") { parser.i += 1 } else {
                    while true {
                        try rows.add(try parser.row())
                        try onRow(rows.count)
                        parser.skipSpace()
                        if parser.peek == UInt8(ascii: ",") { parser.i += 1; parser.skipSpace(); continue }
                        if parser.peek == UInt8(ascii: "]") { parser.i += 1; break }
                        throw parser.error(parser.atEnd ? .arrayNotClosed : .afterRow)
                    }
                }
                parser.skipSpace()
                if !parser.atEnd { throw parser.error(.trailing) }
            } else {
                while !parser.atEnd {
                    try rows.add(try parser.row())
                    try onRow(rows.count)
                    parser.skipSpace()
                }
            }
            return rows.table()
        }
    }
}

/// Collects rows into column builders, by key.
///
/// Work per row is proportional to the row's own keys: a column missing from a row
/// gets its nulls in one run when it next appears (or at the end), so a file that
/// adds a new key on every line is not read in quadratic time.
private struct RowCollector {
    var names: [String] = []
    var position: [String: Int] = [:]
    var builders: [ColumnBuilder] = []
    /// Rows each builder holds so far.
    var filled: [Int] = []
    var count = 0

    mutating func add(_ r: Record) throws {
        for (n, v) in zip(r.names, r.values) {
            let k: Int
            if let known = position[n] { k = known } else {
                k = names.count
                position[n] = k
                names.append(n)
                builders.append(ColumnBuilder())
                filled.append(0)
            }
            builders[k].appendNulls(count - filled[k])
            builders[k].append(v)
            filled[k] = count + 1
        }
        count += 1
    }

    mutating func table() -> Table {
        for k in builders.indices { builders[k].appendNulls(count - filled[k]) }
        return Table(names: names, columns: builders.map { $0.finish().readingDates() }, rowCount: count)
    }
}

/// A JSON (RFC 8259) parser over bytes that reports errors at their line and column.
private struct JSONParser {
    let p: UnsafeBufferPointer<UInt8>
    let name: String
    var i = 0
    /// Nesting of arrays and objects, bounded so that deep input cannot exhaust the stack.
    private var depth = 0
    private static let maxDepth = 512

    init(p: UnsafeBufferPointer<UInt8>, name: String) {
        self.p = p
        self.name = name
    }

    var atEnd: Bool { i >= p.count }
    var peek: UInt8 { i < p.count ? p[i] : 0 }

    func error(_ problem: Messages.JSONProblem, at offset: Int? = nil) -> Diagnostic {
        let at = offset ?? i
        return Diagnostic(.io, Messages.json(problem), at: DataFile.location(at, length: at < p.count ? CSVScanner.scalarLength(p[at]) : 0, in: p, name: name))
    }

    mutating func skipSpace() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
    }

    /// row → object
    mutating func row() throws -> Record {
        let start = i
        let v = try value()
        guard case .record(let r) = v else { throw error(.row(v), at: start) }
        return r
    }

    /// value → object | array | string | number | true | false | null
    mutating func value() throws -> Value {
        skipSpace()
        guard !atEnd else { throw error(.valueAtEnd) }
        switch p[i] {
        case UInt8(ascii: "{"): return .record(try object())
        case UInt8(ascii: "["): return .list(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error(.value)
        }
    }

    /// object → '{' (string ':' value (',' string ':' value)*)? '}'
    private mutating func object() throws -> Record {
        try enter()
        defer { depth -= 1 }
        i += 1
        var names: [String] = [], values: [Value] = []
        skipSpace()
        if peek == UInt8(ascii: "}") { i += 1; return Record(names: [], values: []) }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw error(.key) }
            let key = try string()
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw error(.colon(key)) }
            i += 1
            let v = try value()
            // A repeated key keeps its last value, as most JSON readers do.
            if let k = names.firstIndex(of: key) { values[k] = v } else { names.append(key); values.append(v) }
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "}") { i += 1; return Record(names: names, values: values) }
            throw error(.inObject)
        }
    }

    /// array → '[' (value (',' value)*)? ']'
    private mutating func array() throws -> [Value] {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [Value] = []
        skipSpace()
        if peek == UInt8(ascii: "]") { i += 1; return items }
        while true {
            items.append(try value())
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "]") { i += 1; return items }
            throw error(.inArray)
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maxDepth { throw error(.tooDeep(JSONParser.maxDepth)) }
    }

    private mutating func word(_ w: StaticString) throws {
        let n = w.utf8CodeUnitCount
        let bytes = UnsafeBufferPointer(start: w.utf8Start, count: n)
        guard i + n <= p.count, bytes.elementsEqual(p[i..<(i + n)]) else { throw error(.value) }
        i += n
    }

    /// number → '-'? ('0' | [1-9] [0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
    ///
    /// Exactly RFC 8259's grammar: no leading zeros, no '+', no bare '.'. A number
    /// too large for a double reads as infinity (how iql writes one: `1e999`).
    private mutating func number() throws -> Double {
        let start = i
        func digits() -> Int {
            let from = i
            while i < p.count, p[i] &- 48 < 10 { i += 1 }
            return i - from
        }
        func bad(_ why: Messages.NumberFault) -> Diagnostic {
            while i < p.count, p[i] &- 48 < 10 || p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")
                    || p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            return error(.notANumber(String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self), why), at: start)
        }
        if peek == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        let intDigits = digits()
        guard intDigits > 0 else { throw bad(.digit) }
        if intDigits > 1 && p[intStart] == UInt8(ascii: "0") { throw bad(.leadingZeros) }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw bad(.digitAfterPoint) }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw bad(.exponentDigit) }
        }
        let span = UnsafeBufferPointer(rebasing: p[start..<i])
        if let d = CSVColumn.fastNumber(span.baseAddress!, span.count) { return d }
        guard let d = Double(String(decoding: span, as: UTF8.self)) else { throw bad(.outOfRange) }
        return d
    }

    /// string → '"' (char | escape)* '"'
    private mutating func string() throws -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < p.count, p[i] != UInt8(ascii: "\""), p[i] != UInt8(ascii: "\\"), p[i] >= 0x20 { i += 1 }
        if i < p.count && p[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<(i - 1)]), as: UTF8.self)
        }
        var out = Array(p[start..<i])
        while true {
            guard i < p.count else { throw error(.unterminatedString, at: open) }
            let c = p[i]
            if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if c < 0x20 { throw error(.controlCharacter(c)) }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            guard i + 1 < p.count else { throw error(.unterminatedString, at: open) }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                        throw error(.loneSurrogate, at: i - 6)
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error(.loneSurrogate, at: i - 6) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw error(.loneSurrogate, at: i - 6) }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error(.unknownEscape(String(decoding: [e], as: UTF8.self)), at: i - 2)
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        // Four hex digits exactly: UInt32(_:radix:) alone would also take a sign.
        guard i + 4 <= p.count, p[i..<(i + 4)].allSatisfy({ ($0 | 0x20) &- 97 < 6 || $0 &- 48 < 10 }),
              let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: p[i..<(i + 4)]), as: UTF8.self), radix: 16) else {
            throw error(.hexDigits, at: i)
        }
        i += 4
        return v
    }
}
