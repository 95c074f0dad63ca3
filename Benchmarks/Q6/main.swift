// Q6 / Q6P of the peer benchmark (../shared/bench/QUERIES.md): a host that embeds iql
// and evaluates `(v - t) / t * 100` for many fresh bindings, through the public API only
// (Engine.expression: compiled once to closures, evaluated with plain numbers).
//
//   iql-bench-q6 Q6     compile once, evaluate N = $BENCH_Q6_N times (default 1,000,000)
//   iql-bench-q6 Q6P    parse and evaluate every time, N / 10 times
//
// With BENCH_Q6_CACHE=off the engine keeps no compiled expression
// (Engine.expressionCacheSize = 0), so that Q6P parses the text on every call;
// by default a repeated text is found in the engine's expression cache.
//
// Prints `N|s` (s to 4 decimals, summed in i order) and, on stderr,
// `BENCH load_ms=… query_ms=…`: compiling is the load, the loop is the query.
import Foundation
import IQL

/// Milliseconds on a monotonic clock.
func milliseconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e6
}

/// The bindings of iteration `i`, as QUERIES.md defines them.
func bindings(_ i: Int) -> (v: Double, t: Double) {
    (Double(i % 1000) * 0.25, Double(i % 97) + 1.0)
}

/// Runs one query; returns (N, s, load ms, query ms).
func measure(_ query: String, n: Int) throws -> (Int, Double, Double, Double) {
    let engine = Engine(planDataset: false)
    if ProcessInfo.processInfo.environment["BENCH_Q6_CACHE"] == "off" { engine.expressionCacheSize = 0 }
    let text = "(v - t) / t * 100"
    var sum = 0.0
    let start = milliseconds()
    switch query {
    case "Q6":
        let expression = try engine.expression(text, parameters: ["v", "t"])
        let compiled = milliseconds()
        for i in 0..<n {
            let (v, t) = bindings(i)
            sum += try expression.evaluate(v, t)
        }
        return (n, sum, compiled - start, milliseconds() - compiled)
    default:
        let count = n / 10
        for i in 0..<count {
            let (v, t) = bindings(i)
            sum += try engine.expression(text, parameters: ["v", "t"]).evaluate(v, t)
        }
        return (count, sum, 0, milliseconds() - start)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 2, arguments[1] == "Q6" || arguments[1] == "Q6P" else {
    FileHandle.standardError.write(Data("usage: iql-bench-q6 Q6|Q6P\n".utf8))
    exit(3)
}
let n = ProcessInfo.processInfo.environment["BENCH_Q6_N"].flatMap { Int($0) } ?? 1_000_000
do {
    let (count, sum, load, query) = try measure(arguments[1], n: n)
    print("\(count)|\(String(format: "%.4f", sum))")
    FileHandle.standardError.write(Data(String(format: "BENCH load_ms=%.3f query_ms=%.3f\n", load, query).utf8))
} catch {
    FileHandle.standardError.write(Data("iql-bench-q6: \(error)\n".utf8))
    exit(1)
}
