/// Which columns of a global table a program can read, found from its syntax before
/// the table is loaded, so that a reader may skip the others (`iql --data`).
///
/// The answer is sure or absent. It is given only when every mention of the table's
/// name heads a pipeline whose stages' column needs are known (``ColumnFlow``) up to
/// a stage that makes new columns (`select`, `group`, `count`, `distinct a`): then no
/// column but those named in those stages can reach anything else. Any other use
/// (the table printed, passed to a function, `rows()`, a join or a stage whose needs
/// are not known, a pipeline that ends with the table's columns, an `import`) gives
/// no answer, and the table is read whole.
package struct ColumnUse: Sendable, Equatable {
    /// Every name the stages read per row: the needed columns among functions,
    /// variables and bindings of the pipelines themselves.
    var mentioned: Set<String> = []
    /// The names among them that can only be columns (no builtin, global, `let`, `fn`,
    /// parameter or binding of the pipeline has them).
    var required: Set<String> = []

    /// The columns to read of a file whose header names `columns`, or nil for every one:
    /// a required name missing from the file is an error the script will report, and
    /// it reads best with the file's every column in its hints.
    func columns(among columns: [String]) -> Set<String>? {
        guard required.isSubset(of: columns) else { return nil }
        return mentioned.intersection(columns)
    }
}

/// How a stage's output columns follow from its input's, for ``ColumnUse``.
/// A stage without this conformance ends what is known of a table's use.
protocol ColumnFlowStage {
    var columnFlow: ColumnFlow { get }
}

enum ColumnFlow {
    /// The input's columns flow on, with these added (`derive`'s and `window`'s bindings).
    case keeps(adding: [String])
    /// The output's columns are new: no input column is seen after this stage.
    case replaces
    /// The stage reads every column it is given (`distinct` without columns compares
    /// whole rows), so none before it may be left out.
    case readsAll
}

extension Where: ColumnFlowStage { var columnFlow: ColumnFlow { .keeps(adding: []) } }
extension Sort: ColumnFlowStage { var columnFlow: ColumnFlow { .keeps(adding: []) } }
extension Slice: ColumnFlowStage { var columnFlow: ColumnFlow { .keeps(adding: []) } }
extension Derive: ColumnFlowStage { var columnFlow: ColumnFlow { .keeps(adding: bindings.map(\.name)) } }
extension WindowStage: ColumnFlowStage { var columnFlow: ColumnFlow { .keeps(adding: bindings.map(\.name)) } }
extension Select: ColumnFlowStage { var columnFlow: ColumnFlow { .replaces } }
extension Group: ColumnFlowStage { var columnFlow: ColumnFlow { .replaces } }
extension Count: ColumnFlowStage { var columnFlow: ColumnFlow { .replaces } }
extension Distinct: ColumnFlowStage { var columnFlow: ColumnFlow { columns.isEmpty ? .readsAll : .replaces } }

extension Program {
    /// The columns of the global `table` this program can read, or nil when that is
    /// not known (see ``ColumnUse``). `globals` are the names bound before it runs.
    func columnUse(of table: String, globals: Set<String>) -> ColumnUse? {
        var known = globals.union(Builtins.names)
        for s in statements {
            switch s {
            case .let(let name, _, _), .fn(let name, _, _, _):
                // Rebinding the table's own name makes later mentions another table.
                if name == table { return nil }
                known.insert(name)
            case .import: return nil
            case .expr: break
            }
        }
        var finder = ColumnUseFinder(table: table, known: known)
        for s in statements {
            switch s {
            case .let(_, let value, _): finder.walk(value, [])
            case .fn(_, let params, let body, _): finder.walk(body, Set(params))
            case .import: break
            case .expr(let e): finder.walk(e, [])
            }
            if finder.escaped { return nil }
        }
        return finder.use
    }
}

/// Walks a program for ``Program/columnUse(of:globals:)``.
private struct ColumnUseFinder {
    let table: String
    let known: Set<String>
    var use = ColumnUse()
    /// Whether the table is used in a way whose columns are not known.
    var escaped = false

    /// Names bound inside a pipeline over the table: they are not its columns.
    fileprivate struct RowNames {
        var bound: Set<String>
        var functions: Set<String>
    }

    init(table: String, known: Set<String>) {
        self.table = table
        self.known = known
    }

    /// Every expression of `e`; `locals` are the parameters in scope, `row` the names
    /// bound in the pipeline over the table whose row this is (nil outside one).
    mutating func walk(_ e: Expr, _ locals: Set<String>, _ row: RowNames? = nil) {
        guard !escaped else { return }
        switch e.kind {
        case .number, .bool, .null, .param: break
        case .name(let n):
            if n == table && !locals.contains(n) { escaped = true; return }
            guard let row else { return }
            use.mentioned.insert(n)
            if !known.contains(n) && !locals.contains(n) && !row.bound.contains(n) && !row.functions.contains(n) {
                use.required.insert(n)
            }
        case .string(let parts):
            for case .expr(let x) in parts { walk(x, locals, row) }
        case .list(let xs): for x in xs { walk(x, locals, row) }
        case .record(let fields): for f in fields { walk(f.value, locals, row) }
        case .unary(_, let x), .member(let x, _): walk(x, locals, row)
        case .binary(_, let a, let b), .index(let a, let b): walk(a, locals, row); walk(b, locals, row)
        case .call(let f, let args):
            walk(f, locals, row)
            for a in args { walk(a.value, locals, row) }
        case .lambda(let params, let body): walk(body, locals.union(params), row)
        case .ifThen(let c, let a, let b): walk(c, locals, row); walk(a, locals, row); walk(b, locals, row)
        case .pipeline(let head, let stages):
            if case .name(table) = head.kind, !locals.contains(table) {
                pipeline(stages, locals, row)
            } else {
                walk(head, locals, row)
                // Names of another table's rows: taken as mentions of this one where
                // the pipeline is inside one over it (more columns read, none missed).
                for s in stages { for x in s.node.expressions { walk(x.expr, locals, row) } }
            }
        }
    }

    /// The stages of a pipeline over the table: per-row names up to the stage that
    /// makes new columns are its columns; the table escapes when there is none.
    private mutating func pipeline(_ stages: [Stage], _ locals: Set<String>, _ outer: RowNames?) {
        var row = RowNames(bound: outer?.bound ?? [], functions: outer?.functions ?? [])
        var open = true
        for s in stages {
            guard open else {
                for x in s.node.expressions { walk(x.expr, locals, outer) }
                continue
            }
            guard let flow = (s.node as? ColumnFlowStage)?.columnFlow else { escaped = true; return }
            var inStage = row
            inStage.functions.formUnion(s.node.localFunctions)
            for x in s.node.expressions { walk(x.expr, locals, x.perRow ? inStage : outer) }
            switch flow {
            case .keeps(let added): row.bound.formUnion(added)
            case .replaces: open = false
            case .readsAll: escaped = true; return
            }
        }
        if open { escaped = true }
    }
}
