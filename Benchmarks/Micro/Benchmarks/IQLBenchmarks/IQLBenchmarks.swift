// Micro-benchmarks of the IQL library, through its public API only: lexing and
// parsing, expression evaluation, each pipeline stage on a generated table, and
// CSV loading. A regression shows up as a number here; the end-to-end comparison
// with other engines is scripts/bench.
import Benchmark
import Foundation
import IQL

/// Rows of the generated tables the stage benchmarks run on.
let rowCount = 1_000_000

/// The stage benchmarks' input: `n` rows shaped like the plan's monthly actuals,
/// with a city (20 values), a period (12) and a value, made deterministically.
func actualsTable(rows n: Int) throws -> Table {
    let cities = (0..<20).map { "城市\($0)" }
    let periods = (1...12).map { String(format: "2023-%02d", $0) }
    return try Table(columns: [
        "id": .numbers((0..<n).map { Double($0) }),
        "city": .strings((0..<n).map { cities[($0 * 7) % 20] }),
        "period": .strings((0..<n).map { periods[$0 % 12] }),
        "value": .numbers((0..<n).map { Double(($0 * 7919) % 100_000) / 100 }),
    ])
}

/// The right side of the join benchmark: one target per city.
func targetsTable() throws -> Table {
    try Table(columns: [
        "city": .strings((0..<20).map { "城市\($0)" }),
        "target": .numbers((0..<20).map { Double($0) * 10 + 100 }),
    ])
}

/// A script of `statements` lines mixing the language's constructs, for the parser.
func generatedScript(statements: Int) -> String {
    (0..<statements).map { i in
        switch i % 4 {
        case 0: return "let v\(i) = [1, 2.5, 7%, \"文本\(i)\"] | map(x => x * \(i) + 1)"
        case 1: return "fn f\(i)(a, b) = if a > b then a - b else (b - a) / 2"
        case 2: return "t | where value >= \(i) and city == \"城市\(i % 20)\" | derive d = value / 12 | sort d desc | take 10"
        default: return "t | group by city { n = count(), total = sum(value), mean = avg(value) }"
        }
    }.joined(separator: "\n")
}

/// A CSV file of `rows` actuals in a fresh temporary directory; returns its path.
func generatedCSV(rows: Int) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-micro-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var text = "indicator_id,period,value\n"
    text.reserveCapacity(rows * 24)
    for i in 0..<rows {
        text += "\(i % 83_334 + 1),2023-\(i % 12 < 9 ? "0" : "")\(i % 12 + 1),\(Double((i * 7919) % 100_000) / 100)\n"
    }
    let path = dir.appendingPathComponent("actuals.csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// An engine holding the generated tables `t` (actuals) and `targets`.
func stageEngine() throws -> Engine {
    let engine = Engine(planDataset: false)
    engine.define("t", .table(try actualsTable(rows: rowCount)))
    engine.define("targets", .table(try targetsTable()))
    return engine
}

/// Compiles `source` once and runs it once per iteration.
func runs(_ engine: Engine, _ source: String) throws -> (Benchmark) throws -> Void {
    let program = try engine.compile(source)
    return { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try engine.run(program))
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(3),
        maxIterations: 50
    )

    // Lexing and parsing: a 20,000-line script (about 1.2 MB).
    let script = generatedScript(statements: 20_000)
    Benchmark("Parse 20k-line script (\(script.utf8.count / 1000) kB)") { benchmark in
        let engine = Engine(planDataset: false)
        for _ in benchmark.scaledIterations {
            blackHole(try engine.compile(script))
        }
    }

    // Expression evaluation, one evaluation per iteration (times are per evaluation):
    // a host's compiled expression, and a program run with fresh `$` parameters.
    Benchmark("Evaluate expression (v - t) / t * 100", configuration: .init(scalingFactor: .mega)) { benchmark in
        let expression = try Engine(planDataset: false).expression("(v - t) / t * 100", parameters: ["v", "t"])
        var sum = 0.0
        for i in benchmark.scaledIterations {
            sum += try expression.evaluate(Double(i % 1000) * 0.25, Double(i % 97) + 1)
        }
        blackHole(sum)
    }
    Benchmark("Run program ($v - $t) / $t * 100", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let engine = Engine(planDataset: false)
        let program = try engine.compile("($v - $t) / $t * 100")
        var sum = 0.0
        for i in benchmark.scaledIterations {
            let result = try engine.run(program, parameters: ["v": .number(Double(i % 1000) * 0.25), "t": .number(Double(i % 97) + 1)])
            sum += result.doubleValue ?? 0
        }
        blackHole(sum)
    }

    // Each stage on a 1,000,000-row table built through the public API.
    guard let engine = try? stageEngine() else { fatalError("cannot build the stage benchmarks' table") }
    let stages: [(String, String)] = [
        ("where", "t | where value >= 500 and city == \"城市3\" | count"),
        ("select", "t | select id, r = round(value * 1.07, 2) | group { s = sum(r) }"),
        ("derive", "t | derive r = (value - 0.5 * value / 12 + 3) * 1.07 | group { s = sum(r) }"),
        ("sort", "t | sort value desc, id | take 10"),
        ("group", "t | group by city, period { n = count(), total = sum(value), mean = avg(value) }"),
        ("join", "t | join targets on city | count"),
        ("distinct", "t | distinct city, period | count"),
        ("window", "t | window by city sort period, id { prev = lag(value), mom = value - lag(value), ytd = cumsum(value), r = rank() } | count"),
        ("pivot", "t | pivot period by city { sum(value) ?? 0 } | count"),
        ("append", "t | append t | count"),
    ]
    for (name, source) in stages {
        guard let body = try? runs(engine, source) else { fatalError("cannot compile the \(name) benchmark") }
        Benchmark("Stage \(name) (1M rows)", closure: body)
    }

    // CSV loading: 1,000,000 rows of actuals (about 20 MB) from a temporary file.
    Benchmark("Read CSV 1M rows") { benchmark in
        let path = try generatedCSV(rows: rowCount)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let loader = Engine(fileAccess: .all, planDataset: false)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try loader.defineTable("actuals", path: path)
        }
        benchmark.stopMeasurement()
    }
}
