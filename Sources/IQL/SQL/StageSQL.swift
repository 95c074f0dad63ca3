/// The stages that run inside the database, each adding itself to the SELECT being
/// built. A stage without a conformance here (compare, `f(x)` calls) runs
/// locally on the rows the database returns, and so does every stage after it.

extension Where: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        if !q.isPlain { q.wrap() }
        let p = try q.expr(predicate, q.scope)
        guard p.type == .bool || p.type == .null else { throw SQLUnsupported("the condition is not known to be a boolean") }
        // NULL counts as false in SQL's WHERE, as it does in iql's.
        q.wheres.append(p.sql)
    }
}

extension Select: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        if !q.isPlain { q.wrap() }
        let scope = q.scope
        var out: [(name: String, value: SQLValue)] = []
        for b in bindings {
            // A repeated name is an error iql reports when the stage runs locally.
            if out.contains(where: { $0.name == b.name }) { throw SQLUnsupported("column '\(b.name)' is selected twice") }
            out.append((b.name, try q.expr(b.value, scope)))
        }
        q.columns = out
    }
}

extension Derive: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        if !q.isPlain { q.wrap() }
        for b in bindings {
            // Each binding sees the ones before it.
            let v = try q.expr(b.value, q.scope)
            if let i = q.columns.firstIndex(where: { $0.name == b.name }) { q.columns[i].value = v } else { q.columns.append((b.name, v)) }
        }
    }
}

extension Sort: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        // After a group the sort goes on the same SELECT (ORDER BY may name its keys
        // and aggregates); otherwise on a plain one.
        if !(q.isPlain || (q.groupBy != nil && q.limit == nil && q.offset == nil)) { q.wrap() }
        let (terms, plain) = try orderTerms(keys, q, q.scope)
        // `sort … | take N` is one stage: the first N rows in the new order.
        var first: Int? = nil
        if let limit {
            guard case .number(let d)? = try? q.constant(limit), d >= 0, d == d.rounded(), d < 1e15 else {
                throw SQLUnsupported("the row count is not a constant whole number")
            }
            first = Int(d)
        }
        // Stable: rows with equal keys keep the order they had, unless the keys are
        // unique (all of a group's keys), when no two rows are equal.
        if let u = q.unique, u.allSatisfy(plain.contains) { q.order = terms } else { q.order = terms + q.order }
        if let first { q.limit = first }
    }
}

extension Slice: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        guard case .number(let d)? = try? q.constant(count), d >= 0, d == d.rounded(), d < 1e15 else {
            throw SQLUnsupported("the row count is not a constant whole number")
        }
        let n = Int(d)
        guard by.isEmpty else { return try perGroup(&q, n) }
        if q.limit != nil || q.offset != nil || q.scalar { q.wrap() }
        if take { q.limit = n } else { q.offset = n }
    }

    /// `take N by k`: each row's place in its group (nulls are one group, as in iql),
    /// numbered in the current order, then kept or dropped by it.
    private func perGroup(_ q: inout SQLBuilder, _ n: Int) throws {
        if !q.isPlain { q.wrap() }
        let scope = q.scope
        let keys = try by.map { b -> String in
            let v = try q.expr(b.value, scope)
            guard v.type != nil else { throw SQLUnsupported("a group key of unknown type") }
            return v.sql
        }
        let rank = "__iql_rank"
        q.columns.append((rank, SQLValue(sql: "row_number() OVER (PARTITION BY \(keys.joined(separator: ", ")) ORDER BY \(q.order.joined(separator: ", ")))", type: .number)))
        q.wrap()
        q.wheres.append("\(q.scope[rank]!.sql) \(take ? "<=" : ">") \(n)")
        q.columns.removeAll { $0.name == rank }
    }
}

extension Distinct: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        let first = q.singleOrder()
        let scope = q.scope
        let chosen = columns.isEmpty ? q.columns.map { ($0.name, $0.value) } : try columns.map { ($0.name, try q.expr($0.value, scope)) }
        guard !chosen.isEmpty, chosen.allSatisfy({ $0.1.type != nil }) else { throw SQLUnsupported("columns of unknown type") }
        // GROUP BY treats nulls as equal, as iql's distinct does; each combination
        // keeps the place of its first row.
        q.columns = chosen.map { (name: $0.0, value: $0.1) }
        q.groupBy = chosen.map(\.1.sql)
        q.unique = q.groupBy
        q.order = ["min(\(first))"]
    }
}

extension Count: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        if !q.isPlain { q.wrap() }
        q.columns = [("count", SQLValue(sql: "count(*)", type: .number))]
        q.order = []
        q.scalar = true
    }
}

extension Group: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        let first = q.singleOrder()
        let scope = q.scope
        let dialect = q.dialect
        var out: [(name: String, value: SQLValue)] = []
        for k in keys {
            let v = try q.expr(k.value, scope)
            guard v.type != nil else { throw SQLUnsupported("a group key of unknown type") }
            out.append((k.name, v))
        }
        let builder = q
        let aggregate: SQLBuilder.AggregateSQL = { name, args in
            if name == "count" && args.isEmpty { return SQLValue(sql: "count(*)", type: .number) }
            guard args.count == 1, args[0].label == nil else { throw SQLUnsupported("'\(name)' takes one argument") }
            let x = try builder.expr(args[0].value, scope)
            guard x.type != nil else { throw SQLUnsupported("an aggregate of unknown type") }
            let numeric = x.type == .number || x.type == .null
            switch name {
            case "count": return SQLValue(sql: "count(\(x.sql))", type: .number)
            case "count_distinct": return SQLValue(sql: "count(DISTINCT \(x.sql))", type: .number)
            case "sum", "avg":
                guard numeric else { throw SQLUnsupported("'\(name)' of text") }
                // iql adds doubles; so must the database (not integers or numeric).
                let total = "sum(\(dialect.float(x.sql)))"
                guard name == "avg" else { return SQLValue(sql: total, type: .number, percent: x.percent) }
                guard dialect.kind == .postgres else { return SQLValue(sql: "avg(\(dialect.float(x.sql)))", type: .number, percent: x.percent) }
                // iql's mean is the sum over the count, which is what PostgreSQL's avg(float8)
                // computes, but that sums the squares too (for stddev): a quarter slower over
                // 8 M rows. With no values the sum is null, and so is the quotient.
                return SQLValue(sql: "(\(total) / \(dialect.float("count(\(x.sql))")))", type: .number, percent: x.percent)
            case "min", "max":
                if x.type == .bool { throw SQLUnsupported("'\(name)' of booleans") }
                let arg = x.type == .string ? dialect.collated(x.sql) : x.sql
                return SQLValue(sql: "\(name)(\(arg))", type: x.type, percent: x.percent)
            case "median" where dialect.kind == .postgres && numeric:
                return SQLValue(sql: "percentile_cont(0.5) WITHIN GROUP (ORDER BY \(dialect.float(x.sql)))", type: .number, percent: x.percent)
            case "stddev" where dialect.kind == .postgres && numeric:
                return SQLValue(sql: "stddev_samp(\(dialect.float(x.sql)))", type: .number, percent: x.percent)
            case "first", "last":
                guard dialect.kind == .postgres else { throw SQLUnsupported("'\(name)' has no SQLite equivalent") }
                // The first (last) non-null value in row order.
                let dir = name == "first" ? "" : " DESC"
                return SQLValue(sql: "(array_agg(\(x.sql) ORDER BY \(first)\(dir)) FILTER (WHERE \(x.sql) IS NOT NULL))[1]", type: x.type, percent: x.percent)
            default:
                throw SQLUnsupported("'\(name)' has no \(dialect.name) equivalent")
            }
        }
        // Outside an aggregate only the keys are visible, as when iql groups.
        var keyScope: [String: SQLValue] = [:]
        for k in out { keyScope[k.name] = k.value }
        for a in aggregates {
            if out.contains(where: { $0.name == a.name }) { throw SQLUnsupported("column '\(a.name)' appears twice") }
            out.append((a.name, try q.expr(a.value, keyScope, aggregate: aggregate)))
        }
        q.columns = out
        q.groupBy = out.prefix(keys.count).map(\.value.sql)
        q.unique = q.groupBy
        // One row when there are no keys: its order is no question.
        q.order = keys.isEmpty ? [] : ["min(\(first))"]
    }
}

extension JoinStage: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        guard let (other, schema, stored) = try q.table(table) else {
            throw SQLUnsupported("the other table is not a table of the same database")
        }
        func equal(_ a: SQLValue, _ b: SQLValue) throws -> String {
            // Null keys never match, in SQL as in iql; a number never equals text.
            guard let t = a.type, t == b.type, t != .null else { throw SQLUnsupported("join keys of different or unknown types") }
            return "\(a.sql) = \(b.sql)"
        }
        switch condition {
        case .columns(let keys):
            try q.join(other, schema, stored: stored, left: kind == .left, drop: Set(keys.map(\.name))) { l, r in
                try keys.map { k in
                    guard let a = l[k.name], let b = r[k.name] else { throw SQLUnsupported("'\(k.name)' is not a column of both tables") }
                    return try equal(a, b)
                }.joined(separator: " AND ")
            }
        case .expr(let e):
            try q.join(other, schema, stored: stored, left: kind == .left, drop: []) { l, r in
                func side(_ x: Expr) throws -> (Bool, SQLValue) {
                    guard case .member(let base, let col) = x.kind, case .name(let which) = base.kind,
                          let v = (which == "left" ? l : which == "right" ? r : [:])[col] else {
                        throw SQLUnsupported("a join condition other than left.a == right.b")
                    }
                    return (which == "left", v)
                }
                func terms(_ x: Expr) throws -> [String] {
                    switch x.kind {
                    case .binary(.and, let a, let b): return try terms(a) + terms(b)
                    case .binary(.eq, let a, let b):
                        let (la, va) = try side(a), (lb, vb) = try side(b)
                        guard la != lb else { throw SQLUnsupported("a join condition within one table") }
                        return [try equal(va, vb)]
                    default: throw SQLUnsupported("a join condition other than left.a == right.b")
                    }
                }
                return try terms(e).joined(separator: " AND ")
            }
        }
    }
}

extension WindowStage: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        if !q.isPlain { q.wrap() }
        let dialect = q.dialect
        let scope = q.scope
        let partition = try by.map { b -> String in
            let v = try q.expr(b.value, scope)
            guard v.type != nil else { throw SQLUnsupported("a window key of unknown type") }
            return v.sql
        }
        let sortTerms = try orderTerms(sort, q, scope).terms
        let base = partition.isEmpty ? "" : "PARTITION BY \(partition.joined(separator: ", ")) "
        // Rows keep the input order within equal sort keys, as iql's window does; rank
        // sees only the sort keys, so that equal keys tie.
        let ordered = base + "ORDER BY " + (sortTerms + q.order).joined(separator: ", ")
        let ranked = base + (sortTerms.isEmpty ? "" : "ORDER BY " + sortTerms.joined(separator: ", "))
        let builder = q
        func count(_ a: Argument?, least: Int, _ f: String) throws -> Int {
            guard let a else { return 1 }
            guard case .number(let d)? = try? builder.constant(a.value), d >= Double(least), d == d.rounded(), d < 1e9 else {
                throw SQLUnsupported("'\(f)' with a row count that is not a constant whole number")
            }
            return Int(d)
        }
        let call: SQLBuilder.AggregateSQL = { name, args in
            guard args.allSatisfy({ $0.label == nil }) else { throw SQLUnsupported("labelled arguments") }
            func argument(_ i: Int) throws -> SQLValue {
                let v = try builder.expr(args[i].value, builder.scope)
                // SQL cannot nest one window function in another (lag(cumsum(x))).
                guard v.type != nil, !v.sql.contains(" OVER (") else { throw SQLUnsupported("'\(name)' of a window function or of an unknown type") }
                return v
            }
            func number(_ i: Int) throws -> SQLValue {
                let v = try argument(i)
                guard v.type == .number || v.type == .null else { throw SQLUnsupported("'\(name)' of something other than numbers") }
                return v
            }
            let whole = "OVER (\(ordered) ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
            switch (name, args.count) {
            case ("lag", 1...2), ("lead", 1...2):
                let x = try argument(0)
                return SQLValue(sql: "\(name)(\(x.sql), \(try count(args.count > 1 ? args[1] : nil, least: 0, name))) OVER (\(ordered))", type: x.type, percent: x.percent)
            case ("row_number", 0):
                return SQLValue(sql: "row_number() OVER (\(ordered))", type: .number)
            case ("rank", 0), ("dense_rank", 0):
                return SQLValue(sql: "\(name)() OVER (\(ranked))", type: .number)
            case ("cumsum", 1):
                let x = try number(0)
                return SQLValue(sql: "sum(\(dialect.float(x.sql))) OVER (\(ordered) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)", type: .number, percent: x.percent)
            case ("moving_avg", 2), ("moving_sum", 2):
                // SQLite slides a frame by subtracting the row that leaves it, whose
                // rounding iql's sum of each window afresh does not have.
                guard dialect.kind == .postgres else { throw SQLUnsupported("SQLite's moving sums round differently") }
                let x = try number(0)
                let k = try count(args[1], least: 1, name)
                let f = name == "moving_avg" ? "avg" : "sum"
                return SQLValue(sql: "\(f)(\(dialect.float(x.sql))) OVER (\(ordered) ROWS BETWEEN \(k - 1) PRECEDING AND CURRENT ROW)", type: .number, percent: x.percent)
            // An aggregate over the whole group, summed in the window's order.
            case ("count", 0):
                return SQLValue(sql: "count(*) \(whole)", type: .number)
            case ("count", 1):
                return SQLValue(sql: "count(\(try argument(0).sql)) \(whole)", type: .number)
            case ("sum", 1), ("avg", 1):
                let x = try number(0)
                return SQLValue(sql: "\(name)(\(dialect.float(x.sql))) \(whole)", type: .number, percent: x.percent)
            case ("min", 1), ("max", 1):
                let x = try argument(0)
                guard x.type != .bool else { throw SQLUnsupported("'\(name)' of booleans") }
                return SQLValue(sql: "\(name)(\(x.type == .string ? dialect.collated(x.sql) : x.sql)) \(whole)", type: x.type, percent: x.percent)
            default:
                throw SQLUnsupported("'\(name)' has no SQL window form with iql's meaning")
            }
        }
        for b in bindings {
            // Each binding sees the ones before it, as in derive.
            let v = try q.expr(b.value, q.scope, aggregate: call)
            if let i = q.columns.firstIndex(where: { $0.name == b.name }) { q.columns[i].value = v } else { q.columns.append((b.name, v)) }
        }
        q.windowed = true
    }
}

/// Sort keys as ORDER BY terms (numbers and dates as they are, text in byte order,
/// nulls last either way), and the keys' own expressions.
private func orderTerms(_ keys: [SortKey], _ q: SQLBuilder, _ scope: [String: SQLValue]) throws -> (terms: [String], plain: [String]) {
    var plain: [String] = []
    let terms = try keys.map { k -> String in
        let v = try q.expr(k.value, scope)
        let text: String
        switch v.type {
        case .number?, .date?: text = v.sql
        case .string?: text = q.dialect.collated(v.sql)
        default: throw SQLUnsupported("a sort key that is not known to be a number, text or a date")
        }
        plain.append(v.sql)
        return "\(text) \(k.descending ? "DESC" : "ASC") NULLS LAST"
    }
    return (terms, plain)
}

extension Append: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        guard let (other, schema, stored) = try q.table(table) else {
            throw SQLUnsupported("the other table is not a table of the same database")
        }
        try q.append(other, schema, stored: stored)
    }
}

extension Unpivot: SQLStage {
    func sql(_ q: inout SQLBuilder) throws {
        try q.unpivot(columns.map(\.name), name: nameColumn.name, value: valueColumn.name)
    }
}
