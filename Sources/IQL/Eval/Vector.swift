import Foundation

/// Vectoriser: evaluates a stage expression over whole columns at once.
///
/// Takes an expression and the table flowing into a stage; reports a ``Vector``, or
/// nil when the expression is outside what whole-column kernels cover (calls other
/// than `abs`/`round`/`is_null`, `if`, `??`, `in`, mixed types, …). Nil is never an error: the
/// stage then runs the compiled closure row by row, which also reports every type
/// error with its location. So the kernels only implement cases whose row-by-row
/// result they reproduce exactly: null is NaN in number columns, -1 in boolean and
/// string-code columns, and division by zero gives null.
struct Vectorizer {
    let compiler: Compiler
    let table: Table
    let scope: Scope
    let frame: Frame
    /// The rows evaluated: one morsel (see ``evaluateByMorsels(_:)``), or all.
    var rows: Range<Int>? = nil
    /// On a worker: the builtins the expression calls, resolved beforehand on the
    /// evaluating thread, so that a worker never touches the compiler or the context.
    var builtins: Set<String>? = nil

    enum Vector {
        case numbers([Double], NumberStyle)
        case bools([Int8])
        case strings([Int32], StringDictionary)
        /// Days since 1970-01-01, ``Column/nullDay`` for null.
        case dates([Int32])
        case constant(Value)

        /// The vectors of consecutive morsels as one; nil when a morsel was outside the
        /// kernels or they disagree in kind (then the stage evaluates row by row).
        static func concatenate(_ parts: [Vector?]) -> Vector? {
            guard let first = parts.first ?? nil else { return nil }
            func join<T>(_ pick: (Vector) -> [T]?) -> [T]? {
                var out: [T] = []
                for p in parts {
                    guard let p, let a = pick(p) else { return nil }
                    out.append(contentsOf: a)
                }
                return out
            }
            switch first {
            case .numbers(_, let style):
                return join { if case .numbers(let a, style) = $0 { return a }; return nil }.map { .numbers($0, style) }
            case .bools:
                return join { if case .bools(let a) = $0 { return a }; return nil }.map { .bools($0) }
            case .strings(_, let dict):
                return join { if case .strings(let a, let d) = $0, d === dict { return a }; return nil }.map { .strings($0, dict) }
            case .dates:
                return join { if case .dates(let a) = $0 { return a }; return nil }.map { .dates($0) }
            case .constant:
                // No column in it: every morsel gave the same value.
                return first
            }
        }

        /// As a column of `count` rows.
        func column(_ count: Int) -> Column {
            switch self {
            case .numbers(let a, let style): return Column(.number(a), style: style)
            case .bools(let a): return Column(.bool(a))
            case .strings(let a, let d): return Column(.string(a, d))
            case .dates(let a): return Column(.date(a))
            case .constant(let v): return Column(Array(repeating: v, count: count))
            }
        }
    }

    /// The vector of `e` over the whole table, computed morsel by morsel on the
    /// engine's workers: each morsel's rows go through every kernel on their own, so
    /// intermediate vectors are a morsel long (they stay in cache, and their memory is
    /// reused) instead of a column long, which at ten million rows costs more in page
    /// faults than the arithmetic. Only for expressions a worker can evaluate without
    /// the compiler (``pureCalls(_:)``); others, and expressions with text (a
    /// comparison with text prepares a verdict per dictionary entry, and a dictionary,
    /// which a reader's columns may share, can be far longer than a morsel), run on
    /// whole columns.
    func evaluateByMorsels(_ e: Expr) -> Vector? {
        let n = table.rowCount
        guard n > Morsels.size, let pure = pureCalls(e) else { return evaluate(e) }
        let parts = try! compiler.ctx.kernels.map(rows: n) { _, r -> Vector? in
            var v = self
            v.rows = r
            v.builtins = pure
            return v.evaluate(e)
        }
        return Vector.concatenate(parts)
    }

    /// The builtins `e` calls when a worker can evaluate it alone: every name is a
    /// column or a call of `abs`, `round` or `is_null` meaning the builtin, and no
    /// operator has two constant operands (those fold through the compiler); nil otherwise.
    private func pureCalls(_ e: Expr) -> Set<String>? {
        var calls = Set<String>()
        func columnFree(_ e: Expr) -> Bool {
            var names = Set<String>()
            e.collectNames(&names)
            return !names.contains { table.index(of: $0) != nil }
        }
        func visit(_ e: Expr) -> Bool {
            switch e.kind {
            case .number, .bool, .null: return true
            case .string(let parts): return parts.count == 1 && { if case .text = parts[0] { return true }; return false }()
            case .name(let n): return table.index(of: n) != nil
            case .unary(_, let x): return visit(x)
            case .binary(_, let a, let b): return !(columnFree(a) && columnFree(b)) && visit(a) && visit(b)
            case .call(let callee, let args):
                guard case .name(let n) = callee.kind, ["abs", "round", "is_null"].contains(n), table.index(of: n) == nil,
                      case .function(let f)? = (try? compiler.resolve(n, scope, callee.range)).flatMap({ try? $0(frame) }),
                      case .builtin = f.body else { return false }
                calls.insert(n)
                return args.allSatisfy { visit($0.value) }
            default: return false
            }
        }
        return visit(e) ? calls : nil
    }

    func evaluate(_ e: Expr) -> Vector? {
        switch e.kind {
        case .number(let d, let style): return .constant(Value.num(d, style))
        case .string(let parts):
            if parts.count == 1, case .text(let s) = parts[0] { return .constant(.string(s)) }
            return nil
        case .bool(let b): return .constant(.bool(b))
        case .null: return .constant(.null)
        case .name(let n):
            if let i = table.index(of: n) {
                let col = rows.map { table.columns[i].slice($0) } ?? table.columns[i]
                switch col.storage {
                case .number(let a): return .numbers(a, col.style)
                case .bool(let a): return .bools(a)
                case .string(let a, let d): return .strings(a, d)
                case .date(let a): return .dates(a)
                case .any: return nil
                }
            }
            // Not a column: the same name anywhere else is the same for every row.
            guard builtins == nil, let code = try? compiler.resolve(n, scope, e.range), let v = try? code(frame) else { return nil }
            switch v {
            case .null, .bool, .number, .percent, .string, .date: return .constant(v)
            default: return nil
            }
        case .unary(.negate, let x):
            switch evaluate(x) {
            case .numbers(let a, let style)?: return .numbers(map(a) { -$0 }, style)
            case .constant(let v)?:
                switch v {
                case .number(let d): return .constant(.number(-d))
                case .percent(let d): return .constant(.percent(-d))
                case .null: return .constant(.null)
                default: return nil
                }
            default: return nil
            }
        case .unary(.not, let x):
            guard let v = evaluate(x) else { return nil }
            switch v {
            case .bools(let a): return .bools(a.map { $0 < 0 ? -1 : 1 - $0 })
            case .constant(.bool(let b)): return .constant(.bool(!b))
            case .constant(.null): return .constant(.null)
            default: return nil
            }
        case .binary(let op, let l, let r):
            guard let a = evaluate(l), let b = evaluate(r) else { return nil }
            if case .constant = a, case .constant = b {
                // Constant operands: fold once with the ordinary code (same errors, same result).
                guard builtins == nil else { return nil }
                return (try? compiler.compile(e, scope)(frame)).map(Vector.constant)
            }
            return binary(op, a, b)
        case .call(let callee, let args):
            guard case .name(let n) = callee.kind, table.index(of: n) == nil, args.allSatisfy({ $0.label == nil }) else { return nil }
            // Only when the name still means the builtin here.
            if let builtins {
                guard builtins.contains(n) else { return nil }
            } else {
                guard case .function(let f)? = (try? compiler.resolve(n, scope, callee.range)).flatMap({ try? $0(frame) }),
                      case .builtin = f.body else { return nil }
            }
            if n == "is_null", args.count == 1, let v = evaluate(args[0].value) {
                switch v {
                case .numbers(let a, _): return .bools(a.map { $0.isNaN ? 1 : 0 })
                case .bools(let a): return .bools(a.map { $0 < 0 ? 1 : 0 })
                case .strings(let a, _): return .bools(a.map { $0 < 0 ? 1 : 0 })
                case .dates(let a): return .bools(a.map { $0 == Column.nullDay ? 1 : 0 })
                case .constant(let c): return .constant(.bool(c.isNull))
                }
            }
            if n == "abs", args.count == 1, case .numbers(let a, let style)? = evaluate(args[0].value) {
                return .numbers(map(a) { Swift.abs($0) }, style)
            }
            if n == "round", (1...2).contains(args.count), case .numbers(let a, let style)? = evaluate(args[0].value) {
                var digits = 0.0
                if args.count == 2 {
                    guard case .constant(let dv)? = evaluate(args[1].value), let d = dv.doubleValue, d == d.rounded(), abs(d) < 1e15 else { return nil }
                    digits = d
                }
                let scale = Rounding.scale(digits)
                return .numbers(map(a) { Rounding.round($0, scale: scale) }, style)
            }
            // date("2023-06-30") in `where day > date("2023-06-30")`: made once, not per row.
            if n == "date", builtins == nil, args.allSatisfy({ if case .constant? = evaluate($0.value) { return true }; return false }) {
                return (try? compiler.compile(e, scope)(frame)).map(Vector.constant)
            }
            return nil
        default:
            return nil
        }
    }

    // MARK: Operators

    private func binary(_ op: BinaryOp, _ a: Vector, _ b: Vector) -> Vector? {
        switch op {
        case .add, .sub, .mul, .div:
            guard let (x, xs) = numeric(a), let (y, ys) = numeric(b) else { return nil }
            let aop = ArithmeticOp(op)!
            // One loop per operator, so that each is a plain loop over doubles (the
            // operator's switch folds away) rather than a call per row.
            let out: [Double]
            switch aop {
            case .add: out = zipWith(x, y) { ArithmeticOp.add.apply($0, $1) }
            case .sub: out = zipWith(x, y) { ArithmeticOp.sub.apply($0, $1) }
            case .mul: out = zipWith(x, y) { ArithmeticOp.mul.apply($0, $1) }
            case .div: out = zipWith(x, y) { ArithmeticOp.div.apply($0, $1) }
            }
            return .numbers(out, aop.style(xs, ys))
        case .lt, .le, .gt, .ge, .eq, .ne:
            let cop = ComparisonOp(op)!
            if let (x, _) = numeric(a), let (y, _) = numeric(b) {
                return .bools(compare(cop, x, y))
            }
            if let x = days(a), let y = days(b) {
                // Day numbers compare as numbers; null days are NaN, so null as above.
                return .bools(compare(cop, x, y))
            }
            // A string column against a string constant compares dictionary codes:
            // the comparison runs once per dictionary entry, each row looks its code up.
            let flipped: Bool
            let codes: [Int32], dict: StringDictionary, s: String
            switch (a, b) {
            case (.strings(let c, let d), .constant(.string(let t))): (codes, dict, s, flipped) = (c, d, t, false)
            case (.constant(.string(let t)), .strings(let c, let d)): (codes, dict, s, flipped) = (c, d, t, true)
            default: return nil
            }
            var verdict: [Int8]
            if cop == .eq || cop == .ne {
                // Equality needs only the code of the constant (a dictionary may be large).
                verdict = [Int8](repeating: cop == .eq ? 0 : 1, count: dict.count)
                if let c = dict.code(of: s) { verdict[Int(c)] = cop == .eq ? 1 : 0 }
            } else {
                verdict = dict.strings.map { entry -> Int8 in
                    let (x, y) = flipped ? (s, entry) : (entry, s)
                    return cop.holds(x, y) ? 1 : 0
                }
            }
            return .bools(lookup(codes, verdict))
        case .and, .or:
            guard let x = logical(a), let y = logical(b) else { return nil }
            let n = max(x.count, y.count)
            var out = [Int8](repeating: 0, count: n)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    for i in 0..<n {
                        let p = xp[xp.count == 1 ? 0 : i], q = yp[yp.count == 1 ? 0 : i]
                        if op == .and {
                            out[i] = p == 0 || q == 0 ? 0 : (p < 0 || q < 0 ? -1 : 1)
                        } else {
                            out[i] = p == 1 || q == 1 ? 1 : (p < 0 || q < 0 ? -1 : 0)
                        }
                    }
                }
            }
            return .bools(out)
        default:
            return nil
        }
    }

    /// Numbers of a vector: a column, or a constant repeated (length 1), with its style.
    private func numeric(_ v: Vector) -> ([Double], NumberStyle)? {
        switch v {
        case .numbers(let a, let s): return (a, s)
        case .constant(.number(let d)): return ([d], .plain)
        case .constant(.percent(let d)): return ([d], .percent)
        case .constant(.null): return ([.nan], .plain)
        default: return nil
        }
    }

    /// Day numbers of a date vector or date constant, NaN for null; nil for anything else.
    private func days(_ v: Vector) -> [Double]? {
        switch v {
        case .dates(let a): return a.map { $0 == Column.nullDay ? .nan : Double($0) }
        case .constant(.date(let d)): return [Double(d.daysSinceEpoch)]
        case .constant(.null): return [.nan]
        default: return nil
        }
    }

    private func logical(_ v: Vector) -> [Int8]? {
        switch v {
        case .bools(let a): return a
        case .constant(.bool(let b)): return [b ? 1 : 0]
        case .constant(.null): return [-1]
        default: return nil
        }
    }

    /// Element-wise `f`, morsel by morsel on the engine's workers.
    @inline(__always)
    private func map<T>(_ x: [Double], _ f: (Double) -> T) -> [T] {
        x.withUnsafeBufferPointer { xp in
            compiler.ctx.kernels.fill(xp.count) { out, r in
                for i in r { out[i] = f(xp[i]) }
            }
        }
    }

    /// Element-wise `f` where an array of length 1 stands for a constant, morsel by
    /// morsel on the engine's workers.
    @inline(__always)
    private func zipWith<T>(_ x: [Double], _ y: [Double], _ f: (Double, Double) -> T) -> [T] {
        let n = max(x.count, y.count)
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                compiler.ctx.kernels.fill(n) { out, r in
                    if xp.count == n && yp.count == n {
                        for i in r { out[i] = f(xp[i], yp[i]) }
                    } else if xp.count == n {
                        let c = yp[0]
                        for i in r { out[i] = f(xp[i], c) }
                    } else {
                        let c = xp[0]
                        for i in r { out[i] = f(c, yp[i]) }
                    }
                }
            }
        }
    }

    /// A comparison of numbers, null (NaN) on either side giving null; one loop per operator.
    private func compare(_ op: ComparisonOp, _ x: [Double], _ y: [Double]) -> [Int8] {
        @inline(__always) func k(_ o: ComparisonOp) -> [Int8] {
            zipWith(x, y) { p, q -> Int8 in p.isNaN || q.isNaN ? -1 : (o.holds(p, q) ? 1 : 0) }
        }
        switch op {
        case .lt: return k(.lt)
        case .le: return k(.le)
        case .gt: return k(.gt)
        case .ge: return k(.ge)
        case .eq: return k(.eq)
        case .ne: return k(.ne)
        }
    }

    /// The verdict of each row's dictionary code; null (-1) for a null code.
    private func lookup(_ codes: [Int32], _ verdict: [Int8]) -> [Int8] {
        codes.withUnsafeBufferPointer { cp in
            verdict.withUnsafeBufferPointer { vp in
                compiler.ctx.kernels.fill(cp.count) { out, r in
                    for i in r { let c = cp[i]; out[i] = c < 0 ? -1 : vp[Int(c)] }
                }
            }
        }
    }
}
