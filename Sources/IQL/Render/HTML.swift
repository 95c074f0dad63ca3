import Foundation

/// HTML output: each value as a fragment, and a self-contained page around them.
///
/// The page needs no network: its CSS is inline, charts are inline SVG, fonts are the
/// system's. Tables show every row (a page scrolls), numbers right-aligned and
/// formatted as in box tables (percentages, 万/亿 when the renderer groups yuan); the
/// status codes of a column named `status` are coloured by ``StatusPalette``.
enum HTML {
    /// Text with `&`, `<`, `>` and quotes escaped, safe in element text and attribute values.
    static func escape(_ s: String) -> String { Formatter.text { $0.escaping(s, entity) } }

    /// The entity of a byte that HTML text must not hold as it is.
    static func entity(_ b: UInt8) -> StaticString? {
        switch b {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\""): return "&quot;"
        case UInt8(ascii: "'"): return "&#39;"
        default: return nil
        }
    }

    /// A cell's text: entities, and line breaks as breaks (not as the box tables' ↵).
    static func cellEntity(_ b: UInt8) -> StaticString? {
        b == 0x0A ? "<br>" : entity(b)
    }

    /// System fonts, with the Chinese ones of Windows, macOS and Linux.
    static let fontFamily = "system-ui, -apple-system, \"Segoe UI\", \"Microsoft YaHei\", \"PingFang SC\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif"

    static let style: String = {
        var css = """
        body { font-family: \(fontFamily); color: #24292f; margin: 2rem; line-height: 1.5; }
        main > * { margin: 0 0 1.5rem; }
        table { border-collapse: collapse; font-size: 14px; }
        th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; }
        th.num { text-align: right; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.null { color: #8c959f; }
        td.status { font-weight: 600; }
        pre.value { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; white-space: pre-wrap; }
        figure.chart { margin-left: 0; }
        """
        for (status, color) in StatusPalette.colors.sorted(by: { $0.key < $1.key }) {
            css += "\ntd.status-\(status) { color: \(color.css); }"
        }
        return css
    }()

    /// The page around rendered fragments.
    static func page(_ fragments: [String], title: String) -> String {
        head(title: title) + fragments.joined() + tail
    }

    /// The page up to its first fragment.
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <main>

        """
    }

    /// The page after its last fragment.
    static let tail = "</main>\n</body>\n</html>\n"
}

extension Renderer {
    /// The value as an HTML fragment, ending with a newline.
    func html(_ v: Value) -> String { Formatter.text { html(v, into: &$0) } }

    func html(_ v: Value, into out: inout ByteOutput) {
        if case .chart(let c) = v { return out.append("<figure class=\"chart\">\n\(c.svg())\n</figure>\n") }
        if let t = v.asTable, !t.names.isEmpty, v.isTableLike { return htmlTable(t, into: &out) }
        out.ascii("<pre class=\"value\">")
        out.escaping(Formatter.inline(v), HTML.entity)
        out.ascii("</pre>\n")
    }

    private func htmlTable(_ t: Table, into out: inout ByteOutput) {
        let numeric = t.columns.map(\.isNumeric)
        let status = t.index(of: "status")
        out.ascii("<table>\n<thead><tr>")
        for (k, name) in t.names.enumerated() {
            numeric[k] ? out.ascii("<th class=\"num\">") : out.ascii("<th>")
            out.escaping(name, HTML.entity)
            out.ascii("</th>")
        }
        out.ascii("</tr></thead>\n<tbody>\n")
        let columns = t.columns
        // Whether each text of a status column is a coloured status, by dictionary code:
        // looked up once per distinct text, not hashed again in every row.
        var coloured: [Bool] = []
        if let status, case .string(_, let dict) = columns[status].storage {
            coloured = dict.strings.map { StatusPalette.colors[$0] != nil }
        }
        func isColoured(_ column: Column, _ i: Int) -> Bool {
            if case .string(let codes, _) = column.storage { return coloured[Int(codes[i])] }
            return column[i].stringValue.map { StatusPalette.colors[$0] != nil } ?? false
        }
        for i in 0..<t.rowCount {
            out.ascii("<tr>")
            for c in columns.indices {
                let column = columns[c]
                let null = column.isNull(at: i)
                if null {
                    numeric[c] ? out.ascii("<td class=\"num null\">") : out.ascii("<td class=\"null\">")
                } else if c == status, isColoured(column, i), let code = column[i].stringValue {
                    out.ascii(numeric[c] ? "<td class=\"num status status-" : "<td class=\"status status-")
                    out.escaping(code, HTML.entity)
                    out.ascii("\">")
                } else {
                    numeric[c] ? out.ascii("<td class=\"num\">") : out.ascii("<td>")
                }
                // Amounts in 万/亿 need the row's unit: the box tables' cell text, escaped.
                if groupsYuan, !null, column[i].doubleValue != nil {
                    out.escaping(cellText(t, column: c, row: i), HTML.entity)
                } else {
                    out.cell(column, i, markdown: false)
                }
                out.ascii("</td>")
            }
            out.ascii("</tr>\n")
            out.rowDone()
        }
        out.ascii("</tbody>\n</table>\n")
    }

    /// A self-contained HTML page (inline CSS, charts as inline SVG, no network) showing
    /// `values` in order, as `iql --format html` writes it. `title` names the page.
    public func htmlPage(_ values: [Value], title: String) -> String {
        var r = self
        r.format = .html
        return HTML.page(values.map(r.html), title: title)
    }

    /// The start of the page ``htmlPage(_:title:)`` makes; the page is this, then each
    /// value as ``render(_:)`` gives it in HTML format, then ``htmlPageEnd``. A host that
    /// writes a page while values come (as the CLI does) need not hold them all.
    public static func htmlPageStart(title: String) -> String { HTML.head(title: title) }

    /// The end of an HTML page (see ``htmlPageStart(title:)``).
    public static var htmlPageEnd: String { HTML.tail }
}
