import Foundation
import Testing
@testable import IQL

/// How well extraction reads a report, against rows a person wrote down.
///
/// A target is found when a row has the same target value, unit, direction and due as
/// an expected one and its clause overlaps the expected source; a project when a row
/// has the expected name. Each expected row is matched at most once.
struct ExtractionScore: CustomStringConvertible {
    var targetsExpected = 0, targetsFound = 0, targetsExtracted = 0, targetsCorrect = 0
    var projectsExpected = 0, projectsFound = 0, projectsExtracted = 0, projectsCorrect = 0
    var missed: [String] = [], extra: [String] = [], wrongHigh: [String] = []

    var targetRecall: Double { Double(targetsFound) / Double(max(1, targetsExpected)) }
    var targetPrecision: Double { Double(targetsCorrect) / Double(max(1, targetsExtracted)) }
    var projectRecall: Double { Double(projectsFound) / Double(max(1, projectsExpected)) }
    var projectPrecision: Double { Double(projectsCorrect) / Double(max(1, projectsExtracted)) }

    var description: String {
        String(format: "targets recall %d/%d (%.1f%%) precision %d/%d (%.1f%%); projects recall %d/%d (%.1f%%) precision %d/%d (%.1f%%)",
               targetsFound, targetsExpected, targetRecall * 100, targetsCorrect, targetsExtracted, targetPrecision * 100,
               projectsFound, projectsExpected, projectRecall * 100, projectsCorrect, projectsExtracted, projectPrecision * 100)
        + (missed.isEmpty ? "" : "\nmissed: " + missed.joined(separator: "; "))
        + (extra.isEmpty ? "" : "\nextra: " + extra.joined(separator: "; "))
        + (wrongHigh.isEmpty ? "" : "\nwrong high rows: " + wrongHigh.joined(separator: "; "))
    }

    init(extracted plan: PlanExtraction, expectedIndicators: Table, expectedProjects: Table) {
        func cell(_ t: Table, _ row: Int, _ name: String) -> Value { t.index(of: name).map { t.columns[$0][row] } ?? .null }
        func text(_ v: Value) -> String { v.isNull ? "" : Formatter.inline(v) }
        struct Target { let value: Double?; let unit, direction, due, source: String }
        func targets(_ t: Table) -> [Target] {
            (0..<t.rowCount).map { i in
                Target(value: cell(t, i, "target").doubleValue, unit: text(cell(t, i, "unit")), direction: text(cell(t, i, "direction")),
                       due: text(cell(t, i, "due")), source: text(cell(t, i, "source")))
            }
        }
        func same(_ a: Target, _ b: Target) -> Bool {
            let valueOK: Bool
            switch (a.value, b.value) {
            case (nil, nil): valueOK = true
            case let (x?, y?): valueOK = abs(x - y) <= 1e-9 * max(1, abs(y))
            default: valueOK = false
            }
            return valueOK && a.unit == b.unit && a.direction == b.direction && a.due == b.due
                && (a.source.contains(b.source) || b.source.contains(a.source))
        }
        let expected = targets(expectedIndicators), got = targets(plan.indicators)
        targetsExpected = expected.count
        targetsExtracted = got.count
        var used = Array(repeating: false, count: expected.count)
        var gotRight = Array(repeating: false, count: got.count)
        for (i, g) in got.enumerated() {
            if let k = expected.indices.first(where: { !used[$0] && same(g, expected[$0]) }) {
                used[k] = true
                gotRight[i] = true
            }
        }
        targetsFound = used.filter { $0 }.count
        targetsCorrect = targetsFound
        missed += expected.indices.filter { !used[$0] }.map { "target \(expected[$0].value.map(Formatter.number) ?? "null") \(expected[$0].unit) \(expected[$0].direction) \(expected[$0].due) [\(expected[$0].source)]" }
        extra += got.indices.filter { !gotRight[$0] }.map { "target \(got[$0].value.map(Formatter.number) ?? "null") \(got[$0].unit) \(got[$0].direction) \(got[$0].due) [\(got[$0].source)]" }
        for i in got.indices where !gotRight[i] && text(cell(plan.indicators, i, "confidence")) == "high" {
            wrongHigh.append("target [\(got[i].source)]")
        }

        var names: [String: Int] = [:]
        for i in 0..<expectedProjects.rowCount { names[text(cell(expectedProjects, i, "name")), default: 0] += 1 }
        projectsExpected = expectedProjects.rowCount
        projectsExtracted = plan.projects.rowCount
        for i in 0..<plan.projects.rowCount {
            let name = text(cell(plan.projects, i, "name"))
            if let n = names[name], n > 0 {
                names[name] = n - 1
                projectsCorrect += 1
            } else {
                extra.append("project \(name) [\(text(cell(plan.projects, i, "source")))]")
                if text(cell(plan.projects, i, "confidence")) == "high" { wrongHigh.append("project \(name)") }
            }
        }
        projectsFound = projectsCorrect
        missed += names.filter { $0.value > 0 }.keys.sorted().map { "project \($0)" }
    }
}

/// The extraction measured on the report excerpt the built-in dataset was written from.
@Suite struct ExtractMeasureTests {
    @Test func builtInReportIsReadAtTheTargetRecallAndPrecision() throws {
        let plan = try Engine.extractPlan(text: DatasetTests.report, name: "report.txt")
        let score = ExtractionScore(extracted: plan, expectedIndicators: PlanDataset.indicators, expectedProjects: PlanDataset.projects)
        print("Extract built-in report: \(score)")
        #expect(score.targetRecall >= 0.95, "\(score)")
        #expect(score.targetPrecision >= 0.95, "\(score)")
        #expect(score.projectRecall >= 0.95, "\(score)")
        #expect(score.projectPrecision >= 0.95, "\(score)")
        #expect(score.wrongHigh.isEmpty, "\(score)")
        for t in [plan.indicators, plan.projects] {
            for s in t.values(of: "source")!.compactMap(\.stringValue) { #expect(DatasetTests.report.contains(s), "\(s)") }
        }
    }

    /// The same report in full-width punctuation (，；：（）, as most reports are written)
    /// gives the same rows. The characters are escapes: tools fold them to ASCII.
    @Test func fullWidthPunctuationGivesTheSameRows() throws {
        let toFull: [Character: Character] = [",": "\u{FF0C}", ";": "\u{FF1B}", ":": "\u{FF1A}", "(": "\u{FF08}", ")": "\u{FF09}"]
        let toASCII = Dictionary(uniqueKeysWithValues: toFull.map { ($1, $0) })
        let ascii = try Engine.extractPlan(text: DatasetTests.report, name: "report.txt")
        let full = try Engine.extractPlan(text: String(DatasetTests.report.map { toFull[$0] ?? $0 }), name: "report.txt")
        #expect(DatasetTests.report.contains(",") && !String(DatasetTests.report.map { toFull[$0] ?? $0 }).contains(","))
        for (a, f) in [(ascii.indicators, full.indicators), (ascii.projects, full.projects)] {
            let back = f.rows.map { r in Record(names: r.names, values: r.values.map { v in v.stringValue.map { .string(String($0.map { toASCII[$0] ?? $0 })) } ?? v }) }
            #expect(back == a.rows)
        }
    }

    /// Of the rows found, how many also have the built-in row's stage, section and topic.
    @Test func foundRowsHaveTheBuiltInStageSectionAndTopic() throws {
        let plan = try Engine.extractPlan(text: DatasetTests.report, name: "report.txt")
        func rows(_ t: Table, key: String) -> [String: [String: String]] {
            var out: [String: [String: String]] = [:]
            for r in t.rows { out[r[key]!.stringValue! + "|" + (r["name"]?.stringValue ?? "")] = r.names.reduce(into: [:]) { $0[$1] = r[$1]?.stringValue } }
            return out
        }
        var agree: [String: Int] = [:], total = 0
        let builtIn = rows(PlanDataset.projects, key: "source"), got = rows(plan.projects, key: "source")
        for (k, want) in builtIn { if let row = got[k] {
            total += 1
            for c in ["stage", "section", "topic"] where row[c] == want[c] { agree[c, default: 0] += 1 }
        } }
        print("Extract built-in report, projects found by name and clause: \(total); same stage \(agree["stage"] ?? 0), section \(agree["section"] ?? 0), topic \(agree["topic"] ?? 0)")
        #expect(total >= 85)
        #expect(agree["stage"] == total)
        #expect(agree["section"] == total)
        #expect(Double(agree["topic"] ?? 0) >= 0.95 * Double(total))

        var targetAgree: [String: Int] = [:], targets = 0
        // A clause setting two targets is one source for both: compare with the first.
        let gotT = rows(plan.indicators, key: "source")
        for (k, want) in rows(PlanDataset.indicators, key: "source") {
            let clause = k.split(separator: "|")[0] + "|"
            guard let row = gotT.first(where: { $0.key.hasPrefix(clause) })?.value else { continue }
            targets += 1
            for c in ["kind", "section", "topic"] where row[c] == want[c] { targetAgree[c, default: 0] += 1 }
        }
        print("Extract built-in report, targets by clause: \(targets); same kind \(targetAgree["kind"] ?? 0), section \(targetAgree["section"] ?? 0), topic \(targetAgree["topic"] ?? 0)")
        #expect(targets == PlanDataset.indicators.rowCount)
        for c in ["kind", "section", "topic"] { #expect(targetAgree[c] == targets, "\(c)") }
    }
}
