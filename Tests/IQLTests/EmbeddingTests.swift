import Foundation
import Testing
@testable import IQL

/// The Swift host API: tables from host data, host functions, parameters, results, diagnostics.
@Suite struct EmbeddingTests {
    struct Sale: Codable, Equatable {
        let city: String
        let amount: Double?
        let units: Int
    }

    let sales = [
        Sale(city: "杭州", amount: 3.5, units: 2),
        Sale(city: "宁波", amount: nil, units: 1),
        Sale(city: "杭州", amount: 1.5, units: 4),
    ]

    @Test func tableFromColumnsKeepsOrderAndTypes() throws {
        let engine = Engine()
        engine.define("t", try Table(columns: [
            "city": .strings(["杭州", "宁波", nil]),
            "gdp": .numbers([2.0, nil, 1.5]),
            "rate": .percents([0.07, 0.05, nil]),
            "ok": .booleans([true, nil, false]),
        ]))
        let t = try #require(try engine.evaluate("t").table)
        #expect(t.names == ["city", "gdp", "rate", "ok"])
        #expect(t.rowCount == 3)
        #expect(try engine.evaluate("t | where gdp > 1.8 | count").doubleValue == 1)
        #expect(try engine.evaluate("t | where rate > 6% | select city").rows?.map { $0["city"] } == [.string("杭州")])
        #expect(try engine.evaluate("t.ok").listValue == [.bool(true), .null, .bool(false)])
        #expect(try engine.evaluate("t.rate[0]").description == "7%")
    }

    @Test func tableFromColumnsRejectsUnequalLengthsAndDuplicates() {
        #expect(throws: IQLError.self) { try Table(columns: ["a": .numbers([1.0]), "b": .numbers([1.0, 2.0])]) }
        #expect(throws: IQLError.self) { try Table(columns: [("a", .numbers([1.0])), ("a", .numbers([2.0]))]) }
    }

    @Test func tableFromEncodableRows() throws {
        let t = try Table(rows: sales)
        #expect(t.names == ["city", "amount", "units"])
        #expect(t.rowCount == 3)
        #expect(t.column("amount")?.value(at: 1) == .null)
        let engine = Engine()
        try engine.define("sales", rows: sales)
        let v = try engine.evaluate("sales | group by city { total = sum(amount), n = sum(units) } | sort city")
        #expect(v.rendered(as: .csv) == "city,total,n\n宁波,,1\n杭州,5,6\n")
    }

    @Test func encodableRowsWithMissingFieldsNestingAndNewColumns() throws {
        struct Project: Encodable {
            let name: String
            let tags: [String]
            let owner: Owner?
            struct Owner: Encodable { let dept: String }
        }
        let t = try Table(rows: [
            Project(name: "a", tags: ["x"], owner: nil),
            Project(name: "b", tags: [], owner: .init(dept: "发改委")),
        ])
        #expect(t.names == ["name", "tags", "owner"])
        #expect(t.row(0)["owner"] == .null)
        #expect(t.row(1)["owner"] == .record(Record([("dept", .string("发改委"))])))
        #expect(t.row(0)["tags"] == .list([.string("x")]))
        // Dictionaries with string keys are rows too.
        let d = try Table(rows: [["a": 1.0], ["b": 2.0]])
        #expect(Set(d.names) == ["a", "b"])
        #expect(d.rowCount == 2)
        // A plain number is not a row.
        #expect(throws: IQLError.self) { try Table(rows: [1, 2]) }
    }

    @Test func decodeTableIntoStructs() throws {
        let engine = Engine()
        try engine.define("sales", rows: sales)
        let back = try engine.evaluate("sales").decode([Sale].self)
        #expect(back == sales)
        struct Total: Decodable, Equatable { let city: String; let total: Double }
        let totals = try #require(try engine.evaluate("sales | group by city { total = sum(units) } | sort city").table).decode(Total.self)
        #expect(totals == [Total(city: "宁波", total: 1), Total(city: "杭州", total: 6)])
        // A fraction is not an Int; the error names the field.
        struct Bad: Decodable { let amount: Int }
        #expect(throws: DecodingError.self) { try engine.evaluate("sales | where amount == 3.5").decode([Bad].self) }
    }

    @Test func valueConversions() throws {
        let engine = Engine()
        #expect(Double(try engine.evaluate("1 + 2")) == 3)
        #expect(Int(try engine.evaluate("7 / 2")) == nil)
        #expect(String(try engine.evaluate(#""a" + "b""#)) == "ab")
        #expect(Bool(try engine.evaluate("1 < 2")) == true)
        #expect(try engine.evaluate("[{a: 1}, {a: 2}]").rows?.compactMap { $0["a"]?.intValue } == [1, 2])
        #expect(try engine.evaluate("{x: [1, 2]}").decode([String: [Int]].self) == ["x": [1, 2]])
        #expect(try Value(encoding: ["k": [1, 2]]) == ["k": [1, 2]])
        let v: Value = ["topic": "GDP", "n": 3, "share": 0.5, "none": nil, "flags": [true]]
        #expect(v.recordValue?.names == ["topic", "n", "share", "none", "flags"])
    }

    /// Found by the `decode` fuzz target (Fuzz/corpus/decode/uint-1e9.json): encoding a
    /// `UInt`, or any integer type but `Int`, recursed until the stack overflowed.
    @Test func everyIntegerTypeEncodesAsANumber() throws {
        #expect(try Value(encoding: UInt(1_000_000_000)) == 1_000_000_000)
        struct Small: Codable, Equatable { let a: Int8; let b: UInt16; let c: Int32; let d: UInt64?; let e: [UInt8] }
        let small = Small(a: -8, b: 16, c: -32, d: 64, e: [1, 2])
        let v = try Value(encoding: small)
        #expect(v == ["a": -8, "b": 16, "c": -32, "d": 64, "e": [1, 2]])
        #expect(try v.decode(Small.self) == small)
        // A double holds integers exactly up to 2⁵³: beyond, refused rather than rounded.
        #expect(try Value(encoding: UInt64(1) << 53) == .number(9_007_199_254_740_992))
        #expect(throws: EncodingError.self) { try Value(encoding: UInt64(1) << 53 + 1) }
        #expect(throws: EncodingError.self) { try Value(encoding: Int.max) }
    }

    @Test func renderingMatchesTheCLIFormats() throws {
        let v = try Engine().evaluate("[{city: \"杭州\", n: 2}]")
        #expect(v.rendered(as: .json) == "[{\"city\":\"杭州\",\"n\":2}]\n")
        #expect(v.rendered(as: .csv) == "city,n\n杭州,2\n")
        #expect(v.rendered(as: .markdown).hasPrefix("| city | n |"))
        #expect(v.description.contains("杭州"))
    }

    @Test func parametersBindWithoutSplicingSource() throws {
        let engine = Engine()
        try engine.define("sales", rows: sales)
        let program = try engine.compile("sales | where city == $city | count")
        #expect(try engine.run(program, parameters: ["city": "杭州"]) == 2)
        #expect(try engine.run(program, parameters: ["city": "宁波"]) == 1)
        // Hostile text is a value, never source.
        #expect(try engine.run(program, parameters: ["city": "\" or true or \""]) == 0)
        let e = #expect(throws: IQLError.self) { try engine.run(program) }
        #expect(e?.message == "parameter '$city' is not bound")
    }

    @Test func hostFunctionsConvertArgumentsAndWorkAsStages() throws {
        let engine = Engine()
        try engine.define("sales", rows: sales)
        engine.register("to_yuan", parameters: ["amount", "unit"], doc: "amount in yuan") { (amount: Double, unit: String?) in
            unit == "万元" ? amount * 10_000 : amount
        }
        engine.register("top", parameters: ["t", "n"]) { (t: Table, n: Int) -> Table in
            t.gather(Array(0..<min(n, t.rowCount)))
        }
        #expect(try engine.evaluate(#"to_yuan(3, "万元")"#) == 30_000)
        #expect(try engine.evaluate("to_yuan(3)") == 3)
        #expect(try engine.evaluate(#"to_yuan(unit: "万元", amount: 1)"#) == 10_000)
        #expect(try engine.evaluate("sales | top(2) | count") == 2)
        #expect(try engine.evaluate("sales | derive y = to_yuan(amount ?? 0, \"万元\") | select y").table?.column("y")?.value(at: 0) == 35_000)
    }

    @Test func hostFunctionArgumentErrorsAreLocatedInTheQuery() throws {
        let engine = Engine()
        engine.register("half", parameters: ["x"]) { (x: Double) in x / 2 }
        let wrongType = #expect(throws: IQLError.self) { try engine.evaluate(#"1 + half("two")"#) }
        #expect(wrongType?.message == "expected a number, found string")
        #expect(wrongType?.line == 1 && wrongType?.column == 10)
        let wrongCount = #expect(throws: IQLError.self) { try engine.evaluate("half(1, 2)") }
        #expect(wrongCount?.message == "'half' takes 1 argument, but 2 were given")
        #expect(wrongCount?.column == 1)
        let null = #expect(throws: IQLError.self) { try engine.evaluate("half(null)") }
        #expect(null?.message == "expected a number, found null")
    }

    @Test func hostFunctionErrorsBecomeIQLErrors() throws {
        let engine = Engine()
        engine.register("rate", parameters: ["code"]) { (code: String) throws -> Double in
            throw HostFunctionError("no exchange rate for '\(code)'", hint: "known codes: CNY")
        }
        struct Oops: Error {}
        engine.register("oops") { () throws -> Value in throw Oops() }
        let e = #expect(throws: IQLError.self) { try engine.evaluate("\n  rate(\"XYZ\")") }
        #expect(e?.message == "no exchange rate for 'XYZ'")
        #expect(e?.diagnostics.first?.suggestion == "known codes: CNY")
        #expect(e?.line == 2 && e?.column == 3)
        let o = #expect(throws: IQLError.self) { try engine.evaluate("oops()") }
        #expect(o?.message.hasPrefix("'oops' failed:") == true)
    }

    @Test func hostFunctionResultsObeyLimits() throws {
        let engine = Engine(limits: Limits(stringLength: 10))
        engine.register("big") { () -> String in String(repeating: "x", count: 100) }
        let e = #expect(throws: IQLError.self) { try engine.evaluate("big()") }
        #expect(e?.diagnostics.first?.kind == .limit)
    }

    @Test func diagnosticsAreStructured() throws {
        let engine = Engine()
        try engine.define("sales", rows: sales)
        let e = #expect(throws: IQLError.self) { try engine.evaluate("sales\n| where amont > 1") }
        let d = try #require(e?.diagnostics.first)
        #expect(d.severity == .error)
        #expect(d.kind == .unknownName)
        #expect(d.line == 2 && d.column == 9)
        #expect(d.end?.line == 2 && d.end?.column == 14)
        #expect(d.suggestion == "did you mean 'amount'?")
        #expect(d.description.contains("^^^^^"))
        // All syntax errors at once.
        let s = #expect(throws: IQLError.self) { try engine.compile("1 +\nlet = 2\n(") }
        #expect((s?.diagnostics.count ?? 0) >= 2)
        #expect(s?.isSyntax == true)
    }
}
