/// Checker: resolves the names of a ``Program`` without running it (`iql --check`).
///
/// Reports every unknown variable or function, and every unknown column inside a
/// stage when the table flowing in has a known schema: a table the engine holds
/// (`indicators`, `--data` tables, a host's), a literal list of records, a table of
/// the engine's database, or a `let` of a pipeline over one of them. The schema is
/// carried through the stages (``SchemaStage``: select, derive and group change it);
/// after a stage whose output is not known, names inside the rest of that pipeline
/// may be columns and only unknown functions are reported.
///
/// Column types travel with the names where they are certain (``Schema/types``), and
/// the type of an expression follows from them (``type(of:columns:)``): a type error
/// that would certainly happen when the statement runs (`name * 2` where `name` is
/// text, `where target`) is reported with the message the runtime would give. Code
/// that may not run (the right of `and`/`or`/`??`, the branches of `if`, the bodies
/// of `fn` and lambdas, stages whose columns are unknown, rows of a table that may
/// have none: ``Schema/hasRows``) reports no type error.
///
/// Names are known where running knows them: a statement sees the definitions above
/// it and those of the files it imports; an `fn`'s body, compiled at its first call
/// (``UserFunction``), sees every definition of the program, later ones included.
struct Checker {
    /// Reads the definitions of the file an `import` names, as running does
    /// (``Interpreter/definitions(ofImport:from:at:files:importing:)``): the path, the
    /// importing file, the statement's range and the files being imported.
    typealias Importer = (String, SourceFile, SourceRange, [String]) throws -> (full: String, program: Program)

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
    /// Names that may not be the builtin of their name (the engine's globals, `let`
    /// and `fn`), so that their calls have no known result type.
    private var rebound: Set<String>
    /// Whether the expression being checked may not run (then no type error is reported).
    private var conditional = 0
    /// The columns an aggregate's arguments read, in `group { }` (nil elsewhere).
    private var aggregateInput: Schema?
    private(set) var diagnostics: [Diagnostic] = []
    private let importer: Importer
    /// The `fn` bodies, checked once every statement has bound its names: each with
    /// the schemas known where it was defined and the index of its statement.
    private var bodies: [(params: [String], body: Expr, tables: [String: Schema], statement: Int)] = []
    /// The index of the last statement that binds each name (`let`, `fn`, `import`).
    private var boundAt: [String: Int] = [:]

    /// Where an expression is: outside any stage, or in a stage whose input's columns
    /// are known (or not).
    private enum Place { case outside, columns(Schema), unknownColumns }

    init(file: SourceFile, globals: [String], tables: [String: Schema], importer: @escaping Importer,
         database: @escaping (String) -> Schema? = { _ in nil }) {
        self.file = file
        self.importer = importer
        self.known = Set(globals).union(Builtins.names)
        self.rebound = Set(globals)
        self.tables = tables
        self.database = database
    }

    mutating func check(_ program: Program) -> [Diagnostic] {
        for (i, s) in program.statements.enumerated() {
            switch s {
            case .let(let name, let value, _):
                let schema = table(value)
                bind(name, at: i)
                tables[name] = schema
            case .fn(let name, let params, let body, _):
                bind(name, at: i)
                bodies.append((params, body, tables, i))
            case .import(let path, let range):
                // The imported file's own statements are checked when it is checked.
                for name in imported(path, from: program.file, at: range, importing: []) { bind(name, at: i) }
            case .expr(let e):
                expr(e, .outside)
            }
        }
        let atEnd = tables
        for b in bodies {
            // A name bound again after the `fn` may hold another table when the body runs.
            tables = b.tables.filter { (boundAt[$0.key] ?? -1) <= b.statement }
            locals = Set(b.params)
            conditional += 1
            expr(b.body, .outside)
            conditional -= 1
            locals = []
        }
        tables = atEnd
        // The parser's warnings (`x == null`) belong to the same report, in source order.
        return (program.warnings + diagnostics).enumerated().sorted {
            let (a, b) = ($0.element.location?.range.start ?? 0, $1.element.location?.range.start ?? 0)
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
    }

    /// Makes `name` a name of the program from statement `i` on, with no known schema.
    private mutating func bind(_ name: String, at i: Int) {
        known.insert(name)
        rebound.insert(name)
        tables[name] = nil
        boundAt[name] = i
    }

    /// The names the file `import "path"` defines, its own imports' included; an
    /// import that fails when run (a missing file, a cycle, no file access) is reported.
    private mutating func imported(_ path: String, from file: SourceFile, at r: SourceRange, importing: [String]) -> [String] {
        let full: String, program: Program
        do {
            (full, program) = try importer(path, file, r, importing)
        } catch {
            if let d = error as? Diagnostic { diagnostics.append(d) }
            return []
        }
        return program.statements.flatMap { s -> [String] in
            switch s {
            case .let(let name, _, _), .fn(let name, _, _, _): return [name]
            case .import(let p, let range): return imported(p, from: program.file, at: range, importing: importing + [full])
            case .expr: return []
            }
        }
    }

    // MARK: For stages (Resolve/StageSchemas.swift)

    /// Checks an expression of a stage: per row over `columns`, or once where the
    /// pipeline is when `columns` is nil.
    mutating func check(_ e: Expr, columns: Schema?) {
        expr(e, columns.map(Place.columns) ?? .outside)
    }

    /// Checks a condition (`where`'s): reported when its type is known and not boolean.
    mutating func checkCondition(_ e: Expr, columns: Schema, _ what: Localized) {
        check(e, columns: columns)
        requireBoolean(e, .columns(columns), what)
    }

    /// Checks sort keys: `-name` on a text column is refused as sorting refuses it.
    mutating func checkSortKeys(_ keys: [SortKey], columns: Schema) {
        for k in keys {
            if case .unary(.negate, let inner) = k.value.kind, certain(.columns(columns)), type(of: inner, .columns(columns)) == .text {
                check(inner, columns: columns)
                let text = file.slice(inner.range)
                typeError(Messages.cannotSortNegated(text), k.value.range, hint: Messages.sortDescHint(text))
            } else {
                check(k.value, columns: columns)
            }
        }
    }

    /// Checks an aggregate of `group` and reports its type, if known: aggregate calls'
    /// arguments read `input`, the rest the group's `keys`.
    mutating func checkAggregate(_ e: Expr, input: Schema, keys: Schema) -> ColumnType? {
        aggregateInput = input
        defer { aggregateInput = nil }
        check(e, columns: keys)
        return type(of: e, .columns(keys))
    }

    /// The type of the values of `e`, per row over `columns` (once when nil), when
    /// certain: whenever `e` gives a value other than null, it is of this type.
    func type(of e: Expr, columns: Schema?) -> ColumnType? {
        type(of: e, columns.map(Place.columns) ?? .outside)
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

    // MARK: Types

    private func type(of e: Expr, _ place: Place) -> ColumnType? {
        switch e.kind {
        case .number, .string, .bool: return ColumnType(literal: e)
        case .name(let n):
            guard !locals.contains(n), case .columns(let s) = place, s.names.contains(n) else { return nil }
            return s[n]
        case .unary(.negate, let x):
            let t = type(of: x, place)
            return t?.isNumeric == true ? t : nil
        case .unary(.not, _):
            return .boolean
        case .binary(let op, let a, let b):
            switch op {
            case .and, .or, .eq, .ne, .lt, .le, .gt, .ge, .in: return .boolean
            case .coalesce, .add, .sub, .mul, .div:
                guard let x = type(of: a, place), let y = type(of: b, place) else { return nil }
                if op == .coalesce { return x == y ? x : nil }
                if x.isNumeric && y.isNumeric { return x == .percent && y == .percent && (op == .add || op == .sub) ? .percent : .number }
                return op == .add && x == .text && y == .text ? .text : nil
            }
        case .call(let callee, let args):
            guard case .name(let n) = callee.kind, !locals.contains(n) else { return nil }
            if case .columns(let s) = place, s.names.contains(n) { return nil }
            let argument = args.first.flatMap { type(of: $0.value, place) }
            if stageFunctions.contains(n) { return ResultTypes.window(n, argument) }
            if let input = aggregateInput, Aggregates.table[n] != nil {
                return ResultTypes.aggregate(n, args.first.flatMap { type(of: $0.value, .columns(input)) })
            }
            return rebound.contains(n) ? nil : ResultTypes.builtins[n]
        case .ifThen(_, let a, let b):
            let x = type(of: a, place)
            return x == type(of: b, place) ? x : nil
        default:
            return nil
        }
    }

    /// Whether a type error in `place` would certainly happen when the statement runs:
    /// per row, only over a table that certainly has a row.
    private func certain(_ place: Place) -> Bool {
        switch place {
        case .unknownColumns: return false
        case .columns(let s): return s.hasRows && conditional == 0
        case .outside: return conditional == 0
        }
    }

    private mutating func typeError(_ message: Message, _ r: SourceRange, hint: Localized? = nil) {
        diagnostics.append(Diagnostic(.type, message, at: SourceLocation(file: file, range: r), hint: hint))
    }

    /// Reports `e` when its type is known and not boolean (`what`: where it is used),
    /// at `at` (the runtime's place for the error), else at `e`.
    private mutating func requireBoolean(_ e: Expr, _ place: Place, _ what: Localized, at: SourceRange? = nil) {
        guard certain(place), let t = type(of: e, place), t != .boolean else { return }
        typeError(Messages.expected(what, typeName: t.typeName), at ?? e.range)
    }

    /// Reports an operator applied to operands of types it certainly refuses.
    private mutating func operatorTypes(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ r: SourceRange, _ place: Place) {
        guard certain(place), let x = type(of: a, place), let y = type(of: b, place) else { return }
        let textOrBoolean = [x, y].contains { $0 == .text || $0 == .boolean }
        switch op {
        case .add where x == .text && y == .text:
            break
        case .add where x == .text || y == .text:
            typeError(Messages.binary(.add, x.typeName, y.typeName), r, hint: Messages.joinTextHint)
        case .add, .sub, .mul, .div:
            if textOrBoolean { typeError(Messages.binary(ArithmeticOp(op)!.verb, x.typeName, y.typeName), r) }
        case .lt, .le, .gt, .ge:
            if (x == .text && y.isNumeric) || (x.isNumeric && y == .text) { typeError(Messages.binary(.compare, x.typeName, y.typeName), r) }
        default:
            break
        }
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
        case .unary(let op, let x):
            sub(x)
            if op == .not { requireBoolean(x, place, Want.booleanAfterNot, at: e.range) }
            if op == .negate, certain(place), let t = type(of: x, place), !t.isNumeric { typeError(Messages.cannotNegate(typeName: t.typeName), e.range) }
        case .binary(let op, let a, let b):
            sub(a)
            // The right of `and`, `or` and `??` runs only for some values of the left.
            let lazy = op == .and || op == .or || op == .coalesce
            if lazy { conditional += 1 }
            sub(b)
            if lazy { conditional -= 1 }
            if op == .and || op == .or { requireBoolean(a, place, Want.booleanForLogic) }
            operatorTypes(op, a, b, e.range, place)
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
            if case .name(let n) = callee.kind, let input = aggregateInput, Aggregates.table[n] != nil {
                aggregateInput = nil
                args.forEach { expr($0.value, .columns(input)) }
                aggregateInput = input
            } else {
                args.forEach { sub($0.value) }
            }
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
            conditional += 1
            expr(body, place)
            conditional -= 1
            locals = saved
        case .ifThen(let a, let b, let c):
            sub(a)
            requireBoolean(a, place, Want.condition)
            conditional += 1
            sub(b); sub(c)
            conditional -= 1
        case .pipeline(let head, let stages):
            _ = pipeline(head, stages, place)
        }
    }
}
