import Foundation
import GRDB

/// SQLite reader: a table or the result of a query of a database file, through GRDB.
///
/// The database is opened read-only, so a query can never change it. Integers and
/// reals become numbers, text stays text (a column of text written `2023-06-30`
/// becomes dates, as SQLite stores them), and a blob becomes its text when it is
/// UTF-8 and its hexadecimal digits otherwise. Result columns with the same name
/// (`SELECT a, a`) get `_2`, `_3`, … as CSV headers do.
///
/// A damaged file is refused before any row is read, since SQLite itself would read
/// the missing pages of a truncated file as empty: the header must be SQLite's and
/// the file as long as the header says, and `PRAGMA quick_check` must pass.
enum SQLiteReader {
    /// What went wrong, and whether the query text (rather than the file) is to blame.
    struct Failure: Error {
        let message: Localized
        let inQuery: Bool
    }

    /// Reads `source` — a table name (letters, digits and `_`), or otherwise SQL — from the database at `path`; `onRow` is called once per row.
    static func read(path: String, source: String, onRow: (Int) throws -> Void) throws -> Table {
        try checkHeader(path)
        var config = Configuration()
        config.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let e as DatabaseError {
            throw Failure(message: Localized(code: e.message ?? "\(e.resultCode)"), inQuery: false)
        }
        let sql = isName(source) ? "SELECT * FROM \"\(source.replacingOccurrences(of: "\"", with: "\"\""))\"" : source
        do {
            return try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw Failure(message: Messages.damagedDatabase(check.first), inQuery: false)
                }
                let statement = try db.makeStatement(sql: sql)
                let names = Table.uniqueNames(statement.columnNames)
                var builders = Array(repeating: ColumnBuilder(), count: names.count)
                var rows = 0
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    for (k, v) in row.databaseValues.enumerated() { builders[k].append(value(v)) }
                    rows += 1
                    try onRow(rows)
                }
                return Table(names: names, columns: builders.map { $0.finish().readingDates() }, rowCount: rows)
            }
        } catch let e as DatabaseError {
            // "file is not a database" and the like are about the file, not the query.
            let fileProblem = e.resultCode == .SQLITE_NOTADB || e.resultCode == .SQLITE_CANTOPEN || e.resultCode == .SQLITE_CORRUPT
            throw Failure(message: Localized(code: e.message ?? "\(e.resultCode)"), inQuery: !fileProblem)
        }
    }

    /// Refuses a file that is not an SQLite database or is shorter than its header says.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }   // open() reports it
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        let size = (try? handle.seekToEnd()) ?? 0
        if header.isEmpty { return }   // an empty file is a new, empty database to SQLite
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw Failure(message: Messages.notSQLite, inQuery: false)
        }
        func be(_ at: Int, _ n: Int) -> UInt64 { header[at..<(at + n)].reduce(0) { $0 << 8 | UInt64($1) } }
        let pageSize = be(16, 2) == 1 ? 65536 : be(16, 2)
        let pages = be(28, 4)
        // The page count is valid when the change counter matches "version-valid-for";
        // with a write-ahead log beside the file, the log may hold the newest pages.
        let walExists = FileManager.default.fileExists(atPath: path + "-wal")
        if pages > 0, be(24, 4) == be(92, 4), !walExists, size < pages * pageSize {
            throw Failure(message: Messages.truncatedDatabase(pages * pageSize, size), inQuery: false)
        }
    }

    /// Whether `s` is a bare table name rather than SQL.
    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    private static func value(_ v: DatabaseValue) -> Value {
        switch v.storage {
        case .null: return .null
        case .int64(let i): return .number(Double(i))
        case .double(let d): return Value.num(d)
        case .string(let s): return .string(s)
        case .blob(let data):
            if let s = String(data: data, encoding: .utf8) { return .string(s) }
            return .string(data.map { String(format: "%02x", $0) }.joined())
        }
    }
}
