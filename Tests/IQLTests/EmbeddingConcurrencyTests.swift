import Foundation
import Testing
@testable import IQL

/// Engines from several threads and tasks. Run under Thread Sanitizer with
/// `swift test --sanitize=thread --scratch-path .build-tsan --filter Concurrency`.
@Suite struct EmbeddingConcurrencyTests {
    static func makeEngine(_ n: Int) throws -> Engine {
        let engine = Engine(limits: Limits(timeMilliseconds: 60_000))
        engine.define("t", try Table(columns: [
            "k": .numbers((0..<n).map { Double($0 % 7) }),
            "x": .numbers((0..<n).map(Double.init)),
        ]))
        engine.register("twice", parameters: ["x"]) { (x: Double) in x * 2 }
        return engine
    }

    static let query = "t | derive y = twice(x) | group by k { s = sum(y) } | sort k"

    static func expected(_ n: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: 7)
        for i in 0..<n { sums[i % 7] += Double(i) * 2 }
        return sums
    }

    @Test func twoEnginesInParallelGiveCorrectResults() async throws {
        let a = try Self.makeEngine(20_000), b = try Self.makeEngine(30_000)
        try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            for round in 0..<8 {
                let (engine, n) = round % 2 == 0 ? (a, 20_000) : (b, 30_000)
                group.addTask {
                    let v = try engine.evaluate(Self.query)
                    return (n, try #require(v.table?.column("s")).values.compactMap(\.doubleValue))
                }
            }
            for try await (n, sums) in group { #expect(sums == Self.expected(n)) }
        }
    }

    @Test func oneEngineFromSeveralTasks() async throws {
        let engine = try Self.makeEngine(5_000)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask {
                    switch i % 4 {
                    case 0:
                        let v = try engine.evaluate(Self.query)
                        #expect(v.table?.column("s")?.values.compactMap(\.doubleValue) == Self.expected(5_000))
                    case 1:
                        // Definitions and parameters from one task do not leak into another's result.
                        let p = try engine.compile("t | where k == $k | count")
                        #expect(try engine.run(p, parameters: ["k": .number(Double(i % 7))]) == .number(Double((0..<5_000).filter { $0 % 7 == i % 7 }.count)))
                    case 2:
                        engine.define("g\(i)", .number(Double(i)))
                        #expect(engine.value(of: "g\(i)") == .number(Double(i)))
                    default:
                        #expect(throws: IQLError.self) { try engine.evaluate("fn f(n) = f(n + 1)\nf(0)") }
                        engine.limits = Limits(timeMilliseconds: 60_000)
                        _ = engine.globalNames
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try engine.evaluate("1 + 1") == 2)
    }

    @Test func hostTablesAndValuesCrossThreads() async throws {
        // Tables and values are Sendable: build on one task, use on others.
        let table = try Table(rows: (0..<1000).map { ["n": Double($0)] })
        let engines = (0..<4).map { _ in Engine() }
        try await withThrowingTaskGroup(of: Value.self) { group in
            for e in engines {
                group.addTask {
                    e.define("t", table)
                    return try e.evaluate("sum(t.n)")
                }
            }
            for try await v in group { #expect(v == 499_500) }
        }
    }

    /// A function value moved between two engines that run at once is refused by the
    /// engine it was moved to, while each engine's own functions and parameters stay its own.
    @Test func functionValuesMovedBetweenRunningEnginesAreRefused() async throws {
        let a = Engine(), b = Engine()
        try a.evaluate("fn f(x) = x + 1")
        try b.evaluate("fn f(x) = x + 2")
        let fromA = try #require(a.value(of: "f")), fromB = try #require(b.value(of: "f"))
        a.define("moved", fromB)
        b.define("moved", fromA)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for round in 0..<8 {
                let engine = round % 2 == 0 ? a : b
                let add = round % 2 == 0 ? 1.0 : 2.0
                group.addTask {
                    let sum = try engine.evaluate("sum(map(range(2000), x => f(x) + $k))", parameters: ["k": .number(Double(round))])
                    let own = sum == .number(1999 * 2000 / 2 + 2000 * (add + Double(round)))
                    do {
                        _ = try engine.evaluate("moved(1)")
                        return false
                    } catch let e as IQLError {
                        return own && e.diagnostics[0].entry == Messages.foreignFunction
                    }
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
