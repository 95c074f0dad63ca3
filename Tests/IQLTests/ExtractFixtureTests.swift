import Foundation
import Testing
@testable import IQL

/// Invented reports in the style of a national, a county, a city and a district report
/// (Tests/IQLTests/Fixtures/extract), each beside the rows a person would write down
/// from it: `NAME.targets.tsv` and `NAME.projects.tsv`. Extraction must give exactly
/// those rows, with the confidence written there.
@Suite struct ExtractFixtureTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/extract")

    static func tsv(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func cell(_ t: Table, _ row: Int, _ name: String) -> String {
        let v = t.values(of: name)![row]
        return v.isNull ? "" : Formatter.inline(v)
    }

    /// Every expected row is extracted once, and nothing else.
    static func check(_ file: String, expected name: String, city: String? = nil) throws {
        let plan = try Engine.extractPlan(path: dir.appendingPathComponent(file).path, city: city)
        let ind = plan.indicators
        var unmatched = Array(0..<ind.rowCount)
        for row in try tsv("\(name).targets.tsv") {
            let hit = unmatched.firstIndex { i in
                let value = ind.values(of: "target")![i].doubleValue
                let valueOK = row["target"]!.isEmpty ? value == nil : value.map { abs($0 - Double(row["target"]!)!) <= 1e-9 * max(1, abs($0)) } ?? false
                return valueOK && cell(ind, i, "name") == row["name"] && cell(ind, i, "kind") == row["kind"]
                    && cell(ind, i, "unit") == row["unit"] && cell(ind, i, "direction") == row["direction"]
                    && cell(ind, i, "due") == row["due"] && cell(ind, i, "confidence") == row["confidence"]
                    && cell(ind, i, "source").contains(row["clause"]!)
            }
            #expect(hit != nil, "\(file): no row for \(row)")
            if let h = hit { unmatched.remove(at: h) }
        }
        for i in unmatched {
            Issue.record("\(file): unexpected target \(cell(ind, i, "name")) \(cell(ind, i, "target")) \(cell(ind, i, "direction")) [\(cell(ind, i, "source"))] \(cell(ind, i, "why"))")
        }
        let p = plan.projects
        let got = (0..<p.rowCount).map { i in ["name", "stage", "note", "confidence"].map { cell(p, i, $0) }.joined(separator: "|") }
        let want = try tsv("\(name).projects.tsv").map { r in ["name", "stage", "note", "confidence"].map { r[$0] ?? "" }.joined(separator: "|") }
        #expect(got.sorted() == want.sorted(), "\(file) projects")
        #expect(Set(ind.values(of: "city")!.map { $0.stringValue }) == [city])
        // Every source is a clause of the report's text, verbatim.
        let text = try ReportReader.text(Array(try Data(contentsOf: dir.appendingPathComponent(file))), name: file)
        for t in [ind, p] {
            for s in t.values(of: "source")!.compactMap(\.stringValue) { #expect(text.contains(s), "\(file): \(s)") }
        }
    }

    @Test func nationalReportStyle() throws {
        try Self.check("national.txt", expected: "national")
    }

    @Test func countyReportAsAnHTMLPage() throws {
        try Self.check("county.html", expected: "county", city: "松源县")
    }

    @Test func cityReportAsText() throws {
        try Self.check("city.txt", expected: "city", city: "江川市")
    }

    @Test func cityReportAsAWordDocument() throws {
        try Self.check("city.docx", expected: "city", city: "江川市")
    }

    @Test func cityReportInGB18030() throws {
        try Self.check("city.gb18030.txt", expected: "city", city: "江川市")
    }

    @Test func districtReportWithUnitsOfServicesAndEnvironment() throws {
        try Self.check("district.txt", expected: "district")
    }

    @Test func pastYearPartIsSkippedAndTheYearComesFromThePlanPart() throws {
        let plan = try Engine.extractPlan(path: Self.dir.appendingPathComponent("national.txt").path)
        #expect(!(plan.indicators.values(of: "source")!.contains { $0.stringValue!.contains("5.2%") }))
        #expect(Set(plan.indicators.values(of: "year")!.compactMap(\.doubleValue)) == [2025])
    }

    @Test func relativeTargetsTrackTheGDPRow() throws {
        for (file, id) in [("national.txt", "居民收入"), ("county.html", "城乡居民人均可支配收入"), ("city.txt", "城乡居民收入")] {
            let t = try Engine.extractPlan(path: Self.dir.appendingPathComponent(file).path).indicators
            let row = t.values(of: "name")!.firstIndex { $0.stringValue == id }!
            #expect(Self.cell(t, row, "relative_to") == "gdp_growth", "\(file)")
            #expect(t.values(of: "id")!.contains(.string("gdp_growth")), "\(file)")
        }
    }

    @Test func sectionsAndTopicsComeFromTheHeadings() throws {
        let t = try Engine.extractPlan(path: Self.dir.appendingPathComponent("city.txt").path).indicators
        func row(_ name: String) -> Int { t.values(of: "name")!.firstIndex { $0.stringValue == name }! }
        #expect(Self.cell(t, row("规模以上工业增加值"), "section") == "主要预期目标")
        #expect(Self.cell(t, row("规模以上工业增加值"), "topic") == "工业")
        #expect(Self.cell(t, row("装备制造业产值"), "section") == "加快建设现代化产业体系")
        #expect(Self.cell(t, row("装备制造业产值"), "topic") == "工业")
        #expect(Self.cell(t, row("数字企业"), "topic") == "科技")
        #expect(Self.cell(t, row("粮食总产量"), "topic") == "粮食")
        #expect(Self.cell(t, row("高校毕业生"), "topic") == "人才")
    }
}
