import Foundation
import ZIPFoundation

/// The text of a work report file, one paragraph per line: plain text (UTF-8 or
/// GB18030, as ``TextDecoding`` detects it), an HTML page (tags, scripts and styles
/// stripped, entities decoded, block elements as line breaks) or a Word `.docx`
/// (the paragraphs of `word/document.xml`).
enum ReportReader {
    enum Format: Equatable { case text, html, docx }

    /// The format of a file, from its first bytes, then its name: a ZIP archive is a
    /// `.docx`, text starting with `<` (after a BOM and spaces) or named `.htm(l)` is HTML.
    static func format(of bytes: [UInt8], name: String) -> Format {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .docx }
        let ext = URL(fileURLWithPath: name).pathExtension.lowercased()
        if ext == "html" || ext == "htm" { return .html }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<") ? .html : .text
    }

    /// The report's text. `name` is the file as shown in messages.
    /// - Throws: ``Diagnostic`` (`.io`) for an undecodable byte (located in the file),
    ///   a damaged archive, or a `.docx` without a document.
    static func text(_ bytes: [UInt8], name: String) throws -> String {
        switch format(of: bytes, name: name) {
        case .docx: return try docx(bytes, name: name)
        case .html: return html(String(decoding: try TextDecoding.utf8(bytes, encoding: nil, name: name), as: UTF8.self))
        case .text:
            let text = String(decoding: try TextDecoding.utf8(bytes, encoding: nil, name: name), as: UTF8.self)
            return text.replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    // MARK: HTML

    /// Elements whose content is not text of the page.
    private static let hiddenElements = ["script", "style", "head", "noscript", "template"]
    /// Elements that end a line.
    private static let blockElements: Set<String> = [
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
        "table", "ul", "ol", "blockquote", "pre", "hr", "title", "td", "dd", "dt",
    ]

    /// The text of an HTML page: one line per block element, spaces inside a line collapsed.
    static func html(_ page: String) -> String {
        var out = ""
        var s = Substring(page)
        while let open = s.firstIndex(of: "<") {
            out += decodeEntities(s[..<open])
            s = s[open...]
            if s.hasPrefix("<!--") {
                s = s.range(of: "-->").map { s[$0.upperBound...] } ?? ""
                continue
            }
            guard let close = s.firstIndex(of: ">") else { s = ""; break }
            let tag = s[s.index(after: s.startIndex)..<close]
            s = s[s.index(after: close)...]
            let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if !tag.hasPrefix("/"), hiddenElements.contains(name) {
                // Skip to the closing tag: a script's text may hold '<' of its own.
                if let end = s.range(of: "</\(name)", options: .caseInsensitive) {
                    s = s[end.upperBound...]
                    s = s.firstIndex(of: ">").map { s[s.index(after: $0)...] } ?? ""
                } else {
                    s = ""
                }
                continue
            }
            if blockElements.contains(name) { out += "\n" }
        }
        out += decodeEntities(s)
        return out.split(separator: "\n", omittingEmptySubsequences: true)
            .map { line in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n") + "\n"
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ldquo": "“", "rdquo": "”",
        "lsquo": "‘", "rsquo": "’", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·", "times": "×", "copy": "©", "reg": "®",
        "emsp": " ", "ensp": " ", "thinsp": " ", "ideographicspace": "　",
    ]

    /// `&amp;`, `&ldquo;`, `&#20013;` and `&#x4E2D;` as the characters they stand for; an
    /// unknown or malformed entity stays as written. Line breaks in the source become spaces.
    static func decodeEntities(_ s: Substring) -> String {
        var out = ""
        var rest = s
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            let body = rest.dropFirst().prefix { $0 != ";" && $0 != "&" && $0 != "<" }
            let end = body.endIndex
            guard body.count <= 32, end < rest.endIndex, rest[end] == ";" else {
                out += "&"
                rest = rest.dropFirst()
                continue
            }
            var decoded: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if body.hasPrefix("#") {
                decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = namedEntities[String(body)]
            }
            if let d = decoded {
                out += d
                rest = rest[rest.index(after: end)...]
            } else {
                out += "&"
                rest = rest.dropFirst()
            }
        }
        out += rest
        return out.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: Word

    /// The largest `word/document.xml` read (a guard against a damaged or hostile archive).
    static let maxDocumentBytes = 256 << 20

    /// The document turned out larger than its entry said (a lying archive).
    private struct TooLarge: Error {}

    /// The paragraphs of a Word document, one per line.
    static func docx(_ bytes: [UInt8], name: String) throws -> String {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw Diagnostic(.io, Messages.cannotRead(name, Messages.docxNotZip(error)), at: nil)
        }
        guard let entry = archive["word/document.xml"] else {
            throw Diagnostic(.io, Messages.cannotRead(name, Messages.docxNoDocument), at: nil)
        }
        guard entry.uncompressedSize <= UInt64(maxDocumentBytes) else {
            throw Diagnostic(.io, Messages.cannotRead(name, Messages.docxTooLarge(maxDocumentBytes >> 20)), at: nil)
        }
        var xml = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                xml.append(chunk)
                if xml.count > maxDocumentBytes { throw TooLarge() }
            }
        } catch is TooLarge {
            throw Diagnostic(.io, Messages.cannotRead(name, Messages.docxUnpacksTooLarge(maxDocumentBytes >> 20)), at: nil)
        } catch {
            throw Diagnostic(.io, Messages.cannotRead(name, Messages.docxUnpackable(error)), at: nil)
        }
        let reader = WordDocumentReader()
        do {
            try XMLTokenizer.parse(xml, reader)
        } catch let e as XMLSyntaxError {
            throw Diagnostic(.io, Messages.cannotRead(name, Messages.docxMalformed(e.line, e.column, e.reason)), at: nil)
        }
        return reader.paragraphs.joined(separator: "\n") + "\n"
    }
}

/// Collects the text of `w:p` paragraphs: `w:t` runs, `w:tab` as a tab, `w:br` and
/// `w:cr` as line breaks. Deleted text (`w:delText`) and field codes (`w:instrText`)
/// are not text of the document.
private final class WordDocumentReader: XMLHandler {
    var paragraphs: [String] = []
    private var current = ""
    private var inText = false

    func startElement(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "w:t": inText = true
        case "w:tab": current += "\t"
        case "w:br", "w:cr": finishParagraph()
        default: break
        }
    }

    func endElement(_ name: String) {
        switch name {
        case "w:t": inText = false
        case "w:p": finishParagraph()
        default: break
        }
    }

    func characters(_ text: String) {
        if inText { current += text }
    }

    private func finishParagraph() {
        let line = current.trimmingCharacters(in: .whitespaces)
        if !line.isEmpty { paragraphs.append(line) }
        current = ""
    }
}
