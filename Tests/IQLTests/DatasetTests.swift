import Foundation
import Testing
@testable import IQL

/// The built-in dataset holds every target figure and named project of part 二 of the
/// report, each traceable to the report's own words.
@Suite struct DatasetTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/IQL/Dataset/data")
    static let report = (try? String(contentsOf: data.appendingPathComponent("report.txt"), encoding: .utf8)) ?? ""

    @Test func reportIsPartTwoOfTheSourceDocument() {
        #expect(Self.report.hasPrefix("二、2023年工作安排\n"))
        #expect(!Self.report.contains("一、"))
    }

    @Test func everySourceIsQuotedVerbatimFromTheReport() throws {
        for t in [PlanDataset.indicators, PlanDataset.projects] {
            for v in try #require(t.values(of: "source")) {
                let s = try #require(v.stringValue)
                #expect(Self.report.contains(s), "not in the report: \(s)")
            }
        }
    }

    /// NOTES.md lists the names that are not the report's own words; every other name is.
    @Test func namesAreVerbatimExceptTheNotedOnes() throws {
        let noted: Set = ["入规入统企业", "北方中药材(人参)商品交易中心销售收入", "续建项目复工率", "“学子归巢”计划"]
        let notes = try String(contentsOf: Self.data.appendingPathComponent("NOTES.md"), encoding: .utf8)
        var missing: Set<String> = []
        for t in [PlanDataset.indicators, PlanDataset.projects] {
            for v in try #require(t.values(of: "name")) where !Self.report.contains(v.stringValue ?? "") { missing.insert(v.stringValue ?? "") }
        }
        #expect(missing == noted)
        for name in noted { #expect(notes.contains("`\(name)`"), "NOTES.md lacks \(name)") }
    }

    @Test func partsAndProfilesAreConsistent() throws {
        let t = PlanDataset.indicators
        let rows = (0..<t.rowCount).map(t.row)
        let ids = Set(rows.compactMap { $0["id"]?.stringValue })
        let parts = rows.filter { $0["part_of"]?.isNull == false }
        #expect(Set(parts.compactMap { $0["id"]?.stringValue }) == ["projects_over_100m", "projects_over_1b"])
        for r in parts { #expect(ids.contains(r["part_of"]?.stringValue ?? ""), "\(r)") }
        for r in rows {
            let kind = r["kind"]?.stringValue ?? "", profile = r["profile"]?.stringValue ?? ""
            if ["growth", "rate", "relative"].contains(kind) { #expect(profile == "point", "\(r)") }
            else { #expect(["linear", "year_end"].contains(profile), "\(r)") }
        }
        let yearEnd = rows.filter { $0["profile"] == .string("year_end") }.compactMap { $0["id"]?.stringValue }
        #expect(yearEnd.contains("grain_output") && yearEnd.contains("herb_exchange_sales_revenue"))
        let resumed = try #require(rows.first { $0["id"] == .string("continuing_projects_resumed_h1") })
        #expect(resumed["target"] == .percent(1) && resumed["due"] == .string("2023-06"))
    }

    @Test func idsAreUniqueAsciiSlugs() throws {
        for t in [PlanDataset.indicators, PlanDataset.projects] {
            let ids = try #require(t.values(of: "id")).compactMap(\.stringValue)
            #expect(Set(ids).count == t.rowCount)
            #expect(ids.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") } })
        }
    }

    @Test func vocabulariesAreTheDocumentedOnes() throws {
        let i = PlanDataset.indicators
        let sections: Set = ["主要预期目标", "着力稳定经济增长", "着力构建现代产业体系", "着力推进乡村振兴", "着力推动科技创新"]
        for t in [i, PlanDataset.projects] {
            #expect(Set(try #require(t.values(of: "section")).compactMap(\.stringValue)).isSubset(of: sections))
        }
        #expect(Set(try #require(i.values(of: "kind")).compactMap(\.stringValue)).isSubset(of: ["growth", "rate", "count", "amount", "relative"]))
        #expect(Set(try #require(i.values(of: "direction")).compactMap(\.stringValue)).isSubset(of: ["about", "at_least", "at_most", "relative"]))
        #expect(Set(try #require(PlanDataset.projects.values(of: "stage")).compactMap(\.stringValue)) == ["前期", "新建", "在建", "建成"])
        let industries: Set = ["医药", "旅游", "人参", "冶金", "优势产业", "服务业"]
        let sectionTwo = try Engine().evaluate("indicators | where section == \"着力构建现代产业体系\" | distinct topic")
        #expect(Set(try #require(sectionTwo.tableValue?.values(of: "topic")).compactMap(\.stringValue)).isSubset(of: industries))
    }

    /// Every target figure of part 二, with its value, unit and direction
    /// (Sources/IQL/Dataset/data/targets-check.tsv, read from the report by hand).
    @Test func everyTargetFigureIsARow() throws {
        let tsv = try String(contentsOf: Self.data.appendingPathComponent("targets-check.tsv"), encoding: .utf8)
        let lines = tsv.split(separator: "\n").dropFirst()
        #expect(lines.count >= 35)
        let t = PlanDataset.indicators
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let (figure, id, target, unit, direction) = (f[0], f[1], Double(f[2]), f[3], f[4])
            #expect(Self.report.contains(figure), "figure not in the report: \(figure)")
            let row = try #require((0..<t.rowCount).map(t.row).first { $0["id"] == .string(id) }, "no row \(id)")
            #expect(row["target"]?.doubleValue == target, "\(id) target")
            #expect(row["unit"] == .string(unit), "\(id) unit")
            #expect(row["direction"] == .string(direction), "\(id) direction")
            #expect(row["source"]?.stringValue?.contains(figure) == true, "\(id) source lacks \(figure)")
        }
    }

    @Test func headlineTargetsHaveTheirValues() throws {
        let engine = Engine()
        func target(_ id: String) throws -> Value { try engine.evaluate("(indicators | where id == \"\(id)\")[0].target") }
        #expect(try target("gdp_growth") == .percent(0.07))
        #expect(try Formatter.literal(target("gdp_growth")) == "7%")
        let relative = try engine.evaluate("indicators | where kind == \"relative\" | select relative_to | distinct")
        #expect(relative.tableValue?.values(of: "relative_to") == [.string("gdp_growth")])
    }

    @Test func generatedSwiftMatchesTheDataFiles() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.data.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/gen-dataset").path, "--check"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "PlanData.swift is stale: run scripts/gen-dataset")
    }
}
