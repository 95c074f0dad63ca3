import Testing
@testable import IQL

/// The `window` stage against a plain row-by-row reading of its definition, on random
/// groups with nulls and tied sort keys.
@Suite struct WindowTests {
    struct Row { let g: Int?; let p: Int; let v: Double? }

    static func rows(seed: UInt64) -> [Row] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<300).map { _ in
            Row(g: next(10) == 0 ? nil : next(6), p: next(40), v: next(8) == 0 ? nil : Double(next(2000) - 1000) / 8)
        }
    }

    /// Row indices of each group, each in (p, row) order: what the window's definition says.
    static func groups(_ rows: [Row]) -> [[Int]] {
        var order: [Int?] = []
        var members: [[Int]] = []
        for (i, r) in rows.enumerated() {
            if let k = order.firstIndex(of: r.g) { members[k].append(i) } else { order.append(r.g); members.append([i]) }
        }
        return members.map { $0.sorted { (rows[$0].p, $0) < (rows[$1].p, $1) } }
    }

    func run(_ rows: [Row], _ block: String) throws -> Table {
        let engine = Engine()
        engine.define("t", .list(rows.map { r in
            .record(Record([("g", r.g.map { .number(Double($0)) } ?? .null), ("p", .number(Double(r.p))), ("v", r.v.map(Value.number) ?? .null)]))
        }))
        return try #require(try engine.evaluate("t | window by g sort p { \(block) }").tableValue)
    }

    func doubles(_ t: Table, _ name: String) -> [Double?] {
        (t.values(of: name) ?? []).map(\.doubleValue)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func matchesTheRowByRowDefinition(seed: UInt64) throws {
        let rows = Self.rows(seed: seed)
        let t = try run(rows, "l = lag(v), l2 = lag(v, 2), ld = lead(v), c = cumsum(v), ma = moving_avg(v, 3), ms = moving_sum(v, 3), rn = row_number(), rk = rank(), dr = dense_rank(), s = sum(v), share = v / sum(v), mom = v - lag(v)")
        var expect: [String: [Double?]] = [:]
        for name in ["l", "l2", "ld", "c", "ma", "ms", "rn", "rk", "dr", "s", "share", "mom"] {
            expect[name] = Array(repeating: nil, count: rows.count)
        }
        for members in Self.groups(rows) {
            let vs = members.map { rows[$0].v }
            let total = vs.compactMap { $0 }.reduce(0, +)
            let anyValue = vs.contains { $0 != nil }
            var running = 0.0, seen = false, rank = 0, dense = 0
            for (pos, row) in members.enumerated() {
                func at(_ q: Int) -> Double? { q >= 0 && q < members.count ? vs[q] : nil }
                expect["l"]![row] = at(pos - 1)
                expect["l2"]![row] = at(pos - 2)
                expect["ld"]![row] = at(pos + 1)
                if let v = vs[pos] { running += v; seen = true }
                expect["c"]![row] = seen ? running : nil
                let window = vs[max(0, pos - 2)...pos].compactMap { $0 }
                expect["ms"]![row] = window.isEmpty ? nil : window.reduce(0, +)
                expect["ma"]![row] = window.isEmpty ? nil : window.reduce(0, +) / Double(window.count)
                expect["rn"]![row] = Double(pos + 1)
                if pos == 0 || rows[members[pos - 1]].p != rows[row].p { rank = pos + 1; dense += 1 }
                expect["rk"]![row] = Double(rank)
                expect["dr"]![row] = Double(dense)
                expect["s"]![row] = anyValue ? total : nil
                expect["share"]![row] = vs[pos].flatMap { v in anyValue && total != 0 ? v / total : nil }
                expect["mom"]![row] = vs[pos].flatMap { v in at(pos - 1).map { v - $0 } }
            }
        }
        for (name, want) in expect {
            let got = doubles(t, name)
            #expect(got.count == want.count)
            for (i, (a, b)) in zip(got, want).enumerated() {
                let same = (a == nil && b == nil) || (a != nil && b != nil && abs(a! - b!) <= 1e-9 * max(1, abs(b!)))
                #expect(same, "\(name) row \(i): \(String(describing: a)) vs \(String(describing: b))")
                if !same { break }
            }
        }
        // Every row kept, in input order.
        #expect(doubles(t, "p") == rows.map { Double($0.p) })
    }

    @Test func numberColumnsStayUnboxed() throws {
        let t = try run(Self.rows(seed: 9), "c = cumsum(v), l = lag(v), mom = v - lag(v), s = sum(v)")
        for name in ["c", "l", "mom", "s"] {
            let col = t.columns[try #require(t.index(of: name))]
            guard case .number = col.storage else { Issue.record("\(name) is not a number column"); continue }
        }
    }
}
