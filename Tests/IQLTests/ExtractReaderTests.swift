import Foundation
import Testing
@testable import IQL

/// Reading reports: HTML and Word input, errors, the `extract_plan` builtin and the
/// embedding API.
@Suite struct ExtractReaderTests {
    static let dir = ExtractFixtureTests.dir
    static func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @Test func htmlLosesTagsScriptsStylesAndComments() {
        let text = ReportReader.html("""
        <html><head><style>p::before { content: "<b>增长9%" }</style><script>if (a < b) go("</p>")</script></head>
        <body><!-- 增长8% --><h1>二、2024年工作安排</h1><p>地区生产总值<b>增长</b>7&#37;左右,
        &ldquo;双创&rdquo; &amp; &#x4E2D;&#20013; &unknown; a&b</p><SCRIPT type="x">增长6%</SCRIPT><div>完</div></body></html>
        """)
        #expect(text == "二、2024年工作安排\n地区生产总值增长7%左右, “双创” & 中中 &unknown; a&b\n完\n")
    }

    @Test func formatIsToldByContentThenName() {
        #expect(ReportReader.format(of: Array("PK\u{3}\u{4}…".utf8), name: "report.txt") == .docx)
        #expect(ReportReader.format(of: Array("  <!DOCTYPE html>".utf8), name: "report") == .html)
        #expect(ReportReader.format(of: Array("地区生产总值".utf8), name: "report.htm") == .html)
        #expect(ReportReader.format(of: Array("地区生产总值".utf8), name: "report.txt") == .text)
    }

    @Test func wordDocumentsAreReadByParagraph() throws {
        let text = try ReportReader.text(Array(try Data(contentsOf: Self.dir.appendingPathComponent("city.docx"))), name: "city.docx")
        let expected = try String(contentsOf: Self.dir.appendingPathComponent("city.txt"), encoding: .utf8)
        #expect(text == expected)
    }

    @Test(arguments: [
        ("no-document.docx", "cannot read 'no-document.docx': it has no word/document.xml, so it is not a Word .docx document"),
        ("broken-xml.docx", "cannot read 'broken-xml.docx': word/document.xml is not well-formed XML"),
    ])
    func damagedWordFilesAreReported(_ file: String, _ message: String) throws {
        let e = try #require(throws: IQLError.self) { try Engine.extractPlan(path: Self.path(file)) }
        #expect(e.message.hasPrefix(message.replacingOccurrences(of: "'\(file)'", with: "'\(Self.path(file))'")), "\(e.message)")
    }

    @Test func aDamagedArchiveIsReported() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("iql-damaged-\(getpid()).docx")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x01, 0x02, 0x03]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let e = try #require(throws: IQLError.self) { try Engine.extractPlan(path: file.path) }
        #expect(e.message.contains("it is not a readable ZIP archive"), "\(e.message)")
    }

    @Test func undecodableBytesAreLocatedInTheReport() throws {
        let e = try #require(throws: IQLError.self) { try Engine.extractPlan(path: Self.path("bad-bytes.txt")) }
        #expect(e.line == 2)
        #expect(e.message.contains("UTF-8"))
    }

    @Test func aReportWithoutAYearNeedsOne() throws {
        let e = try #require(throws: IQLError.self) { try Engine.extractPlan(text: "地区生产总值增长7%左右。") }
        #expect(e.message == "cannot tell which year '<report>' plans: no heading such as '二、2023年工作安排' and no phrase such as '2023年政府工作报告'")
        let plan = try Engine.extractPlan(text: "地区生产总值增长7%左右。", year: 2024)
        #expect(plan.indicators.values(of: "due") == [.string("2024")])
        // Years that are not the plan's are no answer; a phrase naming the plan is.
        #expect(throws: IQLError.self) { try Engine.extractPlan(text: "到2035年基本实现现代化。地区生产总值增长7%。") }
        let titled = try Engine.extractPlan(text: "松源县2024年政府工作报告\n2023年,地区生产总值增长5%。\n地区生产总值增长7%。\n")
        #expect(Set(titled.indicators.values(of: "year")!) == [.number(2024)])
    }

    @Test func reviewWarningsUnderlineTheClause() throws {
        let plan = try Engine.extractPlan(text: "二、2024年工作安排\n地区生产总值增长6%—7%,固定资产投资增长8%。\n", name: "r.txt")
        #expect(plan.reviews.count == 1)
        #expect(DiagnosticRenderer().render(plan.reviews) == """
        r.txt:2:1: warning: review target '地区生产总值': growth 6% at_least, due 2024 (rule growth_range · 增长 · range)
          |
        2 | 地区生产总值增长6%—7%,固定资产投资增长8%。
          | ^^^^^^^^^^^^^^^^^^^^^
        
        """)
    }

    // MARK: The builtin

    @Test func extractPlanReturnsBothTables() throws {
        let engine = Engine(fileAccess: .all)
        let v = try engine.evaluate("let p = extract_plan($path, city: \"江川市\")\n[len(p.indicators), len(p.projects), p.indicators.city[0], p.indicators.year[0]]",
                                    parameters: ["path": .string(Self.path("city.txt"))])
        #expect(v == .list([.number(17), .number(7), .string("江川市"), .number(2024)]))
        let year = try engine.evaluate("extract_plan($path, year: 2030).indicators.due[0]", parameters: ["path": .string(Self.path("city.txt"))])
        #expect(year == .string("2030"))
    }

    @Test func extractPlanNeedsFileAccess() throws {
        let e = try #require(throws: IQLError.self) { try Engine().evaluate("extract_plan(\"report.txt\")") }
        #expect(e.message == "extract_plan is not permitted: this engine was not granted file access")
        #expect(e.column == 14)
    }

    @Test func extractPlanErrorsPointIntoTheFileAndAtTheCall() throws {
        let e = try #require(throws: IQLError.self) {
            try Engine(fileAccess: .all).evaluate("extract_plan($p)", name: "q.iql", parameters: ["p": .string(Self.path("bad-bytes.txt"))])
        }
        let d = try #require(e.diagnostics.first)
        #expect(d.line == 2)
        #expect(d.notes.first?.message.hasPrefix("while reading") == true)
        #expect(d.notes.first?.location?.file.name == "q.iql")
    }

    @Test func comparesUnchangedOnExtractedTargets() throws {
        let plan = try Engine.extractPlan(path: Self.path("city.txt"))
        let engine = Engine()
        engine.define("targets", plan.indicators)
        engine.define("actuals", try Table(columns: ["indicator_id": .strings(["gdp_growth"]), "period": .strings(["2024-06"]),
                                                     "value": .numbers([0.03])]))
        let v = try engine.evaluate("targets | compare actuals | where id == \"gdp_growth\" | select status, attainment")
        #expect(v.tableValue?.values(of: "status") == [.string("behind")])
    }
}
