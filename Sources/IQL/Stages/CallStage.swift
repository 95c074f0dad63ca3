/// `t | f(x)` is `f(t, x)`: any function is a stage. Not a registry entry: it is what
/// a stage is when no stage word starts it.
struct CallStage: StageNode {
    let callee: Expr
    let arguments: [Argument]

    var expressions: [(expr: Expr, perRow: Bool)] { [(Expr(.call(callee, arguments), callee.range), false)] }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let compiler = env.compiler
        let fv: Value
        do {
            fv = try env.value(callee)
        } catch var d as Diagnostic where d.kind == .unknownName {
            if case .name(let n) = callee.kind {
                d.entry = Messages.unknownStageOrFunction(n)
                d.hintText = closest(to: n, in: StageRegistry.words + Builtins.names + compiler.ctx.globals.names).map(Messages.didYouMean)
            }
            throw d
        }
        guard case .function(let fn) = fv else { throw env.error(Messages.notCallable(fv), callee.range) }
        let values = try arguments.map { try env.value($0.value) }
        return try compiler.call(fn, [input] + values, labels: [nil] + arguments.map(\.label),
                                 argRanges: [env.range] + arguments.map(\.value.range), at: env.range)
    }
}
