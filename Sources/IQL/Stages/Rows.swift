/// Stages that choose rows: where, sort, take, skip, distinct, count.

/// `where PRED`: keeps the rows whose condition is true (null counts as false).
struct Where: StageNode {
    let predicate: Expr

    static let definition = StageDefinition(
        name: "where", word: "where", syntax: "T | where CONDITION",
        summary: "keeps the rows for which the condition is true (null counts as false)",
        example: "indicators | where topic == \"医药\" and target > 0.05",
        parse: { p in p.advance(); return Where(predicate: try p.parseBinary(1)) })

    var expressions: [(expr: Expr, perRow: Bool)] { [(predicate, true)] }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        let (cursor, rowScope) = env.rows(t)
        let compiler = env.compiler
        if case .bools(let mask)? = Vectorizer(compiler: compiler, table: t, scope: rowScope, frame: env.frame).evaluateByMorsels(predicate) {
            try compiler.ctx.tick(count: t.rowCount, predicate.range, compiler.file)
            var keep: [Int] = []
            keep.reserveCapacity(t.rowCount / 2)
            for (i, b) in mask.enumerated() where b == 1 { keep.append(i) }
            return .table(keep.count == t.rowCount ? t : try env.gather(t, keep))
        }
        let code = try compiler.compile(predicate, rowScope)
        var keep: [Int] = []
        for i in 0..<t.rowCount {
            cursor.row = i
            try compiler.ctx.tick(predicate.range, compiler.file)
            switch try code(env.frame) {
            case .bool(true): keep.append(i)
            case .bool(false), .null: break
            case let v: throw compiler.error(.type, Messages.expected(Want.booleanFromWhere, v), predicate.range)
            }
        }
        return .table(keep.count == t.rowCount ? t : try env.gather(t, keep))
    }
}

/// `sort a, b desc`: stable, nulls last in either direction. `sort … | take N` is one
/// node (``fusingTake(_:)``) that keeps the first N rows in one pass over a heap of N,
/// instead of ordering every row to keep ten.
struct Sort: StageNode {
    let keys: [SortKey]
    var limit: Expr? = nil

    static let definition = StageDefinition(
        name: "sort", word: "sort", syntax: "T | sort EXPR [desc], …",
        summary: "orders the rows by one or more keys, ascending unless 'desc'; nulls last",
        example: "indicators | sort topic, target desc",
        parse: { p in p.advance(); return Sort(keys: try p.parseSortKeys()) })

    var expressions: [(expr: Expr, perRow: Bool)] { keys.map { ($0.value, true) } + (limit.map { [($0, false)] } ?? []) }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        let cols = try env.sortColumns(keys, t)
        if let limit {
            let k = try env.runner.count(limit, env.scope, env.frame)
            // A heap pays off while N is small against the rows.
            if k <= t.rowCount / 8 {
                try env.compiler.ctx.tick(count: t.rowCount, env.range, env.compiler.file)
                return .table(try env.gather(t, Sort.first(k, of: t.rowCount, SortOrder(cols, keys.map(\.descending)))))
            }
            let order = try env.runner.sortedIndices(t.rowCount, cols, keys.map(\.descending), env.range)
            return .table(try env.gather(t, Array(order.prefix(k))))
        }
        let order = try env.runner.sortedIndices(t.rowCount, cols, keys.map(\.descending), env.range)
        return .table(try env.gather(t, order))
    }

    /// The first `k` of rows `0..<n` in `order`, in that order: a max-heap holds the
    /// best `k` so far, its root the last of them. The order breaks ties by row, so the
    /// result is exactly the first `k` rows of the stable sort.
    static func first(_ k: Int, of n: Int, _ order: SortOrder) -> [Int] {
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count && order.precedes(heap[worst], heap[l]) { worst = l }
                if r < heap.count && order.precedes(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst)
                i = worst
            }
        }
        guard k > 0 else { return [] }
        for row in 0..<n {
            if heap.count < k {
                heap.append(row)
                var i = heap.count - 1
                while i > 0, order.precedes(heap[(i - 1) / 2], heap[i]) {
                    heap.swapAt(i, (i - 1) / 2)
                    i = (i - 1) / 2
                }
            } else if order.precedes(row, heap[0]) {
                heap[0] = row
                siftDown(0)
            }
        }
        return heap.sorted(by: order.precedes)
    }

    /// `sort … | take N` (without `by`) as one stage.
    static func fusingTake(_ stages: [Stage]) -> [Stage] {
        var out: [Stage] = []
        for s in stages {
            if let take = s.node as? Slice, take.take, take.by.isEmpty, let last = out.last, let sort = last.node as? Sort, sort.limit == nil {
                out[out.count - 1] = Stage(node: Sort(keys: sort.keys, limit: take.count), range: last.range.to(s.range))
            } else {
                out.append(s)
            }
        }
        return out
    }
}

/// `take N` and `skip N`, of a table or a list; `take N by k, …` keeps the first N
/// rows of each group of equal keys, rows in their current order.
struct Slice: StageNode {
    let take: Bool
    let count: Expr
    let by: [Binding]

    var expressions: [(expr: Expr, perRow: Bool)] { [(count, false)] + by.map { ($0.value, true) } }

    static func parse(_ take: Bool) -> @Sendable (inout Parser) throws -> any StageNode {
        { p in
            p.advance()
            let n = try p.parseRowCount(take ? "take" : "skip")
            var by: [Binding] = []
            if p.isWord("by") { p.advance(); by = try p.parseBindings(allowBare: true) }
            return Slice(take: take, count: n, by: by)
        }
    }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let n = try env.runner.count(count, env.scope, env.frame)
        if by.isEmpty, case .list(let xs) = input, input.asTable == nil {
            return .list(Array(take ? xs.prefix(n) : xs.dropFirst(n)))
        }
        let t = try env.table(input)
        guard !by.isEmpty else {
            let lo = take ? 0 : min(n, t.rowCount)
            let hi = take ? min(n, t.rowCount) : t.rowCount
            return .table(try env.gather(t, Array(lo..<hi)))
        }
        let keys = try by.map { try env.column($0.value, t) }
        try env.compiler.ctx.tick(count: t.rowCount, env.range, env.compiler.file)
        let index = KeyIndex(keys, rows: t.rowCount)
        // Rows seen so far in each group decide, row by row, so the order stays as it was.
        var seen = [Int](repeating: 0, count: index.firstRow.count)
        var keep: [Int] = []
        for (i, g) in index.groupOfRow.enumerated() {
            if (seen[g] < n) == take { keep.append(i) }
            seen[g] += 1
        }
        return .table(try env.gather(t, keep))
    }
}

enum Take {
    static let definition = StageDefinition(
        name: "take", word: "take", syntax: "T | take N [by KEY, …]",
        summary: "keeps the first N rows (or list items); with 'by', the first N rows of each group, in their current order",
        example: "indicators | sort target desc | take 2 by topic",
        parse: Slice.parse(true))
}

enum Skip {
    static let definition = StageDefinition(
        name: "skip", word: "skip", syntax: "T | skip N [by KEY, …]",
        summary: "drops the first N rows (or list items); with 'by', the first N rows of each group",
        example: "indicators | skip 10 | take 5",
        parse: Slice.parse(false))
}

/// `distinct`, `distinct a, b`: unique rows, or unique combinations of these columns.
struct Distinct: StageNode {
    let columns: [Binding]

    static let definition = StageDefinition(
        name: "distinct", word: "distinct", syntax: "T | distinct [COLUMN, …]",
        summary: "keeps one row per different value of the columns (all columns when none is named)",
        example: "indicators | distinct section, topic",
        parse: { p in
            p.advance()
            return Distinct(columns: p.atStageEnd() ? [] : try p.parseBindings(allowBare: true))
        })

    var expressions: [(expr: Expr, perRow: Bool)] { columns.map { ($0.value, true) } }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        let cols = columns.isEmpty ? t.columns : try columns.map { try env.column($0.value, t) }
        let names = columns.isEmpty ? t.names : columns.map(\.name)
        try env.compiler.ctx.tick(count: t.rowCount, env.range, env.compiler.file)
        let keep = KeyIndex(cols, rows: t.rowCount).firstRow
        try env.checkTable(rows: keep.count, columns: cols.count)
        return .table(Table(names: names, columns: cols.map { $0.gather(keep) }, rowCount: keep.count))
    }
}

/// `count`: the number of rows or list items.
struct Count: StageNode {
    static let definition = StageDefinition(
        name: "count", word: "count", syntax: "T | count",
        summary: "the number of rows (or list items)",
        example: "projects | where stage == \"在建\" | count",
        starts: { p in p.atStageEnd(after: 1) },
        parse: { p in p.advance(); return Count() })

    var expressions: [(expr: Expr, perRow: Bool)] { [] }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        if case .list(let xs) = input, input.asTable == nil { return .number(Double(xs.count)) }
        return .number(Double(try env.table(input).rowCount))
    }
}

extension StageEnv {
    /// The columns of sort keys over `t`. `-name` on a text column is refused with a
    /// hint: '-' negates numbers, and `desc` is how text sorts the other way.
    func sortColumns(_ keys: [SortKey], _ t: Table) throws -> [Column] {
        try keys.map { k in
            if case .unary(.negate, let inner) = k.value.kind, try column(inner, t).typeName == "string" {
                let text = compiler.file.slice(inner.range)
                throw error(Messages.cannotSortNegated(text), k.value.range,
                            hint: Messages.sortDescHint(text))
            }
            return try column(k.value, t)
        }
    }
}
