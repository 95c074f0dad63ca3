/// Lexer: source bytes → tokens.
///
/// Takes a ``SourceFile`` (or a byte range of one, for string interpolation) and
/// reports tokens plus diagnostics; each lexical error becomes one `.error` token
/// and one diagnostic, so the parser never reports it twice.
struct Lexer {
    let file: SourceFile
    private let b: [UInt8]
    private var i: Int
    private let end: Int
    private(set) var diagnostics: [Diagnostic] = []
    /// How many brackets are open: inside them newlines are not statement ends.
    private var openBrackets = 0

    init(file: SourceFile, range: SourceRange? = nil) {
        self.file = file
        self.b = file.bytes
        self.i = range?.start ?? 0
        self.end = range?.end ?? file.bytes.count
        // A `#!` line is a comment anyway; nothing special needed.
    }

    /// Tokenises everything; the last token is `.eof`.
    mutating func tokenize() -> [Token] {
        var out: [Token] = []
        // A one-line formula (a token per byte at most) gets its array in one allocation
        // instead of five regrowths; a longer script grows it as it goes.
        out.reserveCapacity(min(end - i, 64) + 1)
        var afterNewline = false
        while true {
            let t = next()
            let newline: Bool
            if case .newline = t.kind { newline = true } else { newline = false }
            // Collapse runs of newlines.
            if newline && afterNewline { continue }
            afterNewline = newline
            out.append(t)
            if case .eof = t.kind { break }
        }
        return out
    }

    private func peek(_ k: Int = 0) -> UInt8 { i + k < end ? b[i + k] : 0 }

    private mutating func error(_ message: Message, _ start: Int, kind: Diagnostic.Kind = .syntax, hint: Localized? = nil) -> Token {
        let r = SourceRange(start, max(i, start + 1))
        diagnostics.append(Diagnostic(kind, message, at: SourceLocation(file: file, range: r), hint: hint))
        return Token(kind: .error, range: r)
    }

    private mutating func next() -> Token {
        // Skip blanks and comments; newlines outside brackets are tokens.
        while i < end {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            if c == UInt8(ascii: "#") {
                while i < end && b[i] != 0x0A { i += 1 }
                continue
            }
            if c == 0x0A {
                i += 1
                if openBrackets == 0 { return Token(kind: .newline, range: SourceRange(i - 1, i)) }
                continue
            }
            if c == 0xE3 && peek(1) == 0x80 && peek(2) == 0x80 { i += 3; continue } // ideographic space
            break
        }
        let start = i
        guard i < end else { return Token(kind: .eof, range: SourceRange(end, end)) }
        let c = b[i]
        if isDigit(c) { return number() }
        if c == UInt8(ascii: "\"") { return string() }
        if c == UInt8(ascii: "`") { return backtick() }
        if c == UInt8(ascii: "$") {
            i += 1
            guard i < end, isNameStart(at: i) else { return error(Messages.parameterName, start) }
            let name = scanName()
            return Token(kind: .param(name), range: SourceRange(start, i))
        }
        if isNameStart(at: i) {
            let name = scanName()
            let r = SourceRange(start, i)
            if let k = Keyword.named(name) { return Token(kind: .keyword(k), range: r) }
            return Token(kind: .name(name), range: r)
        }
        return punctuation(start)
    }

    private mutating func punctuation(_ start: Int) -> Token {
        let c = b[i]
        if let (op, width) = Lexer.op(c, i + 1 < end ? b[i + 1] : 0) {
            i += width
            let r = SourceRange(start, i)
            switch op {
            case .lparen, .lbracket, .lbrace: openBrackets += 1
            case .rparen, .rbracket, .rbrace: openBrackets = max(0, openBrackets - 1)
            default: break
            }
            return Token(kind: .op(op), range: r)
        }
        // An unexpected character: decode the whole scalar so the message shows it.
        let scalar = decodeScalar()
        if c == UInt8(ascii: "%") {
            return error(Messages.percentSign, start, hint: Messages.remainderHint)
        }
        if c == UInt8(ascii: "'") {
            // A string in single quotes, as SQL writes it: one error for the whole of it.
            while i < end && b[i] != UInt8(ascii: "'") && b[i] != 0x0A { i += 1 }
            let text = String(decoding: b[(start + 1)..<i], as: UTF8.self)
            if i < end && b[i] == UInt8(ascii: "'") { i += 1 }
            return error(Messages.singleQuotes, start, hint: Messages.writeString(text))
        }
        if c == UInt8(ascii: "&") || c == UInt8(ascii: "!") {
            return error(Messages.unexpected(String(scalar)), start, hint: Messages.logicHint)
        }
        if let ascii = Lexer.fullWidth[scalar] {
            return error(Messages.unexpectedFullWidth(String(scalar)), start, hint: Messages.didYouMean(String(ascii)))
        }
        return error(Messages.unexpectedCharacter(String(scalar)), start)
    }

    /// The operator that starts with byte `c` (followed by `next`), and its length in
    /// bytes: a switch on bytes, as Lua's lexer does, where `Op(rawValue:)` would compare
    /// strings for every token. `Op`'s raw values are the spellings shown in messages;
    /// `LexerTests` checks that each one lexes back to its operator.
    private static func op(_ c: UInt8, _ next: UInt8) -> (Op, Int)? {
        switch c {
        case UInt8(ascii: "?"): return next == UInt8(ascii: "?") ? (.coalesce, 2) : nil
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { return (.eq, 2) }
            return next == UInt8(ascii: ">") ? (.arrow, 2) : (.assign, 1)
        case UInt8(ascii: "!"): return next == UInt8(ascii: "=") ? (.ne, 2) : nil
        case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? (.le, 2) : (.lt, 1)
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? (.ge, 2) : (.gt, 1)
        case UInt8(ascii: "+"): return (.plus, 1)
        case UInt8(ascii: "-"): return (.minus, 1)
        case UInt8(ascii: "*"): return (.star, 1)
        case UInt8(ascii: "/"): return (.slash, 1)
        case UInt8(ascii: "|"): return (.pipe, 1)
        case UInt8(ascii: "("): return (.lparen, 1)
        case UInt8(ascii: ")"): return (.rparen, 1)
        case UInt8(ascii: "["): return (.lbracket, 1)
        case UInt8(ascii: "]"): return (.rbracket, 1)
        case UInt8(ascii: "{"): return (.lbrace, 1)
        case UInt8(ascii: "}"): return (.rbrace, 1)
        case UInt8(ascii: ","): return (.comma, 1)
        case UInt8(ascii: ":"): return (.colon, 1)
        case UInt8(ascii: ";"): return (.semicolon, 1)
        case UInt8(ascii: "."): return (.dot, 1)
        default: return nil
        }
    }

    /// Full-width punctuation an IME produces, and the ASCII it stands for.
    static let fullWidth: [Unicode.Scalar: String] = [
        "，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "“": "\"", "”": "\"", "【": "[", "】": "]",
        "｜": "|", "＝": "=", "＋": "+", "－": "-", "＊": "*", "／": "/", "＜": "<", "＞": ">", "。": ".", "％": "%",
    ]

    private mutating func decodeScalar() -> Unicode.Scalar {
        var it = b[i..<end].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) {
            i += UTF8.width(s)
            return s
        }
        i += 1
        return "\u{FFFD}"
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private func scalar(at j: Int) -> (Unicode.Scalar, Int)? {
        guard j < end else { return nil }
        var it = b[j..<end].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) { return (s, UTF8.width(s)) }
        return nil
    }

    private func isNameStart(at j: Int) -> Bool {
        let c = b[j]
        if c < 0x80 { return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
        guard let (s, _) = scalar(at: j) else { return false }
        return s.properties.isAlphabetic && Lexer.fullWidth[s] == nil
    }

    private func isNameContinue(at j: Int) -> Bool {
        if isNameStart(at: j) { return true }
        let c = b[j]
        if c < 0x80 { return isDigit(c) }
        guard let (s, _) = scalar(at: j) else { return false }
        return s.properties.generalCategory == .decimalNumber || s.properties.generalCategory == .nonspacingMark
    }

    private mutating func scanName() -> String {
        let start = i
        // ASCII letters, digits and '_' without decoding scalars: most names are ASCII.
        while i < end, b[i] < 0x80, b[i] == 0x5F || isDigit(b[i]) || (b[i] | 0x20) &- 0x61 < 26 { i += 1 }
        while i < end && isNameContinue(at: i) {
            i += b[i] < 0x80 ? 1 : (scalar(at: i)?.1 ?? 1)
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    /// number → digits ('_' digits)* ('.' digits)? (('e'|'E') ('+'|'-')? digits)? suffix?
    /// suffix → '%' | '万' | '亿' | '万亿'
    private mutating func number() -> Token {
        let start = i
        var separated = false
        func digits() {
            while i < end && (isDigit(b[i]) || (b[i] == UInt8(ascii: "_") && i + 1 < end && isDigit(b[i + 1]))) {
                if b[i] == UInt8(ascii: "_") { separated = true }
                i += 1
            }
        }
        digits()
        if peek() == UInt8(ascii: ".") && isDigit(peek(1)) {
            i += 1; digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var k = 1
            if peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") { k = 2 }
            if isDigit(peek(k)) { i += k; digits() }
        }
        // The literal as `Double` reads it: without its `_` separators, exponent as `e`.
        let spelled = b[start..<i]
        var text: String {
            String(decoding: spelled.lazy.filter { $0 != UInt8(ascii: "_") }.map { $0 == UInt8(ascii: "E") ? UInt8(ascii: "e") : $0 }, as: UTF8.self)
        }
        // Most literals are short plain decimals, read exactly without making a String.
        let fast = separated ? nil : b.withUnsafeBufferPointer { CSVColumn.fastNumber($0.baseAddress! + start, i - start) }
        guard var value = fast ?? Double(text) else { return error(Messages.invalidNumber(text), start) }
        var style = NumberStyle.plain
        if peek() == UInt8(ascii: "%") {
            i += 1; value = NumberText.percentValue(Substring(text)) ?? value / 100; style = .percent
        } else if let (s, w) = scalar(at: i), s == "万" || s == "亿" {
            i += w
            value *= s == "万" ? 1e4 : 1e8
            if s == "万", let (s2, w2) = scalar(at: i), s2 == "亿" { i += w2; value *= 1e8 }
        }
        if i < end && isNameContinue(at: i) {
            while i < end && isNameContinue(at: i) { i += b[i] < 0x80 ? 1 : (scalar(at: i)?.1 ?? 1) }
            let word = String(decoding: b[start..<i], as: UTF8.self)
            return error(Messages.invalidNumber(word), start, hint: Messages.backtickHint(word))
        }
        if !value.isFinite { return error(Messages.numberTooLarge(String(decoding: b[start..<i], as: UTF8.self)), start) }
        return Token(kind: .number(value, style), range: SourceRange(start, i))
    }

    /// string → '"' (char | escape | '\(' expr ')')* '"'; may span lines.
    private mutating func string() -> Token {
        let start = i
        i += 1
        var parts: [StringPart] = []
        var text: [UInt8] = []
        while true {
            guard i < end else {
                let r = SourceRange(start, start + 1)
                diagnostics.append(Diagnostic(.unexpectedEnd, Messages.unterminatedString, at: SourceLocation(file: file, range: r), hint: Messages.closeStringHint))
                i = end
                return Token(kind: .error, range: r)
            }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 && c != 0x0A && c != 0x09 && c != 0x0D {
                // Invisible in an editor and in output: only line ends and tabs may stand as they are.
                _ = error(Messages.controlCharacter(c), i, hint: Messages.controlCharacterHint(c))
                i += 1
                continue
            }
            if c != UInt8(ascii: "\\") { text.append(c); i += 1; continue }
            let escStart = i
            i += 1
            guard i < end else { continue }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "\""): text.append(0x22)
            case UInt8(ascii: "\\"): text.append(0x5C)
            case UInt8(ascii: "u"):
                guard peek() == UInt8(ascii: "{") else {
                    _ = error(Messages.unicodeEscapeBrace, escStart); continue
                }
                // One to six hex digits, then '}': nothing else (no sign, no space, no more digits).
                var j = i + 1
                while j < end && (isDigit(b[j]) || (b[j] | 0x20) &- 97 < 6) { j += 1 }
                let digits = j - (i + 1)
                let closed = j < end && b[j] == UInt8(ascii: "}")
                let hex = String(decoding: b[(i + 1)..<j], as: UTF8.self)
                i = closed ? j + 1 : j
                if closed, (1...6).contains(digits), let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) {
                    text.append(contentsOf: Array(String(s).utf8))
                } else if closed && (1...6).contains(digits) {
                    _ = error(Messages.notAScalar(hex), escStart)
                } else {
                    _ = error(Messages.invalidUnicodeEscape, escStart, hint: Messages.unicodeEscapeHint)
                }
            case UInt8(ascii: "("):
                if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
                let codeStart = i
                var depth = 1
                var inString = false
                while i < end {
                    let d = b[i]
                    if inString {
                        if d == UInt8(ascii: "\\") { i += 1 } else if d == UInt8(ascii: "\"") { inString = false }
                    } else if d == UInt8(ascii: "\"") { inString = true }
                    else if d == UInt8(ascii: "`") {
                        // A backtick name may hold anything but '`' and a line end, parentheses included.
                        var k = i + 1
                        while k < end && b[k] != UInt8(ascii: "`") && b[k] != 0x0A { k += 1 }
                        if k < end && b[k] == UInt8(ascii: "`") { i = k }
                    }
                    else if d == UInt8(ascii: "#") {
                        // A comment runs to the end of the line; its parentheses do not count.
                        while i + 1 < end && b[i + 1] != 0x0A { i += 1 }
                    }
                    else if d == UInt8(ascii: "(") { depth += 1 }
                    else if d == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                    i += 1
                }
                if i >= end {
                    let r = SourceRange(escStart, escStart + 2)
                    diagnostics.append(Diagnostic(.unexpectedEnd, Messages.unterminatedInterpolation, at: SourceLocation(file: file, range: r)))
                    return Token(kind: .error, range: SourceRange(start, end))
                }
                parts.append(.code(SourceRange(codeStart, i)))
                i += 1
            default:
                _ = error(Messages.invalidEscape(String(UnicodeScalar(e))), escStart, hint: Messages.escapesHint)
            }
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return Token(kind: .string(parts), range: SourceRange(start, i))
    }

    /// backtick name → '`' any character but '`' or newline '`'
    private mutating func backtick() -> Token {
        let start = i
        i += 1
        let nameStart = i
        while i < end && b[i] != UInt8(ascii: "`") && b[i] != 0x0A { i += 1 }
        guard i < end && b[i] == UInt8(ascii: "`") else {
            return error(Messages.unterminatedBacktick, start, hint: Messages.closeBacktickHint)
        }
        let name = String(decoding: b[nameStart..<i], as: UTF8.self)
        i += 1
        if name.isEmpty { return error(Messages.emptyBacktick, start) }
        var t = Token(kind: .name(name), range: SourceRange(start, i))
        t.quoted = true
        return t
    }
}
