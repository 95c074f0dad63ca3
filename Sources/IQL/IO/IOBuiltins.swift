import Foundation

/// Data in and out: the file builtins, appended to ``Builtins/all``.
///
/// Every path goes through the engine's ``FileAccess`` first (an embedded engine may
/// touch no file unless its host allows it); relative paths are taken from the
/// current directory. Readers return tables; writers return the number of rows
/// written, so `t | write_csv("out.csv")` prints how many rows went out.
extension Builtins {
    static let io: [Builtin] = [
        Builtin("read_csv", ["path", "encoding", "delimiter", "types"], min: 1,
                "a table from a CSV file: the header names the columns, types are inferred per column (7%, 5000万 and 1,234 are numbers) unless types: pins them (\"text\", \"number\" or \"boolean\"), UTF-8 or GB18030 is detected (encoding: \"utf-8\" or \"gb18030\" overrides) and .tsv files split on tabs; a path with * or ? reads every matching file, by name, into one table with a file column: read_csv(\"data/sales.csv\", types: {code: \"text\"}), read_csv(\"data/actuals-*.csv\")") { c in
            let (path, full) = try c.dataPath(0, "read_csv")
            let encoding = try c.encoding(1)
            let delimiter = try c.delimiter(2, default: path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
            let types = try c.columnTypes(3)
            func read(_ path: String, _ full: String, use: ColumnUse? = nil) throws -> Table {
                let raw = try DataFile.bytes(atPath: full, shown: path, at: c.location(0), budget: c.ctx.limits.memoryBytes)
                return try c.reading(path, "read_csv") {
                    let text = try TextDecoding.utf8(raw, encoding: encoding, name: path)
                    return try CSVReader(name: path, delimiter: delimiter, types: types, use: use).read(text, onRow: c.countRow)
                }
            }
            // A file whose name merely contains `[` or `*` is read as it is.
            guard FileGlob.isPattern(path), !FileManager.default.fileExists(atPath: full) else {
                return .table(try read(path, full, use: c.ctx.tableUse))
            }
            // A pattern: every matching file, by name, appended, with the file's name in `file`.
            let files = FileGlob.matches(path)
            guard !files.isEmpty else {
                throw Diagnostic(.io, Messages.noFileMatches(path), at: c.location(0), hint: Messages.globHint)
            }
            var tables: [Table] = []
            for f in files {
                let t = try read(f, try c.ctx.files.check(f, "read_csv", at: c.location(0)))
                let name = (f as NSString).lastPathComponent
                let dict = StringDictionary()
                _ = dict.intern(name)
                var taken = Set(t.names)
                let column = unique("file", &taken)
                tables.append(Table(names: [column] + t.names, columns: [Column(.string([Int32](repeating: 0, count: t.rowCount), dict))] + t.columns, rowCount: t.rowCount))
            }
            return .table(try c.ctx.append(tables, c.range, c.compiler.file))
        },
        Builtin("read_json", ["path"],
                "a table from a JSON file holding an array of objects, or from JSON Lines (one object per line): read_json(\"data/projects.jsonl\")") { c in
            let (path, full) = try c.dataPath(0, "read_json")
            let raw = try DataFile.bytes(atPath: full, shown: path, at: c.location(0), budget: c.ctx.limits.memoryBytes)
            return try c.reading(path, "read_json") {
                let text = try TextDecoding.utf8(raw, encoding: .utf8, name: path)
                return .table(try JSONReader(name: path).read(text, onRow: c.countRow))
            }
        },
        Builtin("read_sqlite", ["path", "query"],
                "a table from a SQLite database, read-only: a table's name, or a SELECT statement: read_sqlite(\"plan.db\", \"SELECT * FROM projects WHERE stage = '在建'\")") { c in
            let (path, full) = try c.dataPath(0, "read_sqlite")
            guard let query = try c.string(1), !query.isEmpty else { throw c.fail(1, Messages.sqliteQuery) }
            guard access(full, R_OK) == 0 else { throw Diagnostic(.io, Messages.cannotRead(path, DataFile.systemError()), at: c.location(0)) }
            do {
                return .table(try SQLiteReader.read(path: full, source: query, onRow: c.countRow))
            } catch let f as SQLiteReader.Failure {
                if f.inQuery { throw Diagnostic(.io, Messages.sqlite(f.message.en), at: c.location(1)) }
                throw Diagnostic(.io, Messages.cannotRead(path, f.message), at: c.location(0))
            }
        },
        Builtin("read_postgres", ["url", "query"],
                "a table from a PostgreSQL database: a table's name, or a SELECT statement; the password comes from PGPASSWORD or ~/.pgpass: read_postgres(\"postgresql://analyst@db.example:5432/plan\", \"indicators\")") { c in
            guard let url = try c.string(0), !url.isEmpty else { throw c.fail(0, Messages.expected(Want.postgresURL, c[0])) }
            guard let query = try c.string(1), !query.isEmpty else { throw c.fail(1, Messages.sqliteQuery) }
            let sql = SQLiteReader.isName(query) ? "SELECT * FROM " + SQLDialect.postgres.identifier(query) : query
            return .table(try c.ctx.pool.read(url, sql, c.ctx, at: c.location(0), sqlAt: c.location(1), onRow: c.countRow))
        },
        Builtin("read_xlsx", ["path", "sheet"], min: 1,
                "a table from a sheet of an Excel workbook (.xlsx), the first sheet unless sheet: names one: the first row names the columns, types are inferred per column as read_csv does, date cells become \"YYYY-MM-DD\" text: read_xlsx(\"actuals.xlsx\", sheet: \"1-5月\")") { c in
            let (path, full) = try c.dataPath(0, "read_xlsx")
            let sheet = try c.string(1)
            let raw = try DataFile.bytes(atPath: full, shown: path, at: c.location(0))
            do {
                return try c.reading(path, "read_xlsx") {
                    .table(try XLSXReader(name: path).read(raw, sheet: sheet, onRow: c.countRow))
                }
            } catch let missing as XLSXReader.MissingSheet {
                throw Diagnostic(.io, Messages.noSuchSheet(path, missing.requested), at: c.location(1),
                                 hint: Messages.sheetsHint(missing.available))
            }
        },
        Builtin("write_csv", ["table", "path", "encoding", "bom"], min: 2,
                "writes a table as CSV (header line first), replacing the file whole or not at all; returns the number of rows written. UTF-8 unless encoding: \"gb18030\"; bom: true starts the file with a byte-order mark (both help Excel on Chinese Windows): t | write_csv(\"out.csv\", encoding: \"gb18030\")") { c in
            let encoding = try c.encoding(2) ?? .utf8
            let bom = try c.flag(3) ?? false
            return try c.write(.csv, "write_csv") { block, first in
                do {
                    return try TextDecoding.encode(block, as: encoding, bom: bom && first)
                } catch let f as TextDecoding.EncodeFailure {
                    throw AtomicFile.Failure(f.reason)
                }
            }
        },
        Builtin("write_xlsx", ["table", "path"],
                "writes a table as an Excel workbook (.xlsx) of one sheet: a header row, numbers as numbers, percentages with a percent format, text, booleans, null as an empty cell; replaces the file whole or not at all; returns the number of rows written: t | write_xlsx(\"report.xlsx\")") { c in
            try c.writeFile("write_xlsx") { table, sink in
                do {
                    sink(try XLSXWriter().bytes(table))
                } catch let f as XLSXWriter.Failure {
                    throw c.fail(0, f.message)
                }
            }
        },
        Builtin("write_json", ["table", "path"],
                "writes a table as a JSON array of objects, replacing the file whole or not at all; returns the number of rows written: t | write_json(\"out.json\")") { c in
            try c.write(.json, "write_json")
        },
        Builtin("write_markdown", ["table", "path"],
                "writes a table as a Markdown table, replacing the file whole or not at all; returns the number of rows written: t | write_markdown(\"report.md\")") { c in
            try c.write(.markdown, "write_markdown")
        },
    ]
}

extension CallSite {
    /// Where argument `i` is in the program.
    func location(_ i: Int) -> SourceLocation {
        compiler.loc(i < argRanges.count ? argRanges[i] : range)
    }

    /// The path at argument `i` as written, and as the sandbox resolved it.
    func dataPath(_ i: Int, _ function: String) throws -> (shown: String, full: String) {
        guard let path = try string(i), !path.isEmpty else { throw fail(i, Messages.expected(Want.filePath, self[i])) }
        return (path, try ctx.files.check(path, function, at: location(i)))
    }

    /// Counts one row read: the step and row limits, and the interrupt flag. The
    /// context is captured once, not reached through the compiler for every row.
    var countRow: (Int) throws -> Void {
        let ctx = self.ctx, range = self.range, file = compiler.file
        return { try ctx.checkRows($0, range, file) }
    }

    /// Runs a reader; a problem it finds in the file gets a note pointing at this call.
    func reading<T>(_ path: String, _ function: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var d as Diagnostic where d.kind == .io {
            if d.location == nil {
                d.location = location(0)
            } else {
                d.notes.append(Diagnostic.Note(Messages.readingWith(function, path), at: compiler.loc(range)))
            }
            throw d
        }
    }

    /// The `encoding:` argument at `i`; nil (detect) when not given.
    func encoding(_ i: Int) throws -> TextEncoding? {
        guard let name = try string(i) else { return nil }
        guard let e = TextEncoding(name: name) else { throw fail(i, Messages.unknownEncoding(name), hint: Messages.encodingHint) }
        return e
    }

    /// The `types:` argument at `i`: a record of column names to "text", "number" or "boolean".
    func columnTypes(_ i: Int) throws -> [String: CSVReader.PinnedType] {
        let v = self[i]
        if v.isNull { return [:] }
        guard case .record(let r) = v else { throw fail(i, Messages.expected(Want.columnTypes, v)) }
        var out: [String: CSVReader.PinnedType] = [:]
        for (name, t) in zip(r.names, r.values) {
            guard let text = t.stringValue, let type = CSVReader.PinnedType(name: text) else {
                throw fail(i, Messages.badColumnType(name, Formatter.literal(t)))
            }
            out[name] = type
        }
        return out
    }

    /// The `delimiter:` argument at `i`: one ASCII character other than a quote or a line end.
    func delimiter(_ i: Int, default fallback: String) throws -> UInt8 {
        let text = try string(i) ?? fallback
        guard text.utf8.count == 1, let b = text.utf8.first, b < 0x80, b != UInt8(ascii: "\""), b != 0x0A, b != 0x0D else {
            throw fail(i, Messages.delimiterChoice)
        }
        return b
    }

    /// The boolean at `i`, nil for null.
    func flag(_ i: Int) throws -> Bool? {
        let v = self[i]
        if v.isNull { return nil }
        guard case .bool(let b) = v else { throw fail(i, Messages.expected(Want.trueOrFalse, v)) }
        return b
    }

    /// Renders the table at argument 0 and writes it to the path at argument 1,
    /// atomically, as UTF-8 or as `encode` turns each block of UTF-8 text into bytes
    /// (`first` is true for the first block only). Blocks end between rows, so no
    /// character is split between two.
    func write(_ format: OutputFormat, _ function: String,
               encode: @escaping (_ block: [UInt8], _ first: Bool) throws -> [UInt8] = { block, _ in block }) throws -> Value {
        try writeFile(function) { table, sink in
            var first = true
            var failure: (any Error)? = nil
            // The renderer's sink cannot throw: the first encoding failure is kept,
            // later blocks are dropped, and it is thrown once the renderer returns.
            let put: ([UInt8]) -> Void = { block in
                guard failure == nil else { return }
                do {
                    sink(try encode(block, first))
                    first = false
                } catch {
                    failure = error
                }
            }
            if table.names.isEmpty {
                if format == .json { put(Array("[]\n".utf8)) }
            } else {
                Renderer(format: format, maxRows: 0).render(.table(table), to: put)
            }
            // An empty text still gets what encoding puts first (a byte-order mark).
            if first { put([]) }
            if let failure { throw failure }
        }
    }

    /// Writes the blocks `render` hands to its sink for the table at argument 0 to the
    /// path at argument 1, atomically, as they come; returns the number of rows written.
    func writeFile(_ function: String, _ render: (Table, _ sink: @escaping ([UInt8]) -> Void) throws -> Void) throws -> Value {
        guard let table = self[0].asTable else { throw fail(0, Messages.expected(Want.table, self[0])) }
        guard let path = try string(1), !path.isEmpty else { throw fail(1, Messages.expected(Want.filePath, self[1])) }
        let full = try ctx.files.check(path, function, at: location(1))
        do {
            try AtomicFile.write(to: full) { sink in try render(table, sink) }
        } catch let f as AtomicFile.Failure {
            throw Diagnostic(.io, Messages.cannotWrite(path, f.reason), at: location(1))
        }
        return .number(Double(table.rowCount))
    }
}
