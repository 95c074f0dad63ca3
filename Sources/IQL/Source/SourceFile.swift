/// A piece of iql source text with its name and a line map built once.
///
/// Locations everywhere in the interpreter are UTF-8 byte offsets into `bytes`;
/// line and column are computed from the line map only when a message is rendered.
public final class SourceFile: Sendable {
    /// The name shown in messages: a path, `<expr>`, `<stdin>` or `<repl>`.
    public let name: String
    /// The text as given.
    public let text: String
    /// The text as UTF-8 bytes; the lexer reads these.
    let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The 1-based line and column of a byte offset; the column counts Unicode scalars.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let off = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < off {
            // Count scalar starts only (skip UTF-8 continuation bytes).
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (lo + 1, column)
    }

    /// The text of a 1-based line, without its newline.
    func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// Byte offset of the start of the line containing `offset`.
    func lineStart(of offset: Int) -> Int {
        let (line, _) = location(of: offset)
        return lineStarts[line - 1]
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
