import Foundation
import Testing
@testable import IQL

/// Text columns of many distinct values: interned by their bytes, with the
/// dictionary's String index built only when a lookup needs it.
@Suite struct DistinctStringTests {
    static func column(_ cells: [String]) throws -> (codes: [Int32], dictionary: StringDictionary) {
        let csv = "name\n" + cells.map { "\"\($0)\"" }.joined(separator: "\n") + "\n"
        let t = try CSVReader(name: "t.csv").read(Array(csv.utf8))
        guard case .string(let codes, let dictionary) = t.columns[0].storage else {
            Issue.record("not a text column")
            return ([], StringDictionary())
        }
        return (codes, dictionary)
    }

    @Test func everyDistinctValueGetsItsOwnCodeInFirstAppearanceOrder() throws {
        let names = (0..<50_000).map { "项目\($0)号北区（一期）" }
        let (codes, dictionary) = try Self.column(names + names.reversed())
        #expect(codes == (0..<50_000).map(Int32.init) + (0..<50_000).reversed().map(Int32.init))
        #expect(dictionary.strings == names)
        // The index, built on the first lookup, finds every entry.
        #expect(dictionary.code(of: "项目49999号北区（一期）") == 49_999)
        #expect(dictionary.code(of: "项目50000号北区（一期）") == nil)
        #expect(dictionary.intern("新") == 50_000)
    }

    @Test func canonicallyEquivalentSpellingsShareACode() throws {
        // Precomposed and decomposed é; a compatibility ideograph (U+F900) and the one
        // it is canonically equivalent to (U+8C48), after plain text and before it.
        for cells in [["caf\u{E9}", "cafe\u{301}", "北京"], ["cafe\u{301}", "caf\u{E9}"],
                      ["长春", "\u{8C48}", "\u{F900}"], ["\u{F900}", "\u{8C48}", "长春", "\u{8C48}"]] {
            let (codes, dictionary) = try Self.column(cells)
            for i in cells.indices {
                #expect(dictionary.strings[Int(codes[i])] == cells[i])
                for j in cells.indices { #expect((codes[i] == codes[j]) == (cells[i] == cells[j]), "\(cells)") }
            }
        }
    }

    @Test func onlyNormalisationStableBytesSkipTheStringComparison() {
        func stable(_ s: String) -> Bool {
            Array(s.utf8).withUnsafeBufferPointer { ByteInterner.isStable($0.baseAddress!, $0.count) }
        }
        #expect(stable("长春汽车制造示范区") && stable("ab 12,3") && stable("“新建”——（一期）") && stable("：！"))
        #expect(!stable("caf\u{E9}") && !stable("e\u{301}") && !stable("\u{F900}") && !stable("한국") && !stable("\u{302A}"))
    }
}
