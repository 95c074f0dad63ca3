import Foundation
import GRDB

/// SQLite reader: a table or the result of a query of a database file, through GRDB.
///
/// The database is opened read-only, so a query can never change it. Integers and
/// reals become numbers, text stays text (a column of text written `2023-06-30`
/// becomes dates, as SQLite stores them), and a blob becomes its text when it is
/// UTF-8 and its hexadecimal digits otherwise.
enum SQLiteReader {
    /// What went wrong, and whether the query text (rather than the file) is to blame.
    struct Failure: Error {
        let message: String
        let inQuery: Bool
    }

    /// Reads `source` — a table name (letters, digits and `_`), or otherwise SQL — from the database at `path`; `onRow` is called once per row.
    static func read(path: String, source: String, onRow: (Int) throws -> Void) throws -> Table {
        var config = Configuration()
        config.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let e as DatabaseError {
            throw Failure(message: e.message ?? "\(e.resultCode)", inQuery: false)
        }
        let sql = isName(source) ? "SELECT * FROM \"\(source.replacingOccurrences(of: "\"", with: "\"\""))\"" : source
        do {
            return try queue.read { db in
                let statement = try db.makeStatement(sql: sql)
                let names = statement.columnNames
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
            throw Failure(message: e.message ?? "\(e.resultCode)", inQuery: !fileProblem)
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
