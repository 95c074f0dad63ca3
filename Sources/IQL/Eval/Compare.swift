/// `compare ACTUALS [at PERIOD] [tolerance X]`: actual values beside targets.
struct Comparison {
    let runner: StageRunner

    func compare(_ t: Table, _ actuals: Expr, _ at: Expr?, _ tolerance: Expr?, _ scope: Scope, _ f: Frame, _ range: SourceRange) throws -> Table {
        throw runner.compiler.error(.runtime, "compare is not available yet", range)
    }
}
