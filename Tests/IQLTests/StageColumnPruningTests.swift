import Foundation
import Testing
@testable import IQL

/// `join`, `where` and `sort` build only the columns the rest of their pipeline reads;
/// what a query shows and the errors it reports stay the same.
@Suite struct StageColumnPruningTests {
    static let tables = """
    let a = [{id: 1, k: "x", v: 10, note: "n1"}, {id: 2, k: "y", v: 20, note: "n2"}, {id: 3, k: "x", v: 30, note: "n3"}]
    let b = [{k: "x", w: 0.5, label: "X"}, {k: "y", w: 2, label: "Y"}]
    """

    @Test func theColumnsReadLaterAreTheOnesBuilt() {
        let stages = ["where v > 1", "join b on k", "derive y = v * w", "sort y desc", "group by label { t = sum(y) }"]
        let program = try! Parser.parse(SourceFile(name: "<t>", text: "a | " + stages.joined(separator: " | ")))
        guard case .expr(let e)? = program.statements.first, case .pipeline(_, let parsed) = e.kind else {
            Issue.record("a pipeline expected"); return
        }
        let needed = ColumnFlow.neededColumns(parsed)
        // After `join`: what derive, sort and group read, without what derive defines.
        #expect(needed[1] == ["v", "w", "label", "sum"])
        #expect(needed[3] == ["label", "sum", "y"])
        #expect(needed[4] == nil)
    }

    @Test(arguments: [
        "a | join b on k | derive y = v * w | group by label { t = sum(y) }",
        "a | where v > 10 | group { n = count(), s = sum(v) }",
        "a | join b on k | sort w desc, id | select id, label",
        "a | where v >= 20 | count",
        "a | left join b on k | where v > 0",
        "a | join b on k | distinct | select k",
    ])
    func answersAreThoseOfEveryColumn(_ query: String) throws {
        let engine = Engine()
        try engine.evaluate(Self.tables)
        // Each stage the last of its own pipeline: nothing is pruned.
        let parts = query.components(separatedBy: " | ")
        var steps = "let s0 = \(parts[0])\n"
        for (i, stage) in parts.dropFirst().enumerated() { steps += "let s\(i + 1) = s\(i) | \(stage)\n" }
        let pruned = try engine.evaluate(query)
        let whole = try engine.evaluate(steps + "s\(parts.count - 1)")
        #expect(Formatter.literal(pruned) == Formatter.literal(whole))
    }

    @Test func anUnknownColumnAfterAJoinStillSuggestsEveryColumn() {
        let engine = Engine()
        #expect(throws: IQLError.self) { try engine.evaluate(Self.tables + "\na | join b on k | select lable") }
        do {
            try engine.evaluate(Self.tables + "\na | join b on k | select lable")
        } catch let e as IQLError {
            #expect(e.diagnostics.first?.hint?.contains("label") == true)
        } catch {
            Issue.record("\(error)")
        }
    }
}
