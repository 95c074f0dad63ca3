import Foundation
import Testing
@testable import IQL

/// Usage errors exit 2 with a clear message; the time and memory options stop a run
/// with a located error.
@Suite struct CLIHardeningTests {
    static func scratchFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badDataAndParamOptionsAreUsageErrors() throws {
        let csv = try Self.scratchFile("x.csv", "a\n1\n")
        let foo = try Self.scratchFile("x.foo", "a\n1\n")
        let unknown = try CLI.run(["--data", "t=\(foo)", "-e", "1"])
        #expect(unknown.status == 2 && unknown.err.contains("cannot tell the format of"))
        let reserved = try CLI.run(["--data", "let=\(csv)", "-e", "1"])
        #expect(reserved.status == 2 && reserved.err.contains("'let' is a reserved word and cannot name a table"))
        #expect(!reserved.err.contains("--data let:"), "no syntax error in generated source")
        let param = try CLI.run(["--param", "1x=3", "-e", "1"])
        #expect(param.status == 2 && param.err.contains("'1x' cannot be a parameter name"))
        let directory = try CLI.run([FileManager.default.temporaryDirectory.path])
        #expect(directory.status == 2 && directory.err.contains("it is a directory"))
    }

    @Test func timeoutStopsARunawayScript() throws {
        let r = try CLI.run(["--timeout", "0.5", "-e", "fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\nfib(40)"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("<expr>:1:") && r.err.contains("limit 'time_ms' exceeded (500 ms)"))
        #expect(try CLI.run(["--timeout", "0", "-e", "1"]).status == 2)
    }

    @Test func maxMemoryStopsLargeResultsAndEndlessInput() throws {
        let lists = try CLI.run(["--max-memory", "100M", "-e", "len(map(range(1e4), i => range(1e6)))"])
        #expect(lists.status == 1 && lists.err.hasPrefix("<expr>:1:5: error: evaluation stopped: limit 'memory' exceeded (the results of map"))
        let zero = try CLI.run(["--max-memory", "8M", "-e", "read_csv(\"/dev/zero\")"])
        #expect(zero.status == 1 && zero.err.contains("cannot read '/dev/zero': it is larger than the memory budget of 8 MiB"))
        let random = try CLI.run(["--max-memory", "8M", "-e", "read_json(\"/dev/urandom\")"])
        #expect(random.status == 1 && random.err.contains("it is larger than the memory budget"))
        #expect(try CLI.run(["--max-memory", "12x", "-e", "1"]).status == 2)
    }
}

/// The memory budget of an engine: refused before building, located, and the engine
/// stays usable afterwards.
@Suite struct MemoryBudgetTests {
    static func message(_ engine: Engine, _ source: String) -> String? {
        do { _ = try engine.evaluate(source); return nil } catch let e as IQLError {
            let d = e.diagnostics[0]
            return "\(d.location.map { "\($0.line):\($0.column): " } ?? "")\(d.message)"
        } catch { return "\(error)" }
    }

    @Test func aSelfJoinOnEqualKeysIsEstimatedBeforeItIsBuilt() throws {
        let engine = Engine(limits: Limits(rows: nil))
        let m = Self.message(engine, "let t = map(range(10000), i => {k: 1, v: i})\nt | join t on k | count")
        #expect(m?.hasPrefix("2:5: evaluation stopped: limit 'memory' exceeded (a join of") == true, "\(m ?? "no error")")
        #expect(try engine.evaluate("1 + 1") == .number(2), "the engine stays usable")
    }

    @Test func stringsAreMeasuredBeforeTheyAreBuilt() throws {
        let engine = Engine(limits: Limits(memoryBytes: 1 << 20))
        #expect(Self.message(engine, "let s = repeat(\"a\", 1e5); replace(s, \"a\", \"0123456789abcdef\")")?.contains("limit 'memory' exceeded (a string of 1600000 bytes") == true)
        #expect(Self.message(engine, "let s = repeat(\"a\", 1e5); join(map(range(20), _ => s))")?.contains("limit 'memory'") == true)
        #expect(Self.message(engine, "let s = repeat(\"a\", 6e5); \"\\(s)\\(s)\"")?.contains("limit 'memory' exceeded (a string of 1200000 bytes") == true)
        #expect(Self.message(engine, "repeat(\"ab\", 1e6)")?.contains("limit 'memory'") == true)
        #expect(Self.message(engine, "range(1e6)")?.contains("limit 'memory' exceeded (a list of 1000000 elements") == true)
        #expect(try engine.evaluate("len(repeat(\"ab\", 1000))") == .number(2000))
    }

    /// An engine with a 1 MiB budget and a host table `t` of 100,000 rows × 2 number
    /// columns (1.6 MB, defined by the host, so not charged itself).
    static func engineWithLargeTable() throws -> Engine {
        let engine = Engine(limits: Limits(memoryBytes: 1 << 20))
        let n = 100_000
        engine.define("t", try Table(columns: ["x": .numbers((0..<n).map(Double.init)), "k": .numbers((0..<n).map { Double($0 % 7) })]))
        return engine
    }

    @Test(arguments: [
        ("t | derive y = x * 2", "1:5", "a table of 100000 rows × 3 columns"),
        ("t | derive y = string(x) + \"!\"", "1:5", "a table of 100000 rows × 3 columns"),
        ("t | select x, y = -x", "1:5", "a table of 100000 rows × 2 columns"),
        ("t | window by k sort x { r = row_number() }", "1:5", "a table of 100000 rows × 3 columns"),
        ("t | sort x desc", "1:5", "a table of 100000 rows × 2 columns"),
        ("t | where x > 1000", "1:5", "a table of 98999 rows × 2 columns"),
        ("t | take 90000", "1:5", "a table of 90000 rows × 2 columns"),
        ("t | distinct x, k", "1:5", "a table of 100000 rows × 2 columns"),
        ("t | group by x { n = count() }", "1:5", "a table of 100000 rows × 2 columns"),
        ("t | append (t | take 10)", "1:5", "a table of 100010 rows × 2 columns"),
        ("(t | take 10) + t", "1:1", "a table of 100010 rows × 2 columns"),
        ("t | unpivot x, k into name, value", "1:5", "a table of 200000 rows × 2 columns"),
    ])
    func tablesAStageBuildsAreChargedBeforeTheyAreBuilt(_ source: String, _ at: String, _ what: String) throws {
        let engine = try Self.engineWithLargeTable()
        let m = Self.message(engine, source)
        #expect(m?.hasPrefix("\(at): evaluation stopped: limit 'memory' exceeded (\(what) would need about") == true, "\(m ?? "no error")")
        #expect(m?.contains("over the budget of") == true)
        #expect(try engine.evaluate("t | take 10 | derive y = x * 2 | sort y desc | count") == .number(10), "the engine stays usable")
    }

    @Test func aPivotIsEstimatedBeforeItIsBuilt() throws {
        let engine = Engine(limits: Limits(memoryBytes: 1 << 20))
        // 2,000 rows by 100 spread values: a table of 2,000 × 101 cells, 1.6 MB.
        let n = 2_000
        engine.define("p", try Table(columns: ["id": .numbers((0..<n).map(Double.init)), "s": .numbers((0..<n).map { Double($0 % 100) })]))
        let m = Self.message(engine, "p\n  | pivot s by id { count() }")
        #expect(m?.hasPrefix("2:5: evaluation stopped: limit 'memory' exceeded (a table of 2000 rows × 101 columns would need about") == true, "\(m ?? "no error")")
        #expect(try engine.evaluate("p | take 50 | pivot s by id { count() } | count") == .number(50), "the engine stays usable")
    }
}
