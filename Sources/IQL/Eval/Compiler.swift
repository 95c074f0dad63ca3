/// Compiler: syntax tree → closures.
///
/// Takes an ``Expr`` and the ``Scope`` it appears in and reports a ``Code`` closure.
/// Names are resolved once here (to a frame slot, a column reader, a global box or a
/// builtin), so running the closure for a row does no lookup and, for numbers, no
/// allocation. Stages compile their expressions when they run, against the columns
/// of the table that actually flows in.
struct Compiler {
    /// Unowned: compiled code is kept in the context's globals, and must not keep it alive.
    unowned let ctx: Context
    let file: SourceFile

    func loc(_ r: SourceRange) -> SourceLocation { SourceLocation(file: file, range: r) }

    func error(_ kind: Diagnostic.Kind, _ message: Message, _ r: SourceRange, hint: Localized? = nil) -> Diagnostic {
        Diagnostic(kind, message, at: loc(r), hint: hint)
    }


    func compile(_ e: Expr, _ scope: Scope) throws -> Code {
        try ctx.checkStack(e.range, file)
        switch e.kind {
        case .number(let d, let style):
            let v = Value.num(d, style)
            return { _ in v }
        case .bool(let b):
            let v = Value.bool(b)
            return { _ in v }
        case .null:
            return { _ in .null }
        case .string(let parts):
            return try compileString(parts, scope, e.range)
        case .name(let n):
            return try resolve(n, scope, e.range)
        case .param(let p):
            // Looked up when run: a compiled query is run again with other bindings.
            let r = e.range
            return { _ in
                guard let v = self.ctx.parameters[p] else {
                    throw self.error(.unknownName, Messages.unboundParameter(p), r,
                                     hint: closest(to: p, in: Array(self.ctx.parameters.keys)).map { Messages.didYouMean("$" + $0) })
                }
                return v
            }
        case .list(let items):
            let codes = try items.map { try compile($0, scope) }
            let r = e.range
            return { f in try self.ctx.checkNesting(.list(try codes.map { try $0(f) }), r, self.file) }
        case .record(let fields):
            let names = fields.map(\.name)
            let codes = try fields.map { try compile($0.value, scope) }
            let r = e.range
            return { f in try self.ctx.checkNesting(.record(Record(names: names, values: try codes.map { try $0(f) })), r, self.file) }
        case .unary(let op, let operand):
            let c = try compile(operand, scope)
            let r = e.range
            switch op {
            case .negate:
                return { f in
                    let v = try c(f)
                    switch v {
                    case .number(let d): return .number(-d)
                    case .percent(let d): return .percent(-d)
                    case .null: return .null
                    default: throw self.error(.type, Messages.cannotNegate(v), r)
                    }
                }
            case .not:
                return { f in
                    let v = try c(f)
                    switch v {
                    case .bool(let b): return .bool(!b)
                    case .null: return .null
                    default: throw self.error(.type, Messages.expected(Want.booleanAfterNot, v), r)
                    }
                }
            }
        case .binary(let op, let l, let r):
            return try compileBinary(op, l, r, scope, e.range)
        case .call(let callee, let args):
            if case .group(let g) = scope.kind, case .name(let n) = callee.kind, let agg = Aggregates.table[n] {
                return try compileAggregate(agg, n, args, g, scope, e.range)
            }
            return try compileCall(callee, args, scope, e.range)
        case .member(let base, let name):
            let b = try compile(base, scope)
            let r = e.range
            return { f in try self.member(try b(f), name, r) }
        case .index(let base, let index):
            let b = try compile(base, scope)
            let i = try compile(index, scope)
            let r = e.range
            return { f in try self.subscriptValue(try b(f), try i(f), r) }
        case .lambda(let params, let body):
            // Compiled once here; each evaluation only captures the current frame.
            let code = try compile(body, Scope(.function(params), parent: scope))
            let file = self.file
            return { f in
                .function(Function(name: "lambda", user: UserFunction(params: params, body: body, file: file, code: code, frame: f, owner: self.ctx)))
            }
        case .ifThen(let c, let a, let b):
            let cc = try compile(c, scope), ac = try compile(a, scope), bc = try compile(b, scope)
            let r = c.range
            return { f in
                switch try cc(f) {
                case .bool(true): return try ac(f)
                case .bool(false), .null: return try bc(f)
                case let v: throw self.error(.type, Messages.expected(Want.condition, v), r)
                }
            }
        case .pipeline(let head, let stages):
            if let pushed = try databasePipeline(head, stages, scope) { return pushed }
            let h = try compile(head, scope)
            let runner = StageRunner(compiler: self)
            let needed = ColumnFlow.neededColumns(stages)
            return { f in
                var v = try h(f)
                for (i, stage) in stages.enumerated() { v = try runner.run(stage, v, scope, f, columnsNeeded: needed[i]) }
                return v
            }
        }
    }

    // MARK: - Names

    /// Resolves a name: innermost function parameters, then columns of the current
    /// stage, then outer scopes, then globals and builtins.
    func resolve(_ name: String, _ scope: Scope, _ r: SourceRange) throws -> Code {
        var hops = 0
        var s: Scope? = scope
        while let sc = s {
            switch sc.kind {
            case .function(let params):
                if let i = params.lastIndex(of: name) {
                    let h = hops
                    if h == 0 { return { f in f.locals[i] } }
                    return { f in
                        var fr = f
                        for _ in 0..<h { fr = fr.parent! }
                        return fr.locals[i]
                    }
                }
                hops += 1
            case .columns(let t, let cursor):
                if let ci = t.index(of: name) { return Compiler.reader(t.columns[ci], cursor) }
            case .group(let g):
                if let k = g.keyNames.firstIndex(of: name) { return { _ in g.keys[g.current][k] } }
                if g.input.index(of: name) != nil {
                    throw error(.unknownName, Messages.notAggregated(name), r, hint: Messages.aggregateHint(name))
                }
            case .root:
                break
            }
            s = sc.parent
        }
        if let box = ctx.globals.box(name) { return { _ in box.value } }
        if let b = Builtins.table[name] {
            let v = Value.function(b)
            return { _ in v }
        }
        if let source = try databaseTable(name, r) {
            return { _ in .table(try source.fetch(nil, self, r)) }
        }
        let suggestion = closest(to: name, in: scope.visibleNames(ctx))
        let inStage = { () -> Bool in
            var s: Scope? = scope
            while let sc = s { if case .columns = sc.kind { return true }; s = sc.parent }
            return false
        }()
        throw error(.unknownName, inStage ? Messages.unknownNameInStage(name) : Messages.unknownName(name), r,
                    hint: suggestion.map(Messages.didYouMean))
    }

    /// A closure that reads one column at the cursor's row, specialised by storage.
    static func reader(_ col: Column, _ cursor: RowCursor) -> Code {
        switch col.storage {
        case .number(let a):
            if col.style == .percent { return { _ in Value.num(a[cursor.row], .percent) } }
            return { _ in
                let d = a[cursor.row]
                return d.isNaN ? .null : .number(d)
            }
        case .string(let codes, let dict):
            let strings = dict.strings
            return { _ in
                let c = codes[cursor.row]
                return c < 0 ? .null : .string(strings[Int(c)])
            }
        case .bool(let a):
            return { _ in
                let b = a[cursor.row]
                return b < 0 ? .null : .bool(b == 1)
            }
        case .date:
            return { _ in col[cursor.row] }
        case .any(let a):
            return { _ in a[cursor.row] }
        }
    }

    // MARK: - Strings

    private func compileString(_ parts: [Interpolation], _ scope: Scope, _ r: SourceRange) throws -> Code {
        // A literal is held by the program whether it runs or not: measured when compiled.
        let literalBytes = parts.reduce(0) { n, p in if case .text(let s) = p { return n + s.utf8.count }; return n }
        if literalBytes > ctx.limits.stringLength {
            throw error(.limit, Messages.limit("string", Messages.stringBytes(ctx.limits.stringLength)), r)
        }
        if parts.count == 1, case .text(let s) = parts[0] {
            let v = Value.string(s)
            return { _ in v }
        }
        let codes: [Either] = try parts.map {
            switch $0 {
            case .text(let s): return .text(s)
            case .expr(let e): return .code(try compile(e, scope))
            }
        }
        return { f in
            var out = ""
            for p in codes {
                let piece: String
                switch p {
                case .text(let s): piece = s
                case .code(let c): piece = Formatter.inline(try c(f))
                }
                // Checked before each piece is added, so the whole is never built past the limits.
                let size = out.utf8.count + piece.utf8.count
                if size > self.ctx.limits.stringLength {
                    throw self.error(.limit, Messages.limit("string", Messages.stringBytes(self.ctx.limits.stringLength)), r)
                }
                try self.ctx.checkMemory(size, Messages.aString(size), r, self.file)
                out += piece
            }
            return .string(out)
        }
    }

    private enum Either { case text(String), code(Code) }

    // MARK: - Operators

    private func compileBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ scope: Scope, _ range: SourceRange) throws -> Code {
        let lc = try compile(l, scope)
        let rc = try compile(r, scope)
        let ops = Operators(compiler: self, range: range)
        switch op {
        case .coalesce:
            return { f in
                let v = try lc(f)
                return v.isNull ? try rc(f) : v
            }
        case .and:
            return { f in
                let a = try ops.logical(try lc(f), l.range)
                if a == false { return .bool(false) }
                let b = try ops.logical(try rc(f), r.range)
                if b == false { return .bool(false) }
                return a == nil || b == nil ? .null : .bool(true)
            }
        case .or:
            return { f in
                let a = try ops.logical(try lc(f), l.range)
                if a == true { return .bool(true) }
                let b = try ops.logical(try rc(f), r.range)
                if b == true { return .bool(true) }
                return a == nil || b == nil ? .null : .bool(false)
            }
        case .add, .sub, .mul, .div:
            let aop = ArithmeticOp(op)!
            return { f in
                let a = try lc(f), b = try rc(f)
                if case .number(let x) = a, case .number(let y) = b { return .num(aop.apply(x, y)) }
                return aop == .add ? try ops.add(a, b) : try ops.arithmetic(aop, a, b)
            }
        case .eq:
            return { f in
                let a = try lc(f), b = try rc(f)
                if a.isNull || b.isNull { return .null }
                return .bool(a == b)
            }
        case .ne:
            return { f in
                let a = try lc(f), b = try rc(f)
                if a.isNull || b.isNull { return .null }
                return .bool(a != b)
            }
        case .lt, .le, .gt, .ge:
            let cop = ComparisonOp(op)!
            return { f in try ops.compare(try lc(f), try rc(f), cop) }
        case .in:
            return { f in try ops.membership(try lc(f), try rc(f)) }
        }
    }

    // MARK: - Calls

    private func compileCall(_ callee: Expr, _ args: [Argument], _ scope: Scope, _ range: SourceRange) throws -> Code {
        let fc: Code
        do {
            // A column that holds no function does not hide the builtin of its name: over
            // compare's output, which has a `pace` column, `pace(period)` calls the builtin.
            if case .name(let n) = callee.kind, let b = Builtins.table[n], scope.namesColumn(n) {
                let column = try compile(callee, scope), builtin = Value.function(b)
                fc = { f in
                    let v = try column(f)
                    if case .function = v { return v }
                    return builtin
                }
            } else {
                fc = try compile(callee, scope)
            }
        } catch var d as Diagnostic where d.kind == .unknownName {
            if case .name(let n) = callee.kind {
                d.entry = Messages.unknownFunction(n)
                d.hintText = closest(to: n, in: Builtins.names + ctx.globals.names).map(Messages.didYouMean)
            }
            throw d
        }
        let codes = try args.map { try compile($0.value, scope) }
        let labels = args.map(\.label)
        let ranges = args.map(\.value.range)
        return { f in
            let fv = try fc(f)
            guard case .function(let fn) = fv else {
                throw self.error(.type, Messages.notCallable(fv), callee.range)
            }
            let values = try codes.map { try $0(f) }
            return try self.call(fn, values, labels: labels, argRanges: ranges, at: range)
        }
    }

    /// Calls `fn` with positional and labelled arguments, checking arity.
    func call(_ fn: Function, _ values: [Value], labels: [String?], argRanges: [SourceRange], at range: SourceRange) throws -> Value {
        let (ordered, orderedRanges) = try orderArguments(fn, values, labels, argRanges, range)
        switch fn.body {
        case .builtin(let b):
            guard ordered.count >= b.minArgs, b.maxArgs.map({ ordered.count <= $0 }) ?? true else {
                throw error(.type, Messages.arity(fn.name, b.arityText, ordered.count), range)
            }
            var ranges = orderedRanges
            while ranges.count < ordered.count { ranges.append(range) }
            return try ctx.checkNesting(try b.run(CallSite(compiler: self, args: ordered, argRanges: ranges, range: range)), range, file)
        case .user(let u):
            guard ordered.count == u.params.count else {
                throw error(.type, Messages.arity(fn.name, Messages.arguments(u.params.count), ordered.count), range)
            }
            return try ctx.checkNesting(try u.call(ordered, ctx, at: range, in: file), range, file)
        }
    }

    /// The arguments in parameter order, with their source ranges in the same order (a
    /// parameter left out is null, ranged at the whole call).
    private func orderArguments(_ fn: Function, _ values: [Value], _ labels: [String?], _ ranges: [SourceRange], _ range: SourceRange) throws -> ([Value], [SourceRange]) {
        guard labels.contains(where: { $0 != nil }) else { return (values, ranges) }
        let names = fn.parameterNames
        var out: [Value?] = Array(repeating: nil, count: max(names.count, values.count))
        var outRanges = Array(repeating: range, count: out.count)
        var next = 0
        for (i, v) in values.enumerated() {
            if let label = labels[i] {
                guard let k = names.firstIndex(of: label) else {
                    throw error(.type, Messages.noSuchParameter(fn.name, label), ranges[i], hint: closest(to: label, in: names).map(Messages.didYouMean))
                }
                out[k] = v
                if i < ranges.count { outRanges[k] = ranges[i] }
            } else {
                out[next] = v
                if i < ranges.count { outRanges[next] = ranges[i] }
                next += 1
            }
        }
        while let last = out.last, last == nil { out.removeLast() }
        return (out.map { $0 ?? .null }, Array(outRanges.prefix(out.count)))
    }

    /// Calls a function value from a builtin (map, filter, …).
    func invoke(_ fv: Value, _ args: [Value], at range: SourceRange) throws -> Value {
        guard case .function(let fn) = fv else { throw error(.type, Messages.notCallable(fv), range) }
        return try call(fn, args, labels: [], argRanges: [], at: range)
    }

    private func compileAggregate(_ agg: Aggregate, _ name: String, _ args: [Argument], _ g: GroupState, _ scope: Scope, _ range: SourceRange) throws -> Code {
        if args.isEmpty {
            guard name == "count" else { throw error(.type, Messages.arity(name, Messages.arguments(1), 0), range) }
            return { _ in
                let n = g.members[g.current].count
                return n == 0 && g.nullWhenEmpty ? .null : .number(Double(n))
            }
        }
        guard args.count == 1 else { throw error(.type, Messages.arity(name, Messages.arguments(1), args.count), range) }
        // The argument is a per-row expression over the input table, evaluated once for
        // all rows on first use and then aggregated group by group.
        let cursor = RowCursor()
        let rowScope = Scope(.columns(g.input, cursor), parent: scope.parent)
        let argExpr = args[0].value
        let code = try compile(argExpr, rowScope)
        let runner = StageRunner(compiler: self)
        final class Cache { var column: Column? }
        let cache = Cache()
        return { f in
            let col: Column
            if let c = cache.column { col = c } else {
                col = try runner.column(argExpr, g.input, cursor, rowScope, f, compiled: code)
                cache.column = col
            }
            let rows = g.members[g.current]
            return rows.isEmpty && g.nullWhenEmpty ? .null : agg.run(col, rows)
        }
    }

    // MARK: - Member and index

    func member(_ v: Value, _ name: String, _ r: SourceRange) throws -> Value {
        switch v {
        case .record(let rec):
            if let x = rec[name] { return x }
            throw error(.unknownName, Messages.unknownField(name), r, hint: closest(to: name, in: rec.names).map(Messages.didYouMean))
        case .table(let t):
            if let vs = t.values(of: name) { return .list(vs) }
            throw error(.unknownName, Messages.unknownColumn(name), r, hint: closest(to: name, in: t.names).map(Messages.didYouMean))
        case .list:
            if let t = v.asTable, let vs = t.values(of: name) { return .list(vs) }
            throw error(.type, Messages.fieldOfList(name), r)
        case .null:
            return .null
        default:
            throw error(.type, Messages.fieldOf(name, v), r)
        }
    }

    func subscriptValue(_ v: Value, _ i: Value, _ r: SourceRange) throws -> Value {
        func position(_ n: Int) throws -> Int? {
            guard let d = i.doubleValue else { throw error(.type, Messages.expected(Want.numberIndex, i), r) }
            guard d == d.rounded(), abs(d) < 1e15 else { throw error(.type, Messages.wholeIndex(d), r) }
            let k = Int(d) < 0 ? n + Int(d) : Int(d)
            return k >= 0 && k < n ? k : nil
        }
        switch (v, i) {
        case (.null, _), (_, .null): return .null
        case (.list(let xs), _): return try position(xs.count).map { xs[$0] } ?? .null
        case (.string(let s), _):
            let chars = Array(s)
            return try position(chars.count).map { .string(String(chars[$0])) } ?? .null
        case (.table, .string(let name)): return try member(v, name, r)
        case (.table(let t), _): return try position(t.rowCount).map { .record(t.row($0)) } ?? .null
        case (.record, .string(let name)): return try member(v, name, r)
        default:
            throw error(.type, Messages.cannotIndex(v, i), r)
        }
    }
}

/// The operators' slow paths: nulls, percentages, strings, lists and type errors.
struct Operators {
    let compiler: Compiler
    let range: SourceRange

    func logical(_ v: Value, _ r: SourceRange) throws -> Bool? {
        switch v {
        case .bool(let b): return b
        case .null: return nil
        default: throw compiler.error(.type, Messages.expected(Want.booleanForLogic, v), r)
        }
    }

    func add(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.table, _), (_, .table):
            // Two tables append, as `a | append b` does (Stages/Append.swift).
            guard let x = a.asTable, let y = b.asTable else { return try arithmetic(.add, a, b) }
            return .table(try compiler.ctx.append([x, y], range, compiler.file))
        case (.string(let x), .string(let y)):
            let limit = compiler.ctx.limits.stringLength
            if x.utf8.count + y.utf8.count > limit {
                throw compiler.error(.limit, Messages.limit("string", Messages.stringBytes(limit)), range)
            }
            return .string(x + y)
        case (.list(let x), .list(let y)):
            let limit = compiler.ctx.limits.listLength
            if x.count + y.count > limit {
                throw compiler.error(.limit, Messages.limit("list", Messages.listElements(limit)), range)
            }
            return .list(x + y)
        case (.string, _), (_, .string):
            if a.isNull || b.isNull { return .null }
            throw compiler.error(.type, Messages.binary(.add, a, b), range, hint: Messages.joinTextHint)
        default:
            return try arithmetic(.add, a, b)
        }
    }

    /// Numeric operators on any values: nulls, percentages and type errors.
    func arithmetic(_ op: ArithmeticOp, _ a: Value, _ b: Value) throws -> Value {
        if a.isNull || b.isNull { return .null }
        guard let x = a.doubleValue, let y = b.doubleValue else {
            throw compiler.error(.type, Messages.binary(op.verb, a, b), range)
        }
        return .num(op.apply(x, y), op.style(a.style, b.style))
    }

    func compare(_ a: Value, _ b: Value, _ op: ComparisonOp) throws -> Value {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.string(let x), .string(let y)): return .bool(op.holds(x, y))
        case (.date(let x), .date(let y)): return .bool(op.holds(x == y ? 0 : (x < y ? -1 : 1)))
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else {
                throw compiler.error(.type, Messages.binary(.compare, a, b), range, hint: Messages.dateAgainstText(a, b))
            }
            return .bool(op.holds(x, y))
        }
    }

    func membership(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (_, .list(let xs)): return .bool(xs.contains(a))
        case (.string(let x), .string(let y)): return .bool(y.contains(x))
        case (.string(let x), .record(let r)): return .bool(r[x] != nil)
        default:
            throw compiler.error(.type, Messages.cannotTestIn(a, b), range, hint: Messages.inHint)
        }
    }
}
