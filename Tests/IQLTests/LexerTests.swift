import Testing
@testable import IQL

@Suite struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] {
        var lexer = Lexer(file: SourceFile(name: "t", text: text))
        return lexer.tokenize().map(\.kind)
    }

    @Test func numbersWithMagnitudesAndPercent() {
        #expect(kinds("7% 5000万 27亿 1.5万亿 1_000 2.5e3") == [
            .number(0.07, .percent), .number(5e7, .plain), .number(2.7e9, .plain),
            .number(1.5e12, .plain), .number(1000, .plain), .number(2500, .plain), .eof,
        ])
    }

    @Test func cjkNamesAndBackticks() {
        #expect(kinds("目标 `2023年`") == [.name("目标"), .name("2023年"), .eof])
    }

    @Test func keywordsAreReservedButStageWordsAreNot() {
        #expect(kinds("let where") == [.keyword(.let), .name("where"), .eof])
    }

    @Test func newlinesInsideBracketsAreNotStatementEnds() {
        #expect(kinds("[1,\n2]\nx") == [.op(.lbracket), .number(1, .plain), .op(.comma), .number(2, .plain), .op(.rbracket), .newline, .name("x"), .eof])
    }

    @Test func stringInterpolationKeepsTheCodeRange() {
        let text = "\"a\\(x)b\""
        guard case .string(let parts) = kinds(text)[0] else { Issue.record("not a string"); return }
        #expect(parts.count == 3)
        #expect(parts[0] == .text("a"))
        #expect(parts[1] == .code(SourceRange(4, 5)))
    }

    @Test func unterminatedStringIsAnIncompleteInputError() {
        var lexer = Lexer(file: SourceFile(name: "t", text: "\"abc"))
        _ = lexer.tokenize()
        #expect(lexer.diagnostics.map(\.kind) == [.unexpectedEnd])
    }

    @Test func everyOperatorLexesFromTheSpellingMessagesShow() {
        for op in Op.allCases {
            #expect(kinds(op.rawValue) == [.op(op), .eof], "\(op)")
        }
        #expect(kinds("a<=b=>c") == [.name("a"), .op(.le), .name("b"), .op(.arrow), .name("c"), .eof])
        #expect(kinds("=") == [.op(.assign), .eof])
    }

    @Test func numbersReadExactlyWithAndWithoutSeparators() {
        #expect(kinds("0.1 100 1_000.5 12345678901234567 0.30000000000000004 1E3") == [
            .number(0.1, .plain), .number(100, .plain), .number(1000.5, .plain),
            .number(12345678901234568, .plain), .number(0.30000000000000004, .plain), .number(1000, .plain), .eof,
        ])
        #expect(kinds("76.4%") == [.number(NumberText.percentValue("76.4")!, .percent), .eof])
    }

    @Test func hugeNumberIsAnError() {
        var lexer = Lexer(file: SourceFile(name: "t", text: "1e999"))
        _ = lexer.tokenize()
        #expect(lexer.diagnostics.first?.message == "number '1e999' is too large")
    }

    @Test func fullWidthPunctuationSuggestsAscii() {
        var lexer = Lexer(file: SourceFile(name: "t", text: "f（1）"))
        _ = lexer.tokenize()
        #expect(lexer.diagnostics.first?.hint == "did you mean '('?")
    }
}

@Suite struct SourceFileTests {
    @Test func lineAndColumnCountCharactersNotBytes() {
        let f = SourceFile(name: "t", text: "let 目标 = 1\n  x")
        #expect(f.location(of: 11).line == 1)
        #expect(f.location(of: 4) == (1, 5))
        #expect(f.location(of: 7) == (1, 6))
        #expect(f.location(of: 17) == (2, 3))
    }
}
