import Foundation
import Testing
@testable import IQL

/// The message catalog (Sources/IQL/Messages): every entry in both languages, with the
/// same parameters, and Chinese diagnostics that read as Chinese.
@Suite struct CatalogTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/IQL/Messages").standardized

    /// One function of the catalog, as written: its name, its parameters and its body.
    struct Entry: CustomStringConvertible {
        let file: String
        let name: String
        let parameters: [String]
        let body: String
        var description: String { "\(file): \(name)" }
    }

    /// Every `static func NAME(…) -> Message` or `-> Localized` of the catalog's files.
    static func entries() throws -> [Entry] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        var out: [Entry] = []
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            var i = 0
            while i < lines.count {
                let line = lines[i]
                guard let r = line.range(of: #"static func ([A-Za-z]+)\((.*)\) -> (Message|Localized\??|Count)"#, options: .regularExpression) else { i += 1; continue }
                let header = String(line[r])
                let name = String(header.dropFirst("static func ".count).prefix { $0 != "(" })
                let params = String(header[header.index(after: header.firstIndex(of: "(")!)..<header.range(of: ") ->")!.lowerBound])
                let parameters = params.split(separator: ",").compactMap { p -> String? in
                    let words = p.split(separator: ":")[0].split(separator: " ").map(String.init)
                    return words.last.map { $0 == "_" ? nil : $0 } ?? nil
                }
                // The body: up to the line that closes the function at its indentation.
                let indent = line.prefix { $0 == " " }
                var body = [String(line[r.upperBound...])]
                if !line.hasSuffix("}") || line.hasSuffix("{") {
                    i += 1
                    while i < lines.count, !(lines[i].hasPrefix(indent + "}") && !lines[i].hasPrefix(indent + " ")) {
                        body.append(lines[i]); i += 1
                    }
                }
                out.append(Entry(file: file, name: name, parameters: parameters, body: body.joined(separator: "\n")))
                i += 1
            }
        }
        return out
    }

    /// Functions that choose a text by their argument rather than fill it in (a switch
    /// over a type's name, a token, an errno; an optional error), or pass on text iql did not
    /// write (SQLite's, code): their parameters need not appear in both texts.
    static let chooseByArgument: Set<String> = ["severity", "type", "token", "systemError", "json", "call", "host", "arguments",
                                                "nullTestHint", "dateAgainstText", "unpackable", "sqlite", "code"]

    @Test func theCatalogHasEntries() throws {
        #expect(try Self.entries().count > 150)
    }

    /// Every parameter of an entry is used in its English text and in its Chinese text
    /// (directly or through a `let` made from it), so neither language drops a name, a
    /// value or a count.
    @Test func everyParameterAppearsInBothLanguages() throws {
        for e in try Self.entries() where !Self.chooseByArgument.contains(e.name) {
            // An overload that hands its arguments on to the entry of the same name
            // (`binary(verb, a.typeName, b.typeName)` for values) has no text of its own.
            if e.body.trimmingCharacters(in: .whitespaces).hasPrefix("{ \(e.name)(") {
                for p in e.parameters where !e.body.contains(p) { Issue.record("\(e): '\(p)' is not passed on") }
                continue
            }
            guard let en = e.body.range(of: "en:"), let zh = e.body.range(of: "zh:") else {
                Issue.record("\(e): no en: and zh: text"); continue
            }
            // Each language's text runs from its label to the other's (or to the end).
            let enText = en.lowerBound < zh.lowerBound ? String(e.body[en.upperBound..<zh.lowerBound]) : String(e.body[en.upperBound...])
            let zhText = zh.lowerBound < en.lowerBound ? String(e.body[zh.upperBound..<en.lowerBound]) : String(e.body[zh.upperBound...])
            let prelude = String(e.body[..<min(en.lowerBound, zh.lowerBound)])
            for p in e.parameters {
                // Names bound from the parameter before the texts: `let q = Formatter.quoted(code)`.
                var names = [p]
                for line in prelude.components(separatedBy: "\n") where line.contains("let ") && Self.mentions(line, p) {
                    let bound = line.components(separatedBy: "let ").dropFirst().joined(separator: "let ")
                    for part in bound.components(separatedBy: ",") {
                        let n = part.split(separator: "=")[0].trimmingCharacters(in: .whitespaces)
                        if !n.isEmpty, n.allSatisfy({ $0.isLetter || $0.isNumber }) { names.append(n) }
                    }
                }
                if e.body.contains("switch \(p)") { continue }
                #expect(names.contains { Self.mentions(enText, $0) }, "\(e): parameter '\(p)' is missing from the English text")
                #expect(names.contains { Self.mentions(zhText, $0) }, "\(e): parameter '\(p)' is missing from the Chinese text")
            }
        }
    }

    /// Whether `text` uses the identifier `name`.
    static func mentions(_ text: String, _ name: String) -> Bool {
        text.range(of: "(?<![A-Za-z0-9_.])\(name)(?![A-Za-z0-9_])", options: .regularExpression) != nil
    }

    /// No text of the catalog is empty in either language.
    @Test func noTextIsEmpty() throws {
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains(#"zh: """#) && !text.contains(#"en: """#), "\(file) has an empty text")
        }
    }

    /// IDs are snake_case words, so scripts and hosts can match them.
    @Test func idsAreStableWords() throws {
        let ids = try Self.entries().compactMap { e -> String? in
            guard let r = e.body.range(of: #"Message\("[^"]*""#, options: .regularExpression) else { return nil }
            return String(e.body[r].dropFirst(9).dropLast())
        }
        #expect(ids.count > 100)
        for id in ids { #expect(id.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "bad id '\(id)'") }
    }

    @Test func aDiagnosticExposesItsID() throws {
        let engine = Engine()
        do {
            _ = try engine.evaluate("let target = 1\ntargt + 1")
            Issue.record("no error")
        } catch let e as IQLError {
            #expect(e.diagnostics.first?.id == "unknown_name")
            #expect(e.diagnostics.first?.message == "unknown name 'targt'")
            #expect(e.diagnostics.first?.entry.text(.zh) == "未知的名称'targt'：没有这个列、变量或函数")
            #expect(e.diagnostics.first?.hintText?.zh == "是不是'target'？")
        }
    }

    /// Failing scripts across the pipeline: lexer, parser, names, types, limits, files,
    /// stages, windows, `compare`, builtins.
    static let failing: [String] = [
        "let x = (1 + 2",
        "let s = 'text'",
        "1 % 2",
        "let y = if 1 > 0 then 2",
        "let t = [{a: 1}]\nt | wher a > 0",
        "let target = 1\ntargt + 1",
        "[{a: 1}] | where b > 0",
        "\"共有\" + 3",
        "-\"a\"",
        "round(1, 2, 3)",
        "fn f(n) = f(n + 1)\nf(1)",
        "read_csv(\"no/such/dir/*.csv\")",
        "read_csv(\"/nonexistent/file.csv\")",
        "read_csv(\"x.csv\", encoding: \"latin9\")",
        "[{name: \"a\"}] | sort -name",
        "[{a: 1}] | select a, a",
        "[{a: 1}] | group by a { n = count }",
        "lag(1)",
        "date(2023, 6)",
        "period(\"someday\")",
        "label(\"late\")",
        "x == null",
        "[1, 2][\"a\"]",
        "indicators | compare [{indicator_id: \"x\", value: 1}]",
        "[{a: 1}] | take 2..4",
        "{a: 1}.b",
        "1\n+ 2",
    ]

    /// Words that may stay English in Chinese text: code (function names, keywords,
    /// formats) that the analyst types as it is.
    static let code: Set<String> = [
        "iql", "and", "or", "not", "in", "is_null", "null", "true", "false", "if", "then", "else", "let", "fn", "import",
        "date", "mod", "string", "sum", "first", "count", "by", "sort", "desc", "skip", "take", "where", "window", "group",
        "select", "derive", "join", "left", "right", "on", "pivot", "unpivot", "into", "compare", "profiles", "at", "chart",
        "UTF", "GB18030", "GBK", "GB2312", "encoding", "utf", "Unicode", "Swift", "Excel", "xlsx", "xls", "csv", "read_csv",
        "read_xlsx", "zip", "XML", "JSON", "SQLite", "SELECT", "MB", "iconv", "linear", "year_end", "point", "ACTUALS", "TABLE",
        "steps", "depth", "rows", "time_ms", "list", "COLUMN", "value", "id", "period", "lag", "xs", "name", "expression", "items",
        "indicators", "ms", "round", "label", "matches", "behind", "met", "ahead", "on_track", "pending", "no_data",
        "x", "t", "a", "b", "n", "H1", "Q2", "T", "key", "indicator_id",
    ]

    /// The Chinese rendering of a failing script, with code taken out: quoted text
    /// ('…', "…", `…`), the source lines and carets, and `file:line:column:`.
    static func chineseProse(_ script: String) throws -> String {
        let engine = Engine(fileAccess: .all, language: .zh)
        do {
            let program = try engine.compile(script, name: "s.iql")
            try engine.run(program) { _ in }
            if !program.warnings.isEmpty { return DiagnosticRenderer(language: .zh).render(program.warnings) }
            Issue.record("no error: \(script)")
            return ""
        } catch let e as IQLError {
            return DiagnosticRenderer(language: .zh).render(e.diagnostics)
        }
    }

    static func englishWords(_ rendered: String) -> [String] {
        var prose = rendered.components(separatedBy: "\n")
            .filter { !$0.contains(" | ") && !$0.hasSuffix(" |") }
            .map { $0.replacingOccurrences(of: #"^s\.iql:\d+:\d+:"#, with: "", options: .regularExpression) }
            .joined(separator: "\n")
        for pattern in [#"'[^'\n]*'"#, #""[^"\n]*""#, "`[^`\n]*`", #"[A-Za-z_]+\([^)\n]*\)"#, #"\$[a-z]+"#] {
            prose = prose.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let regex = try! NSRegularExpression(pattern: "[A-Za-z][A-Za-z0-9_]*")
        let ns = prose as NSString
        return regex.matches(in: prose, range: NSRange(location: 0, length: ns.length))
            .map { ns.substring(with: $0.range) }
            .filter { !code.contains($0) }
    }

    @Test(arguments: failing)
    func chineseDiagnosticsHaveNoEnglishProse(_ script: String) throws {
        let rendered = try Self.chineseProse(script)
        #expect(rendered.contains("错误：") || rendered.contains("警告："), "\(rendered)")
        let english = Self.englishWords(rendered)
        #expect(english.isEmpty, "English words \(english) in:\n\(rendered)")
    }

    /// Every stage and every builtin has a Chinese help text, and no Chinese text is left
    /// for a name that no longer exists.
    @Test func everyStageAndBuiltinHasChineseHelp() throws {
        let stages = Set(StageRegistry.all.map(\.name)), functions = Set(Builtins.all.map(\.name))
        #expect(stages.subtracting(Messages.stageSummaries.keys).sorted() == [])
        #expect(functions.subtracting(Messages.functionDocs.keys).sorted() == [])
        #expect(Set(Messages.stageSummaries.keys).subtracting(stages).sorted() == [])
        #expect(Set(Messages.functionDocs.keys).subtracting(functions).sorted() == [])
        for (name, text) in Messages.stageSummaries.merging(Messages.functionDocs, uniquingKeysWith: { a, _ in a }) {
            #expect(text.unicodeScalars.contains { $0.properties.isIdeographic }, "\(name): '\(text)' is not Chinese")
        }
        let zh = try #require(Help.topic("where", language: .zh))
        #expect(zh.hasPrefix("阶段 T | where CONDITION\n  保留条件为真的行（null 视为假）\n  示例：indicators | where "))
        #expect(Help.topic("round", language: .zh)?.contains("四舍五入") == true)
        #expect(Help.topic("round")?.contains("round half away from zero") == true)
    }

    @Test func theEnglishRenderingIsUnchangedByTheCatalog() throws {
        let engine = Engine()
        do {
            _ = try engine.evaluate("let target = 1\ntargt + 1")
        } catch let e as IQLError {
            #expect(DiagnosticRenderer().render(e.diagnostics) == """
            <input>:2:1: error: unknown name 'targt'
              |
            2 | targt + 1
              | ^^^^^
              hint: did you mean 'target'?

            """)
        }
    }
}
