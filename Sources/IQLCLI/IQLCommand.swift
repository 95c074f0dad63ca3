import ArgumentParser
import Foundation
import IQL

/// The `iql` command: a thin client of the IQL library.
@main
struct IQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iql",
        abstract: "iql, the indicator query language: ask questions of a work plan's targets and projects.",
        discussion: """
        Runs a script file, an expression given with -e, or a script on standard input.
        With none of them on a terminal, starts the interactive prompt (REPL).
        Each top-level expression prints its value. Errors go to standard error.

        Exit status: 0 success, 1 runtime error, 2 syntax or usage error.

        Examples:
          iql report.iql
          iql -e '[1, 2, 3] | map(x => x * 2)'
          echo '1 + 1' | iql
          iql --check report.iql
          iql extract REPORT --city 通化市 --out DIR   (see 'iql extract --help')
        """
    )

    @Argument(help: "A script file to run ('-' reads standard input).")
    var file: String?

    @Option(name: [.customShort("e"), .customLong("eval")], help: "Run this source text instead of a file.")
    var expression: String?

    @Flag(name: .long, help: "Parse the script and resolve its names without running it.")
    var check = false

    @Option(name: .long, help: "How values are printed: table, csv, json, markdown, or html (one self-contained page, charts as SVG).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Rows of a table shown before it is cut (0 shows all; table format only).")
    var maxRows: Int = 40

    @Option(name: .long, help: ArgumentHelp(
        "Read a data file as the table NAME (repeatable): .csv/.tsv, .json/.jsonl, .xlsx (the first sheet, or PATH:SHEET), or .db/.sqlite (the table NAME, or PATH:TABLE).",
        valueName: "name=path"))
    var data: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp(
        "Bind $NAME in the script to VALUE (repeatable): a number when VALUE reads as one (7%, 5000万), else text.",
        valueName: "name=value"))
    var params: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "The language of messages, status labels and figures (label, points, figure): zh or en. Default: zh when LANG starts with zh, else en.",
        valueName: "zh|en"))
    var lang: Language = Language.fromLocale(environment("LANG"))

    @Option(name: .long, help: ArgumentHelp(
        "A PostgreSQL database whose tables the script may name (default: $IQL_DATABASE_URL); the password comes from PGPASSWORD or ~/.pgpass.",
        valueName: "postgresql://user@host:port/db"))
    var db: String?

    @Flag(name: .long, help: "Print the SQL that each pipeline over a database would send, without sending it.")
    var sql = false

    @Flag(name: .long, help: "Print on standard error, for each pipeline over a database, the stages run inside it, the SQL sent and the stages run locally.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("Stop a run that takes longer than this many seconds, with an error at the code running then.", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("max-memory"), help: ArgumentHelp(
        "The memory budget: a run that would build strings, lists, tables or read files larger than this stops with an error (a number of bytes, or with K, M, G; default: a quarter of physical memory, at most 4G).",
        valueName: "bytes"))
    var maxMemory: String?

    @Option(name: .long, help: ArgumentHelp(
        "Threads the query phase may use (filters, computed columns, aggregation); results never depend on it. Default: all cores.",
        valueName: "N"))
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print on standard error how long reading --data files and compiling took (load) and how long running took (query): 'BENCH load_ms=… query_ms=…'.")
    var timings = false

    static func main() {
        // `iql extract …` runs that command; any other first argument is a script, as
        // before (the parser would otherwise take 'extract' for a script's name).
        let args = Array(CommandLine.arguments.dropFirst())
        let command: ParsableCommand.Type = args.first == ExtractCommand.word ? ExtractCommand.self : IQLCommand.self
        do {
            var parsed = command == ExtractCommand.self ? try ExtractCommand.parse(Array(args.dropFirst())) : try parseAsRoot(args)
            try parsed.run()
        } catch {
            let code = command.exitCode(for: error)
            if code == .success {
                print(command.fullMessage(for: error))
                Foundation.exit(0)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            // Usage errors exit 2, as syntax errors do.
            FileHandle.standardError.write(Data((command.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    func validate() throws {
        if file != nil && expression != nil {
            throw ValidationError(CLIText.fileAndExpression.text(lang))
        }
        if maxRows < 0 { throw ValidationError(CLIText.negativeMaxRows.text(lang)) }
        if let t = timeout, !(t > 0 && t.isFinite) { throw ValidationError(CLIText.badTimeout.text(lang)) }
        if threads < 1 { throw ValidationError(CLIText.badThreads.text(lang)) }
        _ = try memoryBudget()
        _ = try parameters()
    }

    /// The limits of a run: ``Limits/local`` with the time and memory options.
    func limits() throws -> Limits {
        var limits = Limits.local
        limits.timeMilliseconds = timeout.map { $0 * 1000 }
        limits.memoryBytes = try memoryBudget()
        return limits
    }

    /// `--max-memory` in bytes: `500000000`, `512M`, `4G`; the default when not given.
    func memoryBudget() throws -> Int {
        guard let text = maxMemory else { return Limits.defaultMemoryBytes }
        let units: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        var digits = Substring(text.uppercased())
        var scale = 1.0
        if let last = digits.last, let u = units[last] { scale = u; digits.removeLast() }
        if digits.hasSuffix("I") || digits.hasSuffix("B") { throw ValidationError(CLIText.badMaxMemory(text).text(lang)) }
        guard let n = Double(digits), n > 0, n * scale < 1e18 else {
            throw ValidationError(CLIText.badMaxMemory(text).text(lang))
        }
        return Int(n * scale)
    }

    func run() throws {
        if isInteractive { return try runREPL() }
        let (name, text) = try source()
        let engine = try makeEngine()
        attachDatabase(engine)
        if sql {
            engine.sendsDatabaseQueries = false
            engine.databasePlanObserver = { plan in FileHandle.standardOutput.write(Data((plan.sql + ";\n").utf8)) }
        } else if explain {
            engine.databasePlanObserver = { plan in FileHandle.standardError.write(Data((plan.description + "\n").utf8)) }
        }
        let stderrColor = isatty(2) == 1 && environment("NO_COLOR") == nil
        let diagnostics = DiagnosticRenderer(color: stderrColor, language: lang)
        let started = DispatchTime.now()
        // Parsed first so that each --data CSV file is read only in the columns the
        // script can read; a script with syntax errors is reported after the data, as ever.
        let parsed = try? engine.compile(text, name: name)
        try loadData(into: engine, diagnostics, readBy: check ? nil : parsed)
        let program: Program
        do {
            program = try parsed ?? engine.compile(text, name: name)
        } catch let e as IQLError {
            report(diagnostics.render(e.diagnostics))
            throw ExitCode(2)
        }
        if check {
            let problems = engine.check(program)
            report(diagnostics.render(problems))
            if problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
            return
        }
        // Warnings do not stop the run, but their hints must reach whoever wrote the code.
        report(diagnostics.render(program.warnings))
        // Colour (charts' bars, numbers, nulls) only on a terminal.
        let stdoutColor = isatty(1) == 1 && environment("NO_COLOR") == nil
        let renderer = Renderer(format: format, maxRows: maxRows, color: stdoutColor)
        let loaded = DispatchTime.now()
        // An HTML page holds what ran before any error, and is closed whatever happens.
        // With --sql the statements come first and the (empty) page after them.
        let page = format == .html
        if page && !sql { FileHandle.standardOutput.write(Data(Renderer.htmlPageStart(title: name).utf8)) }
        defer {
            if page && sql { FileHandle.standardOutput.write(Data(Renderer.htmlPageStart(title: name).utf8)) }
            if page { FileHandle.standardOutput.write(Data(Renderer.htmlPageEnd.utf8)) }
        }
        do {
            try engine.run(program, parameters: try parameters()) { value in
                if sql { return }
                renderer.render(value) { FileHandle.standardOutput.write(Data($0)) }
            }
        } catch let e as IQLError {
            report(diagnostics.render(e.diagnostics))
            throw ExitCode(e.isSyntax ? 2 : 1)
        }
        if timings {
            // The line the peer benchmark harness reads (Benchmarks/peers/iql.sh).
            let ms = { (a: DispatchTime, b: DispatchTime) in Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e6 }
            report(String(format: "BENCH load_ms=%.3f query_ms=%.3f\n", ms(started, loaded), ms(loaded, DispatchTime.now())))
        }
    }

    /// Grants database access, as file access is granted, and binds `--db` (or
    /// `$IQL_DATABASE_URL`) so that its tables can be named.
    func attachDatabase(_ engine: Engine) {
        engine.databaseAccess = .all
        engine.database = db ?? environment("IQL_DATABASE_URL").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Values of `--param name=value`: numbers where the text reads as one.
    func parameters() throws -> [String: Value] {
        var out: [String: Value] = [:]
        for option in params {
            guard let eq = option.firstIndex(of: "="), eq != option.startIndex else {
                throw ValidationError(CLIText.badParam(option).text(lang))
            }
            let name = option[..<eq]
            // The name as `$name` would be written in a script: a letter or '_' first.
            guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ValidationError(CLIText.badParamName(String(name)).text(lang))
            }
            let text = String(option[option.index(after: eq)...])
            out[String(option[..<eq])] = Value(numberText: text) ?? .string(text)
        }
        return out
    }

    /// Defines the tables named by `--data`; a file that cannot be read stops the run.
    /// The engine the command runs in: every file allowed, local limits, and the clock
    /// fixed by `IQL_TODAY=2023-06-30` when set (for reproducible reports and tests).
    func makeEngine() throws -> Engine {
        let engine = Engine(fileAccess: .all, limits: try limits(), language: lang)
        engine.threads = threads
        if let text = environment("IQL_TODAY") {
            guard let day = CalendarDate(text) else {
                report(CLIText.errorLabel(lang) + CLIText.badToday(text).text(lang) + "\n")
                throw ExitCode(2)
            }
            engine.today = day
        }
        return engine
    }

    func loadData(into engine: Engine, _ diagnostics: DiagnosticRenderer, readBy program: Program? = nil) throws {
        do {
            try engine.defineTables(fromOptions: data, readBy: program)
        } catch let e as IQLError {
            report(diagnostics.render(e.diagnostics))
            throw ExitCode(e.isSyntax ? 2 : 1)
        }
    }

    /// The script's name for messages and its text.
    private func source() throws -> (String, String) {
        if let e = expression { return ("<expr>", e) }
        if let path = file, path != "-" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError(CLIText.scriptIsDirectory(path).text(lang))
            }
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > (try memoryBudget()) {
                throw ValidationError(CLIText.scriptTooLarge(path).text(lang))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError(CLIText.noScript(path).text(lang))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError(CLIText.scriptNotText(path).text(lang))
            }
            return (path, text)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError(CLIText.stdinNotText.text(lang))
        }
        return ("<stdin>", text)
    }

    private func report(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension OutputFormat: ExpressibleByArgument {}

extension Language: ExpressibleByArgument {
    public init?(argument: String) {
        // Exactly the two codes: a locale name such as zh_CN is for LANG, not for --lang.
        self.init(rawValue: argument)
    }
}
