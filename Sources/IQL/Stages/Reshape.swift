/// Stages that turn rows into columns and back: pivot and unpivot.

/// `pivot COLUMN [by KEY, …] { AGGREGATE }`: one row per group of keys, one column per
/// distinct value of COLUMN (in order of first appearance), each cell the aggregate
/// over the rows of that group and value; null where no row falls.
struct Pivot: StageNode {
    let column: Expr
    let by: [Binding]
    let aggregate: Expr

    static let definition = StageDefinition(
        name: "pivot", word: "pivot", syntax: "T | pivot COLUMN [by KEY, …] { AGGREGATE }",
        summary: "one row per group of keys and one column per distinct value of COLUMN, each cell the aggregate over its rows (null where there are none: write count() ?? 0 for 0)",
        example: "projects | pivot stage by topic { count() ?? 0 }",
        parse: { p in
            p.advance()
            let column = try p.parseBinary(1)
            var by: [Binding] = []
            if p.isWord("by") { p.advance(); by = try p.parseBindings(allowBare: true) }
            p.skipNewlines()
            let open = try p.expect(.lbrace, Expect.pivotBrace)
            p.skipNewlines()
            let aggregate = try p.parseBinary(1)
            try p.refuseUncalled(aggregate)
            p.skipNewlines()
            if p.isOp(.comma) {
                throw p.fail(Expect.pivotClose, hint: Messages.pivotOneAggregateHint)
            }
            _ = try p.expect(.rbrace, opener: open)
            return Pivot(column: column, by: by, aggregate: aggregate)
        })

    var expressions: [(expr: Expr, perRow: Bool)] { ([column] + by.map(\.value) + [aggregate]).map { ($0, true) } }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        let ctx = env.compiler.ctx, file = env.compiler.file
        let keyCols = try by.map { try env.column($0.value, t) }
        let spreadCol = try env.column(column, t)
        try ctx.tick(count: t.rowCount, env.range, file)
        let groups = KeyIndex(keyCols, rows: t.rowCount, ctx.kernels)
        let spread = KeyIndex([spreadCol], rows: t.rowCount, ctx.kernels)
        let (rows, width) = (groups.groupCount, spread.groupCount)
        // Checked before anything is built: a pivot on a column of unique values would
        // otherwise make a table as large as rows × rows.
        let (cells, overflow) = rows.multipliedReportingOverflow(by: width)
        let limit = ctx.limits.rows ?? Limits.defaultRows
        if overflow || cells > limit {
            throw env.error(Messages.tooManyCells("pivot", rows, width, limit), column.range,
                            hint: Messages.pivotWideHint)
        }
        try ctx.checkRows(rows, env.range, file)
        try env.checkTable(rows: rows, columns: by.count + width)

        let state = GroupState(input: t, keyNames: [])
        state.nullWhenEmpty = true
        state.members = [[Int]](repeating: [], count: cells)
        for i in 0..<t.rowCount { state.members[groups.groupOfRow[i] * width + spread.groupOfRow[i]].append(i) }
        let code = try env.compiler.compile(aggregate, Scope(.group(state), parent: env.scope))
        var builders = [ColumnBuilder](repeating: ColumnBuilder(capacity: rows), count: width)
        for g in 0..<rows {
            for v in 0..<width {
                state.current = g * width + v
                builders[v].append(try code(env.frame))
            }
        }
        let keyNames = by.map(\.name)
        var taken = Set(keyNames)
        let valueNames = spread.firstRow.map { row in unique(Pivot.columnName(spreadCol[row]), &taken) }
        let columns = keyCols.map { $0.gather(groups.firstRow) } + builders.map { $0.finish() }
        return .table(Table(names: keyNames + valueNames, columns: columns, rowCount: rows))
    }

    /// The column a value becomes: text as it is, numbers as they print, null as `null`.
    static func columnName(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return Formatter.inline(v)
    }
}

/// `name`, or `name_2`, `name_3`, … when taken; the result is taken from then on.
func unique(_ name: String, _ taken: inout Set<String>) -> String {
    var u = name, k = 2
    while taken.contains(u) { u = "\(name)_\(k)"; k += 1 }
    taken.insert(u)
    return u
}

/// `unpivot a, b, c into NAME, VALUE`: each row becomes one row per listed column, in
/// row-major order, with the column's name in NAME and its cell in VALUE; the other
/// columns are repeated.
struct Unpivot: StageNode {
    let columns: [(name: String, range: SourceRange)]
    let nameColumn: (name: String, range: SourceRange)
    let valueColumn: (name: String, range: SourceRange)

    static let definition = StageDefinition(
        name: "unpivot", word: "unpivot", syntax: "T | unpivot COLUMN, … into NAME, VALUE",
        summary: "turns the listed columns into rows: one row per row and column, the column's name in NAME and its value in VALUE; other columns are repeated",
        example: "[{topic: \"医药\", h1: 3, h2: 5}] | unpivot h1, h2 into half, n",
        parse: { p in
            p.advance()
            var cols: [(name: String, range: SourceRange)] = []
            repeat {
                if !cols.isEmpty { p.advance(); p.skipNewlines() }
                let (n, r) = try p.expectName(Expect.unpivotColumn)
                cols.append((n, r))
            } while p.isOp(.comma)
            guard p.isWord("into") else {
                throw p.fail(Expect.unpivotInto, hint: Messages.unpivotHint)
            }
            p.advance()
            let name = try p.expectName(Expect.namesColumn)
            _ = try p.expect(.comma, Expect.commaValuesColumn)
            let value = try p.expectName(Expect.valuesColumn)
            return Unpivot(columns: cols, nameColumn: name, valueColumn: value)
        })

    var expressions: [(expr: Expr, perRow: Bool)] { [] }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        var listed = Set<String>()
        let sources = try columns.map { c -> Column in
            guard let i = t.index(of: c.name) else {
                throw env.compiler.error(.unknownName, Messages.unknownColumn(c.name), c.range, hint: closest(to: c.name, in: t.names).map(Messages.didYouMean))
            }
            guard listed.insert(c.name).inserted else { throw env.error(Messages.listedTwice(c.name), c.range) }
            return t.columns[i]
        }
        let kept = t.names.indices.filter { !listed.contains(t.names[$0]) }
        var taken = Set(kept.map { t.names[$0] })
        for new in [nameColumn, valueColumn] where !taken.insert(new.name).inserted {
            throw env.error(Messages.alreadyAColumn(new.name), new.range, hint: Messages.newNamesHint)
        }
        let (n, k) = (t.rowCount, sources.count)
        let (total, overflow) = n.multipliedReportingOverflow(by: k)
        if overflow { throw env.error(Messages.limit("rows", Messages.rowsByColumns(n, k)), env.range) }
        try env.compiler.ctx.checkRows(total, env.range, env.compiler.file)
        try env.checkTable(rows: total, columns: kept.count + 2)
        try env.compiler.ctx.tick(count: total, env.range, env.compiler.file)
        // Output row i * k + j is row i of column j, which is row j * n + i of the columns one after another.
        var repeated = [Int](repeating: 0, count: total)
        var interleaved = [Int](repeating: 0, count: total)
        var nameCodes = [Int32](repeating: 0, count: total)
        for i in 0..<n {
            for j in 0..<k {
                repeated[i * k + j] = i
                interleaved[i * k + j] = j * n + i
                nameCodes[i * k + j] = Int32(j)
            }
        }
        let dict = StringDictionary()
        for c in columns { _ = dict.intern(c.name) }
        let names = kept.map { t.names[$0] } + [nameColumn.name, valueColumn.name]
        let cols = kept.map { t.columns[$0].gather(repeated) }
            + [Column(.string(nameCodes, dict)), Column.concatenate(sources).gather(interleaved)]
        return .table(Table(names: names, columns: cols, rowCount: total))
    }
}
