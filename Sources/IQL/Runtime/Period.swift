/// A reporting period: a month `2023-06`, a quarter `2023-Q2`, or a year `2023`.
struct Period: Comparable {
    let year: Int
    /// The last month the period covers (1…12).
    let endMonth: Int
    /// 1 for months, 3 for quarters, 12 for years.
    let months: Int

    init?(_ text: String) {
        // Split keeping empty pieces, so "", "-" and "2023-" are refused, not read past.
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, first.allSatisfy(\.isASCII), let y = Int(first), y >= 1000 else { return nil }
        year = y
        switch parts.count {
        case 1:
            endMonth = 12; months = 12
        case 2 where parts[1].first == "Q" || parts[1].first == "q":
            guard parts[1].count == 2, let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            endMonth = q * 3; months = 3
        case 2:
            guard parts[1].count == 2, parts[1].allSatisfy(\.isASCII), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            endMonth = m; months = 1
        default:
            return nil
        }
    }

    /// Share of the year elapsed at the end of the period (序时进度): June is 6/12.
    var elapsedShare: Double { Double(endMonth) / 12 }

    static func < (a: Period, b: Period) -> Bool {
        (a.year, a.endMonth, -a.months) < (b.year, b.endMonth, -b.months)
    }
}
