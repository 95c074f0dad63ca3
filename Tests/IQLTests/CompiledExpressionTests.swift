import Testing
import IQL

@Suite struct CompiledExpressionTests {
    @Test func compiledOnceEvaluatedManyTimes() throws {
        let f = try Engine().expression("(v - t) / t * 100", parameters: ["v", "t"])
        #expect(try f.evaluate(110, 100) == 10)
        #expect(try f.evaluate(50, 100) == -50)
        #expect(try f.evaluate([.number(1), .null]) == .null)
    }

    @Test func arithmeticFastPathKeepsNullSemantics() throws {
        let f = try Engine().expression("-(a + b) * 2 / c", parameters: ["a", "b", "c"])
        #expect(try f.evaluate(1, 2, 3) == -2)
        #expect(try f.evaluate(1, 2, 0).isNaN)          // division by zero is null
        #expect(try f.evaluate([.number(1), .number(2), .number(0)]) == .null)
        #expect(try f.evaluate(.nan, 2, 3).isNaN)
    }

    @Test func arithmeticFormMatchesTheGeneralPathForEveryOperandShape() throws {
        let engine = Engine()
        engine.expressionCacheSize = 0
        // Parameter, literal and subexpression on either side of each operator, negation,
        // literals folded at compile time, and division by zero (null) among them.
        let sources = ["a - b", "a * 2", "3 / a", "(a + b) / c", "a - (b * c)", "(a - b) * (c + 1)", "-a + -2",
                       "-(a / b)", "2 * 3 + a", "1 / 0 + a", "a / (b - b)", "0.1 + 0.2 - a", "-(-(a))"]
        for source in sources {
            let f = try engine.expression(source, parameters: ["a", "b", "c"])
            for (a, b, c) in [(1.5, 2.0, 3.0), (7.0, 0.0, -1.25), (-0.1, 0.3, 1e300)] {
                let fast = try f.evaluate(a, b, c)
                let general = try f.evaluate([.number(a), .number(b), .number(c)])
                if general.isNull { #expect(fast.isNaN, "\(source)") } else {
                    #expect(general.doubleValue?.bitPattern == fast.bitPattern, "\(source)")
                }
            }
        }
    }

    @Test func seesGlobalsAndBuiltins() throws {
        let engine = Engine()
        try engine.evaluate("let scale = 2")
        let f = try engine.expression("round(x * scale, 1)", parameters: ["x"])
        #expect(try f.evaluate(1.26) == 2.5)
    }

    @Test func errorsAreLocated() throws {
        let engine = Engine()
        #expect(throws: IQLError.self) { try engine.expression("v +", parameters: ["v"]) }
        let e = #expect(throws: IQLError.self) { try engine.expression("v + w", parameters: ["v"]) }
        #expect(e?.diagnostics.first?.column == 5)
        let f = try engine.expression("\"a\" + v", parameters: ["v"])
        #expect(throws: IQLError.self) { try f.evaluate(1) }
        #expect(throws: IQLError.self) { try f.evaluate([]) }
    }
}
