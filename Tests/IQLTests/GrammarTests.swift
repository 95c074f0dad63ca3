import Foundation
import Testing
@testable import IQL

/// Keeps the grammar, the examples and the README honest: every example script and
/// every fenced `iql` block of README.md must parse.
@Suite struct GrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var examples: [String] {
        let dir = root.appendingPathComponent("Examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".iql") }.sorted()
    }

    /// A runner that finds no example would pass having tested nothing.
    @Test func examplesAreFound() {
        #expect(Self.examples.count >= 3, "only \(Self.examples.count) example scripts in Examples/")
    }

    @Test(arguments: examples)
    func exampleParses(_ name: String) throws {
        let path = Self.root.appendingPathComponent("Examples/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        _ = try Parser.parse(SourceFile(name: name, text: text))
    }

    static func readmeBlocks() throws -> [String] {
        let text = try String(contentsOfFile: root.appendingPathComponent("README.md").path, encoding: .utf8)
        var blocks: [String] = [], current: [String]? = nil
        for line in text.components(separatedBy: "\n") {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```iql" { current = [] }
            else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" { blocks.append(current!.joined(separator: "\n")); current = nil }
            else if current != nil { current!.append(line) }
        }
        return blocks
    }

    @Test func readmeBlocksParse() throws {
        let blocks = try Self.readmeBlocks()
        #expect(blocks.count >= 4)
        for (i, block) in blocks.enumerated() {
            #expect(throws: Never.self, "README iql block \(i + 1)") { _ = try Parser.parse(SourceFile(name: "README block \(i + 1)", text: block)) }
        }
    }

    @Test func grammarNamesEveryStageAndReservedWord() throws {
        let ebnf = try String(contentsOfFile: Self.root.appendingPathComponent("Grammar/iql.ebnf").path, encoding: .utf8)
        for word in StageRegistry.words + Keyword.allCases.map(\.rawValue) {
            #expect(ebnf.contains("\"\(word)\"") || ebnf.contains(" \(word) "), "Grammar/iql.ebnf does not mention '\(word)'")
        }
    }

    @Test func readmeDocumentsEveryBuiltin() throws {
        let readme = try String(contentsOfFile: Self.root.appendingPathComponent("README.md").path, encoding: .utf8)
        for name in Builtins.names.sorted() {
            #expect(readme.contains("`\(name)(") || readme.contains("`\(name)`"), "README.md does not document '\(name)'")
        }
    }
}
