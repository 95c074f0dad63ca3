/// Builtins of dates and reporting periods. Dates are values of their own (`date`);
/// periods are canonical text (`2023-06`, `2023-Q2`, `2023-H1`, `2023-YTD05`, `2023`),
/// see ``Period``.
extension Builtins {
    static let dates: [Builtin] = [
        Builtin("date", ["x", "month", "day"], min: 1, "a date from text written 2023-06-30 (also 2023/6/30, 2023.6.30 or 2023年6月30日), or from a year, month and day; null when there is no such day: date(\"2023-06-30\"), date(2023, 6, 30)") { c in
            if c.count == 2 { throw c.error(.type, Messages.arity("date", Messages.arguments(1, or: 3), 2), hint: Messages.dateSpellings) }
            if c.count == 3 {
                guard let y = try c.integer(0), let m = try c.integer(1), let d = try c.integer(2) else { return .null }
                return CalendarDate(year: y, month: m, day: d).map(Value.date) ?? .null
            }
            switch c[0] {
            case .null, .date: return c[0]
            case .string(let s): return CalendarDate.reading(s).map(Value.date) ?? .null
            case let v: throw c.fail(0, Messages.expected(Want.dateText, v), hint: Messages.dateSpellings)
            }
        },
        Builtin("today", [], "today's date by the engine's clock (the iql command takes IQL_TODAY=2023-06-30 from the environment when set): today()") { c in
            .date(c.ctx.today)
        },
        dateField("year", "the year of a date: year(date(\"2023-06-30\")) is 2023") { $0.year },
        dateField("month", "the month of a date (1–12): month(date(\"2023-06-30\")) is 6") { $0.month },
        dateField("quarter", "the quarter of a date (1–4): quarter(date(\"2023-06-30\")) is 2") { ($0.month + 2) / 3 },
        dateField("day", "the day of the month of a date: day(date(\"2023-06-30\")) is 30") { $0.day },
        Builtin("date_diff", ["a", "b"], "days from b to a (a − b): date_diff(date(\"2023-06-30\"), date(\"2023-06-01\")) is 29") { c in
            guard let a = try c.date(0), let b = try c.date(1) else { return .null }
            return .number(Double(Int(a.daysSinceEpoch) - Int(b.daysSinceEpoch)))
        },
        Builtin("add_months", ["date", "n"], "the date n months later (earlier for negative n), kept within the month: add_months(date(\"2023-01-31\"), 1) is 2023-02-28") { c in
            guard let d = try c.date(0), let n = try c.integer(1) else { return .null }
            return d.addingMonths(n).map(Value.date) ?? .null
        },
        Builtin("month_end", ["date"], "the last day of the date's month: month_end(date(\"2024-02-10\")) is 2024-02-29") { c in
            guard let d = try c.date(0) else { return .null }
            return .date(d.monthEnd)
        },

        Builtin("period", ["x", "year"], min: 1, "a period in canonical form (2023-06, 2023-Q2, 2023-H1, 2023-YTD05 for 1-5月, 2023) from any spelling: 2023年6月, 2023年二季度, 2023年上半年, 2023年1-5月, a year or a date; without its year (上半年, 1-5月) in `year`, else the current year: period(\"2023年第二季度\") is \"2023-Q2\"") { c in
            var year: Int? = nil
            if let y = try c.integer(1) {
                guard (1...9999).contains(y) else { throw c.fail(1, Messages.yearOutOfRange(y)) }
                year = y
            }
            return try c.period(0, year: year).map { .string($0.description) } ?? .null
        },
        Builtin("shift", ["period", "n"], "the period n of its own units later (months, quarters, halves, years; a year to date by months), earlier for negative n: shift(\"2023-01\", -1) is \"2022-12\", shift(\"2023-Q1\", -4) is \"2022-Q1\"") { c in
            guard let p = try c.period(0), let n = try c.integer(1) else { return .null }
            return p.shifted(by: n).map { .string($0.description) } ?? .null
        },
        Builtin("period_text", ["period", "with_year"], min: 1, "a period as a report writes it (6月, 二季度, 上半年, 1-5月, 2023年), with the year when with_year is true: period_text(\"2023-YTD05\") is \"1-5月\"") { c in
            guard let p = try c.period(0) else { return .null }
            let withYear: Bool
            switch c[1] {
            case .null: withYear = false
            case .bool(let b): withYear = b
            case let v: throw c.fail(1, Messages.expected(Want.trueOrFalse, v))
            }
            return .string(p.reportText(withYear: withYear))
        },
        Builtin("period_end", ["period"], "the last day of a period: period_end(\"2023-Q2\") is 2023-06-30") { c in
            try c.period(0).map { .date($0.end) } ?? .null
        },
    ]

    private static func dateField(_ name: String, _ doc: String, _ f: @escaping @Sendable (CalendarDate) -> Int) -> Builtin {
        Builtin(name, ["date"], doc) { c in
            guard let d = try c.date(0) else { return .null }
            return .number(Double(f(d)))
        }
    }
}

extension CalendarDate {
    /// A date as people write one: `2023-06-30`, `2023-6-30`, `2023/6/30`, `2023.6.30`
    /// or `2023年6月30日`, with spaces around it; nil for anything else or a day that
    /// does not exist.
    static func reading(_ text: String) -> CalendarDate? {
        if let d = CalendarDate(text) { return d }
        let c = Array(Substring(text).trimmingWhitespace())
        var i = 0
        func number(_ lengths: ClosedRange<Int>) -> Int? {
            var v = 0, n = 0
            while i < c.count, n < lengths.upperBound, c[i].isASCII, let d = c[i].wholeNumberValue { v = v * 10 + d; n += 1; i += 1 }
            return lengths.contains(n) ? v : nil
        }
        func take(_ ch: Character) -> Bool {
            guard i < c.count, c[i] == ch else { return false }
            i += 1
            return true
        }
        guard let y = number(4...4), i < c.count else { return nil }
        let first = c[i]
        let second: Character
        switch first {
        case "-", "/", ".": second = first
        case "年": second = "月"
        default: return nil
        }
        i += 1
        guard let m = number(1...2), take(second), let d = number(1...2) else { return nil }
        if first == "年" { _ = take("日") }
        return i == c.count ? CalendarDate(year: y, month: m, day: d) : nil
    }
}
