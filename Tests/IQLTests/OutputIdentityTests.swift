import Foundation
import Testing
@testable import IQL

/// Every output format over a generated table of every column type must give exactly
/// the bytes in `Fixtures/output/` — written by the renderers as they were before the
/// byte-buffer writers, so that making output fast can never change what is written.
/// Run with `IQL_UPDATE_GOLDEN=1` to rewrite the files, then review the diff.
@Suite struct OutputIdentityTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("output")

    /// Numbers that take every path of the shortest-round-trip spelling: integers, exact
    /// fractions, the edges of positional notation, subnormals, infinities and null.
    static let specialNumbers: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, -2.0 / 3, 123.456, 1e15, 1e15 + 1, 999_999_999_999_999,
        1234567890123456, 12345678901234567168, 1e21, 1e22, 1.5e300, -1.5e300, 1e-7, 1e-8, 1.234e-9,
        Double.leastNonzeroMagnitude, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, 2.5, -0.5, 100, 1e20, 9.87e20,
        .infinity, -.infinity, .nan, 0.07, 5.0 / 12, 0.00125, 123456.789e3, 4.35, 0.000001234,
    ]

    static let textPieces = [
        "", " ", "a", "北京", "上海市浦东新区", "x,y", "say \"hi\"", "line\nbreak", "cr\rhere", " lead", "trail ",
        "pipe|bar", "<b>&amp;</b>", "it's", "tab\there", "\u{1}ctl", "é", "e\u{301}", "👍🏽", "null", "1.5", "true",
        "2023-06-30", "\\back", "元", "混合 text, 中文\"引号\"",
    ]

    static func number(_ g: inout SplitMix) -> Double {
        switch g.below(6) {
        case 0: return specialNumbers[g.below(specialNumbers.count)]
        case 1: return Double(Int(g.below(2_000_001)) - 1_000_000)
        case 2: return Double(Int(g.below(200_001)) - 100_000) / 100
        case 3: return Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF) * (g.below(2) == 0 ? 1 : -1)
        case 4: return Double(g.below(1_000_000)) / Double(g.below(999) + 1)
        default: return pow(10, Double(g.below(60) - 30)) * Double(g.below(1000)) / 7
        }
    }

    static func text(_ g: inout SplitMix) -> String {
        (0..<(g.below(3) + 1)).map { _ in textPieces[g.below(textPieces.count)] }.joined()
    }

    /// A table of every storage (numbers, percentages, text, booleans, dates, mixed values).
    static func table(rows: Int, seed: UInt64) -> Table {
        var g = SplitMix(seed: seed)
        var numbers: [Double] = [], percents: [Double] = [], texts: [Value] = [], bools: [Value] = []
        var dates: [Value] = [], mixed: [Value] = [], yuan: [Double] = []
        for i in 0..<rows {
            numbers.append(i < specialNumbers.count ? specialNumbers[i] : number(&g))
            percents.append(g.below(8) == 0 ? .nan : number(&g) / 100)
            texts.append(g.below(10) == 0 ? .null : .string(text(&g)))
            bools.append(g.below(5) == 0 ? .null : .bool(g.below(2) == 0))
            dates.append(g.below(6) == 0 ? .null : .date(CalendarDate(daysSinceEpoch: g.below(40_000) - 10_000)!))
            yuan.append(Double(g.below(2_000_000_000)) * (g.below(3) == 0 ? 1000 : 1))
            switch g.below(7) {
            case 0: mixed.append(.null)
            case 1: mixed.append(.number(number(&g)))
            case 2: mixed.append(.string(text(&g)))
            case 3: mixed.append(.bool(true))
            case 4: mixed.append(.list([.number(1), .string(text(&g)), .null]))
            case 5: mixed.append(.record(Record(names: ["a", "b c"], values: [.percent(0.5), .string(text(&g))])))
            default: mixed.append(.percent(number(&g)))
            }
        }
        let names = ["n", "rate", "名称 name", "ok", "day", "mixed", "金额_元"]
        let columns = [
            Column(.number(numbers)), Column(.number(percents), style: .percent), Column(texts), Column(bools),
            Column(dates), Column(mixed), Column(.number(yuan)),
        ]
        return Table(names: names, columns: columns, rowCount: rows)
    }

    /// Each rendering, by file name.
    static func renderings() throws -> [(String, [UInt8])] {
        let t = table(rows: 400, seed: 13)
        let v = Value.table(t)
        var out: [(String, [UInt8])] = []
        func text(_ name: String, _ s: String) { out.append((name, Array(s.utf8))) }
        text("box.txt", Renderer(format: .table, maxRows: 0).render(v))
        text("box-cut.txt", Renderer(format: .table, maxRows: 40, maxWidth: 60).render(v))
        var colored = Renderer(format: .table, maxRows: 30, color: true)
        colored.groupsYuan = true
        text("box-color-yuan.txt", colored.render(v))
        text("table.csv", Renderer(format: .csv, maxRows: 0).render(v))
        text("table.json", Renderer(format: .json, maxRows: 0).render(v))
        text("table.md", Renderer(format: .markdown, maxRows: 0).render(v))
        text("table.html", Renderer(format: .html, maxRows: 0).render(v))
        let values: [Value] = [.list(t.columns[5].values), .record(t.row(3)), .number(0.1 + 0.2), .string("a\n\"b\""), .null]
        text("values.json", values.map { Renderer(format: .json).render($0) }.joined())
        text("values.txt", values.map { Renderer(format: .table).render($0) }.joined())
        text("page.html", Renderer().htmlPage([v, .string("<end>")], title: "t & <u>"))
        out.append(("sheet.xlsx", try XLSXWriter().bytes(t)))
        return out
    }

    @Test func everyFormatWritesTheSameBytes() throws {
        let update = ProcessInfo.processInfo.environment["IQL_UPDATE_GOLDEN"] != nil
        if update { try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true) }
        for (name, bytes) in try Self.renderings() {
            let url = Self.directory.appendingPathComponent(name)
            if update {
                try Data(bytes).write(to: url)
                continue
            }
            let expected = try [UInt8](Data(contentsOf: url))
            #expect(bytes == expected, "\(name) differs from Fixtures/output/\(name)")
        }
    }

    /// `write_csv` (every encoding), `write_json` and `write_markdown` give the files' bytes.
    @Test func writersWriteTheSameBytes() throws {
        let update = ProcessInfo.processInfo.environment["IQL_UPDATE_GOLDEN"] != nil
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-output-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(fileAccess: .all)
        engine.define("t", .table(Self.table(rows: 300, seed: 7)))
        let calls = [
            ("write.csv", "t | write_csv(\"\(dir.path)/write.csv\")"),
            ("write-bom.csv", "t | write_csv(\"\(dir.path)/write-bom.csv\", bom: true)"),
            ("write-gb18030.csv", "t | write_csv(\"\(dir.path)/write-gb18030.csv\", encoding: \"gb18030\", bom: true)"),
            ("write.json", "t | write_json(\"\(dir.path)/write.json\")"),
            ("write.md", "t | write_markdown(\"\(dir.path)/write.md\")"),
            ("empty.json", "[] | write_json(\"\(dir.path)/empty.json\")"),
        ]
        for (name, call) in calls {
            _ = try engine.evaluate(call)
            let written = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
            let url = Self.directory.appendingPathComponent(name)
            if update {
                try Data(written).write(to: url)
                continue
            }
            let expected = try [UInt8](Data(contentsOf: url))
            #expect(written == expected, "\(name) differs from Fixtures/output/\(name)")
        }
    }

    /// A file written in many blocks is the text made whole: the byte-order mark once,
    /// at the start, and each block encoded on its own to the same bytes.
    @Test func aFileWrittenInManyBlocksIsTheTextMadeWhole() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-blocks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(fileAccess: .all)
        let t = Self.table(rows: 30_000, seed: 11)
        engine.define("t", .table(t))
        let csv = Array(Renderer(format: .csv, maxRows: 0).render(.table(t)).utf8)
        #expect(csv.count > 2 * ByteOutput.blockSize)
        for (encoding, name) in [(TextEncoding.utf8, "utf-8"), (.gb18030, "gb18030")] {
            let path = dir.appendingPathComponent("\(name).csv").path
            _ = try engine.evaluate("t | write_csv(\"\(path)\", encoding: \"\(name)\", bom: true)")
            let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(written == (try TextDecoding.encode(csv, as: encoding, bom: true)), "\(name)")
        }
        let json = dir.appendingPathComponent("t.json").path
        _ = try engine.evaluate("t | write_json(\"\(json)\")")
        #expect(try String(contentsOfFile: json, encoding: .utf8) == Renderer(format: .json, maxRows: 0).render(.table(t)))
    }

    /// A page written piece by piece as values come (the CLI) is the page made whole.
    @Test func aPageWrittenInPiecesIsThePageMadeWhole() {
        let values: [Value] = [.table(Self.table(rows: 20, seed: 3)), .string("<end>"), .number(2)]
        let renderer = Renderer(format: .html)
        var pieces = Renderer.htmlPageStart(title: "t & <u>")
        for v in values { renderer.render(v) { pieces += String(decoding: $0, as: UTF8.self) } }
        pieces += Renderer.htmlPageEnd
        #expect(pieces == Renderer().htmlPage(values, title: "t & <u>"))
    }

    /// The blocks handed to a writer join to the text ``Renderer/render(_:)`` gives.
    @Test func blocksJoinToTheWholeText() {
        let v = Value.table(Self.table(rows: 30_000, seed: 5))
        for format in [OutputFormat.csv, .json, .markdown, .html] {
            let renderer = Renderer(format: format, maxRows: 0)
            var blocks: [[UInt8]] = []
            renderer.render(v) { blocks.append($0) }
            #expect(blocks.count > 1, "\(format): one block only; the test needs a larger table")
            #expect(blocks.joined().elementsEqual(renderer.render(v).utf8), "\(format)")
        }
    }

    /// A comma, quote or line end is quoted even where a combining mark follows it (one
    /// character to Swift, bytes to every CSV reader), so the file reads back as written.
    @Test func csvQuotesDelimitersInsideCharacters() throws {
        let texts = ["x\r\ny", ",\u{301}", "\"\u{301}", " \u{301}", "a\n\u{301}", "plain"]
        let t = Table(names: ["s"], columns: [Column(texts.map(Value.string))], rowCount: texts.count)
        let csv = Renderer(format: .csv).render(.table(t))
        #expect(csv == "s\n\"x\r\ny\"\n\",\u{301}\"\n\"\"\"\u{301}\"\n\" \u{301}\"\n\"a\n\u{301}\"\nplain\n")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("iql-quoting-\(getpid()).csv").path
        defer { unlink(path) }
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let back = try Engine(fileAccess: .all).evaluate("read_csv(\"\(path)\")")
        #expect(back.asTable?.values(of: "s") == texts.map(Value.string))
    }

    /// The shortest round-trip spelling over many random doubles reads back exactly.
    @Test func exactNumbersReadBack() {
        var g = SplitMix(seed: 99)
        for _ in 0..<50_000 {
            let d = Double(bitPattern: g.next())
            guard !d.isNaN else { continue }
            let text = Formatter.exactNumber(d)
            #expect(Value(numberText: text)?.doubleValue == d, "\(d) written as \(text)")
        }
    }
}
