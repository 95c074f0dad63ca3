import Foundation

/// What ``XMLTokenizer`` reports, in document order. Names are qualified names as
/// written (`w:t`, `x:c`); namespaces are not resolved. An element written `<a/>` is a
/// start and an end. An error thrown by a method stops the tokenizer and reaches its caller.
protocol XMLHandler: AnyObject {
    func startElement(_ name: String, _ attributes: [String: String]) throws
    func endElement(_ name: String) throws
    /// Text inside the root element: entities decoded, line ends normalised to `\n`;
    /// a run of text may come in several calls (CDATA sections come as text too).
    func characters(_ text: String) throws
}

/// Where and why a document is not well-formed XML; line and column count from 1,
/// the column in characters.
struct XMLSyntaxError: Error {
    let line: Int
    let column: Int
    let reason: Localized
}

/// A tokenizer for the XML parts of .xlsx workbooks and .docx documents, checking
/// well-formedness as it goes.
///
/// Written here rather than using Foundation's `XMLParser` because that lives in
/// FoundationXML, which links libxml2 and, through it, ICU and liblzma: linked into the
/// `iql` binary they were loaded and relocated at the start of every run (about a
/// millisecond of `iql -e '1 + 1'`), whether or not a workbook was ever read.
///
/// It reads UTF-8, with or without a byte-order mark: elements, attributes, text with
/// the five predefined entities and character references, CDATA sections (as text);
/// comments and processing instructions (the XML declaration among them) are skipped.
/// It refuses a document type declaration: no part of these formats has one, and
/// refusing it means no entity can expand (the "billion laughs") or reach outside the file.
///
/// Hostile input: one loop over the bytes with an explicit stack of open elements (no
/// recursion, so deep nesting cannot overflow the thread's stack); every construct must
/// end before the input does; invalid UTF-8 and control characters are errors; the first
/// error stops it, with its line and column.
enum XMLTokenizer {
    static func parse(_ data: Data, _ handler: some XMLHandler) throws {
        try data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self), handler: handler)
            try scanner.run()
        }
    }
}

private struct Scanner<Handler: XMLHandler> {
    let bytes: UnsafeBufferPointer<UInt8>
    let handler: Handler
    var i = 0
    /// Qualified names of the open elements, innermost last.
    var open: [String] = []
    var sawRoot = false

    init(bytes: UnsafeBufferPointer<UInt8>, handler: Handler) {
        self.bytes = bytes
        self.handler = handler
    }

    mutating func run() throws {
        try validateUTF8()
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        while i < bytes.count {
            if bytes[i] == ascii("<") { try markup() } else { try text() }
        }
        if let name = open.last { throw failure(at: bytes.count, Messages.xmlUnclosedElement(name)) }
        if !sawRoot { throw failure(at: bytes.count, Messages.xmlNoRoot) }
    }

    // MARK: Markup

    /// `<…`: a start or end tag, a comment, a CDATA section or a processing instruction.
    mutating func markup() throws {
        let start = i
        if has("</", at: i) { return try endTag() }
        if has("<?", at: i) {
            i = try index(after: "?>", from: i + 2, else: Messages.xmlUnclosed("<?", "?>"), start)
            return
        }
        if has("<!--", at: i) {
            // '--' may appear in a comment only as its end.
            let dashes = try index(of: "--", from: i + 4, else: Messages.xmlUnclosed("<!--", "-->"), start)
            guard dashes + 2 < bytes.count, bytes[dashes + 2] == ascii(">") else {
                throw failure(at: dashes, Messages.xmlDoubleHyphenInComment)
            }
            i = dashes + 3
            return
        }
        if has("<![CDATA[", at: i) {
            let end = try index(of: "]]>", from: i + 9, else: Messages.xmlUnclosed("<![CDATA[", "]]>"), start)
            guard !open.isEmpty else { throw failure(at: start, Messages.xmlTextOutsideRoot) }
            if end > i + 9 { try handler.characters(decodeText(i + 9, end, entities: false)) }
            i = end + 3
            return
        }
        if has("<!DOCTYPE", at: i) { throw failure(at: start, Messages.xmlDoctype) }
        if has("<!", at: i) { throw failure(at: start, Messages.xmlBadMarkup) }
        try startTag()
    }

    /// `<name attr="value" …>` or `<name …/>`.
    mutating func startTag() throws {
        let start = i
        i += 1
        let name = try readName()
        var attributes: [String: String] = [:]
        var selfClosing = false
        while true {
            let spaced = skipSpace()
            guard i < bytes.count else { throw failure(at: start, Messages.xmlUnclosedTag(name)) }
            if bytes[i] == ascii(">") { i += 1; break }
            if bytes[i] == ascii("/") {
                guard i + 1 < bytes.count, bytes[i + 1] == ascii(">") else { throw failure(at: i, Messages.xmlBadTag(name)) }
                i += 2
                selfClosing = true
                break
            }
            // Attributes are separated from the name and from each other by white space.
            guard spaced else { throw failure(at: i, Messages.xmlBadTag(name)) }
            let at = i
            let attribute = try readName()
            skipSpace()
            guard i < bytes.count, bytes[i] == ascii("=") else { throw failure(at: at, Messages.xmlAttributeWithoutValue(attribute)) }
            i += 1
            skipSpace()
            guard i < bytes.count, bytes[i] == ascii("\"") || bytes[i] == ascii("'") else {
                throw failure(at: at, Messages.xmlAttributeWithoutValue(attribute))
            }
            let quote = bytes[i]
            let valueStart = i + 1
            var end = valueStart
            while end < bytes.count && bytes[end] != quote {
                if bytes[end] == ascii("<") { throw failure(at: end, Messages.xmlLessThanInAttribute(attribute)) }
                end += 1
            }
            guard end < bytes.count else { throw failure(at: start, Messages.xmlUnclosedTag(name)) }
            guard attributes[attribute] == nil else { throw failure(at: at, Messages.xmlDuplicateAttribute(attribute)) }
            attributes[attribute] = try decodeText(valueStart, end, entities: true, attribute: true)
            i = end + 1
        }
        if open.isEmpty && sawRoot { throw failure(at: start, Messages.xmlSecondRoot(name)) }
        sawRoot = true
        try handler.startElement(name, attributes)
        if selfClosing { try handler.endElement(name) } else { open.append(name) }
    }

    /// `</name>`, which must close the innermost open element.
    mutating func endTag() throws {
        let start = i
        i += 2
        let name = try readName()
        skipSpace()
        guard i < bytes.count, bytes[i] == ascii(">") else { throw failure(at: start, Messages.xmlUnclosedTag("/" + name)) }
        i += 1
        guard let expected = open.last else { throw failure(at: start, Messages.xmlUnexpectedEndTag(name)) }
        guard expected == name else { throw failure(at: start, Messages.xmlMismatchedEndTag(expected, name)) }
        open.removeLast()
        try handler.endElement(name)
    }

    // MARK: Text

    /// Text up to the next `<`: outside the root element only white space may appear.
    mutating func text() throws {
        let start = i
        while i < bytes.count && bytes[i] != ascii("<") { i += 1 }
        if open.isEmpty {
            for k in start..<i where !isSpace(bytes[k]) { throw failure(at: k, Messages.xmlTextOutsideRoot) }
            return
        }
        try handler.characters(decodeText(start, i, entities: true))
    }

    /// The text of bytes `start..<end`, with references decoded when `entities`, line ends
    /// normalised, and (in an attribute value) tabs and line ends as spaces, as XML requires.
    func decodeText(_ start: Int, _ end: Int, entities: Bool, attribute: Bool = false) throws -> String {
        var plain = true
        for k in start..<end where bytes[k] == ascii("&") || bytes[k] == ascii("\r") || (attribute && (bytes[k] == ascii("\t") || bytes[k] == ascii("\n"))) {
            plain = false
            break
        }
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var k = start
        while k < end {
            let c = bytes[k]
            if c == ascii("&") && entities {
                let (scalar, next) = try reference(at: k, end)
                UTF8.encode(scalar) { out.append($0) }
                k = next
                continue
            }
            if c == ascii("\r") {
                if k + 1 < end && bytes[k + 1] == ascii("\n") { k += 1 }
                out.append(attribute ? ascii(" ") : ascii("\n"))
            } else if attribute && (c == ascii("\t") || c == ascii("\n")) {
                out.append(ascii(" "))
            } else {
                out.append(c)
            }
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The character of the reference at `at` (`&amp;`, `&#38;`, `&#x26;`) and the index after its `;`.
    func reference(at: Int, _ end: Int) throws -> (Unicode.Scalar, Int) {
        // The longest reference allowed is `&#x10FFFF;` (or leading zeros, which no producer writes).
        var semicolon = at + 1
        while semicolon < end && semicolon - at <= 12 && bytes[semicolon] != ascii(";") { semicolon += 1 }
        guard semicolon < end, bytes[semicolon] == ascii(";") else { throw failure(at: at, Messages.xmlBadReference) }
        let body = String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + 1)..<semicolon]), as: UTF8.self)
        let scalar: Unicode.Scalar?
        switch body {
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "amp": scalar = "&"
        case "apos": scalar = "'"
        case "quot": scalar = "\""
        default:
            // Digits only: UInt32's parser would also take a sign.
            var value: UInt32?
            if body.hasPrefix("#x"), body.dropFirst(2).allSatisfy({ $0.isASCII && $0.isHexDigit }) {
                value = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#"), body.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
                value = UInt32(body.dropFirst(), radix: 10)
            }
            // Only the characters XML allows: no NUL, C0 controls but tab and line ends, surrogates, U+FFFE or U+FFFF.
            scalar = value.flatMap { v in
                v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                    || (0x10000...0x10FFFF).contains(v) ? Unicode.Scalar(v) : nil
            }
        }
        guard let scalar else { throw failure(at: at, Messages.xmlBadReference) }
        return (scalar, semicolon + 1)
    }

    // MARK: Pieces

    /// A name: a letter, `_`, `:` or any non-ASCII character, then those, digits, `-` and `.`.
    mutating func readName() throws -> String {
        let start = i
        guard i < bytes.count, isNameStart(bytes[i]) else { throw failure(at: i, Messages.xmlBadName) }
        i += 1
        while i < bytes.count && (isNameStart(bytes[i]) || isDigit(bytes[i]) || bytes[i] == ascii("-") || bytes[i] == ascii(".")) { i += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    /// Skips white space; whether there was any.
    @discardableResult
    mutating func skipSpace() -> Bool {
        let start = i
        while i < bytes.count && isSpace(bytes[i]) { i += 1 }
        return i > start
    }

    func has(_ literal: StaticString, at k: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard k + n <= bytes.count else { return false }
        let p = literal.utf8Start
        for j in 0..<n where bytes[k + j] != p[j] { return false }
        return true
    }

    /// The index where `literal` next starts from `from`; an error `reason` located at
    /// `opened` when the input ends first.
    func index(of literal: StaticString, from: Int, else reason: Localized, _ opened: Int) throws -> Int {
        var k = from
        while k < bytes.count {
            if has(literal, at: k) { return k }
            k += 1
        }
        throw failure(at: opened, reason)
    }

    /// The index just past the next `literal` from `from`.
    func index(after literal: StaticString, from: Int, else reason: Localized, _ opened: Int) throws -> Int {
        try index(of: literal, from: from, else: reason, opened) + literal.utf8CodeUnitCount
    }

    /// Checks the whole input is UTF-8 without C0 control characters (tab and line ends
    /// aside), so that every piece decoded later is exact and markup bytes (all ASCII)
    /// never fall inside a multi-byte character.
    func validateUTF8() throws {
        var k = 0
        let n = bytes.count
        while k < n {
            let c = bytes[k]
            if c < 0x80 {
                if c < 0x20 && c != 0x9 && c != 0xA && c != 0xD { throw failure(at: k, Messages.xmlControlCharacter(Int(c))) }
                k += 1
                continue
            }
            let length: Int, low: UInt8, high: UInt8
            switch c {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: throw failure(at: k, Messages.xmlInvalidUTF8)
            }
            guard k + length <= n, (low...high).contains(bytes[k + 1]) else { throw failure(at: k, Messages.xmlInvalidUTF8) }
            for j in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[k + j]) { throw failure(at: k, Messages.xmlInvalidUTF8) }
            k += length
        }
    }

    /// An error at byte `offset`, with its line and column (in characters).
    func failure(at offset: Int, _ reason: Localized) -> XMLSyntaxError {
        var line = 1, column = 1
        for k in 0..<min(offset, bytes.count) {
            if bytes[k] == ascii("\n") { line += 1; column = 1 }
            else if bytes[k] & 0xC0 != 0x80 { column += 1 }
        }
        return XMLSyntaxError(line: line, column: column, reason: reason)
    }
}

@inline(__always) private func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(c.value) }
@inline(__always) private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x9 || c == 0xA || c == 0xD }
@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) private func isNameStart(_ c: UInt8) -> Bool {
    (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x3A || c >= 0x80
}
