/// `group by k1, k2 { n = count(), total = sum(x) }`: one row per group, keys first,
/// groups in order of first appearance; `group { … }` summarises the whole table.
struct Group: StageNode {
    let keys: [Binding]
    let aggregates: [Binding]

    static let definition = StageDefinition(
        name: "group", word: "group", syntax: "T | group [by KEY, …] { NAME = AGGREGATE(EXPR), … }",
        summary: "one row per group of equal keys, with aggregates over each group's rows",
        example: "projects | group by topic { n = count() } | sort n desc",
        parse: { p in
            p.advance()
            var keys: [Binding] = []
            if p.isWord("by") {
                p.advance()
                keys = try p.parseBindings(allowBare: true)
            }
            return Group(keys: keys, aggregates: try p.parseAggregateBlock("group", example: "group by topic { n = count() }"))
        })

    var expressions: [(expr: Expr, perRow: Bool)] { (keys + aggregates).map { ($0.value, true) } }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        let compiler = env.compiler
        let keyCols = try keys.map { try env.column($0.value, t) }
        let state = GroupState(input: t, keyNames: keys.map(\.name))
        try compiler.ctx.tick(count: t.rowCount, env.range, compiler.file)
        // A whole-table summary needs no group numbers: every row is group 0.
        let index = keys.isEmpty ? nil : KeyIndex(keyCols, rows: t.rowCount, compiler.ctx.kernels)
        state.keys = index.map { $0.firstRow.map { r in keyCols.map { $0[r] } } } ?? (t.rowCount > 0 ? [[]] : [])
        if keys.isEmpty && state.keys.isEmpty {
            // A whole-table summary of no rows still gives one row (count() = 0).
            state.keys.append([])
        }
        try env.checkTable(rows: state.keys.count, columns: keys.count + aggregates.count)
        var names = keys.map(\.name)
        for b in aggregates {
            if names.contains(b.name) { throw env.error(Messages.groupedTwice(b.name), b.range) }
            names.append(b.name)
        }
        if let plan = try unboxedPlan(t, env) {
            let aggCols = try plan.run(groups: state.keys.count, rows: t.rowCount, groupOfRow: index?.groupOfRow,
                                       compiler.ctx.parallel(env.range, compiler.file))
            var cols = keyCols.enumerated().map { k, c in
                var b = ColumnBuilder(capacity: state.keys.count)
                for key in state.keys { b.append(key[k]) }
                var col = b.finish()
                col.style = c.style
                return col
            }
            cols += aggCols
            return .table(Table(names: names, columns: cols, rowCount: state.keys.count))
        }
        state.members = index?.members ?? [Array(0..<t.rowCount)]
        let groupScope = Scope(.group(state), parent: env.scope)
        var builders = keyCols.map { _ in ColumnBuilder(capacity: state.keys.count) }
        let codes = try aggregates.map { b -> Code in try compiler.compile(b.value, groupScope) }
        builders += aggregates.map { _ in ColumnBuilder(capacity: state.keys.count) }
        for g in 0..<state.keys.count {
            state.current = g
            for (k, v) in state.keys[g].enumerated() { builders[k].append(v) }
            for (j, code) in codes.enumerated() { builders[keys.count + j].append(try code(env.frame)) }
        }
        var cols = builders.map { $0.finish() }
        // Keys keep the display style of the column they came from.
        for (k, c) in keyCols.enumerated() { cols[k].style = c.style }
        return .table(Table(names: names, columns: cols, rowCount: state.keys.count))
    }
}

extension Group {
    /// The unboxed plan of the aggregates when each is a plain call of `count`, `sum`,
    /// `avg`, `min` or `max` whose argument is a column of numbers (any column for
    /// `count(x)`); nil sends them all through the general path. An argument is
    /// evaluated over the whole input, as the general path does on first use.
    private func unboxedPlan(_ t: Table, _ env: StageEnv) throws -> AggregatePlan? {
        var calls: [(name: String, args: [Argument])] = []
        for b in aggregates {
            guard case .call(let callee, let args) = b.value.kind, case .name(let n) = callee.kind,
                  ["count", "sum", "avg", "min", "max"].contains(n), args.count <= 1,
                  args.allSatisfy({ $0.label == nil }), n == "count" || args.count == 1 else { return nil }
            calls.append((n, args))
        }
        // Every call is checked before any argument is evaluated. A plan that still falls
        // back (an argument that is not numbers, such as `sum` of text, which is null)
        // has its arguments evaluated again by the general path: pure, so only slower.
        var columns: [(name: String, column: Column?)] = []
        for (n, args) in calls {
            columns.append((n, try args.first.map { try env.column($0.value, t) }))
        }
        return AggregatePlan(columns)
    }
}

extension Parser {
    /// aggregates → '{' (NAME '=' expr (',' NAME '=' expr)*)? '}'
    ///
    /// A bare aggregate or window function name (`n = count`) is an error: it would
    /// make every cell the function itself.
    mutating func parseAggregateBlock(_ stage: String, example: String, contents: Localized = Expect.aggregates) throws -> [Binding] {
        skipNewlines()
        let open = try expect(.lbrace, Expect.brace(contents, stage, example))
        var aggs: [Binding] = []
        skipNewlines()
        while !isOp(.rbrace) {
            if case .eof = tok.kind { break }
            let b = try parseBinding(allowBare: false)
            try refuseUncalled(b.value, named: b.name)
            aggs.append(b)
            skipNewlines()
            if isOp(.comma) { advance(); skipNewlines() } else { break }
        }
        _ = try expect(.rbrace, opener: open)
        return aggs
    }

    /// A bare aggregate or window function where its value was meant (`n = count`).
    mutating func refuseUncalled(_ e: Expr, named binding: String? = nil) throws {
        guard case .name(let n) = e.kind else { return }
        let window = WindowFunction.names.contains(n)
        guard window || Aggregates.table[n] != nil else { return }
        diagnostics.append(Diagnostic(.syntax, Messages.uncalled(n, window: window), at: loc(e.range),
                                      hint: Messages.writeThis((binding.map { "\($0) = " } ?? "") + Messages.call(n))))
        throw Abort()
    }
}
