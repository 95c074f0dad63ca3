import Foundation
import Testing
@testable import IQL

/// Records every event as a line: `<name a=1>`, `</name>`, `"text"` (adjacent text joined).
private final class Recorder: XMLHandler {
    var events: [String] = []

    func startElement(_ name: String, _ attributes: [String: String]) {
        let pairs = attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        events.append("<\(name)\(pairs)>")
    }
    func endElement(_ name: String) { events.append("</\(name)>") }
    func characters(_ text: String) {
        if let last = events.last, last.hasPrefix("\"") {
            events[events.count - 1] = String(last.dropLast()) + text + "\""
        } else {
            events.append("\"\(text)\"")
        }
    }
}

@Suite struct XMLTokenizerTests {
    private func events(_ xml: String) throws -> [String] {
        try events(Data(xml.utf8))
    }

    private func events(_ data: Data) throws -> [String] {
        let recorder = Recorder()
        try XMLTokenizer.parse(data, recorder)
        return recorder.events
    }

    /// The error for `xml`: where (line:column) and why, in English.
    private func failure(_ xml: String) -> String? {
        failure(Data(xml.utf8))
    }

    private func failure(_ data: Data) -> String? {
        do {
            _ = try events(data)
            return nil
        } catch let e as XMLSyntaxError {
            return "\(e.line):\(e.column) \(e.reason.en)"
        } catch {
            return "unexpected \(error)"
        }
    }

    // MARK: Well-formed documents

    @Test func elementsAttributesAndTextInOrder() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!-- a comment -->
        <w:document xmlns:w="urn:w"><w:p><w:r><w:t xml:space='preserve'> 通化 </w:t></w:r><w:br/></w:p></w:document>
        """
        #expect(try events(xml) == [
            "<w:document xmlns:w=urn:w>", "<w:p>", "<w:r>", "<w:t xml:space=preserve>", "\" 通化 \"",
            "</w:t>", "</w:r>", "<w:br>", "</w:br>", "</w:p>", "</w:document>",
        ])
    }

    @Test func referencesAreDecoded() throws {
        #expect(try events("<a t=\"&lt;&amp;&gt;&quot;&apos;\">&#20013;&#x6587;&amp;&#x1F600;</a>")
            == ["<a t=<&>\"'>", "\"中文&😀\"", "</a>"])
    }

    @Test func cdataIsTextAndMarkupInsideItIsNot() throws {
        #expect(try events("<a>x<![CDATA[<b>&amp;</b>]]>y</a>") == ["<a>", "\"x<b>&amp;</b>y\"", "</a>"])
    }

    @Test func lineEndsAreNormalisedAndAttributeWhiteSpaceBecomesSpaces() throws {
        #expect(try events("<a v=\"1\r\n2\t3\n4\">x\r\ny\rz</a>") == ["<a v=1 2 3 4>", "\"x\ny\nz\"", "</a>"])
        // A character reference keeps the character it names, even in an attribute.
        #expect(try events("<a v=\"1&#10;2\"/>") == ["<a v=1\n2>", "</a>"])
    }

    @Test func aByteOrderMarkAndSpaceAroundTheRootAreAllowed() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("\n <r/> \n<!-- end -->\n".utf8))
        #expect(try events(data) == ["<r>", "</r>"])
    }

    @Test func spaceInsideTagsIsAllowed() throws {
        #expect(try events("<a\n  b = 'x'\tc=\"y\" ></a >") == ["<a b=x c=y>", "</a>"])
    }

    // MARK: Malformed documents: each error located, with its reason

    @Test(arguments: [
        ("", "1:1 the document has no element"),
        ("<?xml version=\"1.0\"?>\n", "2:1 the document has no element"),
        ("<a><b></a>", "1:7 expected </b>, found </a>"),
        ("<a>\n<b>", "2:4 the document ends before element <b> is closed"),
        ("<a></a></b>", "1:8 end tag </b> closes no element"),
        ("<a/><b/>", "1:5 element <b> after the root element"),
        ("<a/>text", "1:5 text outside the root element"),
        ("text<a/>", "1:1 text outside the root element"),
        ("<a b=\"1\" b=\"2\"/>", "1:10 attribute b is repeated"),
        ("<a b=1/>", "1:4 attribute b has no quoted value"),
        ("<a b/>", "1:4 attribute b has no quoted value"),
        ("<a b=\"<\"/>", "1:7 '<' in the value of attribute b"),
        ("<a b=\"1\"c=\"2\"/>", "1:9 tag <a> is malformed"),
        ("<a b=\"1", "1:1 tag <a> is not ended by '>'"),
        ("<a", "1:1 tag <a> is not ended by '>'"),
        ("<a></a", "1:4 tag </a> is not ended by '>'"),
        ("<1a/>", "1:2 a name was expected"),
        ("< a/>", "1:2 a name was expected"),
        ("<a>&unknown;</a>", "1:4 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a>AT&T</a>", "1:6 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a>&#0;</a>", "1:4 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a>&#xD800;</a>", "1:4 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a>&#x110000;</a>", "1:4 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a>&#99999999999999999999;</a>", "1:4 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a>&#x;</a>", "1:4 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a>&#+65;</a>", "1:4 an invalid entity or character reference ('&' is written '&amp;')"),
        ("<a><!-- x -- y --></a>", "1:11 '--' inside a comment"),
        ("<a><!-- x", "1:4 '<!--' is never closed by '-->'"),
        ("<a><![CDATA[x", "1:4 '<![CDATA[' is never closed by ']]>'"),
        ("<![CDATA[x]]><a/>", "1:1 text outside the root element"),
        ("<?xml version=\"1.0\"", "1:1 '<?' is never closed by '?>'"),
        ("<!ELEMENT a ANY><a/>", "1:1 unknown markup after '<!'"),
        ("<a>\u{1}</a>", "1:4 control character U+0001"),
    ])
    func malformedDocumentsAreLocated(_ xml: String, _ expected: String) {
        #expect(failure(xml) == expected)
    }

    @Test func aDocumentTypeDeclarationIsRefusedSoNoEntityExpands() {
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <lolz>&lol2;</lolz>
        """
        #expect(failure(laughs) == "2:1 a document type declaration (<!DOCTYPE>) is not accepted")
        let external = "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"
        #expect(failure(external) == "1:1 a document type declaration (<!DOCTYPE>) is not accepted")
    }

    @Test(arguments: [
        ([0x3C, 0x61, 0x3E, 0xFF, 0x3C, 0x2F, 0x61, 0x3E], "1:4 not valid UTF-8"),          // a byte that is never UTF-8
        ([0x3C, 0x61, 0x3E, 0xE4, 0xB8], "1:4 not valid UTF-8"),                              // cut inside a character
        ([0x3C, 0x61, 0x3E, 0xC0, 0xBC, 0x3C, 0x2F, 0x61, 0x3E], "1:4 not valid UTF-8"),    // an overlong '<'
        ([0x3C, 0x61, 0x3E, 0xED, 0xA0, 0x80, 0x3C, 0x2F, 0x61, 0x3E], "1:4 not valid UTF-8"), // a surrogate
        ([0x3C, 0x61, 0x20, 0x62, 0x3D, 0x22, 0xE4, 0x22, 0x2F, 0x3E], "1:7 not valid UTF-8"), // inside an attribute
        ([0xFF, 0xFE, 0x3C, 0x00, 0x61, 0x00], "1:1 not valid UTF-8"),                        // UTF-16
    ] as [([UInt8], String)])
    func invalidUTF8IsLocated(_ bytes: [UInt8], _ expected: String) {
        #expect(failure(Data(bytes)) == expected)
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(failure("<a>通化</b>") == "1:6 expected </a>, found </b>")
    }

    @Test func deepNestingNeedsNoStack() throws {
        // A million open elements: the tokenizer keeps them in an array, not on the stack.
        let depth = 1_000_000
        let xml = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        let recorder = Recorder()
        try XMLTokenizer.parse(Data(xml.utf8), recorder)
        #expect(recorder.events.count == 2 * depth)
        #expect(failure(String(repeating: "<a>", count: depth))?.hasSuffix("the document ends before element <a> is closed") == true)
    }

    @Test func everyTruncationOfADocumentIsAnErrorNeverACrash() {
        let xml = Array("<?xml version=\"1.0\"?><r a=\"1&amp;2\"><!-- c --><x><![CDATA[d]]>&#x4E2D;</x><y/></r>".utf8)
        for n in 0..<xml.count {
            #expect(failure(Data(xml[0..<n])) != nil, "cut after \(n) bytes")
        }
        #expect(failure(Data(xml)) == nil)
    }

    @Test func aHandlersErrorStopsTheTokenizerAndReachesTheCaller() {
        struct Stop: Error {}
        final class Stopper: XMLHandler {
            var seen: [String] = []
            func startElement(_ name: String, _ attributes: [String: String]) throws {
                seen.append(name)
                if name == "stop" { throw Stop() }
            }
            func endElement(_ name: String) {}
            func characters(_ text: String) {}
        }
        let stopper = Stopper()
        #expect(throws: Stop.self) { try XMLTokenizer.parse(Data("<a><stop/><never/></a>".utf8), stopper) }
        #expect(stopper.seen == ["a", "stop"])
    }
}
