import Foundation
import IQL

/// What Tab offers at the cursor.
public struct Completion: Equatable, Sendable {
    /// The word typed so far, which a chosen candidate replaces.
    public var typed: String
    /// The candidates that start with ``typed``, in the order to list them, each once.
    public var candidates: [String]
    /// Appended after a sole candidate: a closing quote inside a string, a space after a stage name.
    public var terminator: String

    public init(typed: String, candidates: [String], terminator: String = "") {
        self.typed = typed
        var seen = Set<String>()
        self.candidates = candidates.filter { seen.insert($0).inserted }
        self.terminator = terminator
    }

    /// Nothing to offer.
    public static let none = Completion(typed: "", candidates: [])

    /// The text that replaces ``typed``: the sole candidate and its terminator, or the
    /// longest prefix all candidates share; nil when Tab can add nothing, so that the
    /// candidates should be listed instead.
    public var replacement: String? {
        if candidates.count == 1 {
            let only = candidates[0]
            return only.hasSuffix("/") ? only : only + terminator
        }
        guard var common = candidates.first.map({ Array($0.unicodeScalars) }) else { return nil }
        for c in candidates.dropFirst() {
            let s = Array(c.unicodeScalars)
            var n = 0
            while n < min(common.count, s.count) && common[n] == s[n] { n += 1 }
            common.removeLast(common.count - n)
        }
        let prefix = String(String.UnicodeScalarView(common))
        return prefix.unicodeScalars.count > typed.unicodeScalars.count ? prefix : nil
    }

    /// The candidates in columns that fit `width` terminal cells, for listing below the prompt.
    public func listing(width: Int) -> String {
        let cellWidth = (candidates.map(Formatter.displayWidth).max() ?? 0) + 2
        let perLine = max(1, width / max(cellWidth, 1))
        var out = ""
        for (i, c) in candidates.enumerated() {
            let last = i % perLine == perLine - 1 || i == candidates.count - 1
            out += last ? c + "\n" : c + String(repeating: " ", count: cellWidth - Formatter.displayWidth(c))
        }
        return out
    }
}

/// Context-aware completion for the prompt: meta commands, keywords, stage names after
/// `|`, globals and builtins, the columns of the table flowing into the current stage,
/// the values of a string column inside quotes, and file paths inside `read_csv("`.
///
/// To learn the columns, the pipeline before the current stage is run with tight limits
/// and no file access (Tab must never write a file or hang).
public struct Completer {
    let engine: Engine
    /// The meta commands, without their colon.
    let metaCommands: [String]

    /// Limits for running a pipeline prefix to learn its columns.
    static let probeLimits = Limits(steps: 1_000_000, timeMilliseconds: 300)
    /// Functions whose first argument is a file path.
    static let pathFunctions: Set<String> = ["read_csv", "read_json", "read_sqlite", "write_csv", "write_json", "write_markdown", "extract_plan"]

    public init(engine: Engine, metaCommands: [String] = MetaCommand.all.map(\.name)) {
        self.engine = engine
        self.metaCommands = metaCommands
    }

    /// What Tab offers after `text`: the statement so far (earlier lines of a multi-line
    /// statement, then the current line up to the cursor).
    public func complete(_ text: String) -> Completion {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(":") { return completeMeta(String(trimmed)) }
        let scan = Scan(Array(text.unicodeScalars))
        if let open = scan.openString {
            let typed = String(String.UnicodeScalarView(scan.chars[(open + 1)...]))
            return completeInString(scan, quote: open, typed: typed)
        }
        var start = scan.chars.count
        while start > 0, Scan.isNameChar(scan.chars[start - 1]) { start -= 1 }
        let typed = String(String.UnicodeScalarView(scan.chars[start...]))
        var before = start
        while before > 0, scan.chars[before - 1] == " " || scan.chars[before - 1] == "\t" || scan.chars[before - 1] == "\n" { before -= 1 }
        let previous = before > 0 ? scan.chars[before - 1] : nil
        if previous == "." || (typed.first?.isNumber ?? false) { return .none }
        // Window functions are offered only inside a window's block, where they work.
        let windowOnly = Set(Help.windowFunctions)
        let functions = scan.blockStage == "window" ? Help.functions : Help.functions.filter { !windowOnly.contains($0) }
        if previous == "|" {
            let globals = engine.globalNames.filter { if case .function = engine.value(of: $0) { return true }; return false }
            return Completion(typed: typed, candidates: matching(typed, Help.stages + functions + globals), terminator: " ")
        }
        var names: [String] = []
        if let input = stageInput(scan, before: start) { names += input.names }
        if typed.isEmpty && !names.isEmpty { return Completion(typed: typed, candidates: names) }
        names += engine.globalNames + functions + Help.keywords
        return Completion(typed: typed, candidates: matching(typed, names))
    }

    // MARK: Meta commands

    private func completeMeta(_ text: String) -> Completion {
        guard let space = text.firstIndex(of: " ") else {
            return Completion(typed: text, candidates: matching(text, metaCommands.map { ":" + $0 }), terminator: " ")
        }
        let command = text[text.index(after: text.startIndex)..<space]
        let typed = String(text[space...].drop { $0 == " " })
        switch command {
        case "help":
            return Completion(typed: typed, candidates: matching(typed, Help.topics + metaCommands.map { ":" + $0 }))
        case "schema":
            return Completion(typed: typed, candidates: matching(typed, engine.globalNames.filter { engine.value(of: $0)?.tableView != nil }))
        case "load":
            return Completion(typed: typed, candidates: paths(typed))
        case "format":
            return Completion(typed: typed, candidates: matching(typed, OutputFormat.allCases.map(\.rawValue)))
        case "lang":
            return Completion(typed: typed, candidates: matching(typed, Language.allCases.map(\.rawValue)))
        case "timing":
            return Completion(typed: typed, candidates: matching(typed, ["on", "off"]))
        default:
            return .none
        }
    }

    // MARK: Inside a string

    private func completeInString(_ scan: Scan, quote: Int, typed: String) -> Completion {
        var k = quote
        while k > 0, scan.chars[k - 1] == " " { k -= 1 }
        if k > 0, scan.chars[k - 1] == "(" {
            var s = k - 1
            while s > 0, Scan.isNameChar(scan.chars[s - 1]) { s -= 1 }
            let callee = String(String.UnicodeScalarView(scan.chars[s..<(k - 1)]))
            if Completer.pathFunctions.contains(callee) {
                return Completion(typed: typed, candidates: paths(typed), terminator: "\"")
            }
        }
        if let word = scan.word(endingBefore: k), word == "import" {
            return Completion(typed: typed, candidates: paths(typed), terminator: "\"")
        }
        guard let input = stageInput(scan, before: quote) else { return .none }
        let values: [String]
        if let column = columnBefore(scan, quote), let strings = input.strings(of: column) {
            values = strings
        } else {
            values = input.names.flatMap { input.strings(of: $0) ?? [] }
        }
        return Completion(typed: typed, candidates: values.filter { $0.hasPrefix(typed) }, terminator: "\"")
    }

    /// The column a string is compared with: `topic == "`, `topic in ["a", "`.
    private func columnBefore(_ scan: Scan, _ quote: Int) -> String? {
        var k = quote
        while k > 0 {
            let c = scan.chars[k - 1]
            if " \t\n=!<>[,".unicodeScalars.contains(c) {
                k -= 1
            } else if c == "\"" {
                // Skip an earlier string of the same list.
                k -= 1
                while k > 0, scan.chars[k - 1] != "\"" { k -= 1 }
                k = max(0, k - 1)
            } else if scan.word(endingBefore: k) == "in" {
                k -= 2
            } else {
                return scan.word(endingBefore: k)
            }
        }
        return nil
    }

    // MARK: The table flowing into the current stage

    /// The table flowing into the stage the cursor is in, by running the pipeline before it.
    private func stageInput(_ scan: Scan, before end: Int) -> Table? {
        guard let (start, pipe) = scan.currentStage(before: end) else { return nil }
        var source = String(String.UnicodeScalarView(scan.chars[start..<pipe]))
        // `let x = t | where …`: the pipeline is what follows the `=`.
        if let match = source.range(of: #"^\s*let\s+[^=]+=(?!=)"#, options: .regularExpression) {
            source.removeSubrange(match)
        }
        if let table = probe(source) { return table }
        // Too slow or failing: at least the columns of a table named at the head.
        let head = source.trimmingCharacters(in: .whitespacesAndNewlines).prefix { $0 != " " && $0 != "|" && $0 != "\n" }
        return engine.value(of: String(head))?.tableView
    }

    private func probe(_ source: String) -> Table? {
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
              let program = try? engine.compile(source, name: "<completion>") else { return nil }
        let access = engine.fileAccess
        engine.fileAccess = .none
        defer { engine.fileAccess = access }
        return (try? engine.run(program, limits: Completer.probeLimits))?.tableView
    }

    // MARK: Helpers

    private func matching(_ typed: String, _ names: [String]) -> [String] {
        let lower = typed.lowercased()
        return names.filter { $0.lowercased().hasPrefix(lower) }
    }

    /// Files and directories that start with `typed`; directories end in `/`.
    func paths(_ typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let dirPart = slash.map { String(typed[...$0]) } ?? ""
        let base = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var dir = dirPart.isEmpty ? "." : dirPart
        if dir.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            dir = home + dir.dropFirst()
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(name), isDirectory: &isDir)
            return dirPart + name + (isDir.boolValue ? "/" : "")
        }
    }
}

/// A light lexical scan of the text before the cursor: strings, comments, brackets,
/// statement ends and pipes, enough to know where the cursor stands.
struct Scan {
    let chars: [Unicode.Scalar]
    /// Index of the opening quote of an unclosed string, if the cursor is inside one.
    private(set) var openString: Int?
    /// Open brackets, innermost last: where each frame starts and its top-level pipes.
    private var frames: [(start: Int, pipes: [Int])] = [(0, [])]

    init(_ chars: [Unicode.Scalar]) {
        self.chars = chars
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\"":
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                if j >= chars.count { openString = i; return }
                i = j
            case "#":
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case "(", "[", "{":
                frames.append((i + 1, []))
            case ")", "]", "}":
                if frames.count > 1 { frames.removeLast() }
            case ";":
                frames[frames.count - 1] = (i + 1, [])
            case "|":
                frames[frames.count - 1].pipes.append(i)
            case "\n" where frames.count == 1:
                // A newline ends a statement unless a `|` (or an operator) continues it;
                // text typed at the prompt is one statement, so only a finished line
                // followed by more text starts a new one.
                if let next = chars[(i + 1)...].first(where: { $0 != " " && $0 != "\t" && $0 != "\n" }), next != "|",
                   let last = chars[..<i].last(where: { $0 != " " && $0 != "\t" }), !"|+-*/=<>,(".unicodeScalars.contains(last) {
                    frames[0] = (i + 1, [])
                }
            default:
                break
            }
            i += 1
        }
    }

    /// The start of the current pipeline and its last `|` before `end`: the innermost
    /// bracket that has a pipe, so that the inside of `group { … }` sees its stage's input.
    func currentStage(before end: Int) -> (start: Int, pipe: Int)? {
        for frame in frames.reversed() {
            if let pipe = frame.pipes.last(where: { $0 < end }) { return (frame.start, pipe) }
        }
        return nil
    }

    /// The stage whose `{ … }` block the end of the text is in (`window` in
    /// `t | window by k { p = `), if the innermost open bracket is such a block.
    var blockStage: String? {
        guard frames.count >= 2, let open = frames.last.map({ $0.start - 1 }), open >= 0, chars[open] == "{",
              let pipe = frames[frames.count - 2].pipes.last(where: { $0 < open }) else { return nil }
        var s = pipe + 1
        while s < open, chars[s] == " " || chars[s] == "\t" || chars[s] == "\n" { s += 1 }
        var e = s
        while e < open, Scan.isNameChar(chars[e]) { e += 1 }
        return e > s ? String(String.UnicodeScalarView(chars[s..<e])) : nil
    }

    /// The name that ends right before index `end` (blanks skipped), if any.
    func word(endingBefore end: Int) -> String? {
        var e = end
        while e > 0, chars[e - 1] == " " || chars[e - 1] == "\t" { e -= 1 }
        var s = e
        while s > 0, Scan.isNameChar(chars[s - 1]) { s -= 1 }
        return s < e ? String(String.UnicodeScalarView(chars[s..<e])) : nil
    }

    static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c)
    }
}
