/// `compare ACTUALS [at PERIOD] [tolerance X]`: actual values against targets (Eval/Compare.swift).
struct CompareStage: StageNode {
    let actuals: Expr
    let at: Expr?
    let tolerance: Expr?

    static let definition = StageDefinition(
        name: "compare", word: "compare", syntax: "T | compare ACTUALS [at PERIOD] [tolerance X]",
        summary: "compares targets with actual values: adds period, actual, expected, gap, attainment and status",
        example: "indicators | compare actuals at \"2023-06\"",
        parse: { p in
            p.advance()
            let actuals = try p.parsePostfix()
            var at: Expr? = nil, tolerance: Expr? = nil
            if p.isWord("at") { p.advance(); at = try p.parsePostfix() }
            if p.isWord("tolerance") { p.advance(); tolerance = try p.parseUnary() }
            return CompareStage(actuals: actuals, at: at, tolerance: tolerance)
        })

    var expressions: [(expr: Expr, perRow: Bool)] { [actuals, at, tolerance].compactMap { $0.map { ($0, false) } } }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        .table(try Comparison(runner: env.runner).compare(try env.table(input), actuals, at, tolerance, env.scope, env.frame, env.range))
    }
}
