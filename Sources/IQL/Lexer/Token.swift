/// One lexical token with its byte range.
struct Token {
    enum Kind: Equatable {
        case number(Double, NumberStyle)
        case string([StringPart])
        case name(String)          // identifiers and `backtick` names
        case keyword(Keyword)
        case param(String)         // $name: a host-bound parameter
        case op(Op)
        case newline
        case eof
        case error                 // already reported by the lexer
    }
    let kind: Kind
    let range: SourceRange
    /// Whether the name came from backticks (and so can never be a keyword).
    var quoted = false
}

/// How a number literal was written, so that `7%` prints as a percentage.
public enum NumberStyle: Sendable, Equatable {
    case plain
    case percent
}

/// A piece of a string literal: text, or the byte range of an interpolated expression.
enum StringPart: Equatable {
    case text(String)
    case code(SourceRange)
}

/// Reserved words. Stage names (`where`, `select`, …) are not reserved: they are
/// recognised by position after `|`, so that columns may still be called `count`.
enum Keyword: String, CaseIterable {
    case `let`, fn, `import`, `if`, then, `else`, and, or, not, `in`, `true`, `false`, null

    /// The keyword spelled `name`, if any. A bit per keyword length rules out most names
    /// without comparing them with every keyword (`init(rawValue:)` does, per name lexed).
    static func named(_ name: String) -> Keyword? {
        let n = name.utf8.count
        guard n < 64, lengths & (1 << UInt64(n)) != 0 else { return nil }
        return Keyword(rawValue: name)
    }

    private static let lengths: UInt64 = allCases.reduce(0) { $0 | 1 << UInt64($1.rawValue.utf8.count) }
}

enum Op: String, CaseIterable {
    case coalesce = "??"
    case eq = "==", ne = "!=", le = "<=", ge = ">=", lt = "<", gt = ">"
    case arrow = "=>"
    case assign = "="
    case plus = "+", minus = "-", star = "*", slash = "/"
    case pipe = "|"
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = "."
}
