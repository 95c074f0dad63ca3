/// `compare ACTUALS [at PERIOD] [tolerance X]`: actual values beside targets.
///
/// Input rows are targets shaped like `indicators` (id, kind, unit, target, direction,
/// relative_to, due); ACTUALS has `indicator_id`, `period` and `value` in the target's
/// base units. Adds `period`, `actual`, `expected`, `gap`, `attainment`, `status`.
struct Comparison {
    let runner: StageRunner
    var compiler: Compiler { runner.compiler }

    static let targetColumns = ["id", "kind", "unit", "target", "direction", "relative_to", "due"]
    static let actualColumns = ["indicator_id", "period", "value"]

    private struct Actual { let period: Period; let text: String; let value: Double? }

    func compare(_ t: Table, _ actualsExpr: Expr, _ atExpr: Expr?, _ toleranceExpr: Expr?, _ scope: Scope, _ f: Frame, _ range: SourceRange) throws -> Table {
        let actualsValue = try compiler.compile(actualsExpr, scope)(f)
        guard let actuals = actualsValue.asTable else {
            throw compiler.error(.type, Messages.expected("a table of actual values", actualsValue), actualsExpr.range)
        }
        try require(Comparison.targetColumns, in: t, "the targets flowing into 'compare'", range)
        try require(Comparison.actualColumns, in: actuals, "the actual values", actualsExpr.range)

        var at: Period? = nil
        if let e = atExpr {
            let v = try compiler.compile(e, scope)(f)
            guard let p = Period(v, defaultYear: compiler.ctx.today.year) else {
                throw compiler.error(.type, Messages.unreadablePeriod(v) + " after 'at'", e.range, hint: Messages.periodSpellings)
            }
            at = p
        }
        var tolerance: Double? = nil
        if let e = toleranceExpr {
            let v = try compiler.compile(e, scope)(f)
            guard let d = v.doubleValue, d >= 0 else { throw compiler.error(.type, Messages.expected("a tolerance such as 1%", v), e.range) }
            tolerance = d
        }

        // The latest actual per indicator, not after `at` when given.
        var latest: [String: Actual] = [:]
        let ids = actuals.columns[actuals.index(of: "indicator_id")!]
        let periods = actuals.columns[actuals.index(of: "period")!]
        let values = actuals.columns[actuals.index(of: "value")!]
        for i in 0..<actuals.rowCount {
            try compiler.ctx.tick(range, compiler.file)
            guard case .string(let id) = ids[i] else { continue }
            let periodText = Formatter.inline(periods[i])
            guard let p = Period(periodText) else {
                throw compiler.error(.runtime, "actual value \(i + 1) has period \(Formatter.literal(periods[i])), expected one such as \"2023-06\", \"2023-Q2\" or \"2023\"", actualsExpr.range)
            }
            if let a = at, a < p { continue }
            if let old = latest[id], !(old.period < p) { continue }
            latest[id] = Actual(period: p, text: periodText, value: values[i].doubleValue)
        }

        let col = { (name: String) in t.columns[t.index(of: name)!] }
        let (idC, kindC, unitC, targetC, dirC, relC, dueC) = (col("id"), col("kind"), col("unit"), col("target"), col("direction"), col("relative_to"), col("due"))
        var out: [[Value]] = Array(repeating: [], count: 6)
        for i in 0..<t.rowCount {
            let percentUnit = unitC[i].stringValue == "%"
            func shown(_ d: Double?) -> Value { d.map { Value.num($0, percentUnit ? .percent : .plain) } ?? .null }
            // Prorated figures are for people to read: 0.01 percentage point, or two decimals.
            func rounded(_ d: Double?) -> Double? { d.map { percentUnit ? ($0 * 10_000).rounded() / 10_000 : ($0 * 100).rounded() / 100 } }
            let id = idC[i].stringValue ?? ""
            guard let actual = latest[id], let value = actual.value else {
                out[0].append(latest[id].map { .string($0.text) } ?? .null)
                for k in 1...4 { out[k].append(.null) }
                out[5].append(.string("no_data"))
                continue
            }
            let kind = kindC[i].stringValue ?? ""
            let direction = dirC[i].stringValue ?? "at_least"
            let target = targetC[i].doubleValue
            var expected: Double?
            var fullTarget = target
            if kind == "relative" || direction == "relative" {
                // Tracks another indicator: its actual for the same period is the bar.
                let tracked = relC[i].stringValue.flatMap { latest[$0] }
                expected = tracked.flatMap { $0.period == actual.period ? $0.value : nil } ?? tracked?.value
                fullTarget = expected
            } else if let target {
                if kind == "count" || kind == "amount" {
                    let due = Period(Formatter.inline(dueC[i])) ?? Period("\(actual.period.year)")!
                    let share = actual.period.year < due.year ? 0 : min(1, Double(actual.period.endMonth) / Double(due.endMonth))
                    expected = target * share
                } else {
                    expected = target
                }
            }
            let tol = tolerance.map { percentUnit ? $0 : $0 * abs(fullTarget ?? 0) } ?? (percentUnit ? 0.005 : 0.05 * abs(fullTarget ?? 0))
            let gap = expected.map { direction == "at_most" ? $0 - value : value - $0 }
            // Attainment is a ratio for people to read: kept to 0.01%.
            let attainment = expected.flatMap { $0 == 0 ? nil : (value / $0 * 10_000).rounded() / 10_000 }
            let status: String
            if let e = expected, let full = fullTarget {
                switch direction {
                case "at_most":
                    status = value <= e ? "on_track" : "behind"
                case "about":
                    status = value >= full - tol ? "met" : (value >= e - tol ? "on_track" : "behind")
                case "relative":
                    // 与…同步: in step with the tracked indicator, within the tolerance.
                    status = value >= full - tol ? "met" : "behind"
                default:
                    status = value >= full ? "met" : (value >= e ? "on_track" : "behind")
                }
            } else {
                status = "no_data"
            }
            out[0].append(.string(actual.text))
            out[1].append(shown(value))
            out[2].append(shown(rounded(expected)))
            out[3].append(shown(rounded(gap)))
            out[4].append(attainment.map { .percent($0) } ?? .null)
            out[5].append(.string(status))
        }
        var result = t
        for (k, name) in ["period", "actual", "expected", "gap", "attainment"].enumerated() {
            // Values keep their own display: a growth rate shows as 6.5%, a count as 120.
            result = result.setting(name, k == 0 || k == 4 ? Column(out[k]) : Column(.any(out[k])))
        }
        return result.setting("status", Column(out[5]))
    }

    private func require(_ names: [String], in t: Table, _ what: String, _ range: SourceRange) throws {
        for n in names where t.index(of: n) == nil {
            throw compiler.error(.unknownName, "\(what) lack the column '\(n)'", range,
                                 hint: closest(to: n, in: t.names).map(Messages.didYouMean) ?? "'compare' needs columns \(names.joined(separator: ", "))")
        }
    }
}
