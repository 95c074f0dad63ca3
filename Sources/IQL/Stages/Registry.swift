/// The stage registry: every pipeline stage of iql, one entry each.
///
/// An entry says how the stage is written (its word, when that word starts it, how
/// the rest parses), what it does when it runs (the ``StageNode`` its parse returns)
/// and how it is explained (`:help`, completion). The parser, the runner, `--check`,
/// `:help` and the REPL's completion all read this one table, so adding a stage is
/// one entry here and one file beside this one.
struct StageDefinition: Sendable {
    /// The help topic: `where`, `left join`.
    let name: String
    /// The unquoted word that starts the stage: `where`, `left`.
    let word: String
    let syntax: String
    let summary: String
    let example: String
    /// Whether the word starts this stage here rather than a function call: `count`
    /// is the stage only at a stage's end, `join(", ")` is the text function. The
    /// parser is at the word.
    var starts: @Sendable (Parser) -> Bool = { _ in true }
    /// Parses the stage, starting at its word.
    let parse: @Sendable (inout Parser) throws -> any StageNode
}

/// What the parser built for one stage, and how it runs.
protocol StageNode {
    /// Runs the stage on the value flowing in and reports the value flowing out.
    func run(_ input: Value, _ env: StageEnv) throws -> Value
    /// The stage's expressions, each with whether it is evaluated per row of the
    /// input (its names may be the input's columns) or once, where the pipeline is.
    var expressions: [(expr: Expr, perRow: Bool)] { get }
    /// Functions that have a meaning of their own inside this stage's expressions
    /// (the window functions of `window`); `--check` accepts them only there.
    var localFunctions: Set<String> { get }
}

extension StageNode {
    var localFunctions: Set<String> { [] }
}

extension ColumnFlow {
    /// The output columns each stage's later stages read: the names read by every
    /// stage after it up to one that replaces the columns, or nil when all may be read
    /// (a stage whose flow is not known, or a pass-through stage at the end, which
    /// hands every column on). Names are collected anywhere in the expressions (lambda
    /// parameters and functions included), so the sets are generous, never short.
    static func neededColumns(_ stages: [Stage]) -> [Set<String>?] {
        var needed = [Set<String>?](repeating: nil, count: stages.count)
        var after: Set<String>? = nil
        for i in stages.indices.reversed() {
            needed[i] = after
            let node = stages[i].node
            var names = Set<String>()
            for (e, _) in node.expressions { e.collectNames(&names) }
            guard let flow = (node as? ColumnFlowStage)?.columnFlow else {
                after = nil
                continue
            }
            switch flow {
            case .keeps(let added): after = after.map { $0.subtracting(added).union(names) }
            case .replaces: after = names
            case .readsAll: after = nil
            }
        }
        return needed
    }
}

extension ColumnFlow {
    /// Which of the columns `names` a stage builds when later stages read only
    /// `needed` (nil: all): those, when every name there is one of the columns or
    /// means something else anyway (a function, a global). A name that is neither is
    /// an unknown column later on, whose error suggests the names of every column, so
    /// then every column is built.
    static func keeps(_ names: [String], _ needed: Set<String>?, _ ctx: Context) -> (Int) -> Bool {
        guard let needed else { return { _ in true } }
        let output = Set(names)
        let known = needed.allSatisfy { n in
            output.contains(n) || Builtins.table[n] != nil || Aggregates.table[n] != nil || ctx.globals.box(n) != nil
        }
        guard known else { return { _ in true } }
        return { needed.contains(names[$0]) }
    }
}


extension Expr {
    /// Every name mentioned anywhere in the expression, nested pipelines included.
    func collectNames(_ out: inout Set<String>) {
        switch kind {
        case .number, .bool, .null, .param: break
        case .name(let n): out.insert(n)
        case .string(let parts):
            for case .expr(let e) in parts { e.collectNames(&out) }
        case .list(let xs): for x in xs { x.collectNames(&out) }
        case .record(let fields): for f in fields { f.value.collectNames(&out) }
        case .unary(_, let x): x.collectNames(&out)
        case .binary(_, let a, let b): a.collectNames(&out); b.collectNames(&out)
        case .call(let f, let args): f.collectNames(&out); for a in args { a.value.collectNames(&out) }
        case .member(let b, _): b.collectNames(&out)
        case .index(let b, let i): b.collectNames(&out); i.collectNames(&out)
        case .lambda(_, let body): body.collectNames(&out)
        case .ifThen(let c, let a, let b): c.collectNames(&out); a.collectNames(&out); b.collectNames(&out)
        case .pipeline(let head, let stages):
            head.collectNames(&out)
            for s in stages { for (e, _) in s.node.expressions { e.collectNames(&out) } }
        }
    }
}

/// Where a stage runs: the runner's helpers, the pipeline's scope and frame, and the
/// stage's own range for errors.
struct StageEnv {
    let runner: StageRunner
    let scope: Scope
    let frame: Frame
    let range: SourceRange
    /// The columns of this stage's output that later stages read; nil for all.
    var columnsNeeded: Set<String>? = nil
    var compiler: Compiler { runner.compiler }

    /// The input as a table, or a located error naming what flowed in instead.
    func table(_ v: Value) throws -> Table {
        if let t = v.asTable { return t }
        throw compiler.error(.type, Messages.expected(Want.stageInput, v), range)
    }

    /// An expression evaluated once, in the pipeline's scope.
    func value(_ e: Expr) throws -> Value { try compiler.compile(e, scope)(frame) }

    /// A row scope over `t`, with its cursor.
    func rows(_ t: Table) -> (RowCursor, Scope) {
        let cursor = RowCursor()
        return (cursor, Scope(.columns(t, cursor), parent: scope))
    }

    /// The column of `e` over every row of `t`.
    func column(_ e: Expr, _ t: Table) throws -> Column {
        let (cursor, s) = rows(t)
        return try runner.column(e, t, cursor, s, frame)
    }

    /// Refuses a table of `rows` × `columns` beyond the memory budget (``Context/checkTable``).
    func checkTable(rows: Int, columns: Int) throws {
        try compiler.ctx.checkTable(rows: rows, columns: columns, range, compiler.file)
    }

    /// The rows of `t` at `indices`, a new table: a filtered, sorted or sliced copy of
    /// only the columns later stages read (see ``ColumnFlow/keeps(_:_:_:)``), charged
    /// to the memory budget before it is built and gathered on the engine's workers.
    func gather(_ t: Table, _ indices: [Int]) throws -> Table {
        let ctx = compiler.ctx
        let kept = t.names.indices.filter(ColumnFlow.keeps(t.names, columnsNeeded, ctx))
        try checkTable(rows: indices.count, columns: kept.count)
        return Table(names: kept.map { t.names[$0] }, columns: kept.map { t.columns[$0].gather(indices, ctx.kernels) },
                     rowCount: indices.count)
    }

    func error(_ message: Message, _ r: SourceRange? = nil, hint: Localized? = nil) -> Diagnostic {
        compiler.error(.type, message, r ?? range, hint: hint)
    }

}

enum StageRegistry {
    /// Every stage, in the order `:help` lists them.
    static let all: [StageDefinition] = [
        Where.definition, Select.definition, Derive.definition, Sort.definition,
        Take.definition, Skip.definition, Distinct.definition, Count.definition,
        Group.definition, JoinStage.inner, JoinStage.left, CompareStage.definition,
        WindowStage.definition, Pivot.definition, Unpivot.definition, Append.definition, ChartStage.definition,
    ]

    /// The distinct stage words, for messages and suggestions.
    static let words: [String] = {
        var seen = Set<String>()
        return all.map(\.word).filter { seen.insert($0).inserted }
    }()

    /// The stage the parser's current word starts, if any.
    static func starting(at p: Parser) -> StageDefinition? {
        guard case .name(let w) = p.tok.kind, !p.tok.quoted else { return nil }
        return all.first { $0.word == w && $0.starts(p) }
    }

    /// `where, select, … or compare`: the stage words as a sentence.
    static var wordList: String {
        words.dropLast().joined(separator: ", ") + " or " + words.last!
    }
}
