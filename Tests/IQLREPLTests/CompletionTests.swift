import Foundation
import IQL
import Testing
@testable import IQLREPL

@Suite struct CompletionTests {
    let completer: Completer

    init() throws { completer = Completer(engine: try sampleEngine()) }

    @Test func stageNamesAfterPipe() {
        let c = completer.complete("t | wh")
        #expect(c.candidates == ["where"])
        #expect(c.replacement == "where ")
    }

    @Test func allStagesAfterBarePipe() {
        let c = completer.complete("t | ")
        #expect(c.candidates.starts(with: Help.stages))
    }

    @Test func windowFunctionsOnlyInsideAWindowBlock() {
        #expect(completer.complete("t | window by topic { p = la").candidates == ["label", "lag", "lang", "last"])
        #expect(completer.complete("t | window by topic sort target { r = dense").candidates == ["dense_rank"])
        #expect(completer.complete("t | derive p = la").candidates == ["label", "lang", "last"])
        #expect(completer.complete("t | group by topic { p = cums").candidates.isEmpty)
        #expect(completer.complete("t | win").candidates == ["window"])
    }

    @Test func columnsOfTheTableFlowingIntoTheStage() {
        #expect(completer.complete("t | where top").replacement == "topic")
        #expect(completer.complete("t | where ").candidates == ["topic", "name", "target", "unit"])
    }

    @Test func columnsAfterEarlierStagesComeFromThePrefix() {
        // `select` renamed the columns, so the next stage sees only the new ones.
        let c = completer.complete("t | select 主题 = topic, n = name | where ")
        #expect(c.candidates == ["主题", "n"])
        #expect(completer.complete("t | select 主题 = topic | where 主").replacement == "主题")
    }

    @Test func columnsInsideGroupBraces() {
        #expect(completer.complete("t | group by topic { n = sum(tar").replacement == "target")
    }

    @Test func columnsInAMultiLinePipeline() {
        #expect(completer.complete("t\n| where target > 1%\n| sort na").replacement == "name")
    }

    @Test func columnsAfterLet() {
        #expect(completer.complete("let x = p | where stag").replacement == "stage")
    }

    @Test func stringValuesOfTheComparedColumn() {
        let c = completer.complete("t | where topic == \"医")
        #expect(c.candidates == ["医药", "医疗"])
        #expect(c.replacement == nil)
        #expect(completer.complete("t | where topic == \"旅").replacement == "旅游\"")
        #expect(completer.complete("p | where stage in [\"在建\", \"新").replacement == "新建\"")
    }

    @Test func valuesAfterAFilterOnlyIncludeRowsThatRemain() {
        let c = completer.complete("t | where unit == \"%\" | where topic == \"医")
        #expect(c.candidates == ["医药"])
    }

    @Test func globalsBuiltinsAndKeywordsOutsideAPipeline() {
        let le = completer.complete("le").candidates
        #expect(le.contains("len") && le.contains("let") && le.allSatisfy { $0.hasPrefix("le") })
        #expect(completer.complete("ro").candidates.contains("round"))
        #expect(completer.complete("1 + p").candidates.contains("p"))
        #expect(completer.complete("x.na") == .none)
    }

    @Test func filePathsInsideReadCSV() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("指标.csv").path, contents: Data())
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        let c = completer.complete("read_csv(\"\(dir.path)/指")
        #expect(c.replacement == "\(dir.path)/指标.csv\"")
        #expect(completer.complete("read_csv(\"\(dir.path)/da").replacement == "\(dir.path)/data/")
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("报告.docx").path, contents: Data())
        #expect(completer.complete("extract_plan(\"\(dir.path)/报").replacement == "\(dir.path)/报告.docx\"")
    }

    @Test func metaCommandsAndTheirArguments() {
        #expect(completer.complete(":sch").replacement == ":schema ")
        #expect(completer.complete(":schema ").candidates.contains("t"))
        #expect(completer.complete(":schema p").candidates.allSatisfy { $0.hasPrefix("p") })
        #expect(completer.complete(":format j").replacement == "json")
        #expect(completer.complete(":timing o").candidates == ["on", "off"])
        #expect(completer.complete(":lang z").replacement == "zh")
        #expect(completer.complete(":help grou").replacement == "group")
    }

    @Test func tabNeverWritesAFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.csv").path
        _ = completer.complete("t | write_csv(\"\(path)\") | where ")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aSlowPrefixFallsBackToTheHeadTable() {
        // The prefix runs out of its probe limits; the columns of `t` are still offered.
        let c = completer.complete("t | derive x = len(range(100000000)) | where top")
        #expect(c.replacement == "topic")
    }

    @Test func commonPrefixAndListing() {
        let c = Completion(typed: "医", candidates: ["医药产业", "医药", "医疗"])
        #expect(c.replacement == nil)
        #expect(Completion(typed: "医", candidates: ["医药产业", "医药"]).replacement == "医药")
        #expect(c.listing(width: 20) == "医药产业  医药\n医疗\n")
    }
}
