import Testing
@testable import IQL

/// Whole-column kernels must give exactly what row-by-row evaluation gives.
/// `if true then E else null` is outside what the vectoriser covers, so it runs E row by row.
@Suite struct VectorTests {
    static let table = """
    let t = [
      {a: 1, b: 2.5, p: 7%, q: 6.5%, s: "医药", c: true},
      {a: null, b: 0, p: 8%, q: null, s: "旅游", c: false},
      {a: -3, b: 4, p: null, q: 9%, s: null, c: null},
      {a: 0, b: 0, p: 1%, q: 1%, s: "医药", c: true},
    ]
    """

    static let expressions = [
        "a + b", "a - b * 2", "a / b", "b / a", "-a", "p - q", "p + q", "p * 2", "a * p",
        "a > b", "a <= 0", "p >= q", "a == 0", "a != b", "s == \"医药\"", "s != \"医药\"", "\"旅游\" == s",
        "c and a > 0", "c or a > 0", "not c", "not (a > 0) and c", "abs(a)", "round(b / 3, 2)", "round(p)",
        "(a - 0.5 * a / 12 + 3) * 1.07", "a + null", "1 + 2 + a", "s == \"未知\"",
        "s < \"旅游\"", "s >= \"医药\"", "\"旅游\" > s", "s <= \"a\"", "is_null(a)", "is_null(s)", "is_null(c)", "is_null(p - q)", "not is_null(a) and c", "is_null(null)",
    ]

    @Test(arguments: expressions)
    func kernelsMatchRowByRow(_ expr: String) throws {
        let engine = Engine()
        try engine.evaluate(Self.table)
        let vector = try engine.evaluate("t | select x = \(expr)")
        let rows = try engine.evaluate("t | select x = if true then \(expr) else null")
        #expect(Formatter.literal(.list(vector.tableValue!.values(of: "x")!)) == Formatter.literal(.list(rows.tableValue!.values(of: "x")!)))
        let kept = try? engine.evaluate("t | where \(expr) | count")
        let keptRows = try? engine.evaluate("t | where if true then \(expr) else null | count")
        #expect(kept == keptRows)
    }

    @Test func typeErrorsStillPointAtTheExpression() {
        let engine = Engine()
        #expect(throws: IQLError.self) { try engine.evaluate(Self.table + "\nt | where s + 1 > 0") }
        #expect(throws: IQLError.self) { try engine.evaluate(Self.table + "\nt | where a") }
    }
}
