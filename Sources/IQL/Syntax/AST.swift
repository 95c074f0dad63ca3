/// The syntax tree. Every node carries the byte range it came from, so that any
/// later error (unknown name, bad type, runtime failure) can point at it.
final class Expr {
    /// Not `indirect`: the children are `Expr` references already, and an indirect
    /// case would box every node's payload in a second allocation.
    enum Kind {
        case number(Double, NumberStyle)
        case string([Interpolation])
        case bool(Bool)
        case null
        case name(String)
        case param(String)
        case list([Expr])
        case record([(name: String, value: Expr)])
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        case call(Expr, [Argument])
        case member(Expr, String)
        case index(Expr, Expr)
        case lambda([String], Expr)
        case ifThen(Expr, Expr, Expr)
        case pipeline(Expr, [Stage])
    }
    let kind: Kind
    /// Set once more only by the parser, which widens a parenthesised node to its
    /// parentheses before anything else sees it.
    var range: SourceRange
    init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

enum Interpolation {
    case text(String)
    case expr(Expr)
}

struct Argument {
    let label: String?
    let value: Expr
}

enum UnaryOp: String { case negate = "-", not }

enum BinaryOp: String {
    case coalesce = "??", or, and
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in`
    case add = "+", sub = "-", mul = "*", div = "/"
}

/// `name = expr`, or a bare column `name` (then `expr` is that name).
struct Binding {
    let name: String
    let value: Expr
    let range: SourceRange
}

struct SortKey {
    let value: Expr
    let descending: Bool
}

enum JoinKind { case inner, left }

enum JoinCondition {
    /// `on a, b`: columns of the same name on both sides.
    case columns([(name: String, range: SourceRange)])
    /// `on left.a == right.b and …`
    case expr(Expr)
}

/// One stage of a pipeline: the node its registry entry parsed (Stages/), and where it is.
struct Stage {
    let node: any StageNode
    let range: SourceRange
}

/// A top-level statement.
enum Statement {
    case `let`(name: String, value: Expr, range: SourceRange)
    case fn(name: String, params: [String], body: Expr, range: SourceRange)
    case `import`(path: String, range: SourceRange)
    case expr(Expr)

    var range: SourceRange {
        switch self {
        case .let(_, _, let r), .fn(_, _, _, let r), .import(_, let r): return r
        case .expr(let e): return e.range
        }
    }
}

/// A parsed source file: its statements, ready to run.
/// @unchecked: the tree is immutable after parsing (its nodes hold only `let`s),
/// though stage nodes are existentials the compiler cannot prove Sendable.
public struct Program: @unchecked Sendable {
    public let file: SourceFile
    let statements: [Statement]
    /// Warnings the parser found: code that runs but surely does not mean what it
    /// says (`x == null` is always null). Hosts show them; `--check` reports them.
    public var warnings: [Diagnostic] = []
}
