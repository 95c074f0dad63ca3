import Foundation

/// Data files: reading their bytes, and placing errors at a line and column of them.
///
/// Problems inside a data file are reported as diagnostics located in that file
/// (`sales.csv:3:7: error: …` with the offending line and a caret), so the analyst
/// sees the cell to fix; the builtin that read it adds a note at its call.
enum DataFile {
    /// The whole content of the file at `path` (already resolved by the sandbox).
    /// `shown` is the path as the program wrote it, for messages.
    /// A file (or device, such as `/dev/zero`) longer than `budget` bytes is refused
    /// once that much has been read, so an endless input cannot exhaust memory.
    static func bytes(atPath path: String, shown: String, at loc: SourceLocation?, budget: Int? = nil) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Diagnostic(.io, Messages.cannotRead(shown, systemError()), at: loc) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Diagnostic(.io, Messages.cannotRead(shown, systemError()), at: loc) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw Diagnostic(.io, Messages.cannotRead(shown, Messages.isDirectory), at: loc) }
        // The size is a hint: a file that grows or shrinks while being read is still read whole.
        var out: [UInt8] = []
        func tooLarge() -> Diagnostic {
            Diagnostic(.limit, Messages.cannotRead(shown, Messages.largerThanBudget(budget ?? 0)), at: loc, hint: Messages.memoryHint)
        }
        if let budget, Int(info.st_size) > budget { throw tooLarge() }
        out.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw Diagnostic(.io, Messages.cannotRead(shown, systemError()), at: loc)
            }
            out.append(contentsOf: chunk[0..<n])
            if let budget, out.count > budget { throw tooLarge() }
        }
        return out
    }

    /// The C library's text for `errno`, starting in lower case as iql's messages do.
    static func systemError() -> Localized { Messages.systemError(errno) }

    /// A location in the data file `name`: the `length` bytes at `offset` of `bytes`.
    ///
    /// Only the offending line is decoded (with `decode`, which must not fail), and
    /// preceded by as many empty lines as come before it, so the renderer shows the
    /// right line number and that line alone.
    static func location(_ offset: Int, length: Int = 1, in bytes: UnsafeBufferPointer<UInt8>, name: String,
                         decode: (UnsafeBufferPointer<UInt8>) -> String = { String(decoding: $0, as: UTF8.self) }) -> SourceLocation {
        let at = max(0, min(offset, bytes.count))
        let stop = min(bytes.count, at + max(0, length))
        var line = 1
        var lineStart = 0
        // A line ends at LF, CRLF or a lone CR (old Mac files), as the CSV reader reads them.
        for i in 0..<at where bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
            line += 1
            lineStart = i + 1
        }
        var lineEnd = stop
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A && bytes[lineEnd] != 0x0D { lineEnd += 1 }
        func text(_ r: Range<Int>) -> String { decode(UnsafeBufferPointer(rebasing: bytes[r])) }
        let before = text(lineStart..<at), inside = text(at..<stop), after = text(stop..<lineEnd)
        let lead = String(repeating: "\n", count: line - 1)
        let file = SourceFile(name: name, text: lead + before + inside + after)
        let start = lead.utf8.count + before.utf8.count
        return SourceLocation(file: file, range: SourceRange(start, start + inside.utf8.count))
    }
}
