/// Runs pipeline stages: takes the value flowing in and a ``Stage``, reports the value
/// flowing out. Stage expressions are compiled here against the input's columns, then
/// run once per row with a moving ``RowCursor``.
struct StageRunner {
    let compiler: Compiler
    var ctx: Context { compiler.ctx }
    var file: SourceFile { compiler.file }

    func run(_ stage: Stage, _ input: Value, _ scope: Scope, _ f: Frame) throws -> Value {
        try ctx.tick(stage.range, file)
        switch stage.kind {
        case .call(let callee, let args):
            return try callStage(callee, args, input, scope, f, stage.range)
        case .count:
            if case .list(let xs) = input, input.asTable == nil { return .number(Double(xs.count)) }
            return .number(Double(try table(input, stage).rowCount))
        case .take(let e), .skip(let e):
            let n = try count(e, scope, f)
            let isTake: Bool
            if case .take = stage.kind { isTake = true } else { isTake = false }
            if case .list(let xs) = input, input.asTable == nil {
                return .list(Array(isTake ? xs.prefix(n) : xs.dropFirst(n)))
            }
            let t = try table(input, stage)
            let lo = isTake ? 0 : min(n, t.rowCount)
            let hi = isTake ? min(n, t.rowCount) : t.rowCount
            return .table(t.gather(Array(lo..<hi)))
        default:
            break
        }
        let t = try table(input, stage)
        let cursor = RowCursor()
        let rowScope = Scope(.columns(t, cursor), parent: scope)
        switch stage.kind {
        case .where(let pred):
            if case .bools(let mask)? = Vectorizer(compiler: compiler, table: t, scope: rowScope, frame: f).evaluate(pred) {
                try ctx.tick(count: t.rowCount, pred.range, file)
                var keep: [Int] = []
                keep.reserveCapacity(t.rowCount / 2)
                for (i, b) in mask.enumerated() where b == 1 { keep.append(i) }
                return .table(keep.count == t.rowCount ? t : t.gather(keep))
            }
            let code = try compiler.compile(pred, rowScope)
            var keep: [Int] = []
            for i in 0..<t.rowCount {
                cursor.row = i
                try ctx.tick(pred.range, file)
                switch try code(f) {
                case .bool(true): keep.append(i)
                case .bool(false), .null: break
                case let v: throw compiler.error(.type, Messages.expected("a boolean from 'where'", v), pred.range)
                }
            }
            return .table(keep.count == t.rowCount ? t : t.gather(keep))
        case .select(let bindings):
            var names: [String] = [], cols: [Column] = []
            for b in bindings {
                if let dup = names.firstIndex(of: b.name) {
                    _ = dup
                    throw compiler.error(.type, "column '\(b.name)' is selected twice", b.range, hint: "give it another name with 'name = …'")
                }
                names.append(b.name)
                cols.append(try column(b.value, t, cursor, rowScope, f))
            }
            return .table(Table(names: names, columns: cols, rowCount: t.rowCount))
        case .derive(let bindings):
            var out = t
            for b in bindings {
                // Each binding sees the columns derived before it.
                let c = RowCursor()
                let s = Scope(.columns(out, c), parent: scope)
                out = out.setting(b.name, try column(b.value, out, c, s, f))
            }
            return .table(out)
        case .sort(let keys):
            let cols = try keys.map { try column($0.value, t, cursor, rowScope, f) }
            let order = try sortedIndices(t.rowCount, cols, keys.map(\.descending), stage.range)
            return .table(t.gather(order))
        case .distinct(let bindings):
            let cols = bindings.isEmpty ? t.columns : try bindings.map { try column($0.value, t, cursor, rowScope, f) }
            let names = bindings.isEmpty ? t.names : bindings.map(\.name)
            try ctx.tick(count: t.rowCount, stage.range, file)
            let keep = KeyIndex(cols, rows: t.rowCount).firstRow
            return .table(Table(names: names, columns: cols.map { $0.gather(keep) }, rowCount: keep.count))
        case .group(let keys, let aggregates):
            return .table(try group(t, keys, aggregates, cursor, rowScope, scope, f, stage.range))
        case .join(let kind, let other, let condition):
            let right = try compiler.compile(other, scope)(f)
            guard let rt = right.asTable else {
                throw compiler.error(.type, Messages.expected("a table to join", right), other.range)
            }
            return .table(try Joiner(runner: self).join(kind, t, rt, condition, stage.range, joinName(other)))
        case .compare(let actuals, let profiles, let at, let tolerance):
            let clauses = Comparison.Clauses(profiles: profiles, at: at, tolerance: tolerance)
            return .table(try Comparison(runner: self).compare(t, actuals, clauses, scope, f, stage.range))
        case .call, .count, .take, .skip:
            fatalError("handled above")
        }
    }

    private func joinName(_ e: Expr) -> String? {
        if case .name(let n) = e.kind { return n }
        return nil
    }

    /// `t | f(x)` is `f(t, x)`.
    private func callStage(_ callee: Expr, _ args: [Argument], _ input: Value, _ scope: Scope, _ f: Frame, _ range: SourceRange) throws -> Value {
        let fv: Value
        do {
            fv = try compiler.compile(callee, scope)(f)
        } catch var d as Diagnostic where d.kind == .unknownName {
            if case .name(let n) = callee.kind {
                d.message = "unknown stage or function '\(n)'"
                d.hint = closest(to: n, in: StageRunner.stageNames + Builtins.names + ctx.globals.names).map(Messages.didYouMean)
            }
            throw d
        }
        guard case .function(let fn) = fv else { throw compiler.error(.type, Messages.notCallable(fv), callee.range) }
        let values = try args.map { try compiler.compile($0.value, scope)(f) }
        return try compiler.call(fn, [input] + values, labels: [nil] + args.map(\.label),
                                 argRanges: [range] + args.map(\.value.range), at: range)
    }

    static let stageNames = ["where", "select", "derive", "sort", "take", "skip", "distinct", "count", "group", "join", "compare"]

    func table(_ v: Value, _ stage: Stage) throws -> Table {
        if let t = v.asTable { return t }
        throw compiler.error(.type, Messages.expected("a table flowing into this stage", v), stage.range)
    }

    private func count(_ e: Expr, _ scope: Scope, _ f: Frame) throws -> Int {
        let v = try compiler.compile(e, scope)(f)
        guard let d = v.doubleValue, d >= 0, d == d.rounded() else {
            throw compiler.error(.type, Messages.expected("a whole number of rows", v), e.range)
        }
        return d > Double(Int.max / 2) ? Int.max / 2 : Int(d)
    }

    /// A column of `expr` over every row; a bare column name reuses the column as it is.
    func column(_ expr: Expr, _ t: Table, _ cursor: RowCursor, _ scope: Scope, _ f: Frame, compiled: Code? = nil) throws -> Column {
        if case .name(let n) = expr.kind, let i = t.index(of: n) { return t.columns[i] }
        if let v = Vectorizer(compiler: compiler, table: t, scope: scope, frame: f).evaluate(expr) {
            try ctx.tick(count: t.rowCount, expr.range, file)
            return v.column(t.rowCount)
        }
        return try evaluate(try compiled ?? compiler.compile(expr, scope), over: t, cursor, f, expr)
    }

    func evaluate(_ code: Code, over t: Table, _ cursor: RowCursor, _ f: Frame, _ expr: Expr) throws -> Column {
        var b = ColumnBuilder(capacity: t.rowCount)
        for i in 0..<t.rowCount {
            cursor.row = i
            try ctx.tick(expr.range, file)
            b.append(try code(f))
        }
        return b.finish()
    }

    /// Stable sort of row indices by key columns; nulls last in either direction.
    func sortedIndices(_ n: Int, _ cols: [Column], _ descending: [Bool], _ range: SourceRange) throws -> [Int] {
        try ctx.checkRows(n, range, file)
        try ctx.tick(count: n, range, file)
        let keys = cols.map(SortColumn.init)
        return Array(0..<n).sorted { a, b in
            for (k, key) in keys.enumerated() {
                let c = key.compare(a, b)
                if c == 2 { return true }   // a has a value, b is null: values first
                if c == -2 { return false }
                if c != 0 { return descending[k] ? c > 0 : c < 0 }
            }
            return a < b
        }
    }

    private func group(_ t: Table, _ keys: [Binding], _ aggregates: [Binding], _ cursor: RowCursor, _ rowScope: Scope,
                       _ scope: Scope, _ f: Frame, _ range: SourceRange) throws -> Table {
        let keyCols = try keys.map { try column($0.value, t, cursor, rowScope, f) }
        let state = GroupState(input: t, keyNames: keys.map(\.name))
        try ctx.tick(count: t.rowCount, range, file)
        let index = KeyIndex(keyCols, rows: t.rowCount)
        state.members = index.members
        state.keys = index.firstRow.map { r in keyCols.map { $0[r] } }
        if keys.isEmpty && state.keys.isEmpty {
            // A whole-table summary of no rows still gives one row (count() = 0).
            state.keys.append([])
            state.members.append([])
        }
        let groupScope = Scope(.group(state), parent: scope)
        var names = keys.map(\.name)
        var builders = keyCols.map { _ in ColumnBuilder(capacity: state.keys.count) }
        let codes = try aggregates.map { b -> Code in
            if names.contains(b.name) { throw compiler.error(.type, "column '\(b.name)' appears twice in 'group'", b.range) }
            names.append(b.name)
            return try compiler.compile(b.value, groupScope)
        }
        builders += aggregates.map { _ in ColumnBuilder(capacity: state.keys.count) }
        for g in 0..<state.keys.count {
            state.current = g
            for (k, v) in state.keys[g].enumerated() { builders[k].append(v) }
            for (j, code) in codes.enumerated() { builders[keys.count + j].append(try code(f)) }
        }
        var cols = builders.map { $0.finish() }
        // Keys keep the display style of the column they came from.
        for (k, c) in keyCols.enumerated() { cols[k].style = c.style }
        return Table(names: names, columns: cols, rowCount: state.keys.count)
    }
}

/// A sort key prepared for fast comparison: numbers as doubles, strings as the rank of
/// their dictionary code (the dictionary is sorted once, not every comparison).
private enum SortColumn {
    case numbers([Double])
    case ranks([Int32])
    case values([Value])

    init(_ col: Column) {
        switch col.storage {
        case .number(let a): self = .numbers(a)
        case .string(let codes, let dict):
            let order = dict.strings.indices.sorted { dict.strings[$0] < dict.strings[$1] }
            var rank = [Int32](repeating: 0, count: dict.count)
            for (r, code) in order.enumerated() { rank[code] = Int32(r) }
            self = .ranks(codes.map { $0 < 0 ? -1 : rank[Int($0)] })
        default: self = .values(col.values)
        }
    }

    /// -1, 0 or 1 for two values; 2 when only `b` is null, -2 when only `a` is.
    @inline(__always)
    func compare(_ a: Int, _ b: Int) -> Int {
        switch self {
        case .numbers(let xs):
            let x = xs[a], y = xs[b]
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? -2 : 2) }
            return x == y ? 0 : (x < y ? -1 : 1)
        case .ranks(let rs):
            let x = rs[a], y = rs[b]
            if x < 0 || y < 0 { return (x < 0) == (y < 0) ? 0 : (x < 0 ? -2 : 2) }
            return x == y ? 0 : (x < y ? -1 : 1)
        case .values(let vs):
            let x = vs[a], y = vs[b]
            if x.isNull || y.isNull { return x.isNull == y.isNull ? 0 : (x.isNull ? -2 : 2) }
            return Value.order(x, y)
        }
    }
}
