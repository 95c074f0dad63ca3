import Foundation

/// An iql interpreter a host creates, configures and runs queries in.
///
/// Each engine has its own globals, limits and file permissions; engines never share
/// state. An engine may be used from several threads: its evaluations run one at a
/// time under a lock. For parallel work, create one engine per thread or task.
///
/// ```swift
/// let engine = Engine()                       // sandboxed: no files, no environment
/// let v = try engine.evaluate("[1, 2, 3] | map(x => x * 2)")
/// print(v)                                    // [2, 4, 6]
/// ```
/// @unchecked: every mutable member (limits, globals, the context) is reached only
/// under `lock`; one evaluation at a time runs with it held.
public final class Engine: @unchecked Sendable {
    private let lock = NSLock()
    private let globals = Globals()
    private let context: Context

    /// Limits applied to every evaluation unless one passes its own.
    public var limits: Limits {
        get { lock.withLock { storedLimits } }
        set { lock.withLock { storedLimits = newValue } }
    }
    private var storedLimits: Limits

    /// Which files `import` and the file functions may touch. Default: none.
    public var fileAccess: FileAccess {
        get { lock.withLock { context.files } }
        set { lock.withLock { context.files = newValue } }
    }

    /// Which database servers `read_postgres` and ``database`` may reach. Default: none.
    public var databaseAccess: DatabaseAccess {
        get { lock.withLock { context.databases } }
        set { lock.withLock { context.databases = newValue } }
    }

    /// A PostgreSQL database (`postgresql://user@host:port/db`) whose tables a query
    /// may name like any table: a name bound to nothing else that is a table or view
    /// of the database reads it, and the pipeline after it runs inside the database
    /// as far as SQL can express it. Connects when first needed; needs
    /// ``databaseAccess``. The password comes from the URL, `PGPASSWORD` or
    /// `~/.pgpass` and is never shown. Default: none.
    public var database: String? {
        get { lock.withLock { context.database } }
        set { lock.withLock { context.database = newValue } }
    }

    /// Called with the plan of each pipeline over a database (the SQL sent, the stages
    /// inside it and those run locally) before its query is sent. Default: none.
    public var databasePlanObserver: ((DatabasePlan) -> Void)? {
        get { lock.withLock { context.planObserver } }
        set { lock.withLock { context.planObserver = newValue } }
    }

    /// Whether pipelines over a database send their query. False makes each report
    /// its plan and give an empty table instead, as `iql --sql` does. Default: true.
    public var sendsDatabaseQueries: Bool {
        get { lock.withLock { context.sendsQueries } }
        set { lock.withLock { context.sendsQueries = newValue } }
    }

    /// Whether pipelines over a database run their stages inside it (default), or read
    /// the table whole and run every stage locally: the same answer, for comparison.
    var pushesDownStages: Bool {
        get { lock.withLock { context.pushdown } }
        set { lock.withLock { context.pushdown = newValue } }
    }

    /// The date `today()` gives, and the year of periods written without one (`上半年`,
    /// `1-5月`). Default: nil, the system clock's date in the local time zone. Fix it
    /// to make reports reproducible; the `iql` command reads it from `IQL_TODAY`.
    public var today: CalendarDate? {
        get { lock.withLock { context.fixedToday } }
        set { lock.withLock { context.fixedToday = newValue } }
    }

    /// The language people read: status labels (`label("behind")` is `落后序时进度` or
    /// `behind pace`), units and figures (`points(1.9%)` is `1.9个百分点` or `1.9 pp`).
    /// Status codes and every other value stay the same in both. Default: ``Language/en``.
    public var language: Language {
        get { lock.withLock { context.language } }
        set { lock.withLock { context.language = newValue } }
    }

    /// Threads an evaluation may use for the query phase on tables: filters, computed
    /// columns and aggregation run morsel by morsel on up to this many workers. Results,
    /// row order and floating-point sums included, are the same for any value; limits,
    /// errors (the first by row order) and ``interrupt`` work as on one thread.
    /// Default: 1, so that an engine never takes cores its host did not give it; the
    /// `iql` command uses every core (`--threads N`). Values below 1 count as 1.
    public var threads: Int {
        get { lock.withLock { context.threads } }
        set { lock.withLock { context.threads = max(1, newValue) } }
    }

    /// Raise this from another thread to stop the running evaluation; cleared when
    /// the next evaluation starts.
    public let interrupt = Interrupt()

    /// How many compiled expressions ``expression(_:parameters:name:)`` keeps, by source
    /// text, parameter names and name, so that compiling the same formula again (for
    /// every record a host touches) costs a lookup instead of a parse. Only pure
    /// arithmetic on parameters and number literals is kept — it reads nothing from the
    /// engine, so a kept expression computes exactly what compiling its text again would.
    /// The least recently used goes first. Default: 256; `0` turns the cache off (and
    /// empties it). It is an error to set a negative size.
    public var expressionCacheSize: Int {
        get { lock.withLock { expressions.limit } }
        set {
            precondition(newValue >= 0, "expressionCacheSize must not be negative")
            lock.withLock { expressions.limit = newValue }
        }
    }
    private let expressions = ExpressionCache(limit: 256)

    /// The expressions kept now (for tests).
    var cachedExpressionCount: Int { lock.withLock { expressions.count } }

    func cachedExpression(_ key: ExpressionCache.Key) -> CompiledExpression? {
        lock.withLock { expressions.expression(for: key) }
    }

    func keepExpression(_ e: CompiledExpression, _ key: ExpressionCache.Key) {
        lock.withLock { expressions.keep(e, for: key) }
    }

    /// Creates an engine. By default it can read and write no file.
    /// - Parameters:
    ///   - language: the language of labels and figures (see ``language``). Default: English.
    ///   - planDataset: whether to define the built-in tables `indicators` and
    ///     `projects` (the 2023 work plan's targets and projects). Default: true.
    public init(fileAccess: FileAccess = .none, limits: Limits = Limits(), language: Language = .en, planDataset: Bool = true) {
        storedLimits = limits
        context = Context(globals: globals, files: fileAccess, language: language)
        if planDataset {
            for (name, table) in PlanDataset.tables { globals.define(name) { .table(table()) } }
        }
    }

    // MARK: Definitions

    /// Defines (or replaces) a global variable visible to every later query.
    public func define(_ name: String, _ value: Value) {
        lock.withLock { globals.define(name, value) }
    }

    /// The value of a global, if defined.
    public func value(of name: String) -> Value? {
        lock.withLock { globals.box(name)?.value }
    }

    /// Names of every global the engine holds, sorted.
    public var globalNames: [String] {
        lock.withLock { globals.names.sorted() }
    }

    /// Names of every builtin function, sorted.
    public static var builtinNames: [String] { Builtins.names.sorted() }

    // MARK: Compiling and running

    /// Parses source text into a program, reporting every syntax error at once.
    /// - Throws: ``IQLError`` with all syntax errors.
    public func compile(_ source: String, name: String = "<input>") throws -> Program {
        try Parser.parse(SourceFile(name: name, text: source))
    }

    /// Runs a compiled program: `let` and `fn` statements define globals, each
    /// expression statement's value goes to `emit`. Returns the last such value, or null.
    /// - Parameters:
    ///   - parameters: values for `$name` in the program.
    ///   - limits: this run's limits, replacing the engine's ``limits``.
    /// - Throws: ``IQLError`` for a runtime error; definitions made before it stay.
    @discardableResult
    public func run(_ program: Program, parameters: [String: Value] = [:], limits: Limits? = nil,
                    emit: (Value) throws -> Void = { _ in }) throws -> Value {
        try lock.withLock {
            context.begin(limits: limits ?? storedLimits, interrupt: interrupt, parameters: parameters)
            interrupt.clear()
            var last = Value.null
            do {
                try Interpreter(ctx: context).run(program) { v in
                    last = v
                    try emit(v)
                }
            } catch let d as Diagnostic {
                throw IQLError(d)
            }
            return last
        }
    }

    /// Runs `body` with the engine's context prepared for one evaluation, under the lock.
    /// - Parameter prepare: false only for code that can neither call functions nor loop,
    ///   which needs no fresh counters, deadline or stack bounds (reading those costs more
    ///   than evaluating a small formula).
    func withContext<T>(parameters: [String: Value] = [:], limits: Limits? = nil, prepare: Bool = true, _ body: (Context) throws -> T) throws -> T {
        try lock.withLock {
            if prepare {
                context.begin(limits: limits ?? storedLimits, interrupt: interrupt, parameters: parameters)
                interrupt.clear()
            } else {
                // No calls and no loops: the parser's nesting limit bounds the recursion,
                // so the (costly to read) stack bounds of this thread are not needed.
                context.beginStraight(limits: limits ?? storedLimits, interrupt: interrupt, parameters: parameters)
            }
            do {
                return try body(context)
            } catch let d as Diagnostic {
                throw IQLError(d)
            }
        }
    }

    /// Parses and runs source text; returns the value of its last expression statement.
    /// `parameters` and `limits` are as for ``run(_:parameters:limits:emit:)``.
    /// - Throws: ``IQLError`` with syntax errors (all of them) or the runtime error.
    @discardableResult
    public func evaluate(_ source: String, name: String = "<input>", parameters: [String: Value] = [:],
                         limits: Limits? = nil) throws -> Value {
        try run(try compile(source, name: name), parameters: parameters, limits: limits)
    }

    /// Resolves the names of a program without running it: unknown variables and
    /// functions, unknown columns inside stages wherever the table flowing in has a
    /// known schema (a table the engine holds, a literal table, a table of
    /// ``database``, a `let` of a pipeline over one), window functions outside a
    /// window, each with a suggestion, and type errors that would certainly happen
    /// where the columns' types are known (`name * 2` over a text column, `where
    /// target`), with the message running would give; then the parser's ``Program/warnings``
    /// (severity `.warning`), all in source order.
    public func check(_ program: Program) -> [Diagnostic] {
        lock.withLock {
            context.begin(limits: storedLimits, interrupt: interrupt, parameters: [:])
            var tables: [String: Schema] = [:]
            for (name, box) in globals.boxes {
                if case .function = box.value { continue }
                if let t = box.value.asTable { tables[name] = Schema(t) }
            }
            let ctx = context
            let compiler = Compiler(ctx: ctx, file: program.file)
            let files = ctx.files
            var checker = Checker(file: program.file, globals: globals.names, tables: tables, importer: {
                try Interpreter.definitions(ofImport: $0, from: $1, at: $2, files: files, importing: $3)
            }) { name in
                // A table of the database, asked of it; a server that cannot be reached
                // leaves the name unknown here and reports itself when the query runs.
                guard let source = try? compiler.databaseTable(name, SourceRange(0, 0)),
                      let described = try? source.describe(compiler, SourceRange(0, 0)) else { return nil }
                var schema = Schema(described.columns.map(\.name))
                // PostgreSQL's column types are the values' (SQLite's, sampled, are not certain).
                if case .postgres = source.backend {
                    for c in described.columns where !c.castToText {
                        switch c.type {
                        case .number?: schema.types[c.name] = c.percent ? .percent : .number
                        case .string?: schema.types[c.name] = .text
                        case .bool?: schema.types[c.name] = .boolean
                        case .date?: schema.types[c.name] = .date
                        case .null?, nil: break
                        }
                    }
                }
                return schema
            }
            return checker.check(program)
        }
    }

    /// Whether `source` stops in the middle of a statement (an open bracket or string,
    /// a trailing operator or `|`), so that a prompt should read another line.
    public static func isIncomplete(_ source: String) -> Bool {
        do {
            _ = try Parser.parse(SourceFile(name: "<input>", text: source))
            return false
        } catch let e as IQLError {
            return e.isIncompleteInput
        } catch {
            return false
        }
    }
}
