import Foundation
import Testing
@testable import IQL

/// The sandbox and the limits: each one stops a hostile query with an error naming it,
/// and the engine keeps working afterwards.
@Suite struct EmbeddingLimitsTests {
    /// Runs `source`, expects an error of `kind` whose message contains `text`, then checks
    /// that the same engine still evaluates a query.
    @discardableResult
    func expectStopped(_ engine: Engine, _ source: String, limits: Limits? = nil, kind: Diagnostic.Kind = .limit,
                       _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> IQLError? {
        let e = #expect(throws: IQLError.self, sourceLocation: sourceLocation) { try engine.evaluate(source, limits: limits) }
        #expect(e?.diagnostics.first?.kind == kind, sourceLocation: sourceLocation)
        #expect(e?.message.contains(text) == true, "\(e?.message ?? "no error")", sourceLocation: sourceLocation)
        #expect((try? engine.evaluate("[1, 2, 3] | map(x => x * 2)")) == [2, 4, 6], sourceLocation: sourceLocation)
        return e
    }

    let exponential = "fn f(n) = if n == 0 then 0 else f(n - 1) + f(n - 1)\nf(40)"

    @Test func stepsLimit() {
        let engine = Engine(limits: Limits(steps: 10_000))
        let e = expectStopped(engine, exponential, "limit 'steps' exceeded (10000 evaluation steps)")
        #expect(e?.line == 1)
    }

    @Test func timeLimitStopsPromptly() {
        let engine = Engine()
        let start = Date()
        expectStopped(engine, exponential, limits: Limits(timeMilliseconds: 100), "limit 'time_ms' exceeded (100 ms)")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func rowsLimitStopsABillionRowCrossJoin() throws {
        let engine = Engine()
        // 100,000 × 10,000 rows on one constant key: a billion rows if nothing stopped it.
        engine.define("a", try Table(columns: ["k": .numbers([Double](repeating: 1, count: 100_000)), "x": .numbers((0..<100_000).map(Double.init))]))
        engine.define("b", try Table(columns: ["k": .numbers([Double](repeating: 1, count: 10_000)), "y": .numbers((0..<10_000).map(Double.init))]))
        let start = Date()
        expectStopped(engine, "a | join b on k | count", "limit 'rows' exceeded (\(Limits.defaultRows) rows)")
        #expect(Date().timeIntervalSince(start) < 30)
        expectStopped(engine, "a | join b on k | count", limits: Limits(rows: 1000), "limit 'rows' exceeded (1000 rows)")
        #expect(try engine.evaluate("a | take 3 | join b on k | count", limits: Limits(rows: 30_000)) == 30_000)
    }

    @Test func depthLimitStopsInfiniteRecursion() {
        let engine = Engine()
        expectStopped(engine, "fn f(n) = f(n + 1)\nf(0)", "limit 'depth' exceeded (1000 nested calls)")
        expectStopped(engine, "fn g(n) = 1 + g(n)\ng(0)", limits: Limits(depth: 20), "limit 'depth' exceeded (20 nested calls)")
    }

    @Test func infiniteRecursionOnASmallThreadStackIsAnError() async {
        // Secondary threads may have only 512 KiB of stack: the stack guard stops first.
        let result = await onThread(stackSize: 512 * 1024) {
            Result { try Engine(limits: Limits(depth: 1_000_000)).evaluate("fn f(n) = 1 + f(n + 1)\nf(0)") }
        }
        guard case .failure(let e as IQLError) = result else { Issue.record("expected an IQLError, got \(result)"); return }
        #expect(e.diagnostics.first?.kind == .limit)
        #expect(e.message.contains("recursion too deep") || e.message.contains("depth"))
    }

    @Test func stringLimitStopsExponentialGrowth() {
        let engine = Engine()
        let growth = "fn f(s, n) = if n == 0 then s else f(s + s, n - 1)\nlen(f(\"ab\", 60))"
        expectStopped(engine, growth, "limit 'string' exceeded (strings of \(Limits.defaultStringLength) bytes)")
        expectStopped(engine, growth, limits: Limits(stringLength: 1000), "strings of 1000 bytes")
        expectStopped(engine, #"repeat("x", 1000000000000)"#, "limit 'string'")
        expectStopped(engine, #"fn f(s, n) = if n == 0 then s else f("\(s)\(s)", n - 1)"# + "\nf(\"ab\", 60)", "limit 'string'")
    }

    @Test func listLimitStopsHugeLists() {
        let engine = Engine()
        expectStopped(engine, "range(1000000000000)", "limit 'list' exceeded (lists of \(Limits.defaultListLength) elements)")
        expectStopped(engine, "fn g(l, n) = if n == 0 then l else g(l + l, n - 1)\nlen(g([1], 60))", "limit 'list'")
        expectStopped(engine, "range(100)", limits: Limits(listLength: 10), "lists of 10 elements")
    }

    @Test func filesAreNotPermittedByDefault() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-embed-\(UUID().uuidString)")
        let inside = dir.appendingPathComponent("lib")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "let answer = 42\n".write(to: inside.appendingPathComponent("a.iql"), atomically: true, encoding: .utf8)
        try "let secret = 1\n".write(to: dir.appendingPathComponent("b.iql"), atomically: true, encoding: .utf8)

        let engine = Engine()
        let e = expectStopped(engine, "import \"\(inside.path)/a.iql\"", kind: .notPermitted, "import is not permitted: this engine was not granted file access")
        #expect(e?.line == 1 && e?.column == 1)

        engine.fileAccess = FileAccess(allowed: true, directories: [inside.path])
        #expect(try engine.evaluate("import \"\(inside.path)/a.iql\"\nanswer") == 42)
        expectStopped(engine, "import \"\(dir.path)/b.iql\"", kind: .notPermitted, "outside the directories")
        // `..` and symbolic links cannot climb out of the granted directory.
        expectStopped(engine, "import \"\(inside.path)/../b.iql\"", kind: .notPermitted, "outside the directories")
        try FileManager.default.createSymbolicLink(at: inside.appendingPathComponent("link.iql"), withDestinationURL: dir.appendingPathComponent("b.iql"))
        expectStopped(engine, "import \"\(inside.path)/link.iql\"", kind: .notPermitted, "outside the directories")
        #expect(engine.value(of: "secret") == nil)
    }

    /// An engine whose `started()` function reports that a query is running and returns
    /// only once the test has asked it to stop, so that the request provably arrives
    /// mid-evaluation (`run` clears an earlier one) and no clock is involved.
    func engineWithStartSignal() -> (Engine, Started) {
        let engine = Engine()
        let started = Started()
        engine.register("started") { () -> Bool in started.signalAndWait(); return true }
        return (engine, started)
    }

    /// `started() and f(40)`: runs for hours unless stopped. The step limit, far beyond
    /// the thousand steps a stop request may take to be seen, keeps a failing test from
    /// hanging without depending on the machine's speed: it fails with `steps` instead.
    let longQuery = "fn f(n) = if n == 0 then 0 else f(n - 1) + f(n - 1)\nif started() then f(40) else 0"
    let longQueryLimits = Limits(steps: 1_000_000)

    @Test func interruptFromAnotherThread() async throws {
        let (engine, started) = engineWithStartSignal()
        let (query, limits) = (longQuery, longQueryLimits)
        let task = Task.detached { Result { try engine.evaluate(query, limits: limits) } }
        // Raised from a thread of its own: on 2 cores the cooperative pool can be fully
        // taken by evaluations like this one, and an awaiting test body would starve.
        started.whenSignalled { engine.interrupt.raise() }
        guard case .failure(let e as IQLError) = await task.value else { Issue.record("expected an IQLError"); return }
        #expect(e.diagnostics.first?.kind == .cancelled, "\(e.message)")
        #expect(try engine.evaluate("1 + 1") == 2)
    }

    @Test func taskCancellationStopsEvaluation() async throws {
        let (engine, started) = engineWithStartSignal()
        let (query, limits) = (longQuery, longQueryLimits)
        let task = Task.detached { Result { try engine.evaluate(query, limits: limits) } }
        started.whenSignalled { task.cancel() }
        guard case .failure(let e as IQLError) = await task.value else { Issue.record("expected an IQLError"); return }
        #expect(e.diagnostics.first?.kind == .cancelled, "\(e.message)")
        #expect(e.message == "interrupted")
        #expect(try engine.evaluate("1 + 1") == 2)
    }

    /// `(a+)+$` on 30 `a`s and a `!` backtracks through about 2³¹ paths: seconds even on
    /// the fastest machine, so a match that finished before the limit would be a bug.
    let catastrophicMatch = #"matches(repeat("a", 30) + "!", "(a+)+$")"#

    @Test func timeLimitStopsABacktrackingRegularExpression() {
        let engine = Engine()
        let e = expectStopped(engine, "let n = 1\n" + catastrophicMatch, limits: Limits(timeMilliseconds: 200), "limit 'time_ms' exceeded (200 ms)")
        #expect(e?.line == 2 && e?.column == 1)
        expectStopped(engine, #"extract(repeat("a", 30) + "!", "((a+)+)$")"#, limits: Limits(timeMilliseconds: 200), "limit 'time_ms'")
    }

    @Test func interruptStopsABacktrackingRegularExpression() async throws {
        let (engine, started) = engineWithStartSignal()
        let query = "if started() then \(catastrophicMatch) else false"
        let task = Task.detached { Result { try engine.evaluate(query) } }
        started.whenSignalled { engine.interrupt.raise() }
        guard case .failure(let e as IQLError) = await task.value else { Issue.record("expected an IQLError"); return }
        #expect(e.diagnostics.first?.kind == .cancelled, "\(e.message)")
        #expect(try engine.evaluate(#"extract("增长7.5%", "([0-9.]+)%")"#) == "7.5")
    }

    // MARK: Hostile source text

    static let deepSources: [(String, String)] = [
        ("parentheses", String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)),
        ("brackets", String(repeating: "[", count: 10_000) + "1" + String(repeating: "]", count: 10_000)),
        ("records", String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)),
        ("unclosed", String(repeating: "(", count: 100_000)),
        ("negations", String(repeating: "-", count: 100_000) + "1"),
        ("nots", String(repeating: "not ", count: 100_000) + "true"),
        ("ifs", String(repeating: "if true then ", count: 10_000) + "1" + String(repeating: " else 2", count: 10_000)),
        ("lambdas", String(repeating: "x => ", count: 10_000) + "1"),
        ("sum chain", "1" + String(repeating: " + 1", count: 100_000)),
        ("field chain", "{a: 1}" + String(repeating: ".a", count: 100_000)),
        ("call chain", "f" + String(repeating: "()", count: 100_000)),
        ("index chain", "[1]" + String(repeating: "[0]", count: 100_000)),
        ("interpolations", String(repeating: "\"\\(", count: 5_000) + "1" + String(repeating: ")\"", count: 5_000)),
    ]

    @Test(arguments: deepSources.map(\.0))
    func deepNestingIsASyntaxErrorNotACrash(_ name: String) async throws {
        let source = try #require(Self.deepSources.first { $0.0 == name }?.1)
        // On a 512 KiB thread, the smallest stack a host is likely to call from.
        let result = await onThread(stackSize: 512 * 1024) { Result { try Engine().evaluate(source) } }
        guard case .failure(let e as IQLError) = result else { Issue.record("\(name): expected an IQLError, got \(result)"); return }
        #expect(e.isSyntax, "\(name): \(e.message)")
    }

    @Test func hugeLiteralsAreHandled() throws {
        let engine = Engine()
        let digits = String(repeating: "9", count: 1_000_000)
        #expect(throws: IQLError.self) { try engine.evaluate(digits) }
        let text = String(repeating: "长", count: 1_000_000)
        #expect(try engine.evaluate("len(\"\(text)\")") == 1_000_000)
        let list = "[" + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]"
        #expect(try engine.evaluate("len(\(list))") == 200_000)
    }
}

/// A one-shot handshake between a host function and the test that waits for it: the
/// host function blocks in `signalAndWait` until the test's action has run.
final class Started: @unchecked Sendable {  // @unchecked: two semaphores, which are thread-safe
    private let started = DispatchSemaphore(value: 0)
    private let acted = DispatchSemaphore(value: 0)
    func signalAndWait() {
        started.signal()
        acted.wait()
    }
    /// Runs `action` on a thread outside the cooperative pool once `signalAndWait` is
    /// called, then lets it return.
    func whenSignalled(_ action: @escaping @Sendable () -> Void) {
        Thread { [started, acted] in
            started.wait()
            action()
            acted.signal()
        }.start()
    }
}

/// Runs `body` on a new thread with the given stack size and returns its result.
func onThread<T: Sendable>(stackSize: Int, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = stackSize
        thread.start()
    }
}
