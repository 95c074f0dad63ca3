/// Checker: resolves the names of a ``Program`` without running it (`iql --check`).
///
/// Reports every unknown variable or function, and every unknown column inside a
/// stage when the table flowing in has a known schema: a table the engine holds
/// (`indicators`, `--data` tables, a host's), a literal list of records, a table of
/// the engine's database, or a `let` of a pipeline over one of them. The schema is
/// carried through the stages (``SchemaStage``: select, derive and group change it);
/// after a stage whose output is not known, names inside the rest of that pipeline
/// may be columns and only unknown functions are reported.
struct Checker {
    let file: SourceFile
    private var known: Set<String>
    /// Schemas of the tables that names hold at this point of the program.
    private var tables: [String: Schema]
    /// The schema of a table of the engine's database, for a name bound to nothing else.
    private let database: (String) -> Schema?
    /// Parameters of the function or lambda being checked.
    private var locals: Set<String> = []
    /// Functions the enclosing stage gives a meaning of its own (`lag` in `window`).
    private var stageFunctions: Set<String> = []
    private(set) var diagnostics: [Diagnostic] = []

    /// Where an expression is: outside any stage, or in a stage whose input's columns
    /// are known (or not).
    private enum Place { case outside, columns(Schema), unknownColumns }

    init(file: SourceFile, globals: [String], tables: [String: Schema], database: @escaping (String) -> Schema? = { _ in nil }) {
        self.file = file
        self.known = Set(globals).union(Builtins.names)
        self.tables = tables
        self.database = database
    }

    mutating func check(_ program: Program) -> [Diagnostic] {
        for s in program.statements {
            switch s {
            case .let(let name, let value, _):
                let schema = table(value)
                known.insert(name)
                tables[name] = schema
            case .fn(let name, let params, let body, _):
                known.insert(name) // recursion
                tables[name] = nil
                let saved = locals
                locals = Set(params)
                expr(body, .outside)
                locals = saved
            case .import:
                break // definitions of an imported file are checked when it is imported
            case .expr(let e):
                expr(e, .outside)
            }
        }
        // The parser's warnings (`x == null`) belong to the same report, in source order.
        return (program.warnings + diagnostics).enumerated().sorted {
            let (a, b) = ($0.element.location?.range.start ?? 0, $1.element.location?.range.start ?? 0)
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
    }

    // MARK: For stages (Resolve/StageSchemas.swift)

    /// Checks an expression of a stage: per row over `columns`, or once where the
    /// pipeline is when `columns` is nil.
    mutating func check(_ e: Expr, columns: Schema?) {
        expr(e, columns.map(Place.columns) ?? .outside)
    }

    /// Checks an expression that gives a table and reports its schema, if known.
    mutating func tableSchema(_ e: Expr) -> Schema? { table(e) }

    /// Reports `name` when it is not a column of `schema`.
    mutating func column(_ name: String, _ r: SourceRange, in schema: Schema, side: String) {
        guard !schema.names.contains(name) else { return }
        report(Messages.unknownColumnIn(name, side: side), r, closest(to: name, in: schema.names))
    }

    /// Checks `left.a == right.b and …`: each side's column against its table.
    mutating func joinCondition(_ e: Expr, left: Schema, right: Schema?) {
        switch e.kind {
        case .binary(_, let a, let b):
            joinCondition(a, left: left, right: right)
            joinCondition(b, left: left, right: right)
        case .member(let base, let col):
            if case .name(let which) = base.kind {
                if which == "left" { column(col, e.range, in: left, side: "left") }
                if which == "right", let right { column(col, e.range, in: right, side: "right") }
            }
        default:
            break
        }
    }

    // MARK: Expressions

    /// Checks `e` and reports the schema of the table it gives, when known.
    private mutating func table(_ e: Expr) -> Schema? {
        switch e.kind {
        case .name(let n) where !locals.contains(n):
            expr(e, .outside)
            if let s = tables[n] { return s }
            return known.contains(n) ? nil : database(n)
        case .list:
            expr(e, .outside)
            return Schema(literal: e)
        case .pipeline(let head, let stages):
            return pipeline(head, stages, .outside)
        default:
            expr(e, .outside)
            return nil
        }
    }

    private mutating func pipeline(_ head: Expr, _ stages: [Stage], _ place: Place) -> Schema? {
        var schema: Schema?
        if case .outside = place { schema = table(head) } else { expr(head, place); schema = nil }
        let outer = stageFunctions
        defer { stageFunctions = outer }
        for st in stages {
            if let input = schema, let s = st.node as? SchemaStage {
                stageFunctions = outer.union(st.node.localFunctions)
                schema = s.schema(input, &self)
            } else {
                for (e, perRow) in st.node.expressions {
                    stageFunctions = perRow ? outer.union(st.node.localFunctions) : outer
                    expr(e, perRow ? .unknownColumns : place)
                }
                schema = nil
            }
        }
        return schema
    }

    private mutating func report(_ message: Message, _ r: SourceRange, _ hint: String?) {
        diagnostics.append(Diagnostic(.unknownName, message, at: SourceLocation(file: file, range: r), hint: hint.map(Messages.didYouMean)))
    }

    private mutating func expr(_ e: Expr, _ place: Place) {
        func sub(_ x: Expr) { expr(x, place) }
        switch e.kind {
        case .number, .bool, .null, .param: break
        case .string(let parts): for case .expr(let x) in parts { sub(x) }
        case .name(let n):
            if locals.contains(n) || known.contains(n) { break }
            switch place {
            case .outside:
                // A table of the engine's database is bound by name too.
                if database(n) == nil { report(Messages.unknownName(n), e.range, closest(to: n, in: Array(known.union(locals)))) }
            case .columns(let s):
                if !s.names.contains(n) {
                    // A column is the likelier meaning of a misspelt name in a stage.
                    report(Messages.unknownNameInStage(n), e.range, closest(to: n, in: s.names) ?? closest(to: n, in: Array(known.union(locals))))
                }
            case .unknownColumns:
                break
            }
        case .list(let xs): xs.forEach(sub)
        case .record(let fs): fs.forEach { sub($0.value) }
        case .unary(_, let x): sub(x)
        case .binary(_, let a, let b): sub(a); sub(b)
        case .call(let callee, let args):
            if case .name(let n) = callee.kind {
                let isColumn: Bool
                if case .columns(let s) = place { isColumn = s.names.contains(n) } else { isColumn = false }
                if !locals.contains(n) && !known.contains(n) && !isColumn {
                    report(Messages.unknownFunction(n), callee.range, closest(to: n, in: Array(known.union(locals))))
                }
                if WindowFunction.names.contains(n) && !stageFunctions.contains(n) && !locals.contains(n) {
                    diagnostics.append(Diagnostic(.type, Messages.windowOnly(n), at: SourceLocation(file: file, range: e.range), hint: Messages.windowOnlyHint(n)))
                }
            } else { sub(callee) }
            args.forEach { sub($0.value) }
        case .member(let base, _):
            // `left.x` / `right.x` in join conditions name the two tables.
            if case .name(let n) = base.kind, n == "left" || n == "right" {
                if case .outside = place {} else { break }
            }
            sub(base)
        case .index(let a, let b): sub(a); sub(b)
        case .lambda(let ps, let body):
            let saved = locals
            locals.formUnion(ps)
            expr(body, place)
            locals = saved
        case .ifThen(let a, let b, let c): sub(a); sub(b); sub(c)
        case .pipeline(let head, let stages):
            _ = pipeline(head, stages, place)
        }
    }
}
