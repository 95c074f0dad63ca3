import Foundation

extension Chart {
    /// The chart in a terminal: its title, then one line per bar — the label padded to
    /// the widest (by display width, so CJK labels line up), the bar in block characters
    /// (eighths of a cell for positive bars), the value as the table renderer shows it.
    /// Negative values extend left of a zero axis. Fits in `maxWidth` cells when given
    /// (60 otherwise); ANSI colour (by status, as ``StatusPalette``) only when `color`.
    public func text(maxWidth: Int? = nil, color: Bool = false) -> String {
        var out = title + "\n"
        if bars.isEmpty { return out + "(no rows)\n" }
        let labels = bars.map { TextWidth.truncate($0.label, to: 24) }
        let labelWidth = labels.map(TextWidth.of).max() ?? 0
        let values = bars.map(valueText)
        let valueWidth = values.map(TextWidth.of).max() ?? 0
        let cells = max(10, min(60, (maxWidth ?? 80) - labelWidth - valueWidth - 4))
        let (low, high) = span
        let range = high - low
        // The axis: cells left of it are for negative bars.
        let zero = range > 0 ? Int((-low / range * Double(cells)).rounded()) : 0
        for (k, bar) in bars.enumerated() {
            var line = labels[k] + String(repeating: " ", count: labelWidth - TextWidth.of(labels[k])) + " │"
            var drawn = ""
            var used = 0
            if let v = bar.value, range > 0 {
                if v < 0 {
                    let n = min(zero, Int((-v / range * Double(cells)).rounded()))
                    drawn = String(repeating: " ", count: zero - n) + String(repeating: "█", count: n)
                    used = zero
                } else {
                    let eighths = Int((v / range * Double(cells) * 8).rounded())
                    drawn = String(repeating: " ", count: zero) + String(repeating: "█", count: eighths / 8)
                    if eighths % 8 > 0 { drawn.unicodeScalars.append(Chart.eighths[eighths % 8 - 1]) }
                    used = zero + (eighths + 7) / 8
                }
            }
            if color, !drawn.isEmpty {
                let code = (bar.value ?? 0) < 0 ? "31" : bar.status.flatMap { StatusPalette.colors[$0]?.ansi } ?? StatusPalette.bar.ansi
                drawn = "\u{1B}[\(code)m\(drawn)\u{1B}[0m"
            }
            line += drawn + String(repeating: " ", count: max(0, cells - used)) + " "
            let value = String(repeating: " ", count: valueWidth - TextWidth.of(values[k])) + values[k]
            line += color && bar.value == nil ? "\u{1B}[2m\(value)\u{1B}[0m" : value
            out += line + "\n"
        }
        return out
    }

    /// ▏▎▍▌▋▊▉: one to seven eighths of a cell.
    private static let eighths: [Unicode.Scalar] = (0x2589...0x258F).reversed().map { Unicode.Scalar($0)! }

    /// The chart as an inline SVG element: labels right-aligned before the bars, each
    /// value after its bar, bars coloured by status; sized to its content, no external
    /// fonts or scripts.
    public func svg() -> String {
        let rowHeight = 26, top = 34, barHeight = 16
        // Text is measured as the terminal measures it: a CJK character as two cells of
        // at most 8 px at the 13 px font used here.
        let cellPixels = 8.0
        let labelPixels = min(280, Int(Double(bars.map { TextWidth.of($0.label) }.max() ?? 0) * cellPixels) + 16)
        let valuePixels = max(60, Int(Double(bars.map { TextWidth.of(valueText($0)) }.max() ?? 0) * cellPixels) + 16)
        let plot = 440
        let width = labelPixels + plot + valuePixels
        let height = top + rowHeight * max(1, bars.count) + 8
        let (low, high) = span
        let range = high - low
        func x(_ v: Double) -> Double { range > 0 ? Double(labelPixels) + (v - low) / range * Double(plot) : Double(labelPixels) }
        func n(_ d: Double) -> String { String(format: "%.1f", d) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTML.escape(title))\" "
        out += "font-family=\"\(HTML.fontFamily.replacingOccurrences(of: "\"", with: "'"))\" font-size=\"13\">\n"
        out += "<title>\(HTML.escape(title))</title>\n"
        out += "<text x=\"0\" y=\"18\" font-weight=\"600\" font-size=\"14\" fill=\"#24292f\">\(HTML.escape(title))</text>\n"
        let axis = x(0)
        out += "<line x1=\"\(n(axis))\" y1=\"\(top - 4)\" x2=\"\(n(axis))\" y2=\"\(height - 4)\" stroke=\"#8c959f\" stroke-width=\"1\"/>\n"
        for (k, bar) in bars.enumerated() {
            let y = top + k * rowHeight
            let middle = y + barHeight / 2 + 5
            out += "<text x=\"\(labelPixels - 8)\" y=\"\(middle)\" text-anchor=\"end\" fill=\"#24292f\">\(HTML.escape(bar.label))</text>"
            var end = axis
            if let v = bar.value {
                let (from, to) = (min(x(v), axis), max(x(v), axis))
                let fill = v < 0 ? StatusPalette.colors["behind"]!.css : bar.status.flatMap { StatusPalette.colors[$0]?.css } ?? StatusPalette.bar.css
                out += "<rect x=\"\(n(from))\" y=\"\(y)\" width=\"\(n(max(to - from, 0.5)))\" height=\"\(barHeight)\" rx=\"2\" fill=\"\(fill)\"/>"
                end = max(to, axis)
            }
            out += "<text x=\"\(n(end + 6))\" y=\"\(middle)\" fill=\"#57606a\">\(HTML.escape(valueText(bar)))</text>\n"
        }
        return out + "</svg>"
    }
}
