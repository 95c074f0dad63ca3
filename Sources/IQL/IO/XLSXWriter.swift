import Foundation
import ZIPFoundation

/// xlsx writer: a table → the bytes of a workbook with one sheet.
///
/// The header row comes first (bold). Numbers stay numbers, written in their shortest
/// form that reads back exactly; a percentage column's cells get Excel's `0.00%`
/// format; text goes to the shared-string table, each distinct string once; booleans
/// are boolean cells; null is an empty cell (no `<c>` at all). Values of other types
/// (lists, records in a mixed column) are written as the text they print as.
struct XLSXWriter {
    /// Excel's limits: a longer cell or a larger sheet makes it refuse or "repair" the file.
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    static let maxCellCharacters = 32_767

    /// What cannot be written, with the row (1-based, the header being row 1) and column.
    struct Failure: Error {
        let message: Message
    }

    /// The sheet's name inside the workbook.
    var sheetName = "Sheet1"

    func bytes(_ t: Table) throws -> [UInt8] {
        if t.rowCount + 1 > XLSXWriter.maxRows { throw Failure(message: Messages.xlsxTooManyRows(t.rowCount)) }
        if t.names.count > XLSXWriter.maxColumns { throw Failure(message: Messages.xlsxTooManyColumns(t.names.count)) }
        var strings = SharedStringTable()
        var sheet = ByteOutput(reserving: 64 * (t.rowCount + 1) * max(1, t.names.count))
        sheet.ascii("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        """)
        let letters = t.names.indices.map(XLSXWriter.columnLetters)
        /// `<c r="B7"`: the start of a cell.
        func open(_ k: Int, _ r: Int) { XLSXWriter.open(&sheet, letters[k], r) }
        func stringCell(_ k: Int, _ r: Int, _ index: Int) {
            open(k, r)
            sheet.ascii(" t=\"s\"><v>")
            sheet.integer(index)
            sheet.ascii("</v></c>")
        }
        sheet.ascii("<row r=\"1\">")
        for (k, name) in t.names.enumerated() {
            let index = try strings.index(name, row: 1, column: name)
            open(k, 1)
            sheet.ascii(" s=\"1\" t=\"s\"><v>")
            sheet.integer(index)
            sheet.ascii("</v></c>")
        }
        sheet.ascii("</row>")
        // A text column's shared-string index by dictionary code, so that a repeated
        // text is looked up once per column, not hashed again in every row.
        var byCode: [[Int]] = t.columns.map { column in
            if case .string(_, let dict) = column.storage { return Array(repeating: -1, count: dict.count) }
            return []
        }
        for i in 0..<t.rowCount {
            let r = i + 2
            sheet.ascii("<row r=\"")
            sheet.integer(r)
            sheet.ascii("\">")
            for (k, column) in t.columns.enumerated() {
                if case .string(let codes, let dict) = column.storage {
                    let code = Int(codes[i])
                    if code < 0 { continue }
                    if byCode[k][code] < 0 {
                        byCode[k][code] = try strings.index(dict.strings[code], row: r, column: t.names[k])
                    } else {
                        strings.reuse()
                    }
                    stringCell(k, r, byCode[k][code])
                    continue
                }
                switch column[i] {
                case .null: continue
                case .bool(let b):
                    open(k, r)
                    b ? sheet.ascii(" t=\"b\"><v>1</v></c>") : sheet.ascii(" t=\"b\"><v>0</v></c>")
                case .number(let d): XLSXWriter.numberCell(&sheet, d, style: nil, letters[k], r)
                case .percent(let d): XLSXWriter.numberCell(&sheet, d, style: "2", letters[k], r)
                // Excel counts days from 1899-12-30 (its 1900 system); 25569 days before 1970-01-01.
                case .date(let d): XLSXWriter.numberCell(&sheet, Double(Int(d.daysSinceEpoch) + 25569), style: "3", letters[k], r)
                case .string(let s): stringCell(k, r, try strings.index(s, row: r, column: t.names[k]))
                case let v: stringCell(k, r, try strings.index(Formatter.inline(v), row: r, column: t.names[k]))
                }
            }
            sheet.ascii("</row>")
        }
        sheet.ascii("</sheetData></worksheet>")

        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
            for (path, data) in [
                ("[Content_Types].xml", Data(XLSXWriter.contentTypes.utf8)),
                ("_rels/.rels", Data(XLSXWriter.rootRelations.utf8)),
                ("xl/workbook.xml", Data(workbook.utf8)),
                ("xl/_rels/workbook.xml.rels", Data(XLSXWriter.workbookRelations.utf8)),
                ("xl/styles.xml", Data(XLSXWriter.styles.utf8)),
                ("xl/sharedStrings.xml", strings.xml),
                ("xl/worksheets/sheet1.xml", Data(sheet.bytes)),
            ] {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: XLSXWriter.fixedDate, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            throw Failure(message: Messages.unpackable(error))
        }
        guard let data = archive.data else { throw Failure(message: Messages.unpackable(nil)) }
        return [UInt8](data)
    }

    /// `<c r="B7"`: the start of the cell in column `letters`, row `r`.
    private static func open(_ out: inout ByteOutput, _ letters: String, _ r: Int) {
        out.ascii("<c r=\"")
        out.append(letters)
        out.integer(r)
        out.byte(UInt8(ascii: "\""))
    }

    /// A numeric cell; infinities, which a workbook cannot hold, as Excel's `#NUM!` error.
    private static func numberCell(_ out: inout ByteOutput, _ d: Double, style: StaticString?, _ letters: String, _ r: Int) {
        open(&out, letters, r)
        if let style { out.ascii(" s=\""); out.ascii(style); out.byte(UInt8(ascii: "\"")) }
        guard d.isFinite else { return out.ascii(" t=\"e\"><v>#NUM!</v></c>") }
        out.ascii("><v>")
        // Swift's description is the shortest text that reads back as the same double.
        if d == d.rounded() && abs(d) < 1e15 { out.integer(Int(d)) } else { out.append(d.description) }
        out.ascii("</v></c>")
    }

    /// `A`, `B`, …, `Z`, `AA`, … for the 0-based column `k`.
    static func columnLetters(_ k: Int) -> String {
        var n = k + 1, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// Zip entries carry this date, so that the same table always gives the same bytes.
    private static let fixedDate = Date(timeIntervalSince1970: 1_672_531_200)   // 2023-01-01

    private var workbook: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="\(XLSXText.escape(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    }

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
        </Types>
        """

    private static let rootRelations = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    private static let workbookRelations = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
        </Relationships>
        """

    /// Cell styles: 0 the default, 1 bold (the header), 2 percent (`0.00%`, built-in format 10),
    /// 3 a date (`yyyy-mm-dd`, custom format 164: the built-in 14 differs by locale).
    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}

/// The shared-string part being built: each distinct text once, in order of first use.
private struct SharedStringTable {
    private var index: [String: Int] = [:]
    private var body = ByteOutput()
    private var uses = 0

    mutating func index(_ s: String, row: Int, column: String) throws -> Int {
        uses += 1
        if let i = index[s] { return i }
        // Counting characters walks the text; no text of fewer bytes than the limit has more characters.
        if s.utf8.count > XLSXWriter.maxCellCharacters && s.count > XLSXWriter.maxCellCharacters {
            throw XLSXWriter.Failure(message: Messages.xlsxCellTooLong(row: row, column: column, s.count))
        }
        let i = index.count
        index[s] = i
        // Leading or trailing spaces survive only with xml:space="preserve".
        let preserve = s.first?.isWhitespace == true || s.last?.isWhitespace == true
        body.ascii(preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>")
        body.append(XLSXText.escape(s))
        body.ascii("</t></si>")
        return i
    }

    /// Counts a use of a text the writer already has the index of.
    mutating func reuse() { uses += 1 }

    var xml: Data {
        var out = Data("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(uses)" uniqueCount="\(index.count)">
        """.utf8)
        out.append(contentsOf: body.bytes)
        out.append(contentsOf: "</sst>".utf8)
        return out
    }
}
