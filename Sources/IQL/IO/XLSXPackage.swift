import Foundation
import ZIPFoundation

/// The container of an `.xlsx` workbook: a zip archive of XML parts, opened with
/// ZIPFoundation, each part read with a bound on its size.
///
/// A workbook is small XML compressed well, but a zip can claim (or really hold) far
/// more than it looks: a part whose uncompressed size is absurd — more than 1 GB, or
/// more than 100 times the file (with 16 MB always allowed) — is refused, whatever its
/// header says, by counting the bytes as they are inflated.
struct XLSXPackage {
    let archive: Archive
    /// The file's name in messages.
    let name: String
    /// The most bytes one part may inflate to.
    let partLimit: Int

    static let absoluteLimit = 1 << 30

    /// Opens the archive; `partLimit` overrides the bound described above (for tests).
    init(bytes: [UInt8], name: String, partLimit: Int? = nil) throws {
        self.name = name
        self.partLimit = partLimit ?? min(XLSXPackage.absoluteLimit, max(bytes.count.multipliedReportingOverflow(by: 100).partialValue, 16 << 20))
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw Diagnostic(.io, Messages.notAWorkbook(name, Messages.notAZip), at: nil, hint: Messages.workbookHint)
        }
    }

    /// Whether the archive has a part at `path`.
    func has(_ path: String) -> Bool { archive[path] != nil }

    /// The bytes of the part at `path`, or nil when there is none.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        if entry.uncompressedSize > UInt64(partLimit) { throw tooLarge(path) }
        var out = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                if out.count + chunk.count > partLimit { throw PartTooLarge() }
                out.append(chunk)
            }
        } catch is PartTooLarge {
            throw tooLarge(path)
        } catch {
            throw Diagnostic(.io, Messages.damagedWorkbook(name, path), at: nil)
        }
        return out
    }

    private struct PartTooLarge: Error {}

    private func tooLarge(_ path: String) -> Diagnostic {
        Diagnostic(.io, Messages.workbookPartTooLarge(name, path, partLimit), at: nil)
    }

    /// Streams the XML of the part at `path` to `handler`; a part that is not well-formed
    /// XML is an error naming the part, line and column.
    func parse(_ path: String, _ handler: XMLEvents) throws {
        guard let data = try part(path) else {
            throw Diagnostic(.io, Messages.notAWorkbook(name, Messages.noPart(path)), at: nil, hint: Messages.workbookHint)
        }
        do {
            try XMLTokenizer.parse(data, handler)
        } catch let e as XMLSyntaxError {
            throw Diagnostic(.io, Messages.malformedWorkbookXML(name, path, e.line, e.column), at: nil)
        }
    }
}

/// Events of one XML part, with element names stripped of their namespace prefix
/// (producers write `<x:c>` as well as `<c>`). Text is collected only while `collecting`.
class XMLEvents: XMLHandler {
    var collecting = false
    var text = ""

    func start(_ name: Substring, _ attributes: [String: String]) throws {}
    func end(_ name: Substring) throws {}

    /// The value of attribute `local` whatever its prefix (`r:id`, `id`).
    func attribute(_ attributes: [String: String], _ local: String) -> String? {
        if let v = attributes[local] { return v }
        return attributes.first { $0.key.hasSuffix(":" + local) }?.value
    }

    private static func local(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
        return name[name.index(after: colon)...]
    }

    func startElement(_ name: String, _ attributes: [String: String]) throws {
        try start(XMLEvents.local(name), attributes)
    }

    func endElement(_ name: String) throws {
        try end(XMLEvents.local(name))
    }

    func characters(_ string: String) {
        if collecting { text += string }
    }
}
