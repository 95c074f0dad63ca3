import CIQLSupport
import Foundation
import Synchronization

/// Limits a host sets on an evaluation. `nil` means no limit.
///
/// The defaults bound memory, so that an engine nobody configured cannot exhaust its
/// host: at most ``defaultRows`` rows in a table built by a join or sort, strings of
/// ``defaultStringLength`` bytes, lists of ``defaultListLength`` elements, and
/// ``defaultDepth`` nested calls (plus a guard on the thread's real stack). Time and
/// steps are unlimited by default, because only the host knows how long is too long:
/// set ``timeMilliseconds`` or ``steps`` when running queries from untrusted users.
public struct Limits: Sendable, Equatable {
    /// Evaluation steps: one per function call and per row a stage touches. Default: none.
    public var steps: Int?
    /// Wall-clock time in milliseconds. Default: none. Checked between steps and,
    /// within a regular expression match (`matches`, `extract`), as it backtracks.
    public var timeMilliseconds: Double?
    /// Rows a table built by a join or sort may hold. Default: ``defaultRows``.
    public var rows: Int?
    /// Nesting depth of function calls (recursion). Default: ``defaultDepth``.
    public var depth: Int
    /// Bytes (UTF-8) in one string. Default: ``defaultStringLength``.
    public var stringLength: Int
    /// Elements in one list. Default: ``defaultListLength``.
    public var listLength: Int
    /// Levels of lists, records and tables inside one another. Default: ``defaultNesting``.
    public var nesting: Int
    /// The memory budget in bytes: a string, list, table, join output or file being
    /// read that would need more is refused before it is built. Default:
    /// ``defaultMemoryBytes``; nil for none.
    public var memoryBytes: Int?

    /// Default ``rows``: ten million (about 80 MB per number column).
    public static let defaultRows = 10_000_000

    /// Limits for a person running their own queries on their own machine (the `iql`
    /// command): no cap on rows, since their files may hold more than the embedded
    /// default; depth, string and list sizes as for an engine.
    public static let local = Limits(rows: nil)
    /// Default ``depth``.
    public static let defaultDepth = 1000
    /// Default ``stringLength``: ten million bytes.
    public static let defaultStringLength = 10_000_000
    /// Default ``listLength``: ten million elements.
    public static let defaultListLength = 10_000_000
    /// Default ``memoryBytes``: a quarter of the machine's physical memory, at most 4 GiB.
    public static let defaultMemoryBytes: Int = {
        let quarter = Int(min(ProcessInfo.processInfo.physicalMemory / 4, UInt64(Int.max)))
        return min(quarter, 4 << 30)
    }()
    /// Default ``nesting``: a thousand levels, few enough that printing, comparing and
    /// freeing a value fit in a secondary thread's 512 KiB stack.
    public static let defaultNesting = 1000

    /// Limits with the memory-bounding defaults, or the values given.
    public init(steps: Int? = nil, timeMilliseconds: Double? = nil, rows: Int? = Limits.defaultRows,
                depth: Int = Limits.defaultDepth, stringLength: Int = Limits.defaultStringLength,
                listLength: Int = Limits.defaultListLength, nesting: Int = Limits.defaultNesting,
                memoryBytes: Int? = Limits.defaultMemoryBytes) {
        self.steps = steps
        self.timeMilliseconds = timeMilliseconds
        self.rows = rows
        self.depth = depth
        self.stringLength = stringLength
        self.listLength = listLength
        self.nesting = nesting
        self.memoryBytes = memoryBytes
    }
}

/// A flag another thread can raise to stop an evaluation (Ctrl-C, task cancellation).
public final class Interrupt: Sendable {
    private let flag = Atomic<Bool>(false)
    /// A flag that is not raised.
    public init() {}
    /// Asks the running evaluation to stop; it ends with a `cancelled` error within
    /// about a thousand evaluation steps. Safe to call from any thread.
    public func raise() { flag.store(true, ordering: .relaxed) }
    /// Lowers the flag; every evaluation does this when it starts.
    public func clear() { flag.store(false, ordering: .relaxed) }
    /// Whether the flag is raised.
    public var isRaised: Bool { flag.load(ordering: .relaxed) }
}

/// The state of an engine's evaluations: globals, limits, counters. Passed everywhere
/// instead of any global state, so two engines never interfere. Compiled code keeps a
/// reference to it, so one context lives as long as its engine and ``begin`` resets
/// the per-evaluation parts; the engine's lock keeps evaluations one at a time.
final class Context {
    let globals: Globals
    var files: FileAccess
    var databases: DatabaseAccess = .none
    /// The database whose tables are bound by name (`--db`), as a URL.
    var database: String?
    let pool = DatabasePool()
    /// Whether pipelines over a database run their stages inside it (off only to
    /// compare with running them all locally).
    var pushdown = true
    /// False for `iql --sql`: pipelines over a database report their plan and send nothing.
    var sendsQueries = true
    /// Told the plan of every pipeline over a database (`--explain`, `--sql`).
    var planObserver: ((DatabasePlan) -> Void)?
    /// The language of status labels, units and figures (`label`, `points`, `figure`).
    var language: Language
    private(set) var limits = Limits()
    /// Workers the query phase may use (morsel-parallel kernels and aggregation); 1
    /// runs everything on the calling thread. Results never depend on it.
    var threads = 1
    private(set) var interrupt = Interrupt()
    private(set) var parameters: [String: Value] = [:]
    private var steps = 0
    private var deadline: UInt64?
    private(set) var depth = 0
    /// Lowest address the stack may grow to before iql refuses to go deeper.
    private var stackFloor: UInt = 0
    /// What the script being prepared reads of the table `Engine.defineTable` is
    /// reading now, when known: its `read_csv` skips the other columns.
    var tableUse: ColumnUse?
    /// Files being imported, to refuse import cycles.
    var importing: [String] = []
    /// The day `today()` gives, when the host fixed it; otherwise the system clock's.
    var fixedToday: CalendarDate?
    /// Regular expressions compiled so far, by pattern, so that `matches(name, "…")`
    /// over a column compiles its pattern once.
    var regexes: [String: NSRegularExpression] = [:]

    init(globals: Globals, files: FileAccess, language: Language = .en) {
        self.globals = globals
        self.files = files
        self.language = language
    }

    /// Starts an evaluation on the calling thread with these limits and parameters.
    func begin(limits: Limits, interrupt: Interrupt, parameters: [String: Value]) {
        self.limits = limits
        self.interrupt = interrupt
        self.parameters = parameters
        steps = 0
        depth = 0
        importing = []
        pool.described = [:]
        clockToday = nil
        if let ms = limits.timeMilliseconds {
            deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, ms) * 1_000_000)
        } else {
            deadline = nil
        }
        stackFloor = StackGuard.floor()
    }

    /// The system clock's date, read once per evaluation.
    private var clockToday: CalendarDate?

    /// The engine's clock: what `today()` gives and the year of periods written without
    /// one (`上半年`). One evaluation sees one date, even across midnight, and reads
    /// the system clock at most once.
    var today: CalendarDate {
        if let d = fixedToday ?? clockToday { return d }
        let d = CalendarDate(Date())
        clockToday = d
        return d
    }


    /// Starts an evaluation of straight-line code (no calls, no loops): as ``begin``,
    /// without the counters, deadline and stack bounds such code never reads (reading
    /// them costs more than evaluating a small formula). The parameters are still
    /// replaced, so one run never sees another's.
    func beginStraight(limits: Limits, interrupt: Interrupt, parameters: [String: Value]) {
        self.limits = limits
        self.interrupt = interrupt
        self.parameters = parameters
        stackFloor = 0
    }

    /// Counts one step; every 1024 steps also checks the clock and the interrupt flag.
    @inline(__always)
    func tick(_ range: SourceRange, _ file: SourceFile) throws {
        steps &+= 1
        if steps & 1023 == 0 || limits.steps != nil { try checkSlow(range, file) }
    }

    /// Counts `n` steps at once, for work done on a whole column.
    func tick(count n: Int, _ range: SourceRange, _ file: SourceFile) throws {
        let before = steps
        steps &+= n
        if steps >> 10 != before >> 10 || limits.steps != nil { try checkSlow(range, file) }
    }

    private func checkSlow(_ range: SourceRange, _ file: SourceFile) throws {
        try checkNow(SourceLocation(file: file, range: range))
    }

    /// Checks the step limit, the interrupt flag and the clock now: for waits outside
    /// iql's own loops, such as a database server's answer.
    func checkNow(_ loc: SourceLocation?) throws {
        if let max = limits.steps, steps > max {
            throw Diagnostic(.limit, Messages.limit("steps", Messages.steps(max)), at: loc)
        }
        // Task cancellation reaches synchronous code through the current task, if any.
        if interrupt.isRaised || withUnsafeCurrentTask(body: { $0?.isCancelled ?? false }) {
            throw Diagnostic(.cancelled, Messages.interrupted, at: loc)
        }
        if let d = deadline, DispatchTime.now().uptimeNanoseconds > d {
            throw Context.timeLimitError(limits.timeMilliseconds, loc)
        }
    }

    static func timeLimitError(_ ms: Double?, _ loc: SourceLocation?) -> Diagnostic {
        Diagnostic(.limit, Messages.limit("time_ms", Messages.milliseconds(Formatter.number(ms ?? 0))), at: loc)
    }

    /// The workers of a parallel section at `range`: ``threads`` of them, stopping
    /// between morsels on the interrupt flag and the deadline, with errors located there.
    func parallel(_ range: SourceRange, _ file: SourceFile) -> Parallel {
        Parallel(threads: threads, stop: StopCheck(interrupt: interrupt, deadline: deadline, timeMilliseconds: limits.timeMilliseconds,
                                                   location: SourceLocation(file: file, range: range)))
    }

    /// The workers of a kernel pass, which cannot fail.
    var kernels: Parallel { Parallel(threads: threads, stop: .never) }

    /// Milliseconds left before the time limit; nil when there is none.
    var remainingMilliseconds: Double? {
        deadline.map { Double(Int64(bitPattern: $0 &- DispatchTime.now().uptimeNanoseconds)) / 1e6 }
    }

    /// Enters a function call: checks the depth limit and the remaining stack.
    func enter(_ range: SourceRange, _ file: SourceFile) throws {
        depth += 1
        let loc = SourceLocation(file: file, range: range)
        if depth > limits.depth {
            depth -= 1
            throw Diagnostic(.limit, Messages.limit("depth", Messages.nestedCalls(limits.depth)), at: loc, hint: Messages.recursionHint)
        }
        if StackGuard.current() < stackFloor {
            depth -= 1
            throw Diagnostic(.limit, Messages.stackTooDeep(depth), at: loc, hint: Messages.recursionHint)
        }
        try tick(range, file)
    }

    func leave() { depth -= 1 }

    /// Stops with an error instead of overflowing the stack in recursion that is not a
    /// call: compiling a deeply nested expression on a thread with a small stack.
    func checkStack(_ range: SourceRange, _ file: SourceFile) throws {
        if StackGuard.current() < stackFloor {
            throw Diagnostic(.limit, Messages.expressionTooDeep, at: SourceLocation(file: file, range: range))
        }
    }

    /// Refuses a list, record or table nested deeper than the nesting limit: `v` is
    /// returned when it is within it.
    @inline(__always)
    func checkNesting(_ v: Value, _ range: SourceRange, _ file: SourceFile) throws -> Value {
        guard v.isContainer else { return v }
        if v.nests(deeperThan: limits.nesting) { throw nestingError(range, file) }
        return v
    }

    func nestingError(_ range: SourceRange, _ file: SourceFile) -> Diagnostic {
        Diagnostic(.limit, Messages.limit("nesting", Messages.nestedLevels(limits.nesting)), at: SourceLocation(file: file, range: range),
                   hint: Messages.nestingHint(limits.nesting))
    }

    /// Refuses to build something of about `bytes` bytes beyond the memory budget;
    /// `what` names it in the message ("a join of 100000000 rows").
    @inline(__always)
    func checkMemory(_ bytes: Int, _ what: @autoclosure () -> Localized, _ range: SourceRange, _ file: SourceFile) throws {
        guard let budget = limits.memoryBytes, bytes > budget else { return }
        throw Diagnostic(.limit, Messages.limit("memory", Messages.overBudget(what(), bytes, budget)),
                         at: SourceLocation(file: file, range: range), hint: Messages.memoryHint)
    }

    /// Refuses a table of `rows` × `columns` cells beyond the memory budget, before it is
    /// built: every table a stage makes (selected, derived and window columns, grouped
    /// and pivoted results, filtered and sorted copies, appended tables) is charged
    /// here, at about 8 bytes a cell (a number; a text code and its share of the
    /// dictionary), whatever its columns share with their input.
    func checkTable(rows: Int, columns: Int, _ range: SourceRange, _ file: SourceFile) throws {
        let (cells, o1) = rows.multipliedReportingOverflow(by: max(columns, 1))
        let (bytes, o2) = cells.multipliedReportingOverflow(by: 8)
        try checkMemory(o1 || o2 ? Int.max : bytes, Messages.aTable(rows, columns), range, file)
    }

    /// `tables` one after another (``Table/appending(_:)``), after checking the row limit
    /// and the memory budget for the result: `append`, `a + b` and globbed reads.
    func append(_ tables: [Table], _ range: SourceRange, _ file: SourceFile) throws -> Table {
        let rows = tables.reduce(0) { $0 &+ $1.rowCount }
        try checkRows(rows, range, file)
        try checkTable(rows: rows, columns: Set(tables.flatMap(\.names)).count, range, file)
        return Table.appending(tables)
    }

    /// Checks the row limit for a table about to be built.
    func checkRows(_ n: Int, _ range: SourceRange, _ file: SourceFile) throws {
        if let max = limits.rows, n > max {
            throw Diagnostic(.limit, Messages.limit("rows", Messages.rows(max)), at: SourceLocation(file: file, range: range))
        }
        try tick(range, file)
    }
}

/// Global variables and functions of an engine, as boxes that compiled code reads.
/// @unchecked: boxes are defined and changed only under the owning engine's lock.
final class Globals: @unchecked Sendable {
    final class Box {
        /// A value, or where one comes from until the global is first assigned: the
        /// built-in tables are `static let`s that Swift builds once, on first read and
        /// from whichever thread reads first, so an engine that never names them (most
        /// `iql -e` runs, every embedding host that evaluates expressions) never pays for
        /// building them. The box itself keeps no copy, so reading it from the query
        /// phase's threads writes nothing.
        private enum Storage { case value(Value), shared(@Sendable () -> Value) }
        private var storage: Storage
        init(_ v: Value) { storage = .value(v) }
        init(shared: @escaping @Sendable () -> Value) { storage = .shared(shared) }
        var value: Value {
            get {
                switch storage {
                case .value(let v): return v
                case .shared(let make): return make()
                }
            }
            set { storage = .value(newValue) }
        }
    }
    private(set) var boxes: [String: Box] = [:]

    func define(_ name: String, _ value: Value) {
        if let b = boxes[name] { b.value = value } else { boxes[name] = Box(value) }
    }
    /// Defines `name` as the value `shared` returns, asked for only when the global is read.
    func define(_ name: String, shared: @escaping @Sendable () -> Value) {
        boxes[name] = Box(shared: shared)
    }
    func box(_ name: String) -> Box? { boxes[name] }
    var names: [String] { Array(boxes.keys) }
}

/// How far down the current thread's stack iql lets evaluation go.
///
/// iql evaluates with native recursion, so a deep enough recursion would overflow the
/// stack of whatever thread the host calls from (secondary threads have as little as
/// 512 KiB). Instead of guessing a depth, compare the stack pointer with the thread's
/// real stack bounds and stop with an error while 128 KiB are still free.
enum StackGuard {
    static func current() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    static func floor() -> UInt {
        // glibc finds the main thread's stack by parsing /proc/self/maps (~100 µs, more
        // than a small query takes); its bounds never move, so read them once. Only the
        // main thread ever touches `mainFloor`, so it is computed there.
        if Thread.isMainThread { return mainFloor }
        return read()
    }

    private static let mainFloor = read()

    private static func read() -> UInt {
        var low: UnsafeMutableRawPointer? = nil
        var size = 0
        guard iql_stack_bounds(&low, &size) == 0, let base = low else { return fallback() }
        let here = current()
        // The main thread's reported size can exceed what may be mapped; trust at most 8 MiB below here.
        let reserve: UInt = 128 * 1024
        let byLimit = here > 8 << 20 ? here - (8 << 20) + reserve : 0
        return max(UInt(bitPattern: base) + reserve, byLimit)
    }

    private static func fallback() -> UInt {
        let here = current()
        return here > 400 * 1024 ? here - 400 * 1024 : 0
    }
}
