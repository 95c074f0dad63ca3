/// Runs pipeline stages: takes the value flowing in and a ``Stage``, reports the value
/// flowing out, through the stage's ``StageNode`` (Stages/). Holds what stages share:
/// columns of expressions (whole-column kernels, else row by row with a moving
/// ``RowCursor``), row counts and sorting.
struct StageRunner {
    let compiler: Compiler
    var ctx: Context { compiler.ctx }
    var file: SourceFile { compiler.file }

    func run(_ stage: Stage, _ input: Value, _ scope: Scope, _ f: Frame, columnsNeeded: Set<String>? = nil) throws -> Value {
        try ctx.tick(stage.range, file)
        return try stage.node.run(input, StageEnv(runner: self, scope: scope, frame: f, range: stage.range, columnsNeeded: columnsNeeded))
    }

    /// A whole, non-negative number of rows from `e`, evaluated once.
    func count(_ e: Expr, _ scope: Scope, _ f: Frame) throws -> Int {
        let v = try compiler.compile(e, scope)(f)
        guard let d = v.doubleValue, d >= 0, d == d.rounded() else {
            throw compiler.error(.type, Messages.expected(Want.rowCount, v), e.range)
        }
        return d > Double(Int.max / 2) ? Int.max / 2 : Int(d)
    }

    /// A column of `expr` over every row; a bare column name reuses the column as it is.
    func column(_ expr: Expr, _ t: Table, _ cursor: RowCursor, _ scope: Scope, _ f: Frame, compiled: Code? = nil) throws -> Column {
        if case .name(let n) = expr.kind, let i = t.index(of: n) { return t.columns[i] }
        if let v = Vectorizer(compiler: compiler, table: t, scope: scope, frame: f).evaluateByMorsels(expr) {
            try ctx.tick(count: t.rowCount, expr.range, file)
            return v.column(t.rowCount)
        }
        return try evaluate(try compiled ?? compiler.compile(expr, scope), over: t, cursor, f, expr)
    }

    func evaluate(_ code: Code, over t: Table, _ cursor: RowCursor, _ f: Frame, _ expr: Expr) throws -> Column {
        var b = ColumnBuilder(capacity: t.rowCount)
        for i in 0..<t.rowCount {
            cursor.row = i
            try ctx.tick(expr.range, file)
            b.append(try code(f))
        }
        return b.finish()
    }

    /// Stable sort of row indices by key columns; nulls last in either direction.
    func sortedIndices(_ n: Int, _ cols: [Column], _ descending: [Bool], _ range: SourceRange) throws -> [Int] {
        try ctx.checkRows(n, range, file)
        try ctx.tick(count: n, range, file)
        let order = SortOrder(cols, descending)
        return Array(0..<n).sorted(by: order.precedes)
    }
}

/// The order of rows by key columns, prepared once: stable (ties keep row order),
/// nulls last in either direction. `sort` orders a whole table by it, `window` each group.
struct SortOrder {
    private let keys: [SortColumn]
    private let descending: [Bool]

    init(_ cols: [Column], _ descending: [Bool]) {
        keys = cols.map(SortColumn.init)
        self.descending = descending
    }

    /// Whether row `a` comes before row `b`.
    func precedes(_ a: Int, _ b: Int) -> Bool {
        for (k, key) in keys.enumerated() {
            let c = key.compare(a, b)
            if c == 2 { return true }   // a has a value, b is null: values first
            if c == -2 { return false }
            if c != 0 { return descending[k] ? c > 0 : c < 0 }
        }
        return a < b
    }

    /// Whether rows `a` and `b` have equal keys (ties of `rank`).
    func tied(_ a: Int, _ b: Int) -> Bool {
        keys.allSatisfy { $0.compare(a, b) == 0 }
    }
}

/// A sort key prepared for fast comparison: numbers as doubles, strings as the rank of
/// their dictionary code (the dictionary is sorted once, not every comparison).
private enum SortColumn {
    case numbers([Double])
    case ranks([Int32])
    case values([Value])

    init(_ col: Column) {
        switch col.storage {
        case .number(let a): self = .numbers(a)
        // A day count orders as a number; null is NaN, which sorts last.
        case .date(let a): self = .numbers(a.map { $0 == Column.nullDay ? .nan : Double($0) })
        case .string(let codes, let dict):
            let order = dict.strings.indices.sorted { dict.strings[$0] < dict.strings[$1] }
            var rank = [Int32](repeating: 0, count: dict.count)
            for (r, code) in order.enumerated() { rank[code] = Int32(r) }
            self = .ranks(codes.map { $0 < 0 ? -1 : rank[Int($0)] })
        default: self = .values(col.values)
        }
    }

    /// -1, 0 or 1 for two values; 2 when only `b` is null, -2 when only `a` is.
    @inline(__always)
    func compare(_ a: Int, _ b: Int) -> Int {
        switch self {
        case .numbers(let xs):
            let x = xs[a], y = xs[b]
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? -2 : 2) }
            return x == y ? 0 : (x < y ? -1 : 1)
        case .ranks(let rs):
            let x = rs[a], y = rs[b]
            if x < 0 || y < 0 { return (x < 0) == (y < 0) ? 0 : (x < 0 ? -2 : 2) }
            return x == y ? 0 : (x < y ? -1 : 1)
        case .values(let vs):
            let x = vs[a], y = vs[b]
            if x.isNull || y.isNull { return x.isNull == y.isNull ? 0 : (x.isNull ? -2 : 2) }
            return Value.order(x, y)
        }
    }
}
