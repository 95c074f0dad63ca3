import Foundation

/// CSV reader: UTF-8 bytes → a table of typed columns.
///
/// RFC 4180 fields (quoted fields may hold delimiters, doubled quotes and newlines),
/// LF or CRLF line ends; blank lines are skipped. Lines starting with `#` before the
/// header are comments (a note such as "made-up numbers"); the first record names the columns.
/// Cells go straight from the bytes into typed column storage (see ``CSVColumn``):
/// no row is ever a dictionary, and a cell becomes a `String` only when it is the
/// first occurrence of a text value or a number written with a unit or separators.
struct CSVReader {
    /// The file's name in messages.
    let name: String
    var delimiter: UInt8 = UInt8(ascii: ",")
    /// Column types a script pins (`types: {code: "text"}`) instead of inferring them:
    /// a text column keeps `007` as written, a number or boolean column refuses a
    /// cell that is not one.
    var types: [String: PinnedType] = [:]
    /// What the script reads of the table, when known: the other columns are still
    /// split (so that a malformed record is an error wherever it is) but never stored.
    var use: ColumnUse? = nil

    enum PinnedType: String, CaseIterable {
        case text, number, boolean

        init?(name: String) {
            switch name.lowercased() {
            case "text", "string": self = .text
            case "number": self = .number
            case "boolean", "bool": self = .boolean
            default: return nil
            }
        }

        var kind: CSVColumn.Kind {
            switch self {
            case .text: return .string
            case .number: return .number
            case .boolean: return .bool
            }
        }
    }

    /// Reads the text; `onRow` is called with the number of data rows read so far,
    /// once per row, and may throw to stop (limits, interrupts).
    func read(_ bytes: [UInt8], onRow: (Int) throws -> Void = { _ in }) throws -> Table {
        try bytes.withUnsafeBufferPointer { buf in
            var scanner = CSVScanner(p: buf, delimiter: delimiter, name: name)
            guard scanner.skipLeadingComments() else { return Table.empty }
            let names = try header(&scanner)
            let bodyStart = scanner.i
            if let unknown = types.keys.sorted().first(where: { !names.contains($0) }) {
                throw Diagnostic(.io, Messages.typesUnknownColumn(unknown), at: nil,
                                 hint: closest(to: unknown, in: names).map(Messages.didYouMean) ?? Messages.itsColumns(names))
            }
            let kept = use?.columns(among: names)
            var columns = names.map { n in
                kept.map { $0.contains(n) } == false ? CSVColumn(kind: .skip) : types[n].map { CSVColumn(kind: $0.kind) } ?? CSVColumn()
            }
            let rows = try readRows(&scanner, into: &columns, onRow: onRow)
            for (k, n) in names.enumerated() where columns[k].kind == .retext {
                if let pinned = types[n] { try misfit(k, n, pinned, &scanner, from: bodyStart) }
            }
            // Columns whose cells turned out not to share one type are read again as text.
            if columns.contains(where: { $0.kind == .retext }) {
                var again = columns.map { CSVColumn(kind: $0.kind == .retext ? .string : .skip) }
                scanner.i = bodyStart
                _ = try readRows(&scanner, into: &again) { _ in }
                for k in columns.indices where columns[k].kind == .retext { columns[k] = again[k] }
            }
            let read = names.indices.filter { columns[$0].kind != .skip }
            return Table(names: read.map { names[$0] }, columns: read.map { columns[$0].finish(rows: rows) }, rowCount: rows)
        }
    }

    /// The column names: surrounding spaces trimmed, an empty name becomes `column_N`,
    /// and a repeated name gets `_2`, `_3`, … so that every column can be named.
    private func header(_ scanner: inout CSVScanner) throws -> [String] {
        var cells: [String] = []
        while true {
            let f = try scanner.field()
            cells.append(scanner.text(f))
            if f.last { return CSVReader.columnNames(cells) }
        }
    }

    /// Column names from a header row's cells, as every reader of spreadsheet-like files
    /// gives them: surrounding spaces trimmed, then ``Table/uniqueNames(_:)``'s rule (an
    /// empty name becomes `column_N`, a repeated one gets `_2`, `_3`, …).
    static func columnNames(_ cells: [String]) -> [String] {
        Table.uniqueNames(cells.map { String(Substring($0).trimmingWhitespace()) })
    }

    /// Reports the first cell of column `k` that is not of its pinned type (found again
    /// only on failure, so the common path checks nothing per cell).
    private func misfit(_ k: Int, _ column: String, _ type: PinnedType, _ scanner: inout CSVScanner, from start: Int) throws {
        scanner.i = start
        while scanner.startRecord() {
            var index = 0
            while true {
                let f = try scanner.field()
                if index == k && f.end > f.start {
                    var fits = true
                    let check = { (p: UnsafePointer<UInt8>, n: Int) in
                        switch type {
                        case .number: fits = CSVColumn.fastNumber(p, n) != nil || CSVColumn.slowNumber(p, n) != nil
                        case .boolean: fits = CSVColumn.boolean(p, n) != nil
                        case .text: fits = true
                        }
                    }
                    if f.escaped { scanner.unescape(f, check) } else { check(scanner.p.baseAddress! + f.start, f.end - f.start) }
                    if !fits {
                        throw Diagnostic(.io, Messages.misfitCell(column, type.rawValue, type == .number ? Want.number : Want.trueOrFalse),
                                         at: DataFile.location(f.start, length: f.end - f.start, in: scanner.p, name: name),
                                         hint: Messages.pinToTextHint)
                    }
                }
                index += 1
                if f.last { break }
            }
        }
    }

    /// Reads records until the end, one cell into each column; returns the row count.
    private func readRows(_ scanner: inout CSVScanner, into columns: inout [CSVColumn], onRow: (Int) throws -> Void) throws -> Int {
        let width = columns.count
        var rows = 0
        try columns.withUnsafeMutableBufferPointer { cols in
            while scanner.startRecord() {
                var k = 0
                var extra: CSVScanner.Field? = nil
                while true {
                    let f = try scanner.field()
                    if k < width {
                        if cols[k].kind == .skip {
                            // A column the script does not read: split, never stored.
                        } else if f.end == f.start {
                            if f.quoted { cols[k].addEmptyText() } else { cols[k].addNull() }
                        } else if f.escaped {
                            scanner.unescape(f) { cols[k].add($0, $1) }
                        } else {
                            cols[k].add(scanner.p.baseAddress! + f.start, f.end - f.start)
                        }
                    } else if extra == nil && f.end > f.start {
                        extra = f
                    }
                    k += 1
                    if f.last { break }
                }
                // Extra fields are refused unless empty (trailing delimiters lose no data).
                if let f = extra {
                    throw Diagnostic(.io, Messages.tooManyFields(k, width),
                                     at: DataFile.location(f.start, length: f.end - f.start, in: scanner.p, name: name))
                }
                while k < width { cols[k].addNull(); k += 1 }
                rows += 1
                try onRow(rows)
            }
        }
        return rows
    }
}

/// Splits CSV bytes into fields.
struct CSVScanner {
    let p: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let name: String
    /// The next byte to read.
    var i = 0
    /// Reused to undo doubled quotes.
    private var scratch: [UInt8] = []

    init(p: UnsafeBufferPointer<UInt8>, delimiter: UInt8, name: String) {
        self.p = p
        self.delimiter = delimiter
        self.name = name
    }

    /// A field's bytes, `start..<end` (inside the quotes of a quoted field).
    struct Field {
        var start: Int
        var end: Int
        /// Whether the bytes hold doubled quotes to undo.
        var escaped: Bool
        /// Whether the field ends its record.
        var last: Bool
        /// Whether the field was in quotes: `""` is an empty string, an empty field null.
        var quoted = false
    }

    /// Skips blank lines and `#` comment lines before the header; false at the end of the input.
    mutating func skipLeadingComments() -> Bool {
        while startRecord() && p[i] == UInt8(ascii: "#") {
            while i < p.count && p[i] != 0x0A { i += 1 }
        }
        return i < p.count
    }

    /// Skips blank lines before a record; false at the end of the input.
    mutating func startRecord() -> Bool {
        while i < p.count && (p[i] == 0x0A || p[i] == 0x0D) { i += 1 }
        return i < p.count
    }

    /// The next field of the current record.
    @inline(__always)
    mutating func field() throws -> Field {
        let n = p.count
        let base = p.baseAddress!
        let quote = UInt8(ascii: "\"")
        if i < n && base[i] == quote {
            let open = i
            var j = i + 1
            var escaped = false
            while true {
                guard let q = memchr(base + j, Int32(quote), n - j) else {
                    var d = Diagnostic(.io, Messages.unterminatedQuote, at: DataFile.location(open, in: p, name: name))
                    d.hintText = Messages.unterminatedQuoteHint
                    throw d
                }
                j = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
                if j + 1 < n && base[j + 1] == quote { escaped = true; j += 2; continue }
                break
            }
            i = j + 1
            var f = Field(start: open + 1, end: j, escaped: escaped, last: true, quoted: true)
            if i == n { return f }
            switch base[i] {
            case delimiter: i += 1; f.last = false
            case 0x0A: i += 1
            case 0x0D: i += 1; if i < n && base[i] == 0x0A { i += 1 }
            default:
                let len = min(n - i, CSVScanner.scalarLength(base[i]))
                let found = String(decoding: UnsafeBufferPointer(rebasing: p[i..<(i + len)]), as: UTF8.self)
                var d = Diagnostic(.io, Messages.afterClosingQuote("'\(found)'"), at: DataFile.location(i, length: len, in: p, name: name))
                d.hintText = Messages.unterminatedQuoteHint
                throw d
            }
            return f
        }
        let start = i
        while i < n {
            let c = base[i]
            if c == delimiter || c == 0x0A || c == 0x0D { break }
            i += 1
        }
        var f = Field(start: start, end: i, escaped: false, last: true)
        if i == n { return f }
        let c = base[i]
        i += 1
        if c == delimiter { f.last = false } else if c == 0x0D && i < n && base[i] == 0x0A { i += 1 }
        return f
    }

    /// The field's text, with doubled quotes undone.
    mutating func text(_ f: Field) -> String {
        if f.escaped {
            var s = ""
            unescape(f) { s = String(decoding: UnsafeBufferPointer(start: $0, count: $1), as: UTF8.self) }
            return s
        }
        return String(decoding: UnsafeBufferPointer(rebasing: p[f.start..<f.end]), as: UTF8.self)
    }

    /// Calls `body` with the field's bytes after undoing doubled quotes.
    mutating func unescape(_ f: Field, _ body: (UnsafePointer<UInt8>, Int) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        var k = f.start
        while k < f.end {
            let b = p[k]
            scratch.append(b)
            k += b == UInt8(ascii: "\"") ? 2 : 1
        }
        scratch.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }

    /// Bytes in the UTF-8 sequence that starts with `lead`.
    static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
