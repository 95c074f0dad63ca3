/// A piece of iql source text with its name.
///
/// Locations everywhere in the interpreter are UTF-8 byte offsets into `bytes`;
/// line and column are counted from the bytes only when a message is rendered, so a
/// source that never has an error (an embedded formula compiled per record) pays for
/// no line map.
public final class SourceFile: Sendable {
    /// The name shown in messages: a path, `<expr>`, `<stdin>` or `<repl>`.
    public let name: String
    /// The text as given.
    public let text: String
    /// The text as UTF-8 bytes; the lexer reads these.
    let bytes: [UInt8]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// The 1-based line and column of a byte offset; the column counts Unicode scalars.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let off = max(0, min(offset, bytes.count))
        var line = 1, start = 0
        for i in 0..<off where bytes[i] == UInt8(ascii: "\n") { line += 1; start = i + 1 }
        var column = 1
        // Count scalar starts only (skip UTF-8 continuation bytes).
        for i in start..<off where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    /// The text of a 1-based line, without its newline.
    func lineText(_ line: Int) -> String {
        guard line >= 1, let start = start(ofLine: line) else { return "" }
        var end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// Byte offset of the start of the line containing `offset`.
    func lineStart(of offset: Int) -> Int {
        let off = max(0, min(offset, bytes.count))
        return (bytes[..<off].lastIndex(of: UInt8(ascii: "\n"))).map { $0 + 1 } ?? 0
    }

    /// Byte offset where the 1-based `line` starts; nil past the last line.
    private func start(ofLine line: Int) -> Int? {
        var seen = 1, i = 0
        while seen < line {
            guard let nl = bytes[i...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            i = nl + 1
            seen += 1
        }
        return i
    }

    func slice(_ range: SourceRange) -> String {
        let lo = max(0, min(range.start, bytes.count)), hi = max(lo, min(range.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A half-open range of byte offsets in one source file.
public struct SourceRange: Sendable, Equatable {
    public let start: Int
    public let end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }
    func to(_ other: SourceRange) -> SourceRange { SourceRange(start, other.end) }
}

/// A range together with the file it belongs to.
public struct SourceLocation: Sendable {
    public let file: SourceFile
    public let range: SourceRange
    public var line: Int { file.location(of: range.start).line }
    public var column: Int { file.location(of: range.start).column }
}
