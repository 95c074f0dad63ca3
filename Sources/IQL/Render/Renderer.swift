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
        switch format {
        case .json: return json(v) + "\n"
        case .html: return html(v)
        case .csv: if let t = (v.chartTable ?? v).asTable, !t.names.isEmpty { return csv(t) }
        case .markdown: if let t = (v.chartTable ?? v).asTable, !t.names.isEmpty { return markdown(t) }
        case .table:
            if case .chart(let c) = v { return c.text(maxWidth: maxWidth, color: color) }
            if let t = v.asTable, !t.names.isEmpty, v.isTableLike { return box(t) }
        }
        return Formatter.inline(v) + "\n"
    }

    // MARK: Box tables

    private func box(_ t: Table) -> String {
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
        var cells: [[String]] = shown.map { c in shownRows.map { cellText(t, column: c, row: $0) } }
        var widths = zip(t.names, cells).map { name, col in max(TextWidth.of(name), col.map(TextWidth.of).max() ?? 0) }
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
                widths = keep.map { widths[$0] }
            }
            // Still too wide (one column wider than the terminal): shrink the widest.
            let marker = elided == nil ? 0 : 4
            while total(widths) + marker > limit, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 6 { widths[i] -= 1 }
            for c in cells.indices { cells[c] = cells[c].map { TextWidth.truncate($0, to: widths[c]) } }
        }
        var numeric = shown.map { t.columns[$0].isNumeric }
        var columnNames = shown.map { t.names[$0] }
        if let at = elided {
            // The marker column stands where the hidden columns would be.
            cells.insert(Array(repeating: "…", count: shownRows.count), at: at)
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
        var out = rule("┌", "┬", "┐")
        out += "│" + zip(names, widths).map { " " + pad($0, $1, right: false) + " " }.joined(separator: "│") + "│\n"
        out += rule("├", "┼", "┤")
        for (k, _) in shownRows.enumerated() {
            if k == headTail {
                let note = "… \(hidden) more rows"
                let inner = widths.reduce(0, +) + 3 * widths.count - 1
                out += "│" + pad(" " + note, inner, right: false) + "│\n"
            }
            var line = "│"
            for c in cells.indices {
                let s = cells[c][k]
                var text = pad(s, widths[c], right: numeric[c])
                if color, s == "null" { text = "\u{1B}[2m\(text)\u{1B}[0m" } else if color, numeric[c] { text = "\u{1B}[36m\(text)\u{1B}[0m" }
                line += " " + text + " │"
            }
            out += line + "\n"
        }
        out += rule("└", "┴", "┘")
        if elided != nil {
            out += "\(t.columns.count) columns, \(shown.count) shown (… stands for the others; :schema lists them)\n"
        }
        return out
    }

    // MARK: CSV

    private func csv(_ t: Table) -> String {
        var out = t.names.map(Renderer.csvField).joined(separator: ",") + "\n"
        for i in 0..<t.rowCount {
            out += t.columns.map { col -> String in
                let v = col[i]
                return v.isNull ? "" : Renderer.csvField(Formatter.exact(v) ?? Formatter.inline(v))
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A CSV field: quoted when it holds a delimiter, quote, line end or outer space,
    /// and when it is empty, since an empty field is read back as null.
    static func csvField(_ s: String) -> String {
        if s.isEmpty { return "\"\"" }
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    // MARK: Markdown

    private func markdown(_ t: Table) -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>") }
        let numeric = t.columns.map(\.isNumeric)
        var out = "| " + t.names.map(esc).joined(separator: " | ") + " |\n"
        out += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for i in 0..<t.rowCount {
            out += "| " + t.columns.map { esc(Formatter.cell($0[i])) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    // MARK: JSON

    /// JSON text of a value: tables as arrays of objects, percentages as plain numbers,
    /// each in the shortest form that reads back as the same double. JSON has no
    /// infinity: it is written `1e999` (and `-1e999`), a valid JSON number that every
    /// reader, iql's included, rounds to infinity.
    public func json(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d), .percent(let d):
            return d.isFinite ? Formatter.exactNumber(d) : (d < 0 ? "-1e999" : "1e999")
        case .string(let s): return Renderer.jsonString(s)
        case .date(let d): return Renderer.jsonString(d.description)
        case .list(let xs): return "[" + xs.map(json).joined(separator: ",") + "]"
        case .record(let r):
            return "{" + zip(r.names, r.values).map { Renderer.jsonString($0) + ":" + json($1) }.joined(separator: ",") + "}"
        case .table(let t):
            return "[" + (0..<t.rowCount).map { json(.record(t.row($0))) }.joined(separator: ",\n") + "]"
        case .function(let f): return Renderer.jsonString("<function \(f.name)>")
        case .chart(let c):
            let bars = c.bars.map { b in
                "{\"label\":\(Renderer.jsonString(b.label)),\"value\":\(b.value.map { json(.number($0)) } ?? "null")}"
            }
            return "{\"chart\":\(Renderer.jsonString(c.kind.rawValue)),\"label\":\(Renderer.jsonString(c.labelName)),"
                + "\"value\":\(Renderer.jsonString(c.valueName)),\"bars\":[\(bars.joined(separator: ","))]}"
        }
    }

    static func jsonString(_ s: String) -> String {
        Formatter.escaped(s) { String(format: "\\u%04x", $0) }
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
