import Testing
@testable import IQL

/// The engine's cache of compiled expressions: hits only for the same text, parameter
/// names and name; bounded; off at size 0; never a different answer than compiling again.
@Suite struct ExpressionCacheTests {
    @Test func theSameFormulaIsCompiledOnce() throws {
        let engine = Engine(planDataset: false)
        let a = try engine.expression("(v - t) / t * 100", parameters: ["v", "t"])
        let b = try engine.expression("(v - t) / t * 100", parameters: ["v", "t"])
        #expect(a === b)
        #expect(engine.cachedExpressionCount == 1)
        #expect(try b.evaluate(110, 100) == 10)
    }

    @Test func aHitNeedsTheSameTextParametersAndName() throws {
        let engine = Engine(planDataset: false)
        let a = try engine.expression("v - t", parameters: ["v", "t"])
        let swapped = try engine.expression("v - t", parameters: ["t", "v"])
        let renamed = try engine.expression("v - t", parameters: ["v", "t"], name: "rule.iql")
        let spaced = try engine.expression("v  - t", parameters: ["v", "t"])
        #expect(a !== swapped && a !== renamed && a !== spaced)
        #expect(try a.evaluate(5, 2) == 3)
        #expect(try swapped.evaluate(5, 2) == -3)
        #expect(engine.cachedExpressionCount == 4)
    }

    @Test func sizeZeroKeepsNothing() throws {
        let engine = Engine(planDataset: false)
        _ = try engine.expression("v + 1", parameters: ["v"])
        engine.expressionCacheSize = 0
        #expect(engine.cachedExpressionCount == 0)
        let a = try engine.expression("v + 1", parameters: ["v"])
        let b = try engine.expression("v + 1", parameters: ["v"])
        #expect(a !== b)
        #expect(engine.cachedExpressionCount == 0)
        #expect(try b.evaluate(1) == 2)
    }

    @Test func theLeastRecentlyUsedGoesFirst() throws {
        let engine = Engine(planDataset: false)
        engine.expressionCacheSize = 3
        let first = try engine.expression("v + 1", parameters: ["v"])
        _ = try engine.expression("v + 2", parameters: ["v"])
        _ = try engine.expression("v + 3", parameters: ["v"])
        #expect(try engine.expression("v + 1", parameters: ["v"]) === first)   // used again: now the newest
        _ = try engine.expression("v + 4", parameters: ["v"])                   // pushes out v + 2
        #expect(engine.cachedExpressionCount == 3)
        #expect(try engine.expression("v + 1", parameters: ["v"]) === first)
        let two = try engine.expression("v + 2", parameters: ["v"])
        #expect(try engine.expression("v + 2", parameters: ["v"]) === two)
        engine.expressionCacheSize = 1
        #expect(engine.cachedExpressionCount == 1)
        #expect(try engine.expression("v + 2", parameters: ["v"]) === two)
    }

    /// What reads the engine (a global, a `$parameter`, a builtin) is compiled each time,
    /// so that a redefinition is seen as compiling the text again would see it.
    @Test func onlyArithmeticIsKept() throws {
        let engine = Engine(planDataset: false)
        engine.define("rate", .number(2))
        let a = try engine.expression("v * rate", parameters: ["v"])
        #expect(try a.evaluate(3) == 6)
        engine.define("rate", .number(10))
        #expect(try engine.expression("v * rate", parameters: ["v"]).evaluate(3) == 30)
        _ = try engine.expression("round(v)", parameters: ["v"])
        #expect(engine.cachedExpressionCount == 0)
    }

    /// Text that is not one expression gets the program parser's messages, and is not kept.
    @Test func errorsAreTheProgramParsersAndNotKept() throws {
        let engine = Engine(planDataset: false)
        for text in ["let x = 1", "1; 2", "v +", "(v", "v\n|"] {
            #expect(throws: IQLError.self) { _ = try engine.expression(text, parameters: ["v"]) }
        }
        let error = #expect(throws: IQLError.self) { _ = try engine.expression("1 +\n  (v", parameters: ["v"]) }
        #expect(error?.line == 2)
        #expect(engine.cachedExpressionCount == 0)
        // Blank lines and `;` around one expression are still one expression.
        #expect(try engine.expression("\n v + 1;\n", parameters: ["v"]).evaluate(1) == 2)
    }

    /// Two engines never share an expression, and each is used from many threads at once.
    @Test func engineIsPartOfTheKey() async throws {
        let one = Engine(planDataset: false), two = Engine(planDataset: false)
        #expect(try one.expression("v", parameters: ["v"]) !== two.expression("v", parameters: ["v"]))
        try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<8 {
                group.addTask { try one.expression("v * \(i % 3)", parameters: ["v"]).evaluate(Double(i)) }
            }
            var total = 0.0
            for try await x in group { total += x }
            var expected = 0.0
            for i in 0..<8 { expected += Double(i) * Double(i % 3) }
            #expect(total == expected)
        }
        #expect(one.cachedExpressionCount == 4)   // v, and v * 0, v * 1, v * 2 once each
    }
}
