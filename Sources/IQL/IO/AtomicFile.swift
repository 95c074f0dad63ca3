import Foundation

/// Writes files whole or not at all.
///
/// The text goes to a new temporary file beside the target (same directory, so the
/// same file system), is flushed to disk, and is then renamed over the target: a
/// reader sees the old file or the new one, never half of one. On any failure the
/// temporary file is removed and the target is left as it was.
enum AtomicFile {
    /// Writes `text` to `path` as UTF-8, replacing the file there.
    /// - Throws: ``Failure`` with the reason.
    static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`, replacing the file there.
    /// - Throws: ``Failure`` with the reason.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var template = Array("\(dir)/.\(url.lastPathComponent).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(DataFile.systemError()) }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        // mkstemp creates the file private to its owner; give it the mode the target
        // has, or the usual one for a new file.
        var info = stat()
        let mode = stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0o644
        let written = writeAll(fd, bytes) && fchmod(fd, mode) == 0 && fsync(fd) == 0
        let failure = written ? nil : DataFile.systemError()
        guard close(fd) == 0, written else { throw Failure(failure ?? DataFile.systemError()) }
        if Foundation.rename(temp, path) != 0 {
            throw Failure(errno == EISDIR ? Messages.isDirectory : DataFile.systemError())
        }
        ok = true
    }

    /// Writes every byte; false on failure, with `errno` set.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buf -> Bool in
            var done = 0
            while done < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += n
            }
            return true
        }
    }

    /// Why a write failed, as the C library words it.
    struct Failure: Error {
        let reason: Localized
        init(_ reason: Localized) { self.reason = reason }
    }
}
