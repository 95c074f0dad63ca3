/// Turns diagnostics into text: `file:line:column: error: message`, the source line,
/// a caret under the span, then hints and notes. Nothing else in iql formats errors.
public struct DiagnosticRenderer: Sendable {
    /// Whether to use ANSI colours.
    public var color: Bool
    /// The language of messages, hints, notes and the words `error:`, `hint:`, `note:`.
    public var language: Language

    public init(color: Bool = false, language: Language = .en) {
        self.color = color
        self.language = language
    }

    public func render(_ d: Diagnostic) -> String {
        var out = ""
        let label = paint(word(Messages.severity(d.severity)), d.severity == .error ? "1;31" : "1;33")
        let message = d.entry.text(language)
        if let loc = d.location {
            let (line, col) = loc.file.location(of: loc.range.start)
            out += paint("\(loc.file.name):\(line):\(col):", "1") + " \(label)\(gap)\(message)\n"
            out += snippet(loc, line: line)
        } else {
            out += "\(label)\(gap)\(message)\n"
        }
        if let hint = d.hintText { out += "  " + paint(word(Messages.hintWord), "1;36") + gap + "\(hint.text(language))\n" }
        for note in d.notes {
            let label = paint(word(Messages.noteWord), "1;36")
            if let loc = note.location {
                let (line, col) = loc.file.location(of: loc.range.start)
                out += "\(loc.file.name):\(line):\(col): " + label + gap + "\(note.text.text(language))\n"
                out += snippet(loc, line: line)
            } else {
                out += "  " + label + gap + "\(note.text.text(language))\n"
            }
        }
        return out
    }

    /// What follows `error:`: a space in English, nothing after Chinese `错误：`.
    private var gap: String { language == .zh ? "" : " " }

    /// `error:` in English, `错误：` in Chinese (a full-width colon, as Chinese text writes it).
    private func word(_ w: Localized) -> String { language == .zh ? w.zh + "：" : w.en + ":" }

    public func render(_ ds: [Diagnostic]) -> String { ds.map(render).joined() }

    /// The source line and a caret line; the caret is placed by display width so it
    /// stays under CJK text, and spans the range up to the end of the line.
    private func snippet(_ loc: SourceLocation, line: Int) -> String {
        let text = loc.file.lineText(line)
        let gutter = String(line)
        let lineStart = loc.file.lineStart(of: loc.range.start)
        let bytes = Array(text.utf8)
        let startInLine = min(max(0, loc.range.start - lineStart), bytes.count)
        let endInLine = min(max(startInLine, loc.range.end - lineStart), bytes.count)
        let before = String(decoding: bytes[0..<startInLine], as: UTF8.self)
        let inside = String(decoding: bytes[startInLine..<endInLine], as: UTF8.self)
        let pad = TextWidth.of(before.replacingTabs())
        let width = max(1, TextWidth.of(inside.replacingTabs()))
        let margin = String(repeating: " ", count: gutter.count)
        var s = "\(margin) |\n"
        s += "\(gutter) | \(text.replacingTabs().maskingPasswords())\n"
        s += "\(margin) | " + String(repeating: " ", count: pad) + paint(String(repeating: "^", count: width), "1;31") + "\n"
        return s
    }

    private func paint(_ s: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}

extension String {
    /// The text with the password of every database URL (`postgresql://user:PASSWORD@`)
    /// and connection string (`password=PASSWORD`) written as `*`s of the same width,
    /// so that a source line shown under an error never shows one.
    func maskingPasswords() -> String {
        guard contains("://") || contains("password=") else { return self }
        let url = #/(postgres(?:ql)?://[^:/@\s"']*:)([^@\s"']*)@/#
        let pair = #/(password\s*=\s*)([^\s"']+)/#
        return replacing(url) { m in m.output.1 + String(repeating: "*", count: m.output.2.count) + "@" }
            .replacing(pair) { m in m.output.1 + String(repeating: "*", count: m.output.2.count) }
    }

    fileprivate func replacingTabs() -> String {
        contains("\t") ? split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : self
    }
}
