import Foundation

/// iql expressions as SQL, with iql's meaning: what the database would do differently
/// is written out (division by zero, rounding, text order) or refused with
/// ``SQLUnsupported``, and the expression then runs locally.
extension SQLBuilder {
    /// Aggregate calls inside `group { }` (and window functions inside `window { }`):
    /// name and arguments → SQL.
    typealias AggregateSQL = (String, [Argument]) throws -> SQLValue

    /// `e` over the columns in `scope`. An expression that reads no column is
    /// evaluated here, once, and sent as a literal (globals, `$params`, calls of
    /// host functions on constants).
    func expr(_ e: Expr, _ scope: [String: SQLValue], aggregate: AggregateSQL? = nil) throws -> SQLValue {
        if !reads(e, scope, aggregates: aggregate != nil, bound: []) {
            let v: Value
            do { v = try constant(e) } catch { throw SQLUnsupported("it fails when evaluated, so it runs locally to report the error") }
            return try literal(v)
        }
        func sub(_ x: Expr) throws -> SQLValue { try expr(x, scope, aggregate: aggregate) }
        switch e.kind {
        case .name(let n):
            guard let v = scope[n] else { throw SQLUnsupported("'\(n)' is not a column") }
            return v
        case .unary(.negate, let x):
            let a = try sub(x)
            try need(a, .number, "'-'")
            return SQLValue(sql: "(-\(a.sql))", type: .number, percent: a.percent)
        case .unary(.not, let x):
            let a = try sub(x)
            try need(a, .bool, "'not'")
            return SQLValue(sql: "(NOT \(a.sql))", type: .bool)
        case .binary(let op, let l, let r):
            return try binary(op, try sub(l), try sub(r), r)
        case .ifThen(let c, let a, let b):
            let cv = try sub(c), av = try sub(a), bv = try sub(b)
            try need(cv, .bool, "'if'")
            let t = try common(av, bv, "'if'")
            if av.type != .null && bv.type != .null && av.percent != bv.percent {
                throw SQLUnsupported("the branches of 'if' differ in percentage display")
            }
            return SQLValue(sql: "(CASE WHEN \(cv.sql) THEN \(av.sql) ELSE \(bv.sql) END)", type: t, percent: av.percent || bv.percent)
        case .call(let callee, let args):
            guard case .name(let f) = callee.kind else { throw SQLUnsupported("a call of a computed function") }
            if let aggregate, SQLBuilder.foldsRows(f) { return try aggregate(f, args) }
            guard isBuiltin(f) else { throw SQLUnsupported("'\(f)' is not a builtin with a SQL equivalent") }
            guard args.allSatisfy({ $0.label == nil }) else { throw SQLUnsupported("labelled arguments") }
            return try call(f, try args.map { try sub($0.value) }, args.map(\.value))
        default:
            throw SQLUnsupported("this expression has no SQL equivalent")
        }
    }

    /// Whether a call of `name` folds rows (an aggregate, or a window function in
    /// `window { }`), so that the stage, not the expression, says what it is.
    static func foldsRows(_ name: String) -> Bool {
        Aggregates.table[name] != nil || WindowFunction.names.contains(name)
    }

    /// A value as a SQL literal.
    func literal(_ v: Value) throws -> SQLValue {
        switch v {
        case .null: return SQLValue(sql: "NULL", type: .null)
        case .bool(let b): return SQLValue(sql: b ? "TRUE" : "FALSE", type: .bool)
        case .number(let d), .percent(let d):
            guard let s = dialect.number(d) else { throw SQLUnsupported("an infinite number") }
            return SQLValue(sql: s, type: .number, percent: v.style == .percent)
        case .string(let s):
            guard let q = dialect.string(s) else { throw SQLUnsupported("text with a NUL character") }
            return SQLValue(sql: q, type: .string)
        default:
            throw SQLUnsupported("a \(v.typeName) value has no SQL equivalent")
        }
    }

    private func need(_ v: SQLValue, _ t: SQLType, _ what: String) throws {
        guard v.type == t || v.type == .null else {
            throw SQLUnsupported("\(what) needs a \(t == .number ? "number" : t == .bool ? "boolean" : t == .date ? "date" : "string") here")
        }
    }

    /// The type two operands share (null fits any), or unsupported.
    private func common(_ a: SQLValue, _ b: SQLValue, _ what: String) throws -> SQLType {
        switch (a.type, b.type) {
        case (.null?, let t?), (let t?, .null?): return t
        case (let x?, let y?) where x == y: return x
        default: throw SQLUnsupported("\(what) on operands of different or unknown types")
        }
    }

    private func binary(_ op: BinaryOp, _ a: SQLValue, _ b: SQLValue, _ right: Expr) throws -> SQLValue {
        switch op {
        case .and, .or:
            // Three-valued logic is SQL's too: true or null is true, false and null false.
            try need(a, .bool, "'\(op.rawValue)'")
            try need(b, .bool, "'\(op.rawValue)'")
            return SQLValue(sql: "(\(a.sql) \(op == .and ? "AND" : "OR") \(b.sql))", type: .bool)
        case .coalesce:
            let t = try common(a, b, "'??'")
            return SQLValue(sql: "COALESCE(\(a.sql), \(b.sql))", type: t, percent: a.percent || b.percent)
        case .eq, .ne, .lt, .le, .gt, .ge:
            // iql compares numbers with numbers and text with text; a comparison with
            // null is null, as in SQL.
            let t = try common(a, b, "comparison")
            let symbol = ["==": "=", "!=": "<>"][op.rawValue] ?? op.rawValue
            if t == .string && op != .eq && op != .ne {
                return SQLValue(sql: "(\(dialect.collated(a.sql)) \(symbol) \(dialect.collated(b.sql)))", type: .bool)
            }
            if t == .bool && op != .eq && op != .ne { throw SQLUnsupported("ordering booleans") }
            return SQLValue(sql: "(\(a.sql) \(symbol) \(b.sql))", type: .bool)
        case .in:
            guard a.type == .string, b.type == .string else { throw SQLUnsupported("'in' other than text in text") }
            return SQLValue(sql: dialect.contains(b.sql, a.sql), type: .bool)
        case .add where a.type == .string || b.type == .string:
            _ = try common(a, b, "'+'")
            return SQLValue(sql: "(\(a.sql) || \(b.sql))", type: .string)
        case .add, .sub, .mul, .div:
            try need(a, .number, "'\(op.rawValue)'")
            try need(b, .number, "'\(op.rawValue)'")
            let aop = ArithmeticOp(op)!
            let percent = aop.style(a.percent ? .percent : .plain, b.percent ? .percent : .plain) == .percent
            if aop == .div {
                // Division by zero is null, and integers divide as doubles.
                return SQLValue(sql: "(\(dialect.float(a.sql)) / NULLIF(\(b.sql), 0))", type: .number)
            }
            return SQLValue(sql: "(\(a.sql) \(op.rawValue) \(b.sql))", type: .number, percent: percent)
        }
    }

    /// Builtins with a faithful SQL form.
    private func call(_ f: String, _ a: [SQLValue], _ args: [Expr]) throws -> SQLValue {
        func arity(_ n: ClosedRange<Int>) throws {
            guard n.contains(a.count) else { throw SQLUnsupported("'\(f)' with \(a.count) arguments") }
        }
        switch f {
        case "abs":
            try arity(1...1); try need(a[0], .number, "'abs'")
            return SQLValue(sql: "abs(\(a[0].sql))", type: .number, percent: a[0].percent)
        case "round":
            try arity(1...2); try need(a[0], .number, "'round'")
            var digits = 0.0
            if a.count == 2 {
                guard case .number(let d)? = try? constant(args[1]), d == d.rounded() else {
                    throw SQLUnsupported("'round' with digits that are not a constant whole number")
                }
                digits = d
            }
            // Half away from zero, exactly as Rounding.round does on doubles:
            // y = x·10^d, then trunc(y) ± 1 when the fraction (exact in binary) is ≥ ½.
            let p = dialect.number(pow(10.0, max(-15, min(15, digits))))!
            let y = "(\(dialect.float(a[0].sql)) * \(p))"
            let t = dialect.truncate(y)
            let sql = "((\(t) + CASE WHEN abs(\(y) - \(t)) >= 0.5 THEN (CASE WHEN \(y) < 0 THEN -1 ELSE 1 END) ELSE 0 END) / \(p))"
            return SQLValue(sql: sql, type: .number, percent: a[0].percent)
        case "floor", "ceil":
            guard dialect.kind == .postgres else { throw SQLUnsupported("SQLite has no '\(f)' in every build") }
            try arity(1...1); try need(a[0], .number, "'\(f)'")
            return SQLValue(sql: "\(f)(\(dialect.float(a[0].sql)))", type: .number, percent: a[0].percent)
        case "coalesce":
            try arity(1...64)
            var t: SQLType = .null
            for v in a { t = try common(SQLValue(sql: "", type: t), v, "'coalesce'") }
            return SQLValue(sql: "COALESCE(\(a.map(\.sql).joined(separator: ", ")))", type: t, percent: a.contains { $0.percent })
        case "is_null":
            try arity(1...1)
            return SQLValue(sql: "(\(a[0].sql) IS NULL)", type: .bool)
        case "percent":
            try arity(1...1); try need(a[0], .number, "'percent'")
            return SQLValue(sql: a[0].sql, type: .number, percent: true)
        case "contains":
            try arity(2...2); try need(a[0], .string, "'contains'"); try need(a[1], .string, "'contains'")
            return SQLValue(sql: dialect.contains(a[0].sql, a[1].sql), type: .bool)
        default:
            throw SQLUnsupported("'\(f)' has no SQL equivalent with iql's meaning")
        }
    }

    /// Whether `e` reads a column of `scope` (or, with `aggregates`, calls an aggregate).
    private func reads(_ e: Expr, _ scope: [String: SQLValue], aggregates: Bool, bound: Set<String>) -> Bool {
        func sub(_ x: Expr) -> Bool { reads(x, scope, aggregates: aggregates, bound: bound) }
        switch e.kind {
        case .number, .bool, .null, .param: return false
        case .name(let n): return !bound.contains(n) && scope[n] != nil
        case .string(let parts):
            return parts.contains { if case .expr(let x) = $0 { return sub(x) }; return false }
        case .list(let xs): return xs.contains(where: sub)
        case .record(let fs): return fs.contains { sub($0.value) }
        case .unary(_, let x): return sub(x)
        case .binary(_, let a, let b), .index(let a, let b): return sub(a) || sub(b)
        case .call(let callee, let args):
            if aggregates, case .name(let n) = callee.kind, SQLBuilder.foldsRows(n) { return true }
            return sub(callee) || args.contains { sub($0.value) }
        case .member(let base, _): return sub(base)
        case .lambda(let ps, let body): return reads(body, scope, aggregates: aggregates, bound: bound.union(ps))
        case .ifThen(let a, let b, let c): return sub(a) || sub(b) || sub(c)
        case .pipeline:
            // A nested pipeline has no SQL form; treat it as reading, so it stays local.
            return true
        }
    }
}
