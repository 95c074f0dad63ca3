import Foundation

/// xlsx reader: one sheet of a workbook → a table of typed columns.
///
/// The workbook part lists the sheets and where they are; shared strings and styles
/// are read once; the sheet's cells are streamed. The first row with a value names
/// the columns (the same rules as ``CSVReader``: blank → `column_N`, repeated →
/// `name_2`), the columns span every column any row uses, and rows with no value are
/// skipped. Each column gets one type from its cells exactly as ``CSVColumn`` gives
/// CSV columns theirs: numeric cells are numbers (percentages when their format is a
/// percent format), boolean cells booleans, text cells are read like CSV text (so
/// `"7%"` typed as text is still a percentage); empty and error cells are null.
/// Cells with a date format become text (see ``XLSXReader/dateCell(_:date1904:)``).
struct XLSXReader {
    /// The file's name in messages.
    let name: String

    /// A sheet that the workbook does not have; the caller places it at the `sheet:` argument.
    struct MissingSheet: Error {
        let requested: String
        let available: [String]
    }

    /// One cell's content as the sheet stores it.
    enum Cell {
        case number(Double, percent: Bool)
        case text(String)
        case shared(Int)
        case bool(Bool)
    }

    /// Reads the sheet called `sheet` (the first one when nil). `onRow` is called with
    /// the number of rows read so far and may throw to stop (limits, interrupts).
    func read(_ bytes: [UInt8], sheet: String?, onRow: @escaping (Int) throws -> Void = { _ in }) throws -> Table {
        let package = try XLSXPackage(bytes: bytes, name: name)
        guard package.has("xl/workbook.xml") else {
            throw Diagnostic(.io, Messages.notAWorkbook(name, Messages.noWorkbookPart), at: nil, hint: Messages.workbookHint)
        }
        let workbook = Workbook()
        try package.parse("xl/workbook.xml", workbook)
        guard !workbook.sheets.isEmpty else { throw Diagnostic(.io, Messages.notAWorkbook(name, Messages.noSheet), at: nil) }
        let chosen: (name: String, id: String)
        if let sheet {
            guard let found = workbook.sheets.first(where: { $0.name == sheet }) else {
                throw MissingSheet(requested: sheet, available: workbook.sheets.map(\.name))
            }
            chosen = found
        } else {
            chosen = workbook.sheets[0]
        }
        let relations = Relations()
        try package.parse("xl/_rels/workbook.xml.rels", relations)
        guard let target = relations.targets[chosen.id] else {
            throw Diagnostic(.io, Messages.damagedWorkbook(name, "xl/_rels/workbook.xml.rels"), at: nil)
        }
        let strings = SharedStrings()
        if package.has("xl/sharedStrings.xml") { try package.parse("xl/sharedStrings.xml", strings) }
        let styles = Styles()
        if package.has("xl/styles.xml") { try package.parse("xl/styles.xml", styles) }
        let cells = SheetCells(styles: styles, date1904: workbook.date1904, sharedCount: strings.strings.count, onRow: onRow)
        try package.parse(XLSXReader.partPath(target), cells)
        return table(cells.rows, strings: strings.strings)
    }

    /// A relationship target as a path inside the archive: relative to `xl/`, or absolute from the root.
    static func partPath(_ target: String) -> String {
        target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// Columns from the rows of cells: the first row names them, the others fill them.
    private func table(_ rows: [[(column: Int, cell: Cell)]], strings: [String]) -> Table {
        let used = rows.filter { !$0.isEmpty }
        guard let header = used.first else { return Table.empty }
        let first = used.map { $0.first!.column }.min()!
        let last = used.map { $0.last!.column }.max()!
        let width = last - first + 1
        var headerCells = Array(repeating: "", count: width)
        for (k, cell) in header { headerCells[k - first] = text(cell, strings) }
        let names = CSVReader.columnNames(headerCells)
        let body = used.dropFirst()
        func fill(_ columns: inout [CSVColumn], asText: Bool) {
            for row in body {
                var k = 0
                for (column, cell) in row {
                    while k < column - first { columns[k].addNull(); k += 1 }
                    if asText {
                        var t = text(cell, strings)
                        t.withUTF8 { columns[k].add($0.baseAddress!, $0.count) }
                    } else {
                        add(cell, to: &columns[k], strings)
                    }
                    k += 1
                }
                while k < width { columns[k].addNull(); k += 1 }
            }
        }
        var columns = Array(repeating: CSVColumn(), count: width)
        fill(&columns, asText: false)
        // Columns whose cells turned out not to share one type are read again as text.
        if columns.contains(where: { $0.kind == .retext }) {
            var again = columns.map { CSVColumn(kind: $0.kind == .retext ? .string : .skip) }
            fill(&again, asText: true)
            for k in columns.indices where columns[k].kind == .retext { columns[k] = again[k] }
        }
        return Table(names: names, columns: columns.map { $0.finish(rows: body.count) }, rowCount: body.count)
    }

    private func add(_ cell: Cell, to column: inout CSVColumn, _ strings: [String]) {
        switch cell {
        case .number(let d, let percent): column.add(number: d, percent: percent)
        case .bool(let b): column.add(bool: b)
        case .text, .shared:
            var t = text(cell, strings)
            t.withUTF8 { column.add($0.baseAddress!, $0.count) }
        }
    }

    /// A cell as text: what a column of mixed cells shows.
    private func text(_ cell: Cell, _ strings: [String]) -> String {
        switch cell {
        case .number(let d, let percent): return percent ? Formatter.percent(d) : Formatter.number(d)
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return s
        case .shared(let i): return strings[i]
        }
    }

    /// A cell whose number format is a date or time: the serial number as text,
    /// `YYYY-MM-DD`, with ` HH:MM:SS` when it has a time of day (`HH:MM:SS` alone below
    /// one day). Excel counts days from 1899-12-30 (its 1900 system, which has a
    /// 29 February 1900 that never was: serials below 61 count from 1899-12-31), or from
    /// 1904-01-01 in the 1904 system. The one place a date cell becomes a value.
    static func dateCell(_ serial: Double, date1904: Bool) -> Cell? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }   // up to 9999-12-31
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds == 86_400 { days += 1; seconds = 0 }
        let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if days == 0 && !date1904 { return .text(time) }
        // Days since 1970-01-01.
        let epochDays = date1904 ? days - 24_107 : (days < 61 ? days - 25_568 : days - 25_569)
        guard let date = CalendarDate(daysSinceEpoch: epochDays)?.description else { return nil }
        return .text(seconds == 0 ? date : date + " " + time)
    }
}

// MARK: Parts

/// `xl/workbook.xml`: the sheets in order, and whether dates count from 1904.
private final class Workbook: XMLEvents {
    var sheets: [(name: String, id: String)] = []
    var date1904 = false

    override func start(_ name: Substring, _ attributes: [String: String]) throws {
        switch name {
        case "sheet":
            if let n = attributes["name"], let id = attribute(attributes, "id") { sheets.append((n, id)) }
        case "workbookPr":
            let v = attributes["date1904"]?.lowercased()
            date1904 = v == "1" || v == "true"
        default: break
        }
    }
}

/// `xl/_rels/workbook.xml.rels`: relationship ids → part paths.
private final class Relations: XMLEvents {
    var targets: [String: String] = [:]

    override func start(_ name: Substring, _ attributes: [String: String]) throws {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// `xl/sharedStrings.xml`: the text of each `<si>`, its runs joined; phonetic runs
/// (`<rPh>`, the furigana of Japanese workbooks) are not part of the text.
private final class SharedStrings: XMLEvents {
    var strings: [String] = []
    private var phonetic = false

    override func start(_ name: Substring, _ attributes: [String: String]) throws {
        switch name {
        case "si": text = ""
        case "rPh": phonetic = true
        case "t": collecting = !phonetic
        default: break
        }
    }

    override func end(_ name: Substring) throws {
        switch name {
        case "si": strings.append(XLSXText.unescape(text))
        case "rPh": phonetic = false
        case "t": collecting = false
        default: break
        }
    }
}

/// `xl/styles.xml`: for each cell style (`<cellXfs><xf>`), whether its number format
/// shows a date or a percentage.
private final class Styles: XMLEvents {
    enum Shown { case plain, percent, date }
    private(set) var shown: [Shown] = []
    private var formats: [Int: String] = [:]
    private var inCellXfs = false

    func kind(ofStyle s: Int) -> Shown { s >= 0 && s < shown.count ? shown[s] : .plain }

    override func start(_ name: Substring, _ attributes: [String: String]) throws {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { formats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            shown.append(Styles.kind(ofFormat: id, code: formats[id]))
        default: break
        }
    }

    override func end(_ name: Substring) throws {
        if name == "cellXfs" { inCellXfs = false }
    }

    /// Built-in formats 9 and 10 are percentages; 14–22, 27–36, 45–47 and 50–58 dates
    /// and times (the last ranges in the Chinese, Japanese and Korean locales). A custom
    /// format is a percentage when it has `%`, and a date when it has y, d, h or s,
    /// outside quoted text, `[…]` sections (colours, locales) and `\`-escaped characters.
    static func kind(ofFormat id: Int, code: String?) -> Shown {
        if let code {
            var plain = ""
            var quoted = false, bracket = false, escaped = false
            for ch in code {
                if escaped { escaped = false; continue }
                switch ch {
                case "\\" where !quoted: escaped = true
                case "\"": quoted.toggle()
                case "[" where !quoted: bracket = true
                case "]" where !quoted: bracket = false
                default: if !quoted && !bracket { plain.append(ch) }
                }
            }
            let lower = plain.lowercased()
            if lower == "general" { return .plain }
            if lower.contains("%") { return .percent }
            if lower.contains(where: { "ydhs".contains($0) }) { return .date }
            return .plain
        }
        switch id {
        case 9, 10: return .percent
        case 14...22, 27...36, 45...47, 50...58: return .date
        default: return .plain
        }
    }
}

/// A worksheet's `<sheetData>`: rows of cells in column order.
private final class SheetCells: XMLEvents {
    private(set) var rows: [[(column: Int, cell: XLSXReader.Cell)]] = []
    private let styles: Styles
    private let date1904: Bool
    private let sharedCount: Int
    private let onRow: (Int) throws -> Void

    private var row: [(column: Int, cell: XLSXReader.Cell)] = []
    private var rowNumber = 0
    private var cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var value: String?
    private var inlineText: String?
    private var inInline = false, phonetic = false

    init(styles: Styles, date1904: Bool, sharedCount: Int, onRow: @escaping (Int) throws -> Void) {
        self.styles = styles
        self.date1904 = date1904
        self.sharedCount = sharedCount
        self.onRow = onRow
    }

    override func start(_ name: Substring, _ attributes: [String: String]) throws {
        switch name {
        case "row":
            let n = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            // Rows left out of the XML are empty rows: nothing to add, as blank CSV lines.
            rowNumber = max(n, rowNumber + 1)
            row = []
            cellColumn = 0
        case "c":
            cellColumn = attributes["r"].flatMap(SheetCells.column) ?? cellColumn + 1
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = nil
            inlineText = nil
        case "v":
            text = ""
            collecting = true
        case "is":
            inInline = true
            inlineText = ""
        case "rPh": phonetic = true
        case "t" where inInline && !phonetic:
            text = ""
            collecting = true
        default: break
        }
    }

    override func end(_ name: Substring) throws {
        switch name {
        case "v":
            value = text
            collecting = false
        case "t" where inInline && collecting:
            inlineText! += text
            collecting = false
        case "rPh": phonetic = false
        case "is": inInline = false
        case "c":
            if let cell = try cell() {
                // Cells are in column order in well-formed sheets; keep that order regardless.
                if let last = row.last, last.column >= cellColumn {
                    row.removeAll { $0.column == cellColumn }
                    row.append((cellColumn, cell))
                    row.sort { $0.column < $1.column }
                } else {
                    row.append((cellColumn, cell))
                }
            }
        case "row":
            rows.append(row)
            if !row.isEmpty { try onRow(rows.count) }
        default: break
        }
    }

    /// The finished cell, nil when it holds nothing (or an error such as `#N/A`).
    private func cell() throws -> XLSXReader.Cell? {
        switch cellType {
        case "s":
            guard let v = value, let i = Int(v.trimmingCharacters(in: .whitespaces)), i >= 0, i < sharedCount else {
                if value == nil { return nil }
                throw Diagnostic(.io, Messages.missingSharedString(reference, value!), at: nil)
            }
            return .shared(i)
        case "inlineStr":
            let s = inlineText ?? value ?? ""
            return s.isEmpty ? nil : .text(XLSXText.unescape(s))
        case "str":
            guard let v = value, !v.isEmpty else { return nil }
            return .text(XLSXText.unescape(v))
        case "b":
            guard let v = value?.trimmingCharacters(in: .whitespaces) else { return nil }
            return .bool(v == "1" || v.lowercased() == "true")
        case "e":
            return nil
        case "d":
            // An ISO 8601 date written as such (rare: Excel itself writes serial numbers).
            guard let v = value, !v.isEmpty else { return nil }
            return .text(v.hasSuffix("T00:00:00") ? String(v.prefix(10)) : v.replacingOccurrences(of: "T", with: " "))
        default:
            guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            guard let d = Double(v) else {
                throw Diagnostic(.io, Messages.badNumericCell(reference, v), at: nil)
            }
            switch styles.kind(ofStyle: cellStyle) {
            case .plain: return .number(d, percent: false)
            case .percent: return .number(d, percent: true)
            case .date: return XLSXReader.dateCell(d, date1904: date1904) ?? .number(d, percent: false)
            }
        }
    }

    /// The current cell as Excel names it: `B4`.
    private var reference: String { XLSXWriter.columnLetters(cellColumn - 1) + String(rowNumber) }

    /// The 1-based column of a cell reference such as `AB12`.
    private static func column(_ ref: String) -> Int? {
        var n = 0
        for b in ref.utf8 {
            let u = b & 0xDF   // upper case
            guard u >= 65 && u <= 90 else { break }
            n = n * 26 + Int(u - 64)
            if n > 16_384 { return nil }
        }
        return n > 0 ? n : nil
    }
}

/// The `_xHHHH_` escapes OOXML uses for characters XML cannot hold (a control
/// character in a cell is written `_x0001_`; a literal `_x` that would be misread,
/// `_x005F_x`).
enum XLSXText {
    static func unescape(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        var rest = Substring(s)
        while let r = rest.range(of: "_x") {
            out += rest[..<r.lowerBound]
            let after = rest[r.upperBound...]
            let hex = after.prefix(5)
            if hex.count == 5, hex.last == "_", let code = UInt32(hex.dropLast(), radix: 16), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                out += "_x"
                rest = after
            }
        }
        return out + rest
    }

    /// `s` as XML element text: markup escaped, and characters XML 1.0 forbids (controls
    /// other than tab, line feed and carriage return; U+FFFE, U+FFFF) as `_xHHHH_`, which
    /// Excel and openpyxl read back; a literal `_xHHHH_` is protected as `_x005F_xHHHH_`.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let scalars = Array(s.unicodeScalars)
        for (i, ch) in scalars.enumerated() {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(ch)
            case "_" where isEscapeAhead(scalars, i):
                out += "_x005F_"
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF {
                    out += String(format: "_x%04X_", ch.value)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }

    /// Whether `_xHHHH_` starts at `i`.
    private static func isEscapeAhead(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
        return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
