import Foundation
import Testing

/// `iql extract`, run as a user would.
@Suite struct ExtractCLITests {
    static let report = "Sources/IQL/Dataset/data/report.txt"

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesBothTablesAndSaysWhatItRead() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["extract", Self.report, "--city", "通化市", "--out", dir.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "\(Self.report): 41 targets (6 to review), 90 projects (11 to review) → \(dir.path)/indicators.csv, \(dir.path)/projects.csv\n", "\(r.out)")
        let ind = try String(contentsOf: dir.appendingPathComponent("indicators.csv"), encoding: .utf8)
        #expect(ind.hasPrefix("id,name,name_en,section,topic,kind,unit,target,direction,relative_to,due,profile,part_of,source,city,year,confidence,why\n"))
        #expect(ind.contains("gdp_growth,地区生产总值,,主要预期目标,经济,growth,%,0.07,about,,2023,point,,地区生产总值增长7%左右,通化市,2023,high,"))
        let proj = try String(contentsOf: dir.appendingPathComponent("projects.csv"), encoding: .utf8)
        #expect(proj.hasPrefix("id,name,name_en,section,topic,stage,note,source,city,year,confidence,why\n"))
        #expect(proj.contains(",集桓高速,,着力稳定经济增长,投资,建成,,集桓高速建成通车,通化市,2023,high,"))
        // Nothing else is left in the directory (no temporary files).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["indicators.csv", "projects.csv"])
    }

    @Test func extractedTablesWorkWithDataAndCompare() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["extract", Self.report, "--out", dir.path]).status == 0)
        let r = try CLI.run(["--data", "indicators=\(dir.path)/indicators.csv", "--data", "actuals=Examples/data/actuals-sample.csv",
                             "--format", "csv", "-e", "indicators | compare actuals | where id == \"gdp_growth\" | select id, target, actual, expected, status"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "id,target,actual,expected,status\ngdp_growth,0.07,7.35%,7%,on_track\n", "\(r.out)")
        // The built-in row of the same target compares alike.
        let same = try CLI.run(["--format", "csv", "-e", "indicators | compare read_csv(\"Examples/data/actuals-sample.csv\") | where id == \"gdp_growth\" | select id, actual, expected, status"])
        #expect(same.out == "id,actual,expected,status\ngdp_growth,7.35%,7%,on_track\n", "\(same.out)")
    }

    @Test func reviewPrintsEachRowToReviewLikeAnError() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["extract", Self.report, "--out", dir.path, "--review"])
        #expect(r.status == 0)
        #expect(r.out.contains("\(Self.report):16:"), "the cut-off last clause is reviewed")
        #expect(r.out.contains("warning: review target '高层次人才、紧缺型人才': count 3000 名 at_least, due 2023 (rule value · '以' cut off)"), "\(r.out)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        let caret = try #require(lines.firstIndex { $0.contains("'以' cut off") })
        #expect(lines[caret + 3].hasSuffix("^^^^"), "a caret line under the clause")
        let plain = try CLI.run(["extract", Self.report, "--out", dir.path])
        #expect(!plain.out.contains("warning:"))
    }

    @Test func aMissingReportFailsWithItsName() throws {
        let r = try CLI.run(["extract", "no-such-report.txt"])
        #expect(r.status == 1)
        #expect(r.err == "error: cannot read 'no-such-report.txt': no such file or directory\n")
    }

    @Test func anUnwritableDirectoryLeavesNothingBehind() throws {
        let r = try CLI.run(["extract", Self.report, "--out", "/nonexistent-iql-dir"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("error: cannot write '/nonexistent-iql-dir/indicators.csv': "), "\(r.err)")
    }

    @Test func filesAreReplacedWhole() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "old\n".write(to: dir.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["extract", "Tests/IQLTests/Fixtures/extract/city.docx", "--out", dir.path]).status == 0)
        let ind = try String(contentsOf: dir.appendingPathComponent("indicators.csv"), encoding: .utf8)
        #expect(ind.split(separator: "\n").count == 18)
        #expect(ind.contains(",2024,high,"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["extract"]).status == 2)
        #expect(try CLI.run(["extract", Self.report, "--year", "23"]).status == 2)
        #expect(try CLI.run(["extract", Self.report, "--bogus"]).status == 2)
        let help = try CLI.run(["extract", "--help"])
        #expect(help.status == 0)
        #expect(help.out.contains("USAGE: iql extract <report> [--city <city>] [--year <year>] [--out <dir>] [--review]"), "\(help.out)")
    }

    @Test func scriptsStillRunAsBefore() throws {
        #expect(try CLI.run(["-e", "1 + 1"]).out == "2\n")
        #expect(try CLI.run(["Examples/tour.iql"]).status == 0)
        #expect(try CLI.run(["--help"]).out.contains("iql extract REPORT"))
    }
}
