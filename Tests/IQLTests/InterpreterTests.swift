import Foundation
import Testing
@testable import IQL

@Suite struct InterpreterTests {
    func eval(_ text: String) throws -> Value { try Engine().evaluate(text) }
    func show(_ text: String) throws -> String { Formatter.literal(try eval(text)) }
    func failure(_ text: String) -> Diagnostic? {
        do { _ = try eval(text); return nil } catch let e as IQLError { return e.diagnostics.first } catch { return nil }
    }

    @Test func numbersPrintShortest() throws {
        #expect(try show("0.1 + 0.2") == "0.3")
        #expect(try show("1 / 3") == "0.333333333333333")
        #expect(try show("7%") == "7%")
        #expect(try show("1.5万亿") == "1500000000000")
    }

    @Test func aListOfRecordsIsATable() throws {
        let v = try eval("[{a: 1}, {a: 2}] | where a > 1")
        #expect(v.tableValue?.rowCount == 1)
    }

    @Test func columnsAreStoredByType() throws {
        let t = try #require(try eval("[{n: 1, s: \"x\", b: true, p: 7%}, {n: null, s: \"x\", b: null, p: 8%}]").asTable)
        guard case .number(let ns) = t.columns[0].storage else { Issue.record("numbers"); return }
        #expect(ns[0] == 1 && ns[1].isNaN)
        guard case .string(let codes, let dict) = t.columns[1].storage else { Issue.record("strings"); return }
        #expect(codes == [0, 0] && dict.count == 1)
        guard case .bool = t.columns[2].storage else { Issue.record("bools"); return }
        #expect(t.columns[3].style == .percent)
    }

    @Test func sortIsStableWithNullsLast() throws {
        let v = try eval("[{k: 2, i: 1}, {k: null, i: 2}, {k: 1, i: 3}, {k: 2, i: 4}] | sort k desc | select i")
        #expect(v.tableValue?.values(of: "i") == [.number(1), .number(4), .number(3), .number(2)])
    }

    @Test func groupsAppearInOrderOfFirstAppearance() throws {
        let v = try eval("[{k: \"b\"}, {k: \"a\"}, {k: \"b\"}] | group by k { n = count() }")
        #expect(v.tableValue?.values(of: "k") == [.string("b"), .string("a")])
        #expect(v.tableValue?.values(of: "n") == [.number(2), .number(1)])
    }

    @Test func unknownColumnSuggestsTheClosest() {
        let d = failure("[{target: 1}] | where targt > 0")
        #expect(d?.hint == "did you mean 'target'?")
        #expect(d?.location?.column == 23)
    }

    @Test func runawayRecursionEndsInAnError() {
        let d = failure("fn f(n) = f(n + 1)\nf(0)")
        #expect(d?.kind == .limit)
    }

    @Test func recursionDepthIsGuardedByTheStackOnSmallThreads() async throws {
        // A 512 KiB secondary thread: the stack guard must stop before the stack ends.
        let result = await withCheckedContinuation { (k: CheckedContinuation<Diagnostic.Kind?, Never>) in
            let thread = Thread {
                let engine = Engine(limits: Limits(depth: 1_000_000))
                do { _ = try engine.evaluate("fn f(n) = 1 + f(n + 1)\nf(0)"); k.resume(returning: nil) }
                catch let e as IQLError { k.resume(returning: e.diagnostics.first?.kind) }
                catch { k.resume(returning: nil) }
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(result == .limit)
    }

    @Test func definitionsPersistAcrossEvaluations() throws {
        let engine = Engine()
        try engine.evaluate("let x = 2; fn sq(n) = n * n")
        #expect(try engine.evaluate("sq(x)") == .number(4))
    }

    @Test func parametersAreBoundAtRunTime() throws {
        let engine = Engine()
        let program = try engine.compile("[{t: \"a\"}, {t: \"b\"}] | where t == $topic | count")
        #expect(try engine.run(program, parameters: ["topic": .string("a")]) == .number(1))
        #expect(try engine.run(program, parameters: ["topic": .string("c")]) == .number(0))
    }

    @Test func importIsRefusedWithoutFileAccess() {
        let d = failure("import \"lib.iql\"")
        #expect(d?.kind == .notPermitted)
    }

    @Test func stepLimitStopsAndTheEngineStaysUsable() throws {
        let engine = Engine(limits: Limits(steps: 1000))
        #expect(throws: IQLError.self) { try engine.evaluate("range(100000) | map(x => x + 1) | count") }
        #expect(try engine.evaluate("1 + 1") == .number(2))
    }

    @Test func checkFindsUnknownNamesWithoutRunning() throws {
        let engine = Engine()
        let program = try engine.compile("let a = 1\nb + a\nfn f(x) = x + y\n[1] | where whatever > 0")
        let ds = engine.check(program)
        #expect(ds.map(\.message) == ["unknown name 'b'", "unknown name 'y'"])
    }

    @Test func incompleteInputIsDetected() {
        #expect(Engine.isIncomplete("t |"))
        #expect(Engine.isIncomplete("[1, 2"))
        #expect(!Engine.isIncomplete("1 + 1"))
        #expect(!Engine.isIncomplete("1 + )"))
    }
}

@Suite struct RendererTests {
    @Test func boxTableCountsCJKAsTwoColumns() throws {
        let v = try Engine().evaluate("[{name: \"医药\", target: 8%}, {name: \"GDP\", target: 7%}]")
        #expect(Renderer().render(v) == """
        ┌──────┬────────┐
        │ name │ target │
        ├──────┼────────┤
        │ 医药 │     8% │
        │ GDP  │     7% │
        └──────┴────────┘

        """)
    }

    @Test func longTablesShowHeadAndTail() throws {
        let v = try Engine().evaluate("range(100) | map(i => {i: i})")
        let text = Renderer(maxRows: 8).render(v)
        #expect(text.contains("… 92 more rows"))
        #expect(text.contains("│ 99 │"))
        #expect(!text.contains("│ 50 │"))
    }

    @Test func wideTablesElideMiddleColumnsToFitTheTerminal() throws {
        let v = try Engine().evaluate("indicators | take 3")
        let text = Renderer(maxWidth: 80).render(v)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { TextWidth.of(String($0)) <= 80 }, "\(text)")
        let header = lines[1].split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(header.first == "id", "the first column stays")
        #expect(header.last == "source", "the last column stays")
        #expect(header.contains("…"))
        #expect(header.count >= 4)
        let columns = v.asTable!.names.count
        #expect(text.hasSuffix("\(columns) columns, \(header.count - 1) shown (… stands for the others; :schema lists them)\n"))
        // A table that fits is not touched.
        let narrow = try Engine().evaluate("[{a: 1, b: 2}]")
        #expect(Renderer(maxWidth: 80).render(narrow) == Renderer().render(narrow))
    }

    @Test func formats() throws {
        let v = try Engine().evaluate("[{name: \"a,b\", p: 7%, n: null}]")
        #expect(Renderer(format: .csv).render(v) == "name,p,n\n\"a,b\",7%,\n")
        #expect(Renderer(format: .json).render(v) == "[{\"name\":\"a,b\",\"p\":0.07,\"n\":null}]\n")
        #expect(Renderer(format: .markdown).render(v) == "| name | p | n |\n| --- | ---: | --- |\n| a,b | 7% | null |\n")
    }
}

@Suite struct EscapingTests {
    @Test func stringsAreEscapedForIqlAndForJSON() {
        let s = "a\"b\\c\nd\te\u{1}"
        #expect(Formatter.quoted(s) == #""a\"b\\c\nd\te\u{1}""#)
        #expect(Renderer.jsonString(s) == #""a\"b\\c\nd\te\u0001""#)
    }
}

@Suite struct JoinTests {
    func ids(_ source: String) throws -> [Value] {
        let t = try #require(try Engine().evaluate(source).tableValue)
        return try #require(t.values(of: "r"))
    }

    @Test func numberKeysMatchByValueAndNullsNeverMatch() throws {
        let r = try ids("[{k: 0}, {k: null}, {k: 2}, {k: 7%}] | left join [{k: -0, r: \"zero\"}, {k: null, r: \"null\"}, {k: 0.07, r: \"seven\"}, {k: 0, r: \"zero2\"}] on k | select r")
        #expect(r == [.string("zero"), .string("zero2"), .null, .null, .string("seven")])
    }

    @Test func stringKeysAbsentOnTheRightDoNotMatch() throws {
        let r = try ids("[{k: \"a\"}, {k: \"b\"}] | left join [{k: \"b\", r: 1}, {k: \"c\", r: 2}] on k | select r")
        #expect(r == [.null, .number(1)])
    }

    @Test func mixedKeyTypesCompareAsValues() throws {
        let r = try ids("[{k: 1}, {k: \"1\"}] | join [{k: 1, r: \"num\"}, {k: \"1\", r: \"text\"}] on k | select r")
        #expect(r == [.string("num"), .string("text")])
    }
}
