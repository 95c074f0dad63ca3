import Foundation

/// An aggregate: many values of a column in, one value out. Nulls are skipped.
struct Aggregate: Sendable {
    let name: String
    let doc: String
    let run: @Sendable (Column, [Int]) -> Value
}

enum Aggregates {
    /// Every aggregate, by name. Inside `group … { }` a call to one of these folds a
    /// group's rows; elsewhere the same name is a function of a list.
    static let table: [String: Aggregate] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    static let all: [Aggregate] = [
        Aggregate(name: "count", doc: "count() rows of the group; count(x) non-null values of x") { col, rows in
            .number(Double(nonNull(col, rows).count))
        },
        Aggregate(name: "sum", doc: "sum(x): total of the non-null values") { col, rows in
            numeric(col, rows) { xs in xs.isEmpty ? .nan : xs.reduce(0, +) }
        },
        Aggregate(name: "avg", doc: "avg(x): mean of the non-null values") { col, rows in
            numeric(col, rows) { xs in xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
        },
        Aggregate(name: "median", doc: "median(x): middle value (mean of the two middle ones for an even count)") { col, rows in
            numeric(col, rows) { xs in
                if xs.isEmpty { return .nan }
                let s = xs.sorted()
                return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
            }
        },
        Aggregate(name: "stddev", doc: "stddev(x): sample standard deviation (null for fewer than two values)") { col, rows in
            numeric(col, rows) { xs in
                if xs.count < 2 { return .nan }
                let mean = xs.reduce(0, +) / Double(xs.count)
                return (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)).squareRoot()
            }
        },
        Aggregate(name: "min", doc: "min(x): smallest value; min(a, b, …) of its arguments") { col, rows in
            extreme(col, rows, <)
        },
        Aggregate(name: "max", doc: "max(x): largest value; max(a, b, …) of its arguments") { col, rows in
            extreme(col, rows, >)
        },
        Aggregate(name: "first", doc: "first(x): first non-null value in row order") { col, rows in
            nonNull(col, rows).first ?? .null
        },
        Aggregate(name: "last", doc: "last(x): last non-null value in row order") { col, rows in
            nonNull(col, rows).last ?? .null
        },
        Aggregate(name: "count_distinct", doc: "count_distinct(x): number of different non-null values") { col, rows in
            .number(Double(Set(nonNull(col, rows)).count))
        },
        Aggregate(name: "list", doc: "list(x): the non-null values as a list") { col, rows in
            .list(nonNull(col, rows))
        },
        Aggregate(name: "all", doc: "all(x): whether every non-null value is true (null when there is none, or one is not a boolean): all([true, null, true]) is true") { col, rows in
            logical(col, rows, every: true)
        },
        Aggregate(name: "any", doc: "any(x): whether some non-null value is true (null when there is none, or one is not a boolean): any([false, true]) is true") { col, rows in
            logical(col, rows, every: false)
        },
    ]

    /// `all` (every) or `any` of the booleans, skipping nulls. As with the numeric
    /// aggregates, a value of another type makes the result null rather than an error.
    private static func logical(_ col: Column, _ rows: [Int], every: Bool) -> Value {
        var seen = false
        var decided = false
        switch col.storage {
        case .bool(let a):
            for r in rows where a[r] >= 0 {
                seen = true
                // all: one false decides; any: one true decides.
                if (a[r] == 1) != every { return .bool(!every) }
            }
        default:
            for v in nonNull(col, rows) {
                guard case .bool(let b) = v else { return .null }
                seen = true
                if b != every { decided = true }
            }
        }
        return seen ? .bool(decided ? !every : every) : .null
    }

    private static func nonNull(_ col: Column, _ rows: [Int]) -> [Value] {
        rows.map { col[$0] }.filter { !$0.isNull }
    }

    /// Folds the numbers of a column, keeping its percentage display.
    private static func numeric(_ col: Column, _ rows: [Int], _ fold: ([Double]) -> Double) -> Value {
        switch col.storage {
        case .number(let a):
            var xs: [Double] = []
            xs.reserveCapacity(rows.count)
            for r in rows where !a[r].isNaN { xs.append(a[r]) }
            return Value.num(fold(xs), col.style)
        default:
            let vs = nonNull(col, rows)
            let xs = vs.compactMap(\.doubleValue)
            // Non-numeric values make the result null rather than an error, as with SQL.
            if xs.count != vs.count { return .null }
            let percent = !vs.isEmpty && vs.allSatisfy { $0.style == .percent }
            return Value.num(fold(xs), percent ? .percent : .plain)
        }
    }

    private static func extreme(_ col: Column, _ rows: [Int], _ better: (Int, Int) -> Bool) -> Value {
        var best: Value? = nil
        for v in nonNull(col, rows) {
            if let b = best { if better(Value.order(v, b), 0) { best = v } } else { best = v }
        }
        return best ?? .null
    }
}
