import Foundation
import Testing
@testable import IQL

/// Hostile and careless input: each test pins a defect that once crashed, leaked or
/// silently changed data, and the located error that replaced it.
@Suite struct HardeningTests {
    /// The first diagnostic of evaluating `source`, rendered as `line:column: message`.
    static func failure(_ source: String, engine: Engine = Engine(), parameters: [String: Value] = [:]) -> String? {
        do {
            _ = try engine.evaluate(source, parameters: parameters)
            return nil
        } catch let e as IQLError {
            let d = e.diagnostics[0]
            let place = d.location.map { "\($0.line):\($0.column): " } ?? ""
            return place + d.message
        } catch {
            return "\(error)"
        }
    }

    // MARK: Periods

    @Test(arguments: ["pace(\"\")", "pace(\"-\")", "pace(\"2023-\")", "pace(\"-06\")", "pace(\"2023-Q\")", "pace(\"２０２３\")", "pace(\"0023\")"])
    func badPeriodsAreLocatedErrors(_ source: String) {
        #expect(Self.failure(source)?.hasPrefix("1:6: expected a period such as") == true)
    }

    @Test func compareRefusesEmptyAtAndDashPeriods() {
        let targets = "let t = [{id: \"a\", kind: \"amount\", unit: \"个\", target: 10, direction: \"at_least\", relative_to: null, due: \"2023\"}]\n"
        let good = "let a = [{indicator_id: \"a\", period: \"2023-06\", value: 5}]\n"
        #expect(Self.failure(targets + good + "t | compare a at \"\"")?.hasPrefix("3:18: expected a period") == true)
        let dash = "let a = [{indicator_id: \"a\", period: \"-\", value: 5}]\n"
        #expect(Self.failure(targets + dash + "t | compare a")?.hasPrefix("3:13: actual value 1 has period \"-\"") == true)
    }

    // MARK: Nesting

    @Test func valuesNestedDeeperThanTheLimitAreRefusedWhereBuilt() {
        let message = Self.failure("reduce(range(1e5), [], (acc, x) => [acc])")
        #expect(message == "1:36: evaluation stopped: limit 'nesting' exceeded (values nested 1000 levels deep)")
        #expect(Self.failure("reduce(range(1e5), {}, (acc, x) => {a: acc})")?.hasPrefix("1:36: evaluation stopped: limit 'nesting'") == true)
        #expect(Self.failure("reduce(range(1e5), [], (acc, x) => map([1], _ => acc))")?.contains("limit 'nesting'") == true)
        #expect(Self.failure("fn deep(n) = if n == 0 then [] else [deep(n - 1)]\ndeep(1e5)") != nil)
    }

    @Test func nestingUpToTheLimitPrintsComparesAndSorts() throws {
        let engine = Engine()
        let v = try engine.evaluate("let d = reduce(range(997), [], (acc, x) => [acc]); [d == d, len(string(d)), len(sorted([d, d])), len([{x: d}] | distinct)]")
        #expect(Formatter.literal(v) == "[true, 1996, 2, 1]")
    }

    @Test func theNestingLimitIsTheEngines() {
        let low = Engine(limits: Limits(nesting: 50))
        #expect(Self.failure("let d = reduce(range(1e5), [], (acc, x) => [acc]); 1", engine: low)?.contains("nested 50 levels") == true)
        #expect(Value.list([]).nests(deeperThan: 1) == false)
        #expect(Value.list([.list([])]).nests(deeperThan: 1) == true)
        #expect(Value.record(Record([("a", .list([.number(1)]))])).nests(deeperThan: 2) == false)
    }

    // MARK: Embedding

    @Test func compiledExpressionsSeeOnlyTheirOwnParameters() throws {
        let engine = Engine()
        #expect(try engine.evaluate("$p * 1", parameters: ["p": .number(42)]) == .number(42))
        let e = try engine.expression("$p")
        #expect(throws: IQLError.self) { try e.evaluate([]) }
        let sum = try engine.expression("$p + x", parameters: ["x"])
        _ = try engine.evaluate("$p", parameters: ["p": .number(1)])
        #expect(throws: IQLError.self) { try sum.evaluate([.number(1)]) }
    }

    @Test func functionsOfAnotherEngineAreRefused() throws {
        let a = Engine(), b = Engine()
        try a.evaluate("fn double(x) = x * 2; let half = x => x / 2")
        b.define("double", try #require(a.value(of: "double")))
        b.define("half", try #require(a.value(of: "half")))
        #expect(Self.failure("double(2)", engine: b) == "1:1: this function was made by another engine and can only run there")
        #expect(Self.failure("map([1, 2], half)", engine: b)?.hasSuffix("this function was made by another engine and can only run there") == true)
        #expect(try a.evaluate("double(2)") == .number(4))
    }
}
