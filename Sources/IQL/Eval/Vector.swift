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

    enum Vector {
        case numbers([Double], NumberStyle)
        case bools([Int8])
        case strings([Int32], StringDictionary)
        case constant(Value)

        /// As a column of `count` rows.
        func column(_ count: Int) -> Column {
            switch self {
            case .numbers(let a, let style): return Column(.number(a), style: style)
            case .bools(let a): return Column(.bool(a))
            case .strings(let a, let d): return Column(.string(a, d))
            case .constant(let v): return Column(Array(repeating: v, count: count))
            }
        }
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
                let col = table.columns[i]
                switch col.storage {
                case .number(let a): return .numbers(a, col.style)
                case .bool(let a): return .bools(a)
                case .string(let a, let d): return .strings(a, d)
                case .any: return nil
                }
            }
            // Not a column: the same name anywhere else is the same for every row.
            guard let code = try? compiler.resolve(n, scope, e.range), let v = try? code(frame) else { return nil }
            switch v {
            case .null, .bool, .number, .percent, .string: return .constant(v)
            default: return nil
            }
        case .unary(.negate, let x):
            switch evaluate(x) {
            case .numbers(let a, let style)?: return .numbers(a.map { -$0 }, style)
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
                return (try? compiler.compile(e, scope)(frame)).map(Vector.constant)
            }
            return binary(op, a, b)
        case .call(let callee, let args):
            guard case .name(let n) = callee.kind, table.index(of: n) == nil, args.allSatisfy({ $0.label == nil }) else { return nil }
            // Only when the name still means the builtin here.
            guard case .function(let f)? = (try? compiler.resolve(n, scope, callee.range)).flatMap({ try? $0(frame) }),
                  case .builtin = f.body else { return nil }
            if n == "is_null", args.count == 1, let v = evaluate(args[0].value) {
                switch v {
                case .numbers(let a, _): return .bools(a.map { $0.isNaN ? 1 : 0 })
                case .bools(let a): return .bools(a.map { $0 < 0 ? 1 : 0 })
                case .strings(let a, _): return .bools(a.map { $0 < 0 ? 1 : 0 })
                case .constant(let c): return .constant(.bool(c.isNull))
                }
            }
            if n == "abs", args.count == 1, case .numbers(let a, let style)? = evaluate(args[0].value) {
                return .numbers(a.map { Swift.abs($0) }, style)
            }
            if n == "round", (1...2).contains(args.count), case .numbers(let a, let style)? = evaluate(args[0].value) {
                var digits = 0.0
                if args.count == 2 {
                    guard case .constant(let dv)? = evaluate(args[1].value), let d = dv.doubleValue, d == d.rounded(), abs(d) < 1e15 else { return nil }
                    digits = d
                }
                return .numbers(a.map { Rounding.round($0, digits) }, style)
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
            return .numbers(zipWith(x, y, aop.apply), aop.style(xs, ys))
        case .lt, .le, .gt, .ge, .eq, .ne:
            if let (x, _) = numeric(a), let (y, _) = numeric(b) {
                let cop = ComparisonOp(op)!
                return .bools(zipWith8(x, y) { p, q in p.isNaN || q.isNaN ? -1 : (cop.holds(p, q) ? 1 : 0) })
            }
            guard op == .eq || op == .ne else { return nil }
            // A string column against a string constant compares dictionary codes.
            let pair: ([Int32], StringDictionary, String)?
            switch (a, b) {
            case (.strings(let codes, let d), .constant(.string(let s))), (.constant(.string(let s)), .strings(let codes, let d)):
                pair = (codes, d, s)
            default: pair = nil
            }
            guard let (codes, dict, s) = pair else { return nil }
            let target = dict.code(of: s) ?? -2
            let eq: Int8 = op == .eq ? 1 : 0
            return .bools(codes.map { $0 < 0 ? -1 : ($0 == target ? eq : 1 - eq) })
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

    private func logical(_ v: Vector) -> [Int8]? {
        switch v {
        case .bools(let a): return a
        case .constant(.bool(let b)): return [b ? 1 : 0]
        case .constant(.null): return [-1]
        default: return nil
        }
    }

    /// Element-wise `f` where an array of length 1 stands for a constant.
    private func zipWith(_ x: [Double], _ y: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        let n = max(x.count, y.count)
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    if xp.count == n && yp.count == n {
                        for i in 0..<n { out[i] = f(xp[i], yp[i]) }
                    } else if xp.count == n {
                        let c = yp[0]
                        for i in 0..<n { out[i] = f(xp[i], c) }
                    } else {
                        let c = xp[0]
                        for i in 0..<n { out[i] = f(c, yp[i]) }
                    }
                }
            }
            count = n
        }
    }

    private func zipWith8(_ x: [Double], _ y: [Double], _ f: (Double, Double) -> Int8) -> [Int8] {
        let n = max(x.count, y.count)
        return [Int8](unsafeUninitializedCapacity: n) { out, count in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    for i in 0..<n { out[i] = f(xp[xp.count == 1 ? 0 : i], yp[yp.count == 1 ? 0 : i]) }
                }
            }
            count = n
        }
    }
}
