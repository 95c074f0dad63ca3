import Testing
@testable import IQL

/// `sort … | take N` runs as one stage over a heap; it must keep exactly the rows the
/// stable sort would, with ties and nulls.
@Suite struct TopNTests {
    @Test(arguments: [0, 1, 5, 40, 399, 400, 1000])
    func heapKeepsTheFirstRowsOfTheStableSort(_ n: Int) throws {
        let engine = Engine()
        try engine.evaluate("let t = range(400) | map(i => {k: if mod(i, 13) == 0 then null else mod(i * 37, 11), s: string(mod(i, 7)), i: i})")
        for keys in ["k", "k desc", "s desc, k", "k, s desc, i"] {
            let fused = try engine.evaluate("t | sort \(keys) | take \(n)")
            let full = try engine.evaluate("t | sort \(keys) | rows() | take \(n)")
            #expect(fused == full, "sort \(keys) | take \(n)")
        }
    }
}
