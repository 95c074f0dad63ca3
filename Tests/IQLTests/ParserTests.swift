import Testing
@testable import IQL

@Suite struct ParserTests {
    func parse(_ text: String) throws -> [Statement] {
        try Parser.parse(SourceFile(name: "t", text: text)).statements
    }

    func errors(_ text: String) -> [Diagnostic] {
        do { _ = try parse(text); return [] } catch let e as IQLError { return e.diagnostics } catch { return [] }
    }

    /// The tree as a compact S-expression, to pin precedence.
    func sexp(_ e: Expr) -> String {
        switch e.kind {
        case .number(let d, _): return Formatter.number(d)
        case .name(let n): return n
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .unary(let op, let x): return "(\(op.rawValue) \(sexp(x)))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(sexp(a)) \(sexp(b)))"
        case .call(let f, let args): return "(call \(sexp(f))\(args.map { " " + sexp($0.value) }.joined()))"
        case .member(let b, let n): return "(. \(sexp(b)) \(n))"
        case .index(let b, let i): return "([] \(sexp(b)) \(sexp(i)))"
        case .pipeline(let h, let stages): return "(| \(sexp(h)) \(stages.count))"
        case .lambda(let ps, let body): return "(=> \(ps.joined(separator: ",")) \(sexp(body)))"
        default: return "?"
        }
    }

    func expr(_ text: String) throws -> String {
        guard case .expr(let e) = try parse(text).first else { return "not an expression" }
        return sexp(e)
    }

    @Test func precedenceFollowsTheTable() throws {
        #expect(try expr("a ?? b or c and not d == e + f * -g") == "(?? a (or b (and c (not (== d (+ e (* f (- g))))))))")
        #expect(try expr("a.b[0](1)") == "(call ([] (. a b) 0) 1)")
        #expect(try expr("1 - 2 - 3") == "(- (- 1 2) 3)")
    }

    @Test func lambdasTakeTheRestOfTheExpression() throws {
        #expect(try expr("(a, b) => a + b") == "(=> a,b (+ a b))")
        #expect(try expr("x => x * 2") == "(=> x (* x 2))")
    }

    @Test func aLineStartingWithPipeContinuesThePipeline() throws {
        #expect(try expr("t\n  | where a > 1\n  | count") == "(| t 2)")
        #expect(try expr("t |\n where a > 1") == "(| t 1)")
        #expect(try parse("t\n\nx").count == 2)
    }

    @Test func trailingOperatorContinuesTheLine() throws {
        #expect(try expr("1 +\n 2") == "(+ 1 2)")
    }

    @Test func everySyntaxErrorIsReported() {
        let ds = errors("let = 1\nlet y = )\nfn f(\n")
        #expect(ds.count == 3)
    }

    @Test func unfinishedInputIsTyped() {
        for text in ["(1 + 2", "[1,", "1 +", "t |", "\"abc", "fn f(a) =", "if a then b"] {
            #expect(errors(text).contains { $0.kind == .unexpectedEnd }, "\(text)")
        }
        for text in ["1 + )", "let = 1"] {
            #expect(!errors(text).contains { $0.kind == .unexpectedEnd }, "\(text)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(errors(text).first?.message.contains("nested too deeply") == true)
        let minus = String(repeating: "-", count: 100_000) + "1"
        #expect(!errors(minus).isEmpty)
    }

    @Test func unknownStageSuggestsTheClosest() {
        #expect(errors("t | selct a b").first?.hint == "did you mean 'select'?")
    }
}
