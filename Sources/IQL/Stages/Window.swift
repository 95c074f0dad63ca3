/// `window [by KEY, …] [sort KEY [desc], …] { NAME = EXPR, … }`: keeps every row, in
/// input order, and adds columns computed within each `by` group in `sort` order.
///
/// Runs on whole columns: the groups and their row orders are found once (a
/// ``KeyIndex`` and a ``SortOrder`` per group), then each window call of a binding is
/// computed as a loop over its argument's column into a hidden column, and the
/// binding's expression runs over the table extended with those columns, through the
/// column kernels where they apply. So `mom = value - lag(value)` is one gather and
/// one vector subtraction, with no value boxed per row.
struct WindowStage: StageNode {
    let by: [Binding]
    let sort: [SortKey]
    let bindings: [Binding]

    static let definition = StageDefinition(
        name: "window", word: "window", syntax: "T | window [by KEY, …] [sort KEY [desc], …] { NAME = EXPR, … }",
        summary: "keeps every row, in order, and adds columns computed within each group in sort order: lag, lead, row_number, rank, dense_rank, cumsum, moving_avg, moving_sum, and any aggregate over the whole group (share = x / sum(x))",
        example: "actuals | window by indicator_id sort period { prev = lag(value), mom = value - lag(value), ytd = cumsum(value) }",
        parse: { p in
            p.advance()
            var by: [Binding] = [], sort: [SortKey] = []
            if p.isWord("by") { p.advance(); by = try p.parseBindings(allowBare: true) }
            if p.isWord("sort") { p.advance(); sort = try p.parseSortKeys() }
            let block = try p.parseAggregateBlock("window", example: "window by id sort period { prev = lag(value) }", contents: Expect.columns)
            return WindowStage(by: by, sort: sort, bindings: block)
        })

    var expressions: [(expr: Expr, perRow: Bool)] {
        (by.map(\.value) + sort.map(\.value) + bindings.map(\.value)).map { ($0, true) }
    }

    var localFunctions: Set<String> { WindowFunction.names }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        try env.checkTable(rows: t.rowCount, columns: Set(t.names + bindings.map(\.name)).count)
        let pass = WindowPass(env: env, partitions: try Partitions(t, by, sort, env), table: t)
        var out = t
        for b in bindings {
            let expr = try pass.rewrite(b.value)
            let col = try env.column(expr, pass.table)
            out = out.setting(b.name, col)
            pass.table = pass.table.setting(b.name, col)
        }
        return .table(out)
    }
}

/// The functions that only mean something inside `window { … }`.
enum WindowFunction: String, CaseIterable {
    case lag, lead, row_number, rank, dense_rank, cumsum, moving_avg, moving_sum

    static let names = Set(allCases.map(\.rawValue))

    var builtin: Builtin {
        let b: (String, [String], Int, String)
        switch self {
        case .lag: b = ("lag", ["x", "k"], 1, "the value of x k rows earlier in the window's order (k defaults to 1); null before the group's first row: prev = lag(value)")
        case .lead: b = ("lead", ["x", "k"], 1, "the value of x k rows later in the window's order (k defaults to 1); null after the group's last row: next = lead(value)")
        case .row_number: b = ("row_number", [], 0, "1, 2, 3, … within the group, in the window's order: n = row_number()")
        case .rank: b = ("rank", [], 0, "rank by the window's sort keys, ties equal and gaps after them (1, 1, 3): r = rank()")
        case .dense_rank: b = ("dense_rank", [], 0, "rank by the window's sort keys, ties equal and no gaps (1, 1, 2): r = dense_rank()")
        case .cumsum: b = ("cumsum", ["x"], 1, "running total of x from the group's first row to this one (nulls skipped): ytd = cumsum(value)")
        case .moving_avg: b = ("moving_avg", ["x", "k"], 2, "mean of x over the last k rows up to this one (fewer at the start of a group; nulls skipped): avg3 = moving_avg(value, 3)")
        case .moving_sum: b = ("moving_sum", ["x", "k"], 2, "total of x over the last k rows up to this one (fewer at the start of a group; nulls skipped): sum3 = moving_sum(value, 3)")
        }
        let name = b.0
        return Builtin(name, b.1, min: b.2, "window function: " + b.3) { c in
            throw c.error(.type, Messages.windowOnly(name), hint: Messages.windowOnlyHint(name))
        }
    }
}

extension Builtins {
    /// The window functions as builtins, so that `:help`, completion and `--check` know
    /// them; called outside `window { … }` each one stops with a located error.
    static let window: [Builtin] = WindowFunction.allCases.map(\.builtin)
}

/// The rows of each group of a window, in the window's order.
struct Partitions {
    /// Rows, group after group, each group in sort order.
    var order: [Int]
    /// Group `g` is `order[bounds[g]..<bounds[g + 1]]`.
    var bounds: [Int]
    /// The group of each row.
    let groupOfRow: [Int]
    /// The sort keys, for the ties of `rank`; nil without `sort`.
    let sortOrder: SortOrder?

    init(_ t: Table, _ by: [Binding], _ sort: [SortKey], _ env: StageEnv) throws {
        let n = t.rowCount
        let keys = try by.map { try env.column($0.value, t) }
        let sortCols = try env.sortColumns(sort, t)
        try env.compiler.ctx.tick(count: n, env.range, env.compiler.file)
        let index = KeyIndex(keys, rows: n)
        groupOfRow = index.groupOfRow
        // A counting sort by group keeps row order inside each group.
        var bounds = [Int](repeating: 0, count: index.groupCount + 1)
        for g in groupOfRow { bounds[g + 1] += 1 }
        for g in 0..<index.groupCount { bounds[g + 1] += bounds[g] }
        var next = bounds
        var order = [Int](repeating: 0, count: n)
        for (i, g) in groupOfRow.enumerated() {
            order[next[g]] = i
            next[g] += 1
        }
        if sort.isEmpty {
            sortOrder = nil
        } else {
            let so = SortOrder(sortCols, sort.map(\.descending))
            try env.compiler.ctx.tick(count: n, env.range, env.compiler.file)
            for g in 0..<index.groupCount where bounds[g + 1] - bounds[g] > 1 {
                order[bounds[g]..<bounds[g + 1]].sort(by: so.precedes)
            }
            sortOrder = so
        }
        self.order = order
        self.bounds = bounds
    }

    var groupCount: Int { bounds.count - 1 }
}

/// One run of a window stage: rewrites each binding's window calls into hidden columns
/// of ``table`` (the input, the bindings so far and those hidden columns).
final class WindowPass {
    let env: StageEnv
    let parts: Partitions
    var table: Table
    private var hidden = 0

    init(env: StageEnv, partitions: Partitions, table: Table) {
        self.env = env
        self.parts = partitions
        self.table = table
    }

    /// `e` with every window call and aggregate replaced by a hidden column holding its
    /// value for each row. Lambdas and nested pipelines are left alone: their rows are
    /// not the window's.
    func rewrite(_ e: Expr) throws -> Expr {
        func sub(_ x: Expr) throws -> Expr { try rewrite(x) }
        switch e.kind {
        case .call(let callee, let args):
            if case .name(let n) = callee.kind, table.index(of: n) == nil {
                if let f = WindowFunction(rawValue: n) { return try hide(try compute(f, args, e.range), e.range) }
                // max(a, b) of two values is the ordinary function.
                if let agg = Aggregates.table[n], args.count <= 1 { return try hide(try aggregate(agg, args, e.range), e.range) }
            }
            return Expr(.call(try sub(callee), try args.map { Argument(label: $0.label, value: try sub($0.value)) }), e.range)
        case .unary(let op, let x): return Expr(.unary(op, try sub(x)), e.range)
        case .binary(let op, let a, let b): return Expr(.binary(op, try sub(a), try sub(b)), e.range)
        case .list(let xs): return Expr(.list(try xs.map(sub)), e.range)
        case .record(let fs): return Expr(.record(try fs.map { ($0.name, try sub($0.value)) }), e.range)
        case .member(let b, let name): return Expr(.member(try sub(b), name), e.range)
        case .index(let a, let b): return Expr(.index(try sub(a), try sub(b)), e.range)
        case .ifThen(let a, let b, let c): return Expr(.ifThen(try sub(a), try sub(b), try sub(c)), e.range)
        case .string(let parts):
            return Expr(.string(try parts.map {
                if case .expr(let x) = $0 { return .expr(try sub(x)) }
                return $0
            }), e.range)
        case .number, .bool, .null, .name, .param, .lambda, .pipeline:
            return e
        }
    }

    private func hide(_ col: Column, _ r: SourceRange) throws -> Expr {
        // A name no source text can spell, so it never meets a column of the data, and
        // four control characters away from any name that can be typed, so that no
        // "did you mean" ever suggests it.
        let name = "\u{1}\u{1}\u{1}\u{1}window\(hidden)"
        hidden += 1
        table = table.setting(name, col)
        return Expr(.name(name), r)
    }

    private var n: Int { table.rowCount }

    private func tick(_ r: SourceRange) throws { try env.compiler.ctx.tick(count: n, r, env.compiler.file) }

    /// The column of an argument over the rows, itself rewritten (`lag(cumsum(x))`).
    private func argument(_ a: Argument) throws -> Column {
        try env.column(try rewrite(a.value), table)
    }

    private func compute(_ f: WindowFunction, _ args: [Argument], _ r: SourceRange) throws -> Column {
        let b = f.builtin
        if let labelled = args.first(where: { $0.label != nil }) {
            throw env.error(Messages.positionalOnly(f.rawValue), labelled.value.range)
        }
        guard args.count >= b.minArgs, args.count <= b.params.count else {
            throw env.error(Messages.arity(f.rawValue, b.arityText, args.count), r)
        }
        try tick(r)
        switch f {
        case .lag, .lead:
            let x = try argument(args[0])
            let k = args.count > 1 ? try env.runner.count(args[1].value, env.scope, env.frame) : 1
            return x.gatherOrNull(shifted(f == .lag ? -k : k))
        case .row_number:
            return numbers { s, e, out in for p in s..<e { out[p] = Double(p - s + 1) } }
        case .rank, .dense_rank:
            let dense = f == .dense_rank, order = parts.order, keys = parts.sortOrder
            return numbers { s, e, out in
                var r = 0
                for p in s..<e {
                    let tied = p > s && (keys?.tied(order[p - 1], order[p]) ?? true)
                    if !tied { r = dense ? r + 1 : p - s + 1 }
                    out[p] = Double(r)
                }
            }
        case .cumsum:
            let (x, style) = try doubles(try argument(args[0]), f, args[0].value.range)
            let order = parts.order
            return numbers(style) { s, e, out in
                var acc = 0.0, any = false
                for p in s..<e {
                    let v = x[order[p]]
                    if !v.isNaN { acc += v; any = true }
                    out[p] = any ? acc : .nan
                }
            }
        case .moving_avg, .moving_sum:
            let (x, style) = try doubles(try argument(args[0]), f, args[0].value.range)
            let k = try env.runner.count(args[1].value, env.scope, env.frame)
            guard k >= 1 else { throw env.error(Messages.emptyWindow(f.rawValue), args[1].value.range) }
            let average = f == .moving_avg
            // Each window is summed afresh, in row order, so the result does not depend
            // on how rounding errors of earlier windows would accumulate.
            try env.compiler.ctx.tick(count: n * min(k, n), r, env.compiler.file)
            let order = parts.order
            return numbers(style) { s, e, out in
                for p in s..<e {
                    var sum = 0.0, count = 0
                    for q in max(s, p - k + 1)...p {
                        let v = x[order[q]]
                        if !v.isNaN { sum += v; count += 1 }
                    }
                    out[p] = count == 0 ? .nan : (average ? sum / Double(count) : sum)
                }
            }
        }
    }

    /// For each row, the row `offset` places away in its group's order, or -1.
    private func shifted(_ offset: Int) -> [Int] {
        var src = [Int](repeating: -1, count: n)
        for g in 0..<parts.groupCount {
            let s = parts.bounds[g], e = parts.bounds[g + 1]
            for p in s..<e {
                let q = p + offset
                if q >= s && q < e { src[parts.order[p]] = parts.order[q] }
            }
        }
        return src
    }

    /// A number column filled group by group: `fill(start, end, out)` writes positions
    /// `start..<end` of the window's order, which are then put back in row order.
    private func numbers(_ style: NumberStyle = .plain, _ fill: (Int, Int, inout [Double]) -> Void) -> Column {
        var byPosition = [Double](repeating: .nan, count: n)
        for g in 0..<parts.groupCount { fill(parts.bounds[g], parts.bounds[g + 1], &byPosition) }
        var out = [Double](repeating: .nan, count: n)
        for (p, row) in parts.order.enumerated() { out[row] = byPosition[p] }
        return Column(.number(out), style: style)
    }

    private func doubles(_ col: Column, _ f: WindowFunction, _ r: SourceRange) throws -> ([Double], NumberStyle) {
        switch col.storage {
        case .number(let a): return (a, col.style)
        case .any(let vs) where vs.allSatisfy({ $0.isNull || $0.doubleValue != nil }):
            // Numbers of mixed storage (a column built from records): unboxed once here.
            let percent = vs.contains { !$0.isNull } && vs.allSatisfy { $0.isNull || $0.style == .percent }
            return (vs.map { $0.doubleValue ?? .nan }, percent ? .percent : .plain)
        default: throw env.error(Messages.needsNumbers(f.rawValue, col.typeName), r)
        }
    }

    /// An aggregate over each whole group, in the window's order, repeated on its rows.
    private func aggregate(_ agg: Aggregate, _ args: [Argument], _ r: SourceRange) throws -> Column {
        if let labelled = args.first(where: { $0.label != nil }) {
            throw env.error(Messages.unlabelledOnly(agg.name), labelled.value.range)
        }
        if args.isEmpty && agg.name != "count" { throw env.error(Messages.arity(agg.name, Messages.arguments(1), 0), r) }
        let col = try args.first.map(argument)
        try tick(r)
        var perGroup = ColumnBuilder(capacity: parts.groupCount)
        for g in 0..<parts.groupCount {
            let rows = Array(parts.order[parts.bounds[g]..<parts.bounds[g + 1]])
            perGroup.append(col.map { agg.run($0, rows) } ?? .number(Double(rows.count)))
        }
        return perGroup.finish().gather(parts.groupOfRow)
    }
}
