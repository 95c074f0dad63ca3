/// Checker: resolves names of a ``Program`` without running it (`iql --check`).
///
/// Reports every unknown variable or function outside stages. Inside a stage a
/// name may be a column of whatever table flows in, which is only known when the
/// query runs, so there only unknown functions are reported.
struct Checker {
    let file: SourceFile
    var known: Set<String>
    private(set) var diagnostics: [Diagnostic] = []
    /// Functions the enclosing stage gives a meaning of its own (`lag` in `window`).
    private var stageFunctions: Set<String> = []

    init(file: SourceFile, globals: [String]) {
        self.file = file
        self.known = Set(globals).union(Builtins.names)
    }

    mutating func check(_ program: Program) -> [Diagnostic] {
        for s in program.statements {
            switch s {
            case .let(let name, let value, _):
                expr(value, locals: [], inStage: false)
                known.insert(name)
            case .fn(let name, let params, let body, _):
                known.insert(name) // recursion
                expr(body, locals: Set(params), inStage: false)
            case .import:
                break // definitions of an imported file are checked when it is imported
            case .expr(let e):
                expr(e, locals: [], inStage: false)
            }
        }
        // The parser's warnings (`x == null`) belong to the same report, in source order.
        return (program.warnings + diagnostics).enumerated().sorted {
            let (a, b) = ($0.element.location?.range.start ?? 0, $1.element.location?.range.start ?? 0)
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
    }

    private mutating func unknown(_ name: String, _ r: SourceRange, function: Bool, _ locals: Set<String>) {
        let msg = function ? Messages.unknownFunction(name) : Messages.unknownName(name)
        diagnostics.append(Diagnostic(.unknownName, msg, at: SourceLocation(file: file, range: r),
                                      hint: closest(to: name, in: Array(known.union(locals))).map(Messages.didYouMean)))
    }

    private mutating func expr(_ e: Expr, locals: Set<String>, inStage: Bool) {
        func sub(_ x: Expr) { expr(x, locals: locals, inStage: inStage) }
        switch e.kind {
        case .number, .bool, .null, .param: break
        case .string(let parts): for case .expr(let x) in parts { sub(x) }
        case .name(let n):
            if !inStage && !locals.contains(n) && !known.contains(n) { unknown(n, e.range, function: false, locals) }
        case .list(let xs): xs.forEach(sub)
        case .record(let fs): fs.forEach { sub($0.value) }
        case .unary(_, let x): sub(x)
        case .binary(_, let a, let b): sub(a); sub(b)
        case .call(let callee, let args):
            if case .name(let n) = callee.kind {
                if !locals.contains(n) && !known.contains(n) { unknown(n, callee.range, function: true, locals) }
                if WindowFunction.names.contains(n) && !stageFunctions.contains(n) && !locals.contains(n) {
                    diagnostics.append(Diagnostic(.type, Messages.windowOnly(n), at: SourceLocation(file: file, range: e.range), hint: Messages.windowOnlyHint(n)))
                }
            } else { sub(callee) }
            args.forEach { sub($0.value) }
        case .member(let base, _):
            // `left.x` / `right.x` in join conditions name the two tables.
            if case .name(let n) = base.kind, inStage, n == "left" || n == "right" { break }
            sub(base)
        case .index(let a, let b): sub(a); sub(b)
        case .lambda(let ps, let body): expr(body, locals: locals.union(ps), inStage: inStage)
        case .ifThen(let a, let b, let c): sub(a); sub(b); sub(c)
        case .pipeline(let head, let stages):
            sub(head)
            for st in stages { stage(st, locals: locals) }
        }
    }

    private mutating func stage(_ s: Stage, locals: Set<String>) {
        let outer = stageFunctions
        defer { stageFunctions = outer }
        for (e, perRow) in s.node.expressions {
            stageFunctions = perRow ? outer.union(s.node.localFunctions) : outer
            expr(e, locals: locals, inStage: perRow)
        }
    }
}
