import Foundation
import Testing
@testable import IQL

/// Data in and out: read_csv, read_json, read_sqlite, the writers and `--data`, on the
/// good and bad files in `Fixtures/` (made by `Fixtures/make_fixtures.py`).
@Suite struct IOTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    func eval(_ text: String, _ engine: Engine = Engine(fileAccess: .all)) throws -> Value {
        try engine.evaluate(text, name: "<test>")
    }

    func table(_ text: String) throws -> Table {
        try #require(try eval(text).tableValue)
    }

    func failure(_ text: String, _ engine: Engine = Engine(fileAccess: .all)) -> Diagnostic? {
        do { _ = try eval(text, engine); return nil } catch let e as IQLError { return e.diagnostics.first } catch { return nil }
    }

    /// `file:line:column` of a diagnostic, with the file's last path component.
    func place(_ d: Diagnostic?) -> String {
        guard let loc = d?.location else { return "nowhere" }
        return "\(URL(fileURLWithPath: loc.file.name).lastPathComponent):\(loc.line):\(loc.column)"
    }

    func read(_ call: String, _ file: String) -> String { "\(call)(\"\(IOTests.fixture(file))\")" }

    /// A fresh directory for files a test writes.
    func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    // MARK: CSV

    @Test func csvPatternAppendsEveryMatchingFileByName() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "indicator_id,period,value\ngdp,2023-02,7%\n".write(to: dir.appendingPathComponent("actuals-02.csv"), atomically: true, encoding: .utf8)
        try "indicator_id,period,value,note\ngdp,2023-01,6.5%,first\ncpi,2023-01,3%,\n".write(to: dir.appendingPathComponent("actuals-01.csv"), atomically: true, encoding: .utf8)
        try "other\n1\n".write(to: dir.appendingPathComponent("other.csv"), atomically: true, encoding: .utf8)
        let t = try table("read_csv(\"\(dir.path)/actuals-*.csv\")")
        #expect(t.names == ["file", "indicator_id", "period", "value", "note"])
        #expect(t.values(of: "file") == [.string("actuals-01.csv"), .string("actuals-01.csv"), .string("actuals-02.csv")])
        #expect(t.values(of: "value") == [.percent(0.065), .percent(0.03), .percent(0.07)])
        #expect(t.values(of: "note") == [.string("first"), .null, .null])
        guard case .number = t.columns[3].storage else { Issue.record("value should stay a number column"); return }
    }

    @Test func csvPatternWithoutMatchNamesThePattern() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = failure("read_csv(\"\(dir.path)/actuals-*.csv\")")
        #expect(d?.message == "no file matches '\(dir.path)/actuals-*.csv'")
        #expect(place(d) == "<test>:1:10")
        let sandboxed = failure("read_csv(\"\(dir.path)/*.csv\")", Engine())
        #expect(sandboxed?.kind == .notPermitted)
    }

    @Test func csvInfersATypePerColumn() throws {
        let t = try table(read("read_csv", "plan.csv"))
        #expect(t.names == ["id", "name", "growth", "amount", "count", "done", "note"])
        #expect(t.rowCount == 3, "the blank line is skipped")
        #expect(t.columns.map(\.typeName) == ["string", "string", "percent", "number", "number", "boolean", "string"])
        #expect(t.values(of: "growth") == [.percent(0.07), .percent(0.035), .percent(-0.005)])
        #expect(t.values(of: "amount") == [.number(50_000_000), .number(2_700_000_000), .number(170_000)])
        #expect(t.values(of: "count") == [.number(1234), .number(12), .number(1_000_000)])
        #expect(t.values(of: "done") == [.bool(true), .bool(false), .bool(true)])
        #expect(t.values(of: "note") == [.null, .string("said \"about\""), .string("x")])
        #expect(t.values(of: "name") == [.string("地区生产总值"), .string("粮食, 总产量"), .string("高标准\n农田")])
    }

    @Test func csvSkipsAByteOrderMarkAndReadsCRLF() throws {
        let t = try table(read("read_csv", "bom_crlf.csv"))
        #expect(t.names == ["名称", "值"])
        #expect(t.values(of: "名称") == [.string("医药"), .string("旅游"), .string("人参")])
        #expect(t.values(of: "值") == [.number(0.08), .number(10), .number(12)])
    }

    @Test func csvSkipsCommentLinesBeforeTheHeader() throws {
        let engine = Engine(fileAccess: .all)
        let path = CLI.packageRoot.appendingPathComponent("Examples/data/actuals-sample.csv").path
        let t = try #require(try engine.evaluate("read_csv(\"\(path)\")").tableValue)
        #expect(t.names == ["indicator_id", "period", "value"])
        #expect(t.rowCount == 205)
    }

    @Test func csvDetectsGB18030() throws {
        let expected: [Value] = [.string("左右"), .string("€ 𠀀")]
        let detected = try table(read("read_csv", "gb18030.csv"))
        #expect(detected.names == ["指标", "目标", "备注"])
        #expect(detected.values(of: "指标") == [.string("地区生产总值"), .string("规模以上工业总产值")])
        #expect(detected.values(of: "目标") == [.percent(0.07), .percent(0.1)])
        #expect(detected.values(of: "备注") == expected)
        let told = try table("read_csv(\"\(IOTests.fixture("gb18030.csv"))\", encoding: \"GBK\")")
        #expect(told.values(of: "备注") == expected)
    }

    @Test func anEncodingArgumentOverridesDetection() throws {
        let d = failure("read_csv(\"\(IOTests.fixture("gb18030.csv"))\", encoding: \"utf-8\")")
        #expect(d?.message == "this byte is not valid UTF-8")
        #expect(place(d) == "gb18030.csv:1:2", "指 is D6 B8, which is also a UTF-8 character")
        #expect(d?.hint == Messages.notUTF8Hint.en)
        let unknown = failure("read_csv(\"\(IOTests.fixture("plan.csv"))\", encoding: \"latin9\")")
        #expect(unknown?.message == "unknown encoding \"latin9\"")
        #expect(place(unknown) == "<test>:1:\(IOTests.fixture("plan.csv").count + 24)")
    }

    @Test func aColumnOfMixedCellsKeepsTheirText() throws {
        let t = try table(read("read_csv", "mixed.csv"))
        #expect(t.values(of: "code") == [.string("007"), .string("12"), .string("A-3")])
        #expect(t.values(of: "n") == [.number(1), .number(2), .number(3)])
    }

    @Test func tsvFilesSplitOnTabsAndTheDelimiterCanBeGiven() throws {
        let t = try table(read("read_csv", "tabs.tsv"))
        #expect(t.values(of: "b") == [.string("x y")])
        let semi = try table("read_csv(\"\(IOTests.fixture("tabs.tsv"))\", delimiter: \";\")")
        #expect(semi.names == ["a\tb"])
        #expect(failure("read_csv(\"\(IOTests.fixture("tabs.tsv"))\", delimiter: \"ab\")")?.message.hasPrefix("expected one ASCII character") == true)
    }

    @Test func emptyFilesAndHeadersWithoutData() throws {
        #expect(try table(read("read_csv", "empty.csv")).names.isEmpty)
        let t = try table(read("read_csv", "header_only.csv"))
        #expect(t.names == ["x", "column_2", "x_2"])
        #expect(t.rowCount == 0)
    }

    @Test func trailingEmptyFieldsAreAccepted() throws {
        let t = try table(read("read_csv", "trailing_empty.csv"))
        #expect(t.rowCount == 2)
        #expect(t.values(of: "b") == [.number(2), .number(4)])
    }

    @Test func anUnterminatedQuoteIsReportedAtTheQuote() throws {
        let d = failure(read("read_csv", "bad_quote.csv"))
        #expect(d?.kind == .io)
        #expect(d?.message == Messages.unterminatedQuote.text.en)
        #expect(place(d) == "bad_quote.csv:3:3")
        #expect(d?.notes.first?.message.hasPrefix("while reading") == true)
        #expect(d?.notes.first?.location?.file.name == "<test>")
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        let d = failure(read("read_csv", "bad_after_quote.csv"))
        #expect(d?.message == "unexpected 'y' after the closing quote of a field")
        #expect(place(d) == "bad_after_quote.csv:2:6")
    }

    @Test func aRowWithTooManyFieldsIsAnError() throws {
        let d = failure(read("read_csv", "bad_fields.csv"))
        #expect(d?.message == "this row has 3 fields, but the header names 2 columns")
        #expect(place(d) == "bad_fields.csv:3:5")
    }

    @Test func undecodableBytesAreReportedWhereTheyAre() throws {
        let neither = failure(read("read_csv", "bad_bytes.csv"))
        #expect(neither?.message == "this byte is not valid GB18030")
        #expect(neither?.hint?.hasPrefix("the file is neither UTF-8 nor GB18030") == true)
        #expect(place(neither) == "bad_bytes.csv:3:3")
        // UTF-8 text with one broken character is not mistaken for GB18030.
        let broken = failure(read("read_csv", "bad_utf8_mostly.csv"))
        #expect(place(broken) == "bad_utf8_mostly.csv:4:4")
        #expect(broken?.message == "this byte is not valid UTF-8, but other lines of the file are UTF-8: the file mixes encodings")
        #expect(broken?.hint == Messages.encodingArgumentHint.en)
        let told = failure("read_csv(\"\(IOTests.fixture("bad_bytes.csv"))\", encoding: \"gb18030\")")
        #expect(told?.message == "this byte is not valid GB18030")
        #expect(place(told) == "bad_bytes.csv:3:3")
    }

    @Test func errorsRenderWithTheDataLineAndTheCall() throws {
        let path = IOTests.fixture("bad_fields.csv")
        let d = try #require(failure("read_csv(\"\(path)\")"))
        #expect(DiagnosticRenderer().render(d) == """
            \(path):3:5: error: this row has 3 fields, but the header names 2 columns
              |
            3 | 3,4,5
              |     ^
            <test>:1:1: note: while reading '\(path)' with read_csv
              |
            1 | read_csv("\(path)")
              | \(String(repeating: "^", count: path.count + 12))

            """)
    }

    @Test func missingFilesAndDirectoriesAreErrors() throws {
        let missing = failure("read_csv(\"\(IOTests.fixture("nope.csv"))\")")
        #expect(missing?.kind == .io)
        #expect(missing?.message.hasSuffix("nope.csv': no such file or directory") == true)
        #expect(failure("read_json(\"\(IOTests.fixtures.path)\")")?.message.hasSuffix("it is a directory") == true)
    }

    @Test func readingStopsAtTheRowLimit() throws {
        let engine = Engine(fileAccess: .all, limits: Limits(rows: 2))
        #expect(failure(read("read_csv", "plan.csv"), engine)?.kind == .limit)
    }

    @Test func relativePathsResolveAgainstTheCurrentDirectory() throws {
        // Up from the current directory to the root, then down to the fixture: no chdir,
        // which would disturb tests running at the same time.
        let depth = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents.count - 1
        let relative = String(repeating: "../", count: depth) + IOTests.fixture("plan.csv").dropFirst()
        #expect(try table("read_csv(\"\(relative)\")").rowCount == 3)
    }

    /// Random text built from the characters that matter to the parsers: every input
    /// gives a table or a located diagnostic, never a crash.
    @Test func arbitraryInputNeverCrashesTheReaders() throws {
        var rng = SplitMix(seed: 42)
        let csvPieces = ["\"", ",", "\n", "\r\n", "\r", "a", "1", "7%", "5000万", "1,234", "true", " ", "\"\"", "é"]
        let jsonPieces = ["{", "}", "[", "]", ":", ",", "\"k\"", "\"\\u00e9\"", "\"\\ud800\"", "1", "-2.5e3", "true", "null", "\n", " ", "\\", "\""]
        for _ in 0..<2000 {
            let csv = (0..<Int(rng.next() % 12)).map { _ in csvPieces[Int(rng.next() % UInt64(csvPieces.count))] }.joined()
            do { _ = try CSVReader(name: "fuzz.csv").read(Array(csv.utf8)) } catch is Diagnostic {}
            let json = (0..<Int(rng.next() % 12)).map { _ in jsonPieces[Int(rng.next() % UInt64(jsonPieces.count))] }.joined()
            do { _ = try JSONReader(name: "fuzz.json").read(Array(json.utf8)) } catch is Diagnostic {}
            let bytes = (0..<Int(rng.next() % 12)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            do { _ = try TextDecoding.utf8(bytes, encoding: nil, name: "fuzz.csv") } catch is Diagnostic {}
        }
    }

    // MARK: JSON

    @Test func jsonArrayOfObjects() throws {
        let t = try table(read("read_json", "rows.json"))
        #expect(t.names == ["name", "target", "ok", "extra"])
        #expect(t.values(of: "name") == [.string("医药"), .string("旅游\n人")])
        #expect(t.values(of: "target") == [.number(0.08), .null])
        #expect(t.values(of: "extra") == [.null, .list([.number(1), .number(2)])])
    }

    @Test func jsonLines() throws {
        let t = try table(read("read_json", "rows.jsonl"))
        #expect(t.names == ["id", "name", "note"])
        #expect(t.values(of: "id") == [.number(1), .number(2), .number(3)])
        #expect(t.values(of: "name") == [.string("a"), .string("b"), .null])
    }

    @Test func badJSONIsReportedAtItsLineAndColumn() throws {
        let d = failure(read("read_json", "bad.json"))
        #expect(d?.message == "expected a key in quotes")
        #expect(place(d) == "bad.json:2:10")
        let row = failure(read("read_json", "bad_row.json"))
        #expect(row?.message == "expected an object for each row, found number")
        #expect(place(row) == "bad_row.json:1:12")
    }

    // MARK: SQLite

    @Test func sqliteTableOrQuery() throws {
        let db = IOTests.fixture("plan.db")
        let t = try table("read_sqlite(\"\(db)\", \"projects\")")
        #expect(t.names == ["id", "stage", "budget", "count"])
        #expect(t.values(of: "budget") == [.number(1.5e9), .null, .number(2e8)])
        #expect(t.values(of: "count") == [.number(3), .number(1), .null])
        let q = try table("read_sqlite(\"\(db)\", \"SELECT id FROM projects WHERE stage = '在建' ORDER BY id DESC\")")
        #expect(q.values(of: "id") == [.string("p3"), .string("p1")])
    }

    @Test func sqliteErrorsPointAtTheQueryOrTheFile() throws {
        let db = IOTests.fixture("plan.db")
        let noTable = failure("read_sqlite(\"\(db)\", \"nope\")")
        #expect(noTable?.message == "SQLite: no such table: nope")
        #expect(noTable?.location?.column == db.count + 17)
        let readOnly = failure("read_sqlite(\"\(db)\", \"DELETE FROM projects\")")
        #expect(readOnly?.message.contains("readonly") == true)
        #expect(try table("read_sqlite(\"\(db)\", \"projects\")").rowCount == 3)
        let notADatabase = failure("read_sqlite(\"\(IOTests.fixture("plan.csv"))\", \"projects\")")
        #expect(notADatabase?.message.hasSuffix("plan.csv': it is not an SQLite database (its first bytes are not SQLite's header)") == true)
    }

    // MARK: Writing

    @Test func writersReturnTheRowCountAndRoundTrip() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv").path
        let n = try eval("\(read("read_csv", "plan.csv")) | write_csv(\"\(out)\")")
        #expect(n == .number(3))
        let back = try table("read_csv(\"\(out)\")")
        let original = try table(read("read_csv", "plan.csv"))
        #expect(back.names == original.names)
        for name in original.names { #expect(back.values(of: name) == original.values(of: name), "column \(name)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"], "no temporary file is left")

        let json = dir.appendingPathComponent("out.json").path
        #expect(try eval("[{a: 1, b: \"x\"}] | write_json(\"\(json)\")") == .number(1))
        #expect(try String(contentsOfFile: json, encoding: .utf8) == "[{\"a\":1,\"b\":\"x\"}]\n")
        #expect(try table("read_json(\"\(json)\")").values(of: "b") == [.string("x")])

        let md = dir.appendingPathComponent("out.md").path
        #expect(try eval("[{a: 1, b: \"x|y\"}] | write_markdown(\"\(md)\")") == .number(1))
        #expect(try String(contentsOfFile: md, encoding: .utf8) == "| a | b |\n| ---: | --- |\n| 1 | x\\|y |\n")
    }

    @Test func aFailedWriteLeavesNoFileBehind() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The target is a directory: the rename fails after the temporary file was written.
        let target = dir.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "keep".write(to: target.appendingPathComponent("inside.txt"), atomically: false, encoding: .utf8)
        let d = failure("[{a: 1}] | write_csv(\"\(target.path)\")")
        #expect(d?.kind == .io)
        #expect(d?.message.hasPrefix("cannot write '") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["taken"])
        #expect(try String(contentsOf: target.appendingPathComponent("inside.txt"), encoding: .utf8) == "keep")
        // A value that is not a table writes nothing, and the existing file stays as it was.
        let existing = dir.appendingPathComponent("old.csv")
        try "a\n1\n".write(to: existing, atomically: false, encoding: .utf8)
        #expect(failure("42 | write_csv(\"\(existing.path)\")")?.message == "expected a table, found number")
        #expect(try String(contentsOf: existing, encoding: .utf8) == "a\n1\n")
        #expect(failure("[{a: 1}] | write_csv(\"\(dir.path)/no/such/dir/x.csv\")")?.message.hasSuffix("no such file or directory") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["old.csv", "taken"])
    }

    @Test func aReplacedFileKeepsItsPermissions() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("shared.csv").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        _ = try eval("[{a: 1}] | write_csv(\"\(path)\")")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n1\n")
    }

    // MARK: The sandbox

    @Test func anEmbeddedEngineMayNotTouchFiles() throws {
        let engine = Engine()
        for call in [read("read_csv", "plan.csv"), read("read_json", "rows.json"),
                     "read_sqlite(\"\(IOTests.fixture("plan.db"))\", \"projects\")",
                     "[{a: 1}] | write_csv(\"\(IOTests.fixture("never.csv"))\")"] {
            let d = failure(call, engine)
            #expect(d?.kind == .notPermitted, "\(call)")
            #expect(d?.message.contains("not permitted") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: IOTests.fixture("never.csv")))
    }

    @Test func anEngineLimitedToDirectoriesRefusesOthers() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(fileAccess: FileAccess(allowed: true, directories: [dir.path]))
        #expect(failure(read("read_csv", "plan.csv"), engine)?.kind == .notPermitted)
        #expect(try eval("[{a: 1}] | write_csv(\"\(dir.path)/ok.csv\")", engine) == .number(1))
    }

    // MARK: --data

    @Test func dataOptionsDefineTablesByExtension() throws {
        let engine = Engine(fileAccess: .all)
        try engine.defineTable(fromOption: "plan=\(IOTests.fixture("plan.csv"))")
        try engine.defineTable(fromOption: "rows=\(IOTests.fixture("rows.jsonl"))")
        try engine.defineTable(fromOption: "projects=\(IOTests.fixture("plan.db"))")
        try engine.defineTable(fromOption: "p=\(IOTests.fixture("plan.db")):projects")
        #expect(try eval("plan | count", engine) == .number(3))
        #expect(try eval("rows | count", engine) == .number(3))
        #expect(try eval("projects | count", engine) == .number(3))
        #expect(try eval("p | where stage == \"在建\" | count", engine) == .number(2))
    }

    @Test func theCommandLineReadsDataOptions() throws {
        let ok = try CLI.run(["--data", "plan=\(IOTests.fixture("plan.csv"))", "--format", "csv", "-e", "plan | select id | take 1"])
        #expect(ok.status == 0)
        #expect(ok.out == "id\ngdp\n")
        let bad = try CLI.run(["--data", "t=\(IOTests.fixture("bad_quote.csv"))", "-e", "t"])
        #expect(bad.status == 1)
        #expect(bad.err.hasPrefix("\(IOTests.fixture("bad_quote.csv")):3:3: error: unterminated quoted field"))
        #expect(try CLI.run(["--data", "nonsense", "-e", "1"]).status == 2)
    }

    @Test func badDataOptionsAreErrors() throws {
        let engine = Engine(fileAccess: .all)
        func message(_ option: String) -> String? {
            do { try engine.defineTable(fromOption: option); return nil } catch let e as IQLError { return e.diagnostics.first?.message } catch { return nil }
        }
        #expect(message("plan.csv") == "expected --data NAME=PATH, found 'plan.csv'")
        #expect(message("x=plan.parquet") == "cannot tell the format of 'plan.parquet' from its name")
        #expect(message("1x=\(IOTests.fixture("plan.csv"))")?.hasPrefix("'1x' cannot name a table") == true)
        #expect(message("t=\(IOTests.fixture("bad_fields.csv"))") == "this row has 3 fields, but the header names 2 columns")
        do {
            try Engine().defineTable("plan", path: IOTests.fixture("plan.csv"))
            Issue.record("an engine without file access read a file")
        } catch let e as IQLError {
            #expect(e.diagnostics.first?.kind == .notPermitted)
        }
    }
}
