import Foundation
import Testing
import ZIPFoundation
@testable import IQL

/// Python 3 with openpyxl: the real reader and writer xlsx files are checked against.
/// Installed from PyPI when missing (scripts/setup does it too); when that cannot be
/// done the tests that need it are skipped, saying why.
enum OpenPyXL {
    static let helper = IOTests.fixture("openpyxl_helper.py")

    static let available: Bool = {
        if run(["-c", "import openpyxl"]).status == 0 { return true }
        // Debian's Python may refuse a system-wide install without the second flag.
        for extra in [[], ["--break-system-packages"]] {
            if run(["-m", "pip", "install", "--quiet", "openpyxl"] + extra).status == 0,
               run(["-c", "import openpyxl"]).status == 0 { return true }
        }
        return false
    }()

    static let skipReason: Comment = "openpyxl is not installed and `python3 -m pip install openpyxl` could not install it (is PyPI reachable?)"

    static func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { return (-1, "", "\(error)") }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    struct Cell: Equatable, CustomStringConvertible {
        let type: String
        let value: String?
        let format: String
        var description: String { "\(type):\(value ?? "nil")[\(format)]" }
    }

    /// Every sheet of the workbook at `path` as openpyxl reads it.
    static func dump(_ path: String) throws -> [(name: String, rows: [[Cell]])] {
        let r = run([helper, "dump", path])
        guard r.status == 0 else { throw Failure(message: "openpyxl could not read \(path): \(r.err)") }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let sheets = try #require(json["sheets"] as? [[String: Any]])
        return try sheets.map { sheet in
            let rows = try #require(sheet["rows"] as? [[[String: Any]]])
            return (sheet["name"] as? String ?? "", rows.map { row in
                row.map { c in
                    let v: String? = (c["value"] as? String) ?? (c["value"] as? Bool).map { $0 ? "True" : "False" }
                    return Cell(type: c["type"] as? String ?? "", value: v, format: c["format"] as? String ?? "")
                }
            })
        }
    }

    struct Failure: Error { let message: String }
}

@Suite struct XLSXTests {
    let io = IOTests()

    // MARK: What iql writes, as openpyxl reads it

    @Test(.enabled(if: OpenPyXL.available, OpenPyXL.skipReason))
    func openpyxlReadsEveryValueIqlWrites() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("out.xlsx").path
        let written = try io.eval("""
            [{指标: "地区生产总值", target: 7%, amount: 5000万, tiny: 0.1 + 0.2, ok: true, note: null},
             {指标: "a<b & \\"c\\" 'd'", target: 7.53%, amount: 1.5e20, tiny: -1e-7, ok: false, note: " 两边有空格 "},
             {指标: "€ 𠀀\\n第二行", target: -0.125%, amount: 123456789.123, tiny: 1 / 3, ok: null, note: "_x0041_ stays"}]
            | write_xlsx("\(path)")
            """)
        #expect(written == .number(3))
        let sheets = try OpenPyXL.dump(path)
        #expect(sheets.count == 1)
        let rows = try #require(sheets.first?.rows)
        typealias C = OpenPyXL.Cell
        func s(_ v: String) -> C { C(type: "string", value: v, format: "General") }
        func n(_ d: Double, _ f: String = "General") -> C { C(type: "number", value: "\(d)", format: f) }
        let empty = C(type: "empty", value: nil, format: "General")
        #expect(rows[0] == ["指标", "target", "amount", "tiny", "ok", "note"].map(s))
        #expect(rows[1] == [s("地区生产总值"), n(0.07, "0.00%"), n(50_000_000), n(0.1 + 0.2), C(type: "bool", value: "True", format: "General"), empty])
        #expect(rows[2] == [s("a<b & \"c\" 'd'"), n(0.0753, "0.00%"), n(1.5e20), n(-1e-7), C(type: "bool", value: "False", format: "General"), s(" 两边有空格 ")])
        #expect(rows[3] == [s("€ 𠀀\n第二行"), n(-0.00125, "0.00%"), n(123456789.123), n(1.0 / 3), empty, s("_x0041_ stays")])
    }

    // MARK: What openpyxl writes, as iql reads it

    @Test(.enabled(if: OpenPyXL.available, OpenPyXL.skipReason))
    func iqlReadsWhatOpenpyxlWrites() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("openpyxl.xlsx").path
        let r = OpenPyXL.run([OpenPyXL.helper, "write", path])
        try #require(r.status == 0, "openpyxl could not write: \(r.err)")

        let first = try io.table("read_xlsx(\"\(path)\")")
        #expect(first.names == ["指标", "目标", "完成", "达标", "日期", "备注", "column_7", "指标_2"])
        #expect(first.rowCount == 3)
        #expect(first.columns.map(\.typeName) == ["string", "percent", "number", "boolean", "string", "string", "number", "string"])
        #expect(first.values(of: "指标") == [.string("地区生产总值"), .string("规模以上工业总产值"), .string("人参")])
        #expect(first.values(of: "目标") == [.percent(0.07), .percent(0.1), .null])
        #expect(first.values(of: "完成") == [.number(1234.5), .number(-0.25), .number(3e-7)])
        #expect(first.values(of: "达标") == [.bool(true), .bool(false), .null])
        #expect(first.values(of: "日期") == [.string("2023-06-01"), .string("1999-12-31"), .string("2023-01-02 13:30:00")])
        #expect(first.values(of: "备注") == [.string("左右"), .null, .string("€ 𠀀")])
        #expect(first.values(of: "指标_2") == [.string("x"), .string("y"), .string("z")])

        let second = try io.table("read_xlsx(\"\(path)\", sheet: \"1-5月\")")
        #expect(second.names == ["indicator_id", "value"])
        #expect(second.values(of: "value") == [.number(0.061), .number(2_700_000_000)])
    }

    @Test(.enabled(if: OpenPyXL.available, OpenPyXL.skipReason))
    func aMissingSheetIsLocatedAtTheArgumentAndListsTheSheets() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("two.xlsx").path
        try #require(OpenPyXL.run([OpenPyXL.helper, "write", path]).status == 0)
        let d = try #require(io.failure("let t = read_xlsx(\"\(path)\", sheet: \"6月\")"))
        #expect(d.message == "'\(path)' has no sheet \"6月\"")
        #expect(d.hint == "its sheets: \"目标\", \"1-5月\"")
        #expect(io.place(d) == "<test>:1:\(19 + path.utf8.count + 2 + 9)")
    }

    // MARK: Round trips and edge cases without Python

    @Test func iqlReadsBackWhatItWrites() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("round.xlsx").path
        _ = try io.eval("""
            indicators | select id, name, target, due | write_xlsx("\(path)")
            """)
        let back = try io.table("read_xlsx(\"\(path)\")")
        let original = try io.table("indicators | select id, name, target, due")
        #expect(back.names == original.names)
        #expect(back.rows == original.rows)
        #expect(back.columns.map(\.typeName) == original.columns.map(\.typeName))
    }

    @Test func controlCharactersAndEscapesSurviveARoundTrip() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("controls.xlsx").path
        let texts = ["bell\u{7}", "_x0041_", "tab\there", "cr\r\nlf", "  lead", "<&>\"'"]
        let table = try Table(columns: ["text": .strings(texts)])
        let engine = Engine(fileAccess: .all)
        engine.define("t", table)
        _ = try engine.evaluate("t | write_xlsx(\"\(path)\")")
        let back = try #require(try engine.evaluate("read_xlsx(\"\(path)\")").tableValue)
        #expect(back.values(of: "text") == texts.map(Value.string))
    }

    /// A workbook written by hand, the way other producers write them: inline strings,
    /// rich-text runs, phonetic runs, a formula's cached string, an error cell, cells
    /// out of order and rows left out, a namespace prefix, the 1904 date system.
    @Test func readsInlineAndRichStringsFormulasErrorsAndGaps() throws {
        let path = try workbook([
            "xl/workbook.xml": """
                <x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <x:workbookPr date1904="1"/><x:sheets><x:sheet name="数据" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>
                """,
            "xl/sharedStrings.xml": """
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>名称</t></si>
                <si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文本 </t></r><rPh><t>ふ</t></rPh></si></sst>
                """,
            "xl/styles.xml": """
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <numFmts><numFmt numFmtId="164" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="&quot;day&quot;0.0"/></numFmts>
                <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="9"/></cellXfs></styleSheet>
                """,
            "xl/worksheets/data.xml": """
                <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
                <x:row r="2"><x:c r="C2" t="inlineStr"><x:is><x:t>值</x:t></x:is></x:c><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c><x:c r="E2" t="inlineStr"><x:is><x:t>公式</x:t></x:is></x:c></x:row>
                <x:row r="4"><x:c r="B4" t="s"><x:v>1</x:v></x:c><x:c r="C4" s="2"><x:v>1.5</x:v></x:c><x:c r="D4" s="1"><x:v>43617</x:v></x:c><x:c r="E4" t="str"><x:f>A1&amp;"x"</x:f><x:v>ab_x000D_c</x:v></x:c></x:row>
                <x:row r="5"><x:c r="B5" t="inlineStr"><x:is><x:r><x:t>分</x:t></x:r><x:r><x:t>段</x:t></x:r></x:is></x:c><x:c r="C5" t="e"><x:v>#N/A</x:v></x:c><x:c r="D5"/><x:c r="E5" s="3"><x:v>0.25</x:v></x:c></x:row>
                <x:row r="6"/>
                </x:sheetData></x:worksheet>
                """,
        ])
        let t = try io.table("read_xlsx(\"\(path)\")")
        #expect(t.names == ["名称", "值", "日期", "公式"])
        #expect(t.values(of: "名称") == [.string("富文本 "), .string("分段")])
        #expect(t.values(of: "值") == [.number(1.5), .null])
        #expect(t.values(of: "日期") == [.date(CalendarDate(year: 2023, month: 6, day: 2)!), .null], "43617 days after 1904-01-01")
        #expect(t.values(of: "公式") == [.string("ab\rc"), .string("25%")], "a mixed column is text, each cell as shown")
    }

    @Test func excelSerialNumbersBecomeDates() {
        func text(_ serial: Double, _ date1904: Bool = false) -> String? {
            guard case .text(let s)? = XLSXReader.dateCell(serial, date1904: date1904) else { return nil }
            return s
        }
        #expect(text(1) == "1900-01-01")
        #expect(text(59) == "1900-02-28")
        #expect(text(61) == "1900-03-01")
        #expect(text(45078) == "2023-06-01")
        #expect(text(45078.5) == "2023-06-01 12:00:00")
        #expect(text(0.75) == "18:00:00")
        #expect(text(2_958_465) == "9999-12-31")
        #expect(text(0, true) == "1904-01-01")
        #expect(XLSXReader.dateCell(-1, date1904: false) == nil)
    }

    // MARK: Bad files

    @Test func aFileThatIsNotAWorkbookIsRefused() throws {
        let d = try #require(io.failure("read_xlsx(\"\(IOTests.fixture("plan.csv"))\")"))
        #expect(d.message.hasSuffix("is not an Excel workbook: it is not a zip archive"))
        #expect(d.hint == Messages.workbookHint.en)
        #expect(io.place(d) == "<test>:1:11")

        let zipNoWorkbook = try workbook(["readme.txt": "hello"])
        let e = try #require(io.failure("read_xlsx(\"\(zipNoWorkbook)\")"))
        #expect(e.message.hasSuffix("is not an Excel workbook: it has no xl/workbook.xml"))
    }

    @Test func aDamagedArchiveIsReportedNotMisread() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("good.xlsx").path
        _ = try io.eval("indicators | write_xlsx(\"\(path)\")")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Flip bytes in the middle of the compressed sheet: inflating fails or the CRC does not match.
        let sheet = try #require(findEntryData(bytes, "xl/worksheets/sheet1.xml"))
        for i in sheet.lowerBound + 20..<sheet.lowerBound + 60 { bytes[i] ^= 0x5A }
        let damaged = dir.appendingPathComponent("damaged.xlsx")
        try Data(bytes).write(to: damaged)
        let d = try #require(io.failure("read_xlsx(\"\(damaged.path)\")"))
        #expect(d.message.contains("is damaged"), "\(d.message)")

        // Cut short: the end of the central directory is gone.
        let cut = dir.appendingPathComponent("cut.xlsx")
        try Data(bytes.prefix(bytes.count / 2)).write(to: cut)
        let e = try #require(io.failure("read_xlsx(\"\(cut.path)\")"))
        #expect(e.message.contains("not an Excel workbook"), "\(e.message)")
    }

    @Test func aPartThatUnpacksToTooMuchIsRefused() throws {
        // 17 MB of spaces compress to about 17 KB: more than 100 times the file and
        // more than the 16 MB always allowed.
        let huge = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + String(repeating: " ", count: 17 << 20) + "</sst>"
        let path = try workbook([
            "xl/workbook.xml": "<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            "xl/_rels/workbook.xml.rels": "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            "xl/sharedStrings.xml": huge,
            "xl/worksheets/sheet1.xml": "<worksheet><sheetData/></worksheet>",
        ])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 1 << 20)
        let d = try #require(io.failure("read_xlsx(\"\(path)\")"))
        #expect(d.message.hasSuffix("is refused: its part xl/sharedStrings.xml unpacks to more than 16 MB"), "\(d.message)")
    }

    @Test func aPartWhoseHeaderUnderstatesItsSizeIsStillBounded() throws {
        let path = try workbook(["big.xml": String(repeating: "<a/>", count: 50_000)])   // 200,000 bytes
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Claim 1000 bytes in both the local and the central header.
        let name = Array("big.xml".utf8)
        var patched = 0
        for i in 0..<(bytes.count - 46) where bytes[i] == 0x50 && bytes[i + 1] == 0x4B {
            let (local, central) = (bytes[i + 2] == 3 && bytes[i + 3] == 4, bytes[i + 2] == 1 && bytes[i + 3] == 2)
            let nameAt = local ? i + 30 : i + 46, sizeAt = local ? i + 22 : i + 24
            guard local || central, nameAt + name.count <= bytes.count, Array(bytes[nameAt..<(nameAt + name.count)]) == name else { continue }
            bytes.replaceSubrange(sizeAt..<(sizeAt + 4), with: [0xE8, 0x03, 0, 0])
            patched += 1
        }
        #expect(patched == 2)
        let package = try XLSXPackage(bytes: bytes, name: "lying.xlsx", partLimit: 100_000)
        #expect(throws: Diagnostic.self) { _ = try package.part("big.xml") }
        do {
            _ = try package.part("big.xml")
        } catch let d as Diagnostic {
            // Counted while inflating: the header's 1000 bytes are not believed.
            #expect(d.message == "'lying.xlsx' is refused: its part big.xml unpacks to more than 100000 bytes")
        }
        let roomy = try XLSXPackage(bytes: bytes, name: "lying.xlsx", partLimit: 300_000)
        #expect(try roomy.part("big.xml")?.count == 200_000, "within the bound, the part is read whole")
    }

    @Test func aCellThatContradictsItsTypeIsNamed() throws {
        func sheet(_ cells: String) throws -> String {
            try workbook([
                "xl/workbook.xml": "<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                "xl/_rels/workbook.xml.rels": "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
                "xl/worksheets/sheet1.xml": "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row><row r=\"2\">\(cells)</row></sheetData></worksheet>",
            ])
        }
        let number = try #require(io.failure("read_xlsx(\"\(try sheet("<c r=\"C2\"><v>12abc</v></c>"))\")"))
        #expect(number.message == "cell C2 is numeric but holds '12abc'")
        #expect(io.place(number) == "<test>:1:11")
        let shared = try #require(io.failure("read_xlsx(\"\(try sheet("<c r=\"AB2\" t=\"s\"><v>7</v></c>"))\")"))
        #expect(shared.message == "cell AB2 refers to shared string 7, which the workbook does not have")
    }

    @Test func malformedXMLNamesThePart() throws {
        let path = try workbook([
            "xl/workbook.xml": "<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets>\n<oops></workbook>",
        ])
        let d = try #require(io.failure("read_xlsx(\"\(path)\")"))
        #expect(d.message.contains("its part xl/workbook.xml is not well-formed XML (line 2"), "\(d.message)")
    }

    // MARK: Writing

    @Test func aFailedWriteLeavesTheOldFile() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("keep.xlsx").path
        _ = try io.eval("[{a: 1}] | write_xlsx(\"\(path)\")")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let d = try #require(io.failure("[{a: repeat(\"字\", 40000)}] | write_xlsx(\"\(path)\")"))
        #expect(d.message == "the cell in row 2 of column 'a' has 40000 characters; an Excel cell holds at most 32767")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.xlsx"], "no temporary file is left")
        let e = try #require(io.failure("[{a: 1}] | write_xlsx(\"\(dir.path)/missing/x.xlsx\")"))
        #expect(e.message.hasPrefix("cannot write '\(dir.path)/missing/x.xlsx': "))
    }

    @Test func writingTheSameTableGivesTheSameBytes() throws {
        let dir = try io.scratchDirectory()
        let a = dir.appendingPathComponent("a.xlsx").path, b = dir.appendingPathComponent("b.xlsx").path
        _ = try io.eval("projects | write_xlsx(\"\(a)\"); projects | write_xlsx(\"\(b)\")")
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
    }

    @Test func anEngineWithoutFileAccessRefuses() {
        let d = io.failure("read_xlsx(\"x.xlsx\")", Engine())
        #expect(d?.message == "read_xlsx is not permitted: this engine was not granted file access")
        let w = io.failure("[{a: 1}] | write_xlsx(\"x.xlsx\")", Engine())
        #expect(w?.message == "write_xlsx is not permitted: this engine was not granted file access")
    }

    @Test func dataOptionPicksReadXlsxAndASheet() throws {
        let dir = try io.scratchDirectory()
        let path = dir.appendingPathComponent("plan.xlsx").path
        _ = try io.eval("indicators | take 3 | write_xlsx(\"\(path)\")")
        let engine = Engine(fileAccess: .all)
        try engine.defineTable(fromOption: "p=\(path)")
        #expect(try engine.evaluate("p | count") == .number(3))
        try engine.defineTable(fromOption: "q=\(path):Sheet1")
        #expect(try engine.evaluate("q | count") == .number(3))
        #expect(throws: IQLError.self) { try engine.defineTable(fromOption: "r=\(path):nope") }
    }

    /// Over 10 MB of sheet XML (where Foundation's XMLParser, used before XMLTokenizer and
    /// given the data whole, failed at the end). Mostly whitespace between rows here, so
    /// that the test stays quick.
    @Test func readsASheetOfMoreThanTenMegabytes() throws {
        let rows = 5000
        var xml = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        xml += "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>序号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>值</t></is></c></row>"
        let padding = String(repeating: " ", count: 2100)
        for r in 2...(rows + 1) {
            xml += "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(r - 1)</v></c><c r=\"B\(r)\"><v>\(Double(r) / 8)</v></c></row>" + padding
        }
        xml += "</sheetData></worksheet>"
        #expect(xml.utf8.count > 10_500_000)
        let path = try workbook([
            "xl/workbook.xml": "<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            "xl/_rels/workbook.xml.rels": "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            "xl/worksheets/sheet1.xml": xml,
        ])
        let t = try io.table("read_xlsx(\"\(path)\")")
        #expect(t.names == ["序号", "值"])
        #expect(t.rowCount == rows)
        #expect(t.columns[1][rows - 1] == .number(Double(rows + 1) / 8))
    }

    // MARK: Helpers

    /// A zip of the given parts, in a fresh directory.
    func workbook(_ parts: [String: String]) throws -> String {
        let url = try io.scratchDirectory().appendingPathComponent("hand.xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url.path
    }

    /// Where the stored data of the entry `name` lies in a zip's bytes (after its local header).
    func findEntryData(_ bytes: [UInt8], _ name: String) -> Range<Int>? {
        let nameBytes = Array(name.utf8)
        var i = 0
        while i + 30 < bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 3, bytes[i + 3] == 4 {
                func u16(_ k: Int) -> Int { Int(bytes[i + k]) | Int(bytes[i + k + 1]) << 8 }
                func u32(_ k: Int) -> Int { u16(k) | u16(k + 2) << 16 }
                let n = u16(26), extra = u16(28), size = u32(18)
                if Array(bytes[(i + 30)..<(i + 30 + n)]) == nameBytes {
                    let start = i + 30 + n + extra
                    return start..<(start + size)
                }
            }
            i += 1
        }
        return nil
    }
}
