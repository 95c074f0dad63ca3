/// Hash aggregation on unboxed columns: `count()`, `count(x)`, `sum`, `avg`, `min` and
/// `max` of number columns, folded morsel by morsel into partial states that are then
/// merged in a fixed tree.
///
/// A ``PartialAggregates`` holds what some rows contribute to each group, so the same
/// state can later be fed by chunks arriving from a reader (streaming aggregation):
/// accumulate each chunk's rows, merge the states in chunk order.
struct AggregatePlan {
    /// One aggregate of the plan and the column it folds.
    enum Kind {
        /// `count()`: rows of the group.
        case rows
        /// `count(x)`: non-null values.
        case count(Column)
        case sum([Double], NumberStyle)
        case avg([Double], NumberStyle)
        case min([Double], NumberStyle)
        case max([Double], NumberStyle)
    }
    let kinds: [Kind]

    /// The plan for aggregate calls `name(args)` whose argument columns are given, or nil
    /// when one of them is outside what the unboxed path covers (then every aggregate
    /// runs through the general path, so errors come in the same order as always).
    init?(_ calls: [(name: String, column: Column?)]) {
        var kinds: [Kind] = []
        for (name, column) in calls {
            guard let column else {
                guard name == "count" else { return nil }
                kinds.append(.rows)
                continue
            }
            if name == "count" {
                if case .any = column.storage { return nil }
                kinds.append(.count(column))
                continue
            }
            guard case .number(let a) = column.storage else { return nil }
            switch name {
            case "sum": kinds.append(.sum(a, column.style))
            case "avg": kinds.append(.avg(a, column.style))
            case "min": kinds.append(.min(a, column.style))
            case "max": kinds.append(.max(a, column.style))
            default: return nil
            }
        }
        self.kinds = kinds
    }

    /// Whether the per-morsel states of `groups` groups fit: beyond that the rows are
    /// folded in one pass (still independent of the thread count).
    static func morselStatesFit(groups: Int, rows: Int) -> Bool {
        groups.multipliedReportingOverflow(by: Morsels.count(rows)).partialValue <= 1 << 22 || groups <= 1
    }

    /// The aggregate columns of `groups` groups; `groupOfRow` nil means one group of every row.
    func run(groups: Int, rows: Int, groupOfRow: [Int]?, _ workers: Parallel) throws -> [Column] {
        let state: PartialAggregates
        if AggregatePlan.morselStatesFit(groups: groups, rows: rows) {
            let parts = try workers.map(rows: rows) { _, r in accumulate(r, groups: groups, groupOfRow) }
            state = Morsels.tree(parts) { $0.merged($1, self) } ?? PartialAggregates(self, groups: groups)
        } else {
            try workers.stop.check()
            state = accumulate(0..<rows, groups: groups, groupOfRow)
        }
        return state.columns(self)
    }

    /// The state of `rows`.
    func accumulate(_ rows: Range<Int>, groups: Int, _ groupOfRow: [Int]?) -> PartialAggregates {
        var s = PartialAggregates(self, groups: groups)
        s.add(rows, groupOfRow, self)
        return s
    }
}

/// What some rows contribute to each group's aggregates.
struct PartialAggregates {
    enum Slot {
        /// Rows or non-null values per group.
        case counts([Int])
        /// Sums of the non-null values and how many there were.
        case sums([Double], [Int])
        /// The extreme so far; NaN while there is none.
        case extremes([Double])
    }
    var slots: [Slot]

    /// The state of no rows.
    init(_ plan: AggregatePlan, groups: Int) {
        slots = plan.kinds.map { kind in
            switch kind {
            case .rows, .count: return .counts([Int](repeating: 0, count: groups))
            case .sum, .avg: return .sums([Double](repeating: 0, count: groups), [Int](repeating: 0, count: groups))
            case .min, .max: return .extremes([Double](repeating: .nan, count: groups))
            }
        }
    }

    /// Folds `rows` in, in row order.
    mutating func add(_ rows: Range<Int>, _ groupOfRow: [Int]?, _ plan: AggregatePlan) {
        for (j, kind) in plan.kinds.enumerated() {
            // Take the slot's arrays out so that they are mutated in place, not copied.
            var slot = slots[j]
            slots[j] = .counts([])
            switch (kind, slot) {
            case (.rows, .counts(var n)):
                if let g = groupOfRow { for i in rows { n[g[i]] += 1 } } else { n[0] += rows.count }
                slot = .counts(n)
            case (.count(let column), .counts(var n)):
                PartialAggregates.countNonNull(column, rows, groupOfRow, &n)
                slot = .counts(n)
            case (.sum(let a, _), .sums(var sum, var n)), (.avg(let a, _), .sums(var sum, var n)):
                a.withUnsafeBufferPointer { x in
                    if let groupOfRow {
                        groupOfRow.withUnsafeBufferPointer { g in
                            sum.withUnsafeMutableBufferPointer { sp in
                                n.withUnsafeMutableBufferPointer { np in
                                    for i in rows where !x[i].isNaN { sp[g[i]] += x[i]; np[g[i]] += 1 }
                                }
                            }
                        }
                    } else {
                        var s = 0.0, c = 0
                        for i in rows where !x[i].isNaN { s += x[i]; c += 1 }
                        sum[0] += s
                        n[0] += c
                    }
                }
                slot = .sums(sum, n)
            case (.min(let a, _), .extremes(var e)):
                PartialAggregates.extreme(a, rows, groupOfRow, &e, <)
                slot = .extremes(e)
            case (.max(let a, _), .extremes(var e)):
                PartialAggregates.extreme(a, rows, groupOfRow, &e, >)
                slot = .extremes(e)
            default:
                preconditionFailure("a slot of another aggregate")
            }
            slots[j] = slot
        }
    }

    /// The state of this state's rows followed by `other`'s.
    func merged(_ other: PartialAggregates, _ plan: AggregatePlan) -> PartialAggregates {
        var out = self
        for (j, kind) in plan.kinds.enumerated() {
            switch (kind, slots[j], other.slots[j]) {
            case (_, .counts(let a), .counts(let b)):
                out.slots[j] = .counts(zip(a, b).map { $0 + $1 })
            case (_, .sums(let s, let n), .sums(let t, let m)):
                out.slots[j] = .sums(zip(s, t).map { $0 + $1 }, zip(n, m).map { $0 + $1 })
            // The earlier rows' extreme wins a tie (-0 against 0), as in one pass.
            case (.min, .extremes(let a), .extremes(let b)):
                out.slots[j] = .extremes(zip(a, b).map { x, y in x.isNaN || y < x ? y : x })
            case (.max, .extremes(let a), .extremes(let b)):
                out.slots[j] = .extremes(zip(a, b).map { x, y in x.isNaN || y > x ? y : x })
            default:
                preconditionFailure("states of different plans")
            }
        }
        return out
    }

    /// The aggregate columns, one value per group, typed as ``ColumnBuilder`` types
    /// the general path's values: a column without a number (every group's value
    /// null, or no group) is a column of nulls, not of numbers.
    func columns(_ plan: AggregatePlan) -> [Column] {
        func numbers(_ a: [Double], _ style: NumberStyle = .plain) -> Column {
            a.allSatisfy(\.isNaN) ? Column.nulls(a.count) : Column(.number(a), style: style)
        }
        return zip(plan.kinds, slots).map { kind, slot in
            switch (kind, slot) {
            case (.rows, .counts(let n)), (.count, .counts(let n)):
                return numbers(n.map(Double.init))
            case (.sum(_, let style), .sums(let s, let n)):
                // No value: null, as `sum` of nothing is.
                return numbers(zip(s, n).map { $1 == 0 ? .nan : $0 }, style)
            case (.avg(_, let style), .sums(let s, let n)):
                return numbers(zip(s, n).map { $1 == 0 ? .nan : $0 / Double($1) }, style)
            case (.min(_, let style), .extremes(let e)), (.max(_, let style), .extremes(let e)):
                return numbers(e, style)
            default:
                preconditionFailure("a slot of another aggregate")
            }
        }
    }

    private static func countNonNull(_ column: Column, _ rows: Range<Int>, _ groupOfRow: [Int]?, _ n: inout [Int]) {
        func fold<T>(_ a: [T], _ isNull: (T) -> Bool) {
            a.withUnsafeBufferPointer { x in
                if let g = groupOfRow { for i in rows where !isNull(x[i]) { n[g[i]] += 1 } } else {
                    var c = 0
                    for i in rows where !isNull(x[i]) { c += 1 }
                    n[0] += c
                }
            }
        }
        switch column.storage {
        case .number(let a): fold(a) { $0.isNaN }
        case .string(let a, _): fold(a) { $0 < 0 }
        case .bool(let a): fold(a) { $0 < 0 }
        case .date(let a): fold(a) { $0 == Column.nullDay }
        case .any: preconditionFailure("count(x) of mixed values takes the general path")
        }
    }

    /// The first extreme by `better` of the non-null values, in row order.
    private static func extreme(_ a: [Double], _ rows: Range<Int>, _ groupOfRow: [Int]?, _ e: inout [Double], _ better: (Double, Double) -> Bool) {
        a.withUnsafeBufferPointer { x in
            for i in rows where !x[i].isNaN {
                let g = groupOfRow?[i] ?? 0
                if e[g].isNaN || better(x[i], e[g]) { e[g] = x[i] }
            }
        }
    }
}
