import Testing
import IQL

@Suite struct CompiledExpressionTests {
    @Test func compiledOnceEvaluatedManyTimes() throws {
        let f = try Engine().expression("(v - t) / t * 100", parameters: ["v", "t"])
        #expect(try f.evaluate(110, 100) == 10)
        #expect(try f.evaluate(50, 100) == -50)
        #expect(try f.evaluate([.number(1), .null]) == .null)
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
