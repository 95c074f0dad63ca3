import Foundation

extension Engine {
    /// Defines the global table `name` from a data file, choosing the reader by the
    /// file's extension: `.csv`, `.tsv` and `.txt` go to `read_csv` (encoding detected),
    /// `.json`, `.jsonl` and `.ndjson` to `read_json`, `.xlsx` to `read_xlsx` (the sheet
    /// called `table`, default the first), and `.db`, `.sqlite` and `.sqlite3` to
    /// `read_sqlite`, reading the table called `table` (default: `name`).
    ///
    /// The engine's ``fileAccess`` applies: an engine without file access refuses.
    /// - Throws: ``IQLError`` when `name` is not a valid name or is a reserved word, the extension is not
    ///   one of the above, or the file cannot be read (located in the file).
    public func defineTable(_ name: String, path: String, table: String? = nil) throws {
        try defineTable(name, path: path, table: table, use: nil)
    }

    /// As ``defineTable(_:path:table:)``; a CSV file is read only in the columns of `use`.
    private func defineTable(_ name: String, path: String, table: String?, use: ColumnUse?) throws {
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw IQLError(Diagnostic(.syntax, Messages.badTableName(name), at: nil))
        }
        if Keyword(rawValue: name) != nil {
            throw IQLError(Diagnostic(.syntax, Messages.reservedTableName(name), at: nil, hint: Messages.reservedTableNameHint(name)))
        }
        let call: String
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv", "tsv", "txt": call = "read_csv($path)"
        case "json", "jsonl", "ndjson": call = "read_json($path)"
        case "xlsx": call = table == nil ? "read_xlsx($path)" : "read_xlsx($path, sheet: $table)"
        case "db", "sqlite", "sqlite3": call = "read_sqlite($path, $table)"
        default:
            // A usage error (exit 2 in the CLI), like a bad name: the file is not even opened.
            throw IQLError(Diagnostic(.syntax, Messages.unknownFormat(path), at: nil, hint: Messages.formatHint))
        }
        let program = try compile("let \(name) = \(call)", name: "--data \(name)")
        try withContext(parameters: ["path": .string(path), "table": .string(table ?? name)]) { ctx in
            ctx.tableUse = use
            defer { ctx.tableUse = nil }
            try Interpreter(ctx: ctx).run(program) { _ in }
        }
    }

    /// Defines a table from a command-line option: `name=path`, `name=path.db:table`
    /// for a table of a SQLite database whose name differs from `name`, or
    /// `name=path.xlsx:sheet` for a sheet of a workbook other than the first.
    /// - Throws: ``IQLError`` when the option has no `=`, or as ``defineTable(_:path:table:)``.
    public func defineTable(fromOption option: String) throws {
        let (name, path, table) = try Engine.dataOption(option)
        try defineTable(name, path: path, table: table)
    }

    /// Defines the tables of command-line options in order, as ``defineTable(fromOption:)``,
    /// reading of each CSV file only the columns `program` can read (``ColumnUse``):
    /// every column when `program` is nil or what it reads is not known.
    package func defineTables(fromOptions options: [String], readBy program: Program?) throws {
        // The tables' names are bound before the program runs, as the engine's globals are.
        let globals = Set(globalNames).union(options.compactMap { o in o.firstIndex(of: "=").map { String(o[..<$0]) } })
        for option in options {
            let (name, path, table) = try Engine.dataOption(option)
            try defineTable(name, path: path, table: table, use: program?.columnUse(of: name, globals: globals))
        }
    }

    /// The table name, path and table or sheet of a command-line option.
    private static func dataOption(_ option: String) throws -> (String, String, String?) {
        guard let eq = option.firstIndex(of: "="), eq != option.startIndex, option.index(after: eq) != option.endIndex else {
            throw IQLError(Diagnostic(.syntax, Messages.badDataOption(option), at: nil, hint: Messages.dataOptionHint))
        }
        let name = String(option[..<eq])
        var path = String(option[option.index(after: eq)...])
        var table: String? = nil
        if let colon = path.lastIndex(of: ":") {
            let file = String(path[..<colon])
            if ["db", "sqlite", "sqlite3", "xlsx"].contains(URL(fileURLWithPath: file).pathExtension.lowercased()) {
                table = String(path[path.index(after: colon)...])
                path = file
            }
        }
        return (name, path, table)
    }
}
