import Foundation

/// HTML output: each value as a fragment, and a self-contained page around them.
///
/// The page needs no network: its CSS is inline, charts are inline SVG, fonts are the
/// system's. Tables show every row (a page scrolls), numbers right-aligned and
/// formatted as in box tables (percentages, 万/亿 when the renderer groups yuan); the
/// status codes of a column named `status` are coloured by ``StatusPalette``.
enum HTML {
    /// Text with `&`, `<`, `>` and quotes escaped, safe in element text and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
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
        \(fragments.joined())</main>
        </body>
        </html>

        """
    }
}

extension Renderer {
    /// The value as an HTML fragment, ending with a newline.
    func html(_ v: Value) -> String {
        if case .chart(let c) = v { return "<figure class=\"chart\">\n\(c.svg())\n</figure>\n" }
        if let t = v.asTable, !t.names.isEmpty, v.isTableLike { return htmlTable(t) }
        return "<pre class=\"value\">\(HTML.escape(Formatter.inline(v)))</pre>\n"
    }

    private func htmlTable(_ t: Table) -> String {
        let numeric = t.columns.map(\.isNumeric)
        let status = t.index(of: "status")
        var out = "<table>\n<thead><tr>"
        for (k, name) in t.names.enumerated() {
            out += numeric[k] ? "<th class=\"num\">" : "<th>"
            out += HTML.escape(name) + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for i in 0..<t.rowCount {
            out += "<tr>"
            for c in t.columns.indices {
                let v = t.columns[c][i]
                // Line breaks inside text show as breaks, not as the box tables' ↵.
                let text = v.stringValue.map { HTML.escape($0).replacingOccurrences(of: "\n", with: "<br>") }
                    ?? HTML.escape(cellText(t, column: c, row: i))
                var classes: [String] = []
                if numeric[c] { classes.append("num") }
                if v.isNull {
                    classes.append("null")
                } else if c == status, let code = v.stringValue, StatusPalette.colors[code] != nil {
                    classes += ["status", "status-\(code)"]
                }
                out += classes.isEmpty ? "<td>" : "<td class=\"\(classes.joined(separator: " "))\">"
                out += text + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// A self-contained HTML page (inline CSS, charts as inline SVG, no network) showing
    /// `values` in order, as `iql --format html` writes it. `title` names the page.
    public func htmlPage(_ values: [Value], title: String) -> String {
        var r = self
        r.format = .html
        return HTML.page(values.map(r.html), title: title)
    }
}
