import Foundation
import Testing
@testable import IQL

/// Keeps `Grammar/iql.ebnf` true in the other direction from `GrammarTests`: random
/// sentences generated from the grammar itself must all parse. The EBNF is read from
/// the file, so a rule the parser does not follow fails here with the sentence.
@Suite struct GrammarSentenceTests {
    static let grammarPath = GrammarTests.root.appendingPathComponent("Grammar/iql.ebnf").path

    static let commentRules = ["is given twice in this record", "not a Unicode scalar value"]

    @Test func theGrammarFileReadsAsEBNF() throws {
        let g = try EBNF(try String(contentsOfFile: Self.grammarPath, encoding: .utf8))
        for rule in ["program", "statement", "expr", "stage", "primary", "NUMBER", "STRING"] {
            #expect(g.rules[rule] != nil, "no rule '\(rule)'")
        }
        #expect(g.undefined.isEmpty, "rules used but not defined: \(g.undefined.sorted())")
    }

    @Test(arguments: 0..<8)
    func everyGeneratedSentenceParses(_ batch: Int) throws {
        let g = try EBNF(try String(contentsOfFile: Self.grammarPath, encoding: .utf8))
        var seeds = SplitMix(seed: UInt64(batch))
        var generator = SentenceGenerator(grammar: g, seed: seeds.next())
        for i in 0..<250 {
            let text = generator.sentence("program")
            do {
                _ = try Parser.parse(SourceFile(name: "generated", text: text))
            } catch let e as IQLError where e.diagnostics.allSatisfy({ d in Self.commentRules.contains { d.message.contains($0) } }) {
                // The grammar states these rules in comments the generator does not read
                // (a field name once per record, a \u{…} escape a Unicode scalar value):
                // such a sentence is not one of the language.
                continue
            } catch let e as IQLError {
                Issue.record("sentence \(batch).\(i) of the grammar does not parse:\n\(text)\n\(e)")
                return
            }
        }
    }
}

/// A small reader of the ISO-style EBNF that `Grammar/iql.ebnf` is written in:
/// `name = alternatives ;` with `,` sequences, `|` alternatives, `[ ]` options,
/// `{ }` repetitions, `( )` groups, quoted terminals, `? … ?` special sequences and
/// `(* … *)` comments.
struct EBNF {
    indirect enum Node {
        case terminal(String)
        case rule(String)
        case special(String)
        case sequence([Node])
        case choice([Node])
        case optional(Node)
        case repeated(Node)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var rules: [String: Node] = [:]
    /// Names used on a right-hand side but defined nowhere.
    var undefined: Set<String> {
        var used = Set<String>()
        func walk(_ n: Node) {
            switch n {
            case .rule(let r): used.insert(r)
            case .sequence(let xs), .choice(let xs): xs.forEach(walk)
            case .optional(let x), .repeated(let x): walk(x)
            case .terminal, .special: break
            }
        }
        rules.values.forEach(walk)
        return used.subtracting(rules.keys)
    }

    private enum Token: Equatable { case name(String), terminal(String), special(String), symbol(Character) }
    private var tokens: [Token] = []
    private var pos = 0

    init(_ text: String) throws {
        tokens = try EBNF.tokenize(text)
        while pos < tokens.count {
            guard case .name(let name) = tokens[pos] else { throw Failure(description: "expected a rule name at token \(pos)") }
            pos += 1
            try expect("=")
            rules[name] = try choice()
            try expect(";")
        }
    }

    private static func tokenize(_ text: String) throws -> [Token] {
        var out: [Token] = []
        let cs = Array(text)
        var i = 0
        while i < cs.count {
            let c = cs[i]
            if c.isWhitespace { i += 1; continue }
            if c == "(" && i + 1 < cs.count && cs[i + 1] == "*" {
                guard let end = (i + 2..<max(i + 2, cs.count - 1)).first(where: { cs[$0] == "*" && cs[$0 + 1] == ")" }) else {
                    throw Failure(description: "unclosed comment")
                }
                i = end + 2
            } else if c == "\"" || c == "'" {
                guard let end = (i + 1..<cs.count).first(where: { cs[$0] == c }) else { throw Failure(description: "unclosed terminal") }
                out.append(.terminal(String(cs[i + 1..<end])))
                i = end + 1
            } else if c == "?" {
                guard let end = (i + 1..<cs.count).first(where: { cs[$0] == "?" }) else { throw Failure(description: "unclosed special sequence") }
                out.append(.special(String(cs[i + 1..<end]).trimmingCharacters(in: .whitespaces)))
                i = end + 1
            } else if c.isLetter || c == "_" {
                var j = i
                while j < cs.count && (cs[j].isLetter || cs[j].isNumber || cs[j] == "_") { j += 1 }
                out.append(.name(String(cs[i..<j])))
                i = j
            } else if "=,|;[]{}()".contains(c) {
                out.append(.symbol(c))
                i += 1
            } else {
                throw Failure(description: "unexpected character '\(c)' in the grammar")
            }
        }
        return out
    }

    private mutating func expect(_ c: Character) throws {
        guard pos < tokens.count, tokens[pos] == .symbol(c) else { throw Failure(description: "expected '\(c)' at token \(pos)") }
        pos += 1
    }

    private func at(_ c: Character) -> Bool { pos < tokens.count && tokens[pos] == .symbol(c) }

    private mutating func choice() throws -> Node {
        var alts = [try sequence()]
        while at("|") { pos += 1; alts.append(try sequence()) }
        return alts.count == 1 ? alts[0] : .choice(alts)
    }

    private mutating func sequence() throws -> Node {
        var items = [try item()]
        while at(",") { pos += 1; items.append(try item()) }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func item() throws -> Node {
        guard pos < tokens.count else { throw Failure(description: "unexpected end of the grammar") }
        let t = tokens[pos]
        pos += 1
        switch t {
        case .name(let n): return .rule(n)
        case .terminal(let s): return .terminal(s)
        case .special(let s): return .special(s)
        case .symbol("["): let x = try choice(); try expect("]"); return .optional(x)
        case .symbol("{"): let x = try choice(); try expect("}"); return .repeated(x)
        case .symbol("("): let x = try choice(); try expect(")"); return x
        case .symbol(let c): throw Failure(description: "unexpected '\(c)' in the grammar")
        }
    }
}

/// Random sentences of an ``EBNF`` grammar, deep enough to combine every rule and
/// bounded so that each one ends: past `maxDepth` every choice takes its shallowest
/// alternative and every option and repetition is left out.
struct SentenceGenerator {
    let grammar: EBNF
    var rng: SplitMix
    var maxDepth = 30
    /// Terminals written so far in this sentence; past `budget`, the sentence winds down
    /// as if it were too deep, so that branching cannot make it explode.
    private var written = 0
    var budget = 120
    /// The fewest levels each rule needs to produce a sentence.
    private var minDepth: [String: Int] = [:]

    /// Names a sentence uses: never a reserved word, nor a word that starts a stage or
    /// a clause inside one (`by`, `on`, `desc`, …), which the parser reads as that word
    /// where the grammar allows both.
    static let names = ["x", "y", "total", "目标", "指标_2", "`2023年`", "`a b`", "t", "f", "v1"]
    static let stageWords = Set(StageRegistry.words + ["by", "on", "at", "tolerance", "asc", "desc", "into", "profiles"])

    init(grammar: EBNF, seed: UInt64) {
        self.grammar = grammar
        rng = SplitMix(seed: seed)
        // Shallowest depth of each rule, as a fixed point.
        var depth: [String: Int] = [:]
        var changed = true
        while changed {
            changed = false
            for (name, node) in grammar.rules {
                if let d = Self.depth(node, depth), d + 1 < depth[name] ?? Int.max {
                    depth[name] = d + 1
                    changed = true
                }
            }
        }
        minDepth = depth
    }

    private static func depth(_ n: EBNF.Node, _ known: [String: Int]) -> Int? {
        switch n {
        case .terminal, .special: return 0
        case .rule(let r):
            if Lexical.custom.contains(r) { return 0 }
            return known[r]
        case .sequence(let xs):
            var m = 0
            for x in xs { guard let d = depth(x, known) else { return nil }; m = max(m, d) }
            return m
        case .choice(let xs): return xs.compactMap { depth($0, known) }.min()
        case .optional, .repeated: return 0
        }
    }

    /// Terminals the generator writes itself rather than from the grammar's text.
    enum Lexical {
        /// `digits` too, to keep numbers finite as the grammar's comment asks.
        static let custom: Set<String> = ["NAME", "NEWLINE", "COMMENT", "char", "hexdigits", "letter", "digits"]
    }

    mutating func sentence(_ start: String) -> String {
        var parts: [String] = []
        written = 0
        emit(.rule(start), depth: 0, lexical: false, into: &parts)
        return parts.joined()
    }

    private mutating func emit(_ n: EBNF.Node, depth: Int, lexical: Bool, into out: inout [String]) {
        let deep = depth > maxDepth || written > budget
        switch n {
        case .terminal(let s):
            written += 1
            out.append(lexical ? s : " " + s + " ")
        case .special(let s):
            if s.contains("line break outside brackets") { out.append("\n") }
        case .rule(let r):
            switch r {
            case "NAME":
                var name = Self.names[rng.below(Self.names.count)]
                while Self.stageWords.contains(name) { name = "x" }
                out.append(lexical ? name : " " + name + " ")
            case "NEWLINE": out.append("\n")
            case "COMMENT": out.append("# comment\n")
            case "char": out.append(["a", "医", " ", ",", "1"][rng.below(5)])
            case "hexdigits": out.append(["41", "4E07", "1F600"][rng.below(3)])
            case "letter": out.append(["a", "指"][rng.below(2)])
            case "digits": out.append(["0", "7", "42", "1_0", "05"][rng.below(5)])
            default:
                guard let body = grammar.rules[r] else { return }
                // Rules in capitals are tokens: their parts are written with no space
                // between them; an `expr` inside one (an interpolation) is syntax again.
                let isLexical = r == "expr" ? false : (lexical || r == r.uppercased())
                var inner: [String] = []
                emit(body, depth: depth + 1, lexical: isLexical, into: &inner)
                let text = inner.joined()
                out.append(isLexical && !lexical ? " " + text + " " : text)
            }
        case .sequence(let xs):
            for x in xs { emit(x, depth: depth, lexical: lexical, into: &out) }
        case .choice(let xs):
            let pick: EBNF.Node
            if deep {
                pick = xs.min { (Self.depth($0, minDepth) ?? Int.max) < (Self.depth($1, minDepth) ?? Int.max) }!
            } else {
                pick = xs[rng.below(xs.count)]
            }
            emit(pick, depth: depth, lexical: lexical, into: &out)
        case .optional(let x):
            if !deep && rng.below(2) == 0 { emit(x, depth: depth, lexical: lexical, into: &out) }
        case .repeated(let x):
            if deep { return }
            for _ in 0..<rng.below(3) { emit(x, depth: depth, lexical: lexical, into: &out) }
        }
    }
}
