/// Stages that shape columns: select and derive.

/// `select a, b, share = a / b`: only these columns, in this order.
struct Select: StageNode {
    let bindings: [Binding]

    static let definition = StageDefinition(
        name: "select", word: "select", syntax: "T | select COLUMN, NAME = EXPR, …",
        summary: "keeps the named columns, or computes new ones, in that order",
        example: "indicators | select name, target, pct = string(target)",
        parse: { p in p.advance(); return Select(bindings: try p.parseBindings(allowBare: true)) })

    var expressions: [(expr: Expr, perRow: Bool)] { bindings.map { ($0.value, true) } }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        var names: [String] = [], cols: [Column] = []
        for b in bindings {
            if names.contains(b.name) {
                throw env.error(Messages.selectedTwice(b.name), b.range, hint: Messages.renameHint)
            }
            names.append(b.name)
            cols.append(try env.column(b.value, t))
        }
        return .table(Table(names: names, columns: cols, rowCount: t.rowCount))
    }
}

/// `derive c = EXPR, d = EXPR`: adds or replaces columns; each sees the ones before it.
struct Derive: StageNode {
    let bindings: [Binding]

    static let definition = StageDefinition(
        name: "derive", word: "derive", syntax: "T | derive NAME = EXPR, …",
        summary: "adds columns (or replaces one of the same name); later ones see earlier ones",
        example: "indicators | derive doubled = target * 2",
        parse: { p in p.advance(); return Derive(bindings: try p.parseBindings(allowBare: false)) })

    var expressions: [(expr: Expr, perRow: Bool)] { bindings.map { ($0.value, true) } }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        var out = try env.table(input)
        for b in bindings { out = out.setting(b.name, try env.column(b.value, out)) }
        return .table(out)
    }
}
