import Foundation
import Synchronization
import Testing
@testable import IQL

/// The query phase on several threads gives exactly what it gives on one: same rows,
/// same order, same floating-point sums; errors and limits as on one thread.
// Serialized: each test already keeps several threads busy, and on a small machine
// running them side by side starves the tests that wait on the cooperative pool.
@Suite(.serialized) struct ParallelTests {
    /// A table of several morsels: numbers of many magnitudes (sums that depend on the
    /// order of additions), -0, nulls, repeated keys (ties) and a null key.
    static func table(rows: Int, seed: UInt64) throws -> Table {
        var rng = SplitMix(seed: seed)
        var x: [Double?] = [], k: [String?] = [], n: [Double?] = [], flag: [Bool?] = []
        for i in 0..<rows {
            let magnitude = pow(10.0, Double(rng.below(31)) - 15)
            let sign: Double = rng.below(2) == 0 ? -1 : 1
            switch rng.below(20) {
            case 0: x.append(nil)
            case 1: x.append(-0.0)
            default: x.append(sign * magnitude * (1 + Double(rng.below(1000)) / 7))
            }
            k.append(rng.below(50) == 0 ? nil : ["医药", "旅游", "能源", "交通", "水利"][rng.below(5)])
            n.append(rng.below(30) == 0 ? nil : Double(i % 7))
            flag.append(rng.below(10) == 0 ? nil : rng.below(3) == 0)
        }
        return try Table(columns: ["x": .numbers(x), "k": .strings(k), "n": .numbers(n), "flag": .booleans(flag)])
    }

    static let queries = [
        "t | group { c = count(), n = count(x), s = sum(x), a = avg(x), lo = min(x), hi = max(x) }",
        "t | group by k, n { c = count(), s = sum(x), a = avg(x), lo = min(x), hi = max(x), f = count(flag) }",
        "t | where x > 0 or flag | select k, y = round((x - 0.5 * x / 12 + 3) * 1.07, 2)",
        "t | where k >= \"能源\" and not flag | group by k { s = sum(x * 1.07), c = count() }",
        "t | derive y = -x / n, z = abs(x) <= 1 | where z | group by n { s = sum(y) }",
        "t | select r = round(x, 3) | group { n = count(), total = sum(r) }",
    ]

    @Test(arguments: queries)
    func resultsDoNotDependOnTheThreadCount(_ query: String) throws {
        let t = try Self.table(rows: 2 * Morsels.size + 1_000, seed: 13)
        var answers: [String] = []
        for threads in [1, 2, 8] {
            let engine = Engine()
            engine.threads = threads
            engine.define("t", t)
            let v = try engine.evaluate(query)
            // Every bit of every sum: the literal form of a table prints doubles exactly.
            answers.append(v.tableValue!.names.map { name in
                name + ":" + v.tableValue!.values(of: name)!.map { $0.doubleValue.map { String($0.bitPattern, radix: 16) } ?? "\($0)" }.joined(separator: ",")
            }.joined(separator: "\n"))
        }
        #expect(answers[0] == answers[1])
        #expect(answers[0] == answers[2])
        #expect(!answers[0].isEmpty)
    }

    /// Kernels run morsel by morsel give what row-by-row evaluation gives
    /// (`if true then E else null` is outside the kernels).
    @Test(arguments: ["round((x - 0.5 * x / 12 + 3) * 1.07, 2)", "abs(x) > 1 and not flag", "is_null(x) or n >= 3", "-x / n", "7"])
    func morselKernelsMatchRowByRow(_ expr: String) throws {
        let engine = Engine()
        engine.threads = 2
        engine.define("t", try Self.table(rows: 2 * Morsels.size + 5, seed: 21))
        let kernels = try engine.evaluate("t | select y = \(expr)")
        let rows = try engine.evaluate("t | select y = if true then \(expr) else null")
        #expect(Formatter.literal(kernels) == Formatter.literal(rows))
    }

    /// The unboxed aggregates give what the general path gives (`sum(x) + 0` is not a
    /// plain call, so it takes the general path) on a table of one morsel.
    @Test func unboxedAggregatesMatchTheGeneralPath() throws {
        let engine = Engine()
        engine.threads = 4
        engine.define("t", try Self.table(rows: 5_000, seed: 7))
        for agg in ["count()", "count(x)", "count(k)", "count(flag)", "sum(x)", "avg(x)", "min(x)", "max(x)"] {
            let unboxed = try engine.evaluate("t | group by k { v = \(agg) }")
            let general = try engine.evaluate("t | group by k { v = \(agg) ?? null }")
            #expect(Formatter.literal(unboxed) == Formatter.literal(general), "\(agg)")
        }
        let empty = try engine.evaluate("t | where x > 1e300 | group { n = count(), s = sum(x), lo = min(x) }")
        #expect(Formatter.literal(empty) == Formatter.literal(try engine.evaluate("[{n: 0, s: null, lo: null}] | group { n = 0, s = null, lo = null }")))
    }

    /// Sums combine per-morsel partial sums in a fixed tree, whatever the thread count.
    @Test func sumsMergeInAFixedTreeOfMorsels() throws {
        let t = try Self.table(rows: 3 * Morsels.size + 123, seed: 99)
        guard case .number(let x) = t.columns[0].storage else { Issue.record("numbers expected"); return }
        let parts = (0..<Morsels.count(x.count)).map { m in
            Morsels.range(m, x.count).reduce(0.0) { x[$1].isNaN ? $0 : $0 + x[$1] }
        }
        let expected = Morsels.tree(parts, +)!
        for threads in [1, 3] {
            let engine = Engine()
            engine.threads = threads
            engine.define("t", t)
            let v = try engine.evaluate("(t | group { s = sum(x) })[0].s")
            #expect(v.doubleValue?.bitPattern == expected.bitPattern)
        }
    }

    struct Failure: Error, Equatable { let morsel: Int }

    /// The error of the first failing morsel, as one thread would meet it first.
    @Test func theFirstErrorByRowOrderIsReported() {
        for threads in [1, 2, 8] {
            let workers = Parallel(threads: threads, stop: .never)
            #expect(throws: Failure(morsel: 3)) {
                try workers.forEach(rows: 20 * Morsels.size) { m, _ in
                    if m == 3 || m == 7 || m == 19 {
                        // Later failures come first in time; row order still decides.
                        if m == 3 { Thread.sleep(forTimeInterval: 0.02) }
                        throw Failure(morsel: m)
                    }
                }
            }
        }
    }

    /// An interrupt raised while a section runs stops it between morsels; a deadline
    /// already passed stops it before the first.
    @Test func interruptAndTimeoutStopAParallelSection() throws {
        let interrupt = Interrupt()
        let file = SourceFile(name: "<test>", text: "t | group { s = sum(x) }")
        let location = SourceLocation(file: file, range: SourceRange(0, 1))
        let workers = Parallel(threads: 4, stop: StopCheck(interrupt: interrupt, deadline: nil, timeMilliseconds: nil, location: location))
        let ran = Mutex(0)
        let morsels = 400
        do {
            try workers.forEach(rows: morsels * Morsels.size) { m, _ in
                ran.withLock { $0 += 1 }
                if m == 10 { interrupt.raise() }
            }
            Issue.record("the section ran to its end")
        } catch let d as Diagnostic {
            #expect(d.kind == .cancelled)
        }
        #expect(ran.withLock { $0 } < morsels / 2)

        let late = Parallel(threads: 4, stop: StopCheck(interrupt: nil, deadline: DispatchTime.now().uptimeNanoseconds - 1,
                                                         timeMilliseconds: 5, location: location))
        let ranLate = Mutex(0)
        do {
            try late.forEach(rows: morsels * Morsels.size) { _, _ in ranLate.withLock { $0 += 1 } }
            Issue.record("the section ran past its deadline")
        } catch let d as Diagnostic {
            #expect(d.kind == .limit)
        }
        #expect(ranLate.withLock { $0 } == 0)
    }

    /// A stopped or failing parallel query leaves the engine usable.
    @Test func theEngineStaysUsableAfterAnError() throws {
        let engine = Engine()
        engine.threads = 4
        engine.define("t", try Self.table(rows: 2 * Morsels.size + 1, seed: 5))
        #expect(throws: IQLError.self) { try engine.evaluate("t | where k + 1 > 0 | group { s = sum(x) }") }
        #expect(throws: IQLError.self) { try engine.evaluate("t | group by k { s = sum(x) }", limits: Limits(steps: 1000)) }
        let v = try engine.evaluate("(t | group { n = count() })[0].n")
        #expect(v == .number(Double(2 * Morsels.size + 1)))
    }
}
