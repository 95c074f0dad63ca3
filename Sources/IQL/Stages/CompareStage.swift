/// `compare ACTUALS [at PERIOD] [tolerance X]`: actual values against targets (Eval/Compare.swift).
struct CompareStage: StageNode {
    let actuals: Expr
    let clauses: Comparison.Clauses

    static let definition = StageDefinition(
        name: "compare", word: "compare", syntax: "T | compare ACTUALS [profiles PROFILES] [at PERIOD] [tolerance X]",
        summary: "compares targets with actual values (序时进度): adds period, actual, expected, gap, attainment, completion, pace, pace_gap and status (met, ahead, on_track, behind, pending, no_data); PROFILES (profile, month, share) paces seasonal targets",
        example: "indicators | compare actuals at \"2023-06\"",
        parse: { p in
            p.advance()
            let actuals = try p.parsePostfix()
            var clauses = Comparison.Clauses()
            if p.isWord("profiles") { p.advance(); clauses.profiles = try p.parsePostfix() }
            if p.isWord("at") { p.advance(); clauses.at = try p.parsePostfix() }
            if p.isWord("tolerance") { p.advance(); clauses.tolerance = try p.parseUnary() }
            return CompareStage(actuals: actuals, clauses: clauses)
        })

    var expressions: [(expr: Expr, perRow: Bool)] {
        [actuals, clauses.profiles, clauses.at, clauses.tolerance].compactMap { $0.map { ($0, false) } }
    }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        .table(try Comparison(runner: env.runner).compare(try env.table(input), actuals, clauses, env.scope, env.frame, env.range))
    }
}
