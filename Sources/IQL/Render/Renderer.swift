import Foundation

/// The text formats a result can be rendered in.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned box tables for people.
    case table
    /// RFC 4180 CSV with a header line.
    case csv
    /// JSON: a table is an array of objects.
    case json
    /// A GitHub-flavoured Markdown table.
    case markdown
    /// HTML: a `<table>` per table, inline SVG per chart; ``Renderer/htmlPage(_:title:)``
    /// puts them in a self-contained page.
    case html
}

/// Renders values as text in one of the ``OutputFormat``s.
public struct Renderer: Sendable {
    public var format: OutputFormat
    /// Rows shown before a long table is cut (`0` shows all). Table format only.
    public var maxRows: Int
    /// Terminal width to fit tables into (`nil`: no limit). Table format only.
    public var maxWidth: Int?
    /// ANSI colour for nulls and numbers.
    public var color: Bool
    /// Shows amounts of yuan in 万 and 亿 in box tables (see `Formatter.yuan`). Off by default.
    public var groupsYuan = false

    public init(format: OutputFormat = .table, maxRows: Int = 40, maxWidth: Int? = nil, color: Bool = false) {
        self.format = format
        self.maxRows = maxRows
        self.maxWidth = maxWidth
        self.color = color
    }

    /// The value as text, ending with a newline. In HTML format, a fragment of a page.
    public func render(_ v: Value) -> String {
        var out = ByteOutput()
        write(v, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The value's text as ``render(_:)`` gives it, as UTF-8 bytes handed to `write` in
    /// blocks of about a megabyte: a large table is never held whole as text.
    public func render(_ v: Value, to write: ([UInt8]) -> Void) {
        withoutActuallyEscaping(write) { write in
            var out = ByteOutput(flush: write)
            self.write(v, into: &out)
            out.finish()
        }
    }

    /// Appends the value's text to `out`.
    func write(_ v: Value, into out: inout ByteOutput) {
        switch format {
        case .json: json(v, into: &out); out.byte(0x0A); return
        case .html: html(v, into: &out); return
        case .csv: if let t = (v.chartTable ?? v).asTable, !t.names.isEmpty { return csv(t, into: &out) }
        case .markdown: if let t = (v.chartTable ?? v).asTable, !t.names.isEmpty { return markdown(t, into: &out) }
        case .table:
            if case .chart(let c) = v { return out.append(c.text(maxWidth: maxWidth, color: color)) }
            if let t = v.asTable, !t.names.isEmpty, v.isTableLike { return box(t, into: &out) }
        }
        out.append(Formatter.inline(v))
        out.byte(0x0A)
    }

    // MARK: Box tables

    private func box(_ t: Table, into out: inout ByteOutput) {
        let shownRows: [Int]
        let hidden: Int
        if maxRows > 0 && t.rowCount > maxRows {
            let head = maxRows - maxRows / 4, tail = maxRows / 4
            shownRows = Array(0..<head) + Array((t.rowCount - tail)..<t.rowCount)
            hidden = t.rowCount - maxRows
        } else {
            shownRows = Array(0..<t.rowCount)
            hidden = 0
        }
        let headTail = hidden > 0 ? maxRows - maxRows / 4 : Int.max
        // Columns shown: all, or when the table is wider than the terminal the first and
        // last ones that fit, around a `…` column (as DuckDB does), instead of wrapping.
        var shown = Array(t.columns.indices)
        var (cells, cellWidths) = boxCells(t, rows: shownRows)
        var widths = t.names.indices.map { c in max(TextWidth.of(t.names[c]), cellWidths[c].max() ?? 0) }
        var elided: Int? = nil
        if let limit = maxWidth {
            // A long cell (a clause of the report) is cut before columns are dropped for it.
            func total(_ ws: [Int]) -> Int { ws.reduce(0, +) + 3 * ws.count + 1 }
            // The widest first, only as far as needed, never below `cap` at this step.
            let cap = max(10, min(24, limit / 4))
            while total(widths) > limit, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > cap { widths[i] -= 1 }
            if total(widths) > limit && widths.count > 1 {
                var left: [Int] = [], right: [Int] = []
                var used = 1 + 4 // the outer border, and the marker column
                var lo = 0, hi = widths.count - 1
                while lo <= hi {
                    let takeLeft = left.count <= right.count
                    let c = takeLeft ? lo : hi
                    guard used + widths[c] + 3 <= limit || left.isEmpty else { break }
                    used += widths[c] + 3
                    if takeLeft { left.append(c); lo += 1 } else { right.insert(c, at: 0); hi -= 1 }
                }
                let keep = left + right
                elided = left.count
                shown = keep
                cells = keep.map { cells[$0] }
                cellWidths = keep.map { cellWidths[$0] }
                widths = keep.map { widths[$0] }
            }
            // Still too wide (one column wider than the terminal): shrink the widest.
            let marker = elided == nil ? 0 : 4
            while total(widths) + marker > limit, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 6 { widths[i] -= 1 }
            for c in cells.indices where cellWidths[c].contains(where: { $0 > widths[c] }) {
                cells[c] = cells[c].map { TextWidth.truncate($0, to: widths[c]) }
                cellWidths[c] = cells[c].map(TextWidth.of)
            }
        }
        var numeric = shown.map { t.columns[$0].isNumeric }
        var columnNames = shown.map { t.names[$0] }
        if let at = elided {
            // The marker column stands where the hidden columns would be.
            cells.insert(Array(repeating: "…", count: shownRows.count), at: at)
            cellWidths.insert(Array(repeating: 1, count: shownRows.count), at: at)
            widths.insert(1, at: at)
            numeric.insert(false, at: at)
            columnNames.insert("…", at: at)
        }
        let names = zip(columnNames, widths).map { TextWidth.truncate($0, to: $1) }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - TextWidth.of(s)))
            return right ? fill + s : s + fill
        }
        func rule(_ l: String, _ m: String, _ r: String) -> String {
            l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r + "\n"
        }
        out.append(rule("┌", "┬", "┐"))
        out.append("│" + zip(names, widths).map { " " + pad($0, $1, right: false) + " " }.joined(separator: "│") + "│\n")
        out.append(rule("├", "┼", "┤"))
        func spaces(_ n: Int) { for _ in 0..<max(0, n) { out.byte(0x20) } }
        for k in shownRows.indices {
            if k == headTail {
                let note = "… \(hidden) more rows"
                let inner = widths.reduce(0, +) + 3 * widths.count - 1
                out.append("│" + pad(" " + note, inner, right: false) + "│\n")
            }
            out.ascii("│")
            for c in cells.indices {
                let s = cells[c][k]
                out.byte(0x20)
                let isNull = color && s == "null"
                if isNull { out.ascii("\u{1B}[2m") } else if color, numeric[c] { out.ascii("\u{1B}[36m") }
                let fill = widths[c] - cellWidths[c][k]
                if numeric[c] { spaces(fill) }
                out.append(s)
                if !numeric[c] { spaces(fill) }
                if isNull || (color && numeric[c]) { out.ascii("\u{1B}[0m") }
                out.ascii(" │")
            }
            out.byte(0x0A)
            out.rowDone()
        }
        out.append(rule("└", "┴", "┘"))
        if elided != nil {
            out.append("\(t.columns.count) columns, \(shown.count) shown (… stands for the others; :schema lists them)\n")
        }
    }

    /// The text of each shown cell of a box table, by column, and its width on a
    /// terminal. A text column's cells are spelled and measured once per distinct text.
    private func boxCells(_ t: Table, rows: [Int]) -> (cells: [[String]], widths: [[Int]]) {
        var cells: [[String]] = [], widths: [[Int]] = []
        for c in t.columns.indices {
            if case .string(let codes, let dict) = t.columns[c].storage {
                var text = [String?](repeating: nil, count: dict.count), width = [Int](repeating: 0, count: dict.count)
                var column: [String] = [], columnWidths: [Int] = []
                column.reserveCapacity(rows.count)
                columnWidths.reserveCapacity(rows.count)
                for i in rows {
                    let code = Int(codes[i])
                    if code < 0 { column.append("null"); columnWidths.append(4); continue }
                    if text[code] == nil {
                        text[code] = Formatter.cell(.string(dict.strings[code]))
                        width[code] = TextWidth.of(text[code]!)
                    }
                    column.append(text[code]!)
                    columnWidths.append(width[code])
                }
                cells.append(column)
                widths.append(columnWidths)
            } else {
                let column = rows.map { cellText(t, column: c, row: $0) }
                cells.append(column)
                widths.append(column.map(TextWidth.of))
            }
        }
        return (cells, widths)
    }

    // MARK: CSV

    private func csv(_ t: Table, into out: inout ByteOutput) {
        for (k, name) in t.names.enumerated() {
            if k > 0 { out.byte(UInt8(ascii: ",")) }
            out.csvField(name)
        }
        out.byte(0x0A)
        let columns = t.columns
        for i in 0..<t.rowCount {
            for k in columns.indices {
                if k > 0 { out.byte(UInt8(ascii: ",")) }
                // Null is an empty field; numbers, booleans and dates never need quotes.
                switch columns[k].storage {
                case .number(let a): out.exact(a[i], percent: columns[k].style == .percent)
                case .string(let codes, let dict): if codes[i] >= 0 { out.csvField(dict.strings[Int(codes[i])]) }
                case .bool(let a): if a[i] >= 0 { a[i] == 1 ? out.ascii("true") : out.ascii("false") }
                case .date(let a): if a[i] != Column.nullDay { out.date(a[i]) }
                case .any(let vs):
                    let v = vs[i]
                    switch v {
                    case .null: break
                    case .number(let d): out.exactNumber(d)
                    case .percent(let d): out.exactPercent(d)
                    default: out.csvField(Formatter.inline(v))
                    }
                }
            }
            out.byte(0x0A)
            out.rowDone()
        }
    }

    // MARK: Markdown

    private func markdown(_ t: Table, into out: inout ByteOutput) {
        out.ascii("| ")
        for (k, name) in t.names.enumerated() {
            if k > 0 { out.ascii(" | ") }
            out.escaping(name, Renderer.markdownText)
        }
        out.ascii(" |\n|")
        for c in t.columns { c.isNumeric ? out.ascii(" ---: |") : out.ascii(" --- |") }
        out.byte(0x0A)
        let columns = t.columns
        for i in 0..<t.rowCount {
            out.ascii("| ")
            for k in columns.indices {
                if k > 0 { out.ascii(" | ") }
                out.cell(columns[k], i, markdown: true)
            }
            out.ascii(" |\n")
            out.rowDone()
        }
    }

    /// Markdown's escapes of text that is not a cell's string (names, values as literals).
    static func markdownText(_ b: UInt8) -> StaticString? {
        b == UInt8(ascii: "|") ? "\\|" : b == 0x0A ? "<br>" : nil
    }

    // MARK: JSON

    /// JSON text of a value: tables as arrays of objects, percentages as plain numbers,
    /// each in the shortest form that reads back as the same double. JSON has no
    /// infinity: it is written `1e999` (and `-1e999`), a valid JSON number that every
    /// reader, iql's included, rounds to infinity.
    public func json(_ v: Value) -> String {
        var out = ByteOutput()
        json(v, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    func json(_ v: Value, into out: inout ByteOutput) {
        switch v {
        case .null: out.ascii("null")
        case .bool(let b): b ? out.ascii("true") : out.ascii("false")
        case .number(let d), .percent(let d): out.jsonNumber(d)
        case .string(let s): out.jsonString(s)
        case .date(let d): out.byte(UInt8(ascii: "\"")); out.date(d.daysSinceEpoch); out.byte(UInt8(ascii: "\""))
        case .list(let xs):
            out.byte(UInt8(ascii: "["))
            for (k, x) in xs.enumerated() {
                if k > 0 { out.byte(UInt8(ascii: ",")) }
                json(x, into: &out)
            }
            out.byte(UInt8(ascii: "]"))
        case .record(let r):
            out.byte(UInt8(ascii: "{"))
            for (k, (name, value)) in zip(r.names, r.values).enumerated() {
                if k > 0 { out.byte(UInt8(ascii: ",")) }
                out.jsonString(name)
                out.byte(UInt8(ascii: ":"))
                json(value, into: &out)
            }
            out.byte(UInt8(ascii: "}"))
        case .table(let t): jsonTable(t, into: &out)
        case .function(let f): out.jsonString("<function \(f.name)>")
        case .chart(let c):
            out.ascii("{\"chart\":"); out.jsonString(c.kind.rawValue)
            out.ascii(",\"label\":"); out.jsonString(c.labelName)
            out.ascii(",\"value\":"); out.jsonString(c.valueName)
            out.ascii(",\"bars\":[")
            for (k, b) in c.bars.enumerated() {
                if k > 0 { out.byte(UInt8(ascii: ",")) }
                out.ascii("{\"label\":"); out.jsonString(b.label)
                out.ascii(",\"value\":")
                if let d = b.value { out.jsonNumber(d) } else { out.ascii("null") }
                out.byte(UInt8(ascii: "}"))
            }
            out.ascii("]}")
        }
    }

    static func jsonString(_ s: String) -> String { Formatter.text { $0.jsonString(s) } }

    /// A table as an array of objects, a row a line; the keys are escaped once.
    private func jsonTable(_ t: Table, into out: inout ByteOutput) {
        let keys: [[UInt8]] = t.names.enumerated().map { k, name in
            var key = ByteOutput()
            if k > 0 { key.byte(UInt8(ascii: ",")) }
            key.jsonString(name)
            key.byte(UInt8(ascii: ":"))
            return key.bytes
        }
        let columns = t.columns
        out.byte(UInt8(ascii: "["))
        for i in 0..<t.rowCount {
            if i > 0 { out.ascii(",\n") }
            out.byte(UInt8(ascii: "{"))
            for k in columns.indices {
                keys[k].withUnsafeBufferPointer { out.append($0) }
                switch columns[k].storage {
                case .number(let a): a[i].isNaN ? out.ascii("null") : out.jsonNumber(a[i])
                case .string(let codes, let dict): codes[i] < 0 ? out.ascii("null") : out.jsonString(dict.strings[Int(codes[i])])
                case .bool(let a): a[i] < 0 ? out.ascii("null") : a[i] == 1 ? out.ascii("true") : out.ascii("false")
                case .date(let a):
                    if a[i] == Column.nullDay { out.ascii("null") } else {
                        out.byte(UInt8(ascii: "\"")); out.date(a[i]); out.byte(UInt8(ascii: "\""))
                    }
                case .any(let vs): json(vs[i], into: &out)
                }
            }
            out.byte(UInt8(ascii: "}"))
            out.rowDone()
        }
        out.byte(UInt8(ascii: "]"))
    }
}

extension ByteOutput {
    /// A CSV field: quoted when it holds a delimiter, quote, line end or outer space,
    /// and when it is empty, since an empty field is read back as null.
    mutating func csvField(_ s: String) {
        var s = s
        let quoted = s.withUTF8 { text -> Bool in
            guard let first = text.first, let last = text.last else { return true }
            return first == 0x20 || last == 0x20
                || text.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        }
        guard quoted else { return append(s) }
        byte(UInt8(ascii: "\""))
        escaping(s) { $0 == UInt8(ascii: "\"") ? "\"\"" : nil }
        byte(UInt8(ascii: "\""))
    }

    /// A JSON number: the shortest text that reads back exactly; the infinities as `±1e999`.
    mutating func jsonNumber(_ d: Double) {
        if d.isFinite { exactNumber(d) } else { d < 0 ? ascii("-1e999") : ascii("1e999") }
    }

    /// Cell `i` of a box-table-like format as ``Formatter/cell(_:)`` spells it; in
    /// Markdown (`markdown`) with `|` escaped, in HTML with its entities.
    mutating func cell(_ column: Column, _ i: Int, markdown: Bool) {
        switch column.storage {
        case .number(let a): column.style == .percent ? percent(a[i]) : number(a[i])
        case .string(let codes, let dict):
            if codes[i] < 0 { ascii("null"); return }
            // A cell's line breaks show as ↵ in Markdown, as breaks in HTML.
            escaping(dict.strings[Int(codes[i])], markdown ? Renderer.markdownCell : HTML.cellEntity)
        case .bool(let a): a[i] < 0 ? ascii("null") : a[i] == 1 ? ascii("true") : ascii("false")
        case .date(let a): if a[i] == Column.nullDay { ascii("null") } else { date(a[i]) }
        case .any(let vs):
            if case .string = vs[i] {
                escaping(vs[i].stringValue!, markdown ? Renderer.markdownCell : HTML.cellEntity)
            } else {
                escaping(Formatter.literal(vs[i]), markdown ? Renderer.markdownText : HTML.entity)
            }
        }
    }
}

extension Renderer {
    /// Markdown's escapes of a cell's string: `|`, and line breaks as ↵ (as box tables show them).
    static func markdownCell(_ b: UInt8) -> StaticString? {
        b == UInt8(ascii: "|") ? "\\|" : b == 0x0A ? "↵" : nil
    }
}

extension Column {
    /// Whether every non-null value is a number, so the column is right-aligned.
    var isNumeric: Bool {
        switch storage {
        case .number: return true
        case .any(let vs): return vs.contains { !$0.isNull } && vs.allSatisfy { $0.isNull || $0.doubleValue != nil }
        default: return false
        }
    }
}

extension Value {
    /// A chart's data as a table (label and value columns), for the formats that cannot draw it.
    var chartTable: Value? {
        guard case .chart(let c) = self else { return nil }
        let values = Column(.number(c.bars.map { $0.value ?? .nan }), style: c.style)
        let labels = Column(c.bars.map { Value.string($0.label) })
        let names = c.labelName == c.valueName ? [c.labelName, c.valueName + "_2"] : [c.labelName, c.valueName]
        return .table(Table(names: names, columns: [labels, values], rowCount: c.bars.count))
    }

    /// Tables, and lists made only of records, render as tables.
    var isTableLike: Bool {
        switch self {
        case .table: return true
        case .list(let xs): return !xs.isEmpty && asTable != nil
        default: return false
        }
    }
}

extension Value: CustomStringConvertible {
    /// The value as the CLI prints it in table format.
    public var description: String {
        var s = Renderer().render(self)
        if s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
