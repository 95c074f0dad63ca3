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
        let index = KeyIndex(keyCols, rows: t.rowCount)
        state.members = index.members
        state.keys = index.firstRow.map { r in keyCols.map { $0[r] } }
        if keys.isEmpty && state.keys.isEmpty {
            // A whole-table summary of no rows still gives one row (count() = 0).
            state.keys.append([])
            state.members.append([])
        }
        try env.checkTable(rows: state.keys.count, columns: keys.count + aggregates.count)
        let groupScope = Scope(.group(state), parent: env.scope)
        var names = keys.map(\.name)
        var builders = keyCols.map { _ in ColumnBuilder(capacity: state.keys.count) }
        let codes = try aggregates.map { b -> Code in
            if names.contains(b.name) { throw env.error(Messages.groupedTwice(b.name), b.range) }
            names.append(b.name)
            return try compiler.compile(b.value, groupScope)
        }
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
