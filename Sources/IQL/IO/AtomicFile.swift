import CIQLSupport
import Foundation

/// Writes files whole or not at all.
///
/// The text goes to a new temporary file beside the target (same directory, so the
/// same file system), is flushed to disk, and is then renamed over the target: a
/// reader sees the old file or the new one, never half of one. On any failure the
/// temporary file is removed and the target is left as it was; a SIGINT or SIGTERM
/// that ends the process removes it too. Only SIGKILL or a crash can leave one behind:
/// it is named `.NAME.iql-tmp-XXXXXX` beside `NAME`, so it is recognisable and safe to delete.
///
/// The target must be a regular file its user may write, or not exist: a directory,
/// FIFO, device or socket is refused, and so is a read-only file even for root (who
/// could replace it, but did not mean to).
enum AtomicFile {
    /// Writes `text` to `path` as UTF-8, replacing the file there.
    /// - Throws: ``Failure`` with the reason.
    static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`, replacing the file there.
    /// - Throws: ``Failure`` with the reason.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { $0(bytes) }
    }

    /// Writes to `path` the blocks `produce` hands to its sink, as they come, replacing
    /// the file there: a large output goes to the temporary file a block at a time and
    /// is never held whole. If `produce` throws, or a block cannot be written, the
    /// target is left as it was and the temporary file removed.
    /// - Throws: ``Failure`` with the reason, or what `produce` throws.
    static func write(to path: String, _ produce: (_ sink: @escaping ([UInt8]) -> Void) throws -> Void) throws {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw Failure(Messages.isDirectory) }
            if type != S_IFREG { throw Failure(Messages.notRegularFile) }
            // access(2) says yes to root for any file; a file nobody may write is read-only for root too.
            if info.st_mode & 0o222 == 0 || (geteuid() != 0 && access(path, W_OK) != 0) {
                throw Failure(Messages.readOnlyFile)
            }
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var template = Array("\(dir)/.\(url.lastPathComponent).iql-tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(DataFile.systemError()) }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slot = iql_temp_register(temp)
        var ok = false, open = true
        defer {
            if open { close(fd) }
            if !ok { unlink(temp) }
            iql_temp_unregister(slot)
        }
        // The sink cannot throw (renderers hand blocks from code that does not), so the
        // first failed write is kept, later blocks are dropped, and it is thrown after.
        var writeError: Localized? = nil
        try produce { block in
            if writeError == nil, !writeAll(fd, block) { writeError = DataFile.systemError() }
        }
        if let writeError { throw Failure(writeError) }
        // mkstemp creates the file private to its owner; give it the mode the target
        // has, or the usual one for a new file.
        let mode = exists ? info.st_mode & 0o7777 : 0o644
        let flushed = fchmod(fd, mode) == 0 && fsync(fd) == 0
        let failure = flushed ? nil : DataFile.systemError()
        open = false
        guard close(fd) == 0, flushed else { throw Failure(failure ?? DataFile.systemError()) }
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
