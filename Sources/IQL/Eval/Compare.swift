/// The status of a target in `compare`: a stable code for scripts, whatever the
/// language; ``Catalog/label(_:)`` gives the words for people.
enum ComparisonStatus: String, CaseIterable {
    /// The target is reached: a count or amount has its full-year figure, or the due
    /// period has come and the figure meets the target.
    case met
    /// Before the due period, above what the pace (or the target itself) asks by more than the tolerance.
    case ahead
    /// Before the due period, within the tolerance of what is asked by now.
    case onTrack = "on_track"
    /// Below what is asked by now by more than the tolerance, or short of the target once it is due.
    case behind
    /// The indicator's profile expects nothing yet (`year_end` before its due period).
    case pending
    /// No actual value for the indicator (or for the one it tracks).
    case noData = "no_data"
}

/// How a target is spread over the year: what share of it is expected by a given month.
enum Profile {
    /// Evenly: by May, 5/12 of a target due in December (序时进度).
    case linear
    /// Only the final figure counts: nothing is expected before the due period.
    case yearEnd
    /// The figure itself is compared with the whole target at any time (growth and rates).
    case point
    /// A season: `cumulative[m]` is the weight of months 1…m (`cumulative[0]` is 0).
    case seasonal(name: String, cumulative: [Double])

    static let builtIn = ["linear", "year_end", "point"]

    var name: String {
        switch self {
        case .linear: "linear"
        case .yearEnd: "year_end"
        case .point: "point"
        case .seasonal(let name, _): name
        }
    }

    /// The share of a target due at the end of month `due` that is expected by the end of
    /// month `month` of the same year (month < due).
    func share(month: Int, due: Int) -> Double {
        switch self {
        case .linear: return Double(month) / Double(due)
        case .yearEnd: return 0
        case .point: return 1
        case .seasonal(_, let cumulative): return cumulative[due] == 0 ? 0 : cumulative[month] / cumulative[due]
        }
    }
}

/// `compare ACTUALS [profiles PROFILES] [at PERIOD] [tolerance X]`: actual values beside targets.
///
/// Input rows are targets shaped like `indicators` (id, kind, unit, target, direction,
/// relative_to, due, and optionally profile); ACTUALS has `indicator_id`, `period` and
/// `value` in the target's base units; PROFILES has `profile`, `month` and `share`.
/// Adds `period`, `actual`, `expected`, `gap`, `attainment`, `completion`, `pace`,
/// `pace_gap` and `status`.
struct Comparison {
    let runner: StageRunner
    var compiler: Compiler { runner.compiler }

    static let targetColumns = ["id", "kind", "unit", "target", "direction", "relative_to", "due"]
    static let actualColumns = ["indicator_id", "period", "value"]
    static let profileColumns = ["profile", "month", "share"]

    private struct Actual { let period: Period; let text: String; let value: Double? }

    /// The optional clauses of the stage, as written.
    struct Clauses {
        var profiles: Expr?
        var at: Expr?
        var tolerance: Expr?
    }

    func compare(_ t: Table, _ actualsExpr: Expr, _ clauses: Clauses, _ scope: Scope, _ f: Frame, _ range: SourceRange) throws -> Table {
        let actualsValue = try compiler.compile(actualsExpr, scope)(f)
        guard let actuals = actualsValue.asTable else {
            throw compiler.error(.type, Messages.expected(Want.actuals, actualsValue), actualsExpr.range)
        }
        try require(Comparison.targetColumns, in: t, Messages.compareTargets, range)
        try require(Comparison.actualColumns, in: actuals, Messages.compareActuals, actualsExpr.range)
        let seasons = try clauses.profiles.map { try seasonalProfiles($0, scope, f) } ?? [:]

        var at: Period? = nil
        if let e = clauses.at {
            let v = try compiler.compile(e, scope)(f)
            guard let p = Period(v, defaultYear: compiler.ctx.today.year) else {
                throw compiler.error(.type, Messages.unreadablePeriod(v, after: "at"), e.range, hint: Messages.periodSpellings)
            }
            at = p
        }
        var tolerance: Double? = nil
        if let e = clauses.tolerance {
            let v = try compiler.compile(e, scope)(f)
            guard let d = v.doubleValue, d >= 0 else { throw compiler.error(.type, Messages.expected(Want.tolerance, v), e.range) }
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
                throw compiler.error(.runtime, Messages.badActualPeriod(i + 1, Formatter.literal(periods[i])), actualsExpr.range)
            }
            if let a = at, a < p { continue }
            if let old = latest[id], !(old.period < p) { continue }
            latest[id] = Actual(period: p, text: periodText, value: values[i].doubleValue)
        }

        let col = { (name: String) in t.columns[t.index(of: name)!] }
        let (idC, kindC, unitC, targetC, dirC, relC, dueC) = (col("id"), col("kind"), col("unit"), col("target"), col("direction"), col("relative_to"), col("due"))
        let profileC = t.index(of: "profile").map { t.columns[$0] }
        let names = ["period", "actual", "expected", "gap", "attainment", "completion", "pace", "pace_gap", "status"]
        var out: [[Value]] = Array(repeating: [], count: names.count)
        for i in 0..<t.rowCount {
            let id = idC[i].stringValue ?? ""
            let kind = kindC[i].stringValue ?? ""
            let cumulative = kind == "count" || kind == "amount"
            let profile = try resolveProfile(profileC?[i].stringValue, id: id, cumulative: cumulative, seasons, clauses.profiles, range)
            let row = Row(kind: kind, percentUnit: unitC[i].stringValue == "%", cumulative: cumulative,
                          direction: dirC[i].stringValue ?? "at_least", target: targetC[i].doubleValue,
                          due: Period(Formatter.inline(dueC[i])), profile: profile)
            let tracked = relC[i].stringValue.flatMap { latest[$0] }
            let r = row.measure(latest[id], tracked: tracked, tolerance: tolerance)
            for (k, v) in r.enumerated() { out[k].append(v) }
        }
        var result = t
        for (k, name) in names.enumerated() {
            // Values keep their own display: a growth rate shows as 6.5%, a count as 120.
            let mixed = name == "actual" || name == "expected" || name == "gap"
            result = result.setting(name, mixed ? Column(.any(out[k])) : Column(out[k]))
        }
        return result
    }

    /// One target and what `compare` works out for it.
    private struct Row {
        let kind: String
        let percentUnit: Bool
        /// Counts and amounts add up over the year; growth rates and shares do not.
        let cumulative: Bool
        let direction: String
        let target: Double?
        let due: Period?
        let profile: Profile

        /// The output cells, in the order of `names`.
        func measure(_ found: Actual?, tracked: Actual?, tolerance: Double?) -> [Value] {
            let noData: [Value] = [found.map { .string($0.text) } ?? .null, .null, .null, .null, .null, .null, .null, .null,
                                   .string(ComparisonStatus.noData.rawValue)]
            guard let found, let value = found.value else { return noData }
            let period = found.period
            let due = self.due ?? Period("\(period.year)")!
            let final = period.year > due.year || (period.year == due.year && period.endMonth >= due.endMonth)
            let relative = kind == "relative" || direction == "relative"

            // The full target, and the share of it asked for by now.
            var full = target
            var pace: Double? = nil
            if relative {
                // 与…同步: the tracked indicator's figure for the same period is the bar.
                full = tracked.flatMap { $0.period == period ? $0.value : nil } ?? tracked?.value
            } else if cumulative {
                pace = period.year < due.year ? 0 : final ? 1 : profile.share(month: period.endMonth, due: due.endMonth)
            }
            guard let full else { return noData }
            var expected: Double? = full
            if let pace { expected = full * pace } else if case .yearEnd = profile, !final { expected = nil }

            let tol = percentUnit ? tolerance ?? 0.005 : (tolerance ?? 0.01) * abs(full)
            let status = self.status(value, expected: expected, full: full, pace: pace, final: final, tol: tol)
            let completion = cumulative && full != 0 ? value / full : nil
            // Nothing is compared while nothing is expected: only completion and pace show.
            if status == .pending { expected = nil }
            let gap = expected.map { direction == "at_most" ? $0 - value : value - $0 }
            let paceGap = expected == nil ? nil : completion.flatMap { c in pace.map { c - $0 } }

            func shown(_ d: Double?) -> Value { d.map { Value.num($0, percentUnit ? .percent : .plain) } ?? .null }
            // Prorated figures are for people to read: 0.01 percentage point, or two decimals.
            func rounded(_ d: Double?) -> Double? { d.map { percentUnit ? ($0 * 10_000).rounded() / 10_000 : ($0 * 100).rounded() / 100 } }
            func percent(_ d: Double?) -> Value { d.map { .percent(rate($0)) } ?? .null }
            return [.string(found.text), shown(value), shown(rounded(expected)), shown(rounded(gap)),
                    percent(expected.flatMap { $0 == 0 ? nil : value / $0 }), percent(completion), percent(pace), percent(paceGap),
                    .string(status.rawValue)]
        }

        /// A ratio kept to 0.01%, as people read it.
        private func rate(_ d: Double) -> Double { (d * 10_000).rounded() / 10_000 }

        private func status(_ value: Double, expected: Double?, full: Double, pace: Double?, final: Bool, tol: Double) -> ComparisonStatus {
            let lenient = direction == "about" || direction == "relative"
            // A floor (or 左右, 同步) already reached is met for good once the figures add up.
            let reached = direction == "at_most" ? value <= full : value >= full - (lenient ? tol : 0)
            if cumulative && direction != "at_most" && reached { return .met }
            if final { return reached ? .met : .behind }
            guard let expected, pace != 0 else { return .pending }
            if direction == "at_most" {
                return value < expected - tol ? .ahead : value <= expected + tol ? .onTrack : .behind
            }
            // Counts come in whole units: of 2.08 expected, 2 is on pace.
            let floor = kind == "count" ? min(expected - tol, (expected + 1e-9).rounded(.down)) : expected - tol
            return value > expected + tol ? .ahead : value >= floor ? .onTrack : .behind
        }
    }

    /// The profile an indicator is paced by: its `profile` cell, or by default `linear`
    /// for counts and amounts and `point` for growth, rates and relative targets.
    private func resolveProfile(_ name: String?, id: String, cumulative: Bool, _ seasons: [String: Profile],
                                _ profilesExpr: Expr?, _ range: SourceRange) throws -> Profile {
        let profile: Profile
        switch name ?? "" {
        case "": return cumulative ? .linear : .point
        case "linear": profile = .linear
        case "year_end": profile = .yearEnd
        case "point": profile = .point
        case let n:
            guard let p = seasons[n] else {
                let hint = profilesExpr == nil
                    ? Messages.profilesHint
                    : closest(to: n, in: Profile.builtIn + seasons.keys).map(Messages.didYouMean) ?? Messages.profileTableHint
                throw compiler.error(.runtime, Messages.unknownProfile(id, n), range, hint: hint)
            }
            profile = p
        }
        switch profile {
        case .linear where !cumulative, .seasonal where !cumulative:
            throw compiler.error(.runtime, Messages.notPaceable(id, profile.name), range,
                                 hint: Messages.pointHint)
        default: return profile
        }
    }

    /// The seasonal profiles of a table with columns `profile`, `month` (1–12) and `share`
    /// (weights, divided by the year's total, so last year's monthly figures serve as they are).
    private func seasonalProfiles(_ e: Expr, _ scope: Scope, _ f: Frame) throws -> [String: Profile] {
        let v = try compiler.compile(e, scope)(f)
        guard let t = v.asTable else { throw compiler.error(.type, Messages.expected(Want.profiles, v), e.range) }
        try require(Comparison.profileColumns, in: t, Messages.compareProfiles, e.range)
        let (names, months, shares) = (t.columns[t.index(of: "profile")!], t.columns[t.index(of: "month")!], t.columns[t.index(of: "share")!])
        var weights: [String: [Double?]] = [:]
        var order: [String] = []
        for i in 0..<t.rowCount {
            try compiler.ctx.tick(e.range, compiler.file)
            func bad(_ what: Messages.ProfileProblem) -> Diagnostic { compiler.error(.runtime, Messages.badProfileRow(i + 1, what), e.range) }
            guard let name = names[i].stringValue, !name.isEmpty else { throw bad(.noName) }
            if Profile.builtIn.contains(name) { throw bad(.builtIn(name)) }
            guard let m = months[i].doubleValue, m == m.rounded(), (1...12).contains(m) else {
                throw bad(.month(Formatter.literal(months[i])))
            }
            guard let s = shares[i].doubleValue, s >= 0 else { throw bad(.share(Formatter.literal(shares[i]))) }
            if weights[name] == nil { weights[name] = Array(repeating: nil, count: 13); order.append(name) }
            if weights[name]![Int(m)] != nil { throw bad(.twice(Int(m), name)) }
            weights[name]![Int(m)] = s
        }
        var out: [String: Profile] = [:]
        for name in order {
            // A month left out weighs nothing.
            var cumulative = [0.0]
            for m in 1...12 { cumulative.append(cumulative[m - 1] + (weights[name]![m] ?? 0)) }
            if cumulative[12] == 0 { throw compiler.error(.runtime, Messages.emptyProfile(name), e.range) }
            out[name] = .seasonal(name: name, cumulative: cumulative)
        }
        return out
    }

    private func require(_ names: [String], in t: Table, _ what: Localized, _ range: SourceRange) throws {
        for n in names where t.index(of: n) == nil {
            throw compiler.error(.unknownName, Messages.lacksColumn(what, n), range,
                                 hint: closest(to: n, in: t.names).map(Messages.didYouMean) ?? Messages.compareNeeds(names))
        }
    }
}
