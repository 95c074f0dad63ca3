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

    /// The value as text, ending with a newline.
    public func render(_ v: Value) -> String {
        switch format {
        case .json: return json(v) + "\n"
        case .csv: if let t = v.asTable, !t.names.isEmpty { return csv(t) }
        case .markdown: if let t = v.asTable, !t.names.isEmpty { return markdown(t) }
        case .table: if let t = v.asTable, !t.names.isEmpty, v.isTableLike { return box(t) }
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
        var cells: [[String]] = t.columns.indices.map { c in shownRows.map { cellText(t, column: c, row: $0) } }
        let numeric = t.columns.map(\.isNumeric)
        var widths = zip(t.names, cells).map { name, col in max(TextWidth.of(name), col.map(TextWidth.of).max() ?? 0) }
        if let limit = maxWidth {
            // Shrink the widest columns until the table fits, never below 6 cells.
            func total() -> Int { widths.reduce(0, +) + 3 * widths.count + 1 }
            while total() > limit, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 6 { widths[i] -= 1 }
            for c in cells.indices { cells[c] = cells[c].map { TextWidth.truncate($0, to: widths[c]) } }
        }
        let names = zip(t.names, widths).map { TextWidth.truncate($0, to: $1) }
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
        case .list(let xs): return "[" + xs.map(json).joined(separator: ",") + "]"
        case .record(let r):
            return "{" + zip(r.names, r.values).map { Renderer.jsonString($0) + ":" + json($1) }.joined(separator: ",") + "}"
        case .table(let t):
            return "[" + (0..<t.rowCount).map { json(.record(t.row($0))) }.joined(separator: ",\n") + "]"
        case .function(let f): return Renderer.jsonString("<function \(f.name)>")
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
