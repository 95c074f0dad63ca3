import Foundation

/// A day of the proleptic Gregorian calendar, with no time and no time zone: the value
/// of iql's `date("2023-06-30")`. Years run from 1 to 9999, so that every date is
/// written with four digits of year as `2023-06-30`, its only text form.
///
/// It is stored as the number of days since 1970-01-01, so dates order, hash and
/// subtract as integers.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int32

    /// The first and last days a date may be: 0001-01-01 and 9999-12-31.
    static let range: ClosedRange<Int32> = civilToDays(1, 1, 1)...civilToDays(9999, 12, 31)

    /// The date `daysSinceEpoch` days after 1970-01-01; nil outside years 1…9999.
    public init?(daysSinceEpoch days: Int) {
        guard days >= Int(CalendarDate.range.lowerBound), days <= Int(CalendarDate.range.upperBound) else { return nil }
        daysSinceEpoch = Int32(days)
    }

    /// The date with this year, month (1…12) and day; nil when there is no such day
    /// (2023-02-30) or the year is outside 1…9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        daysSinceEpoch = CalendarDate.civilToDays(year, month, day)
    }

    /// Reads text written exactly `YYYY-MM-DD`, as dates are in CSV, JSON and SQLite
    /// cells; nil for anything else, invalid days (2023-02-30) included.
    public init?(_ text: String) {
        guard text.utf8.count == 10,
              let parsed = text.utf8.withContiguousStorageIfAvailable(CalendarDate.parse) ?? CalendarDate.parse(Array(text.utf8)) else { return nil }
        self = parsed
    }

    /// `YYYY-MM-DD` in ten bytes, with a day the month has.
    private static func parse<C: RandomAccessCollection>(_ b: C) -> CalendarDate? where C.Element == UInt8, C.Index == Int {
        guard b.count == 10 else { return nil }
        let s = b.startIndex
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-") else { return nil }
        func digits(_ from: Int, _ n: Int) -> Int? {
            var v = 0
            for i in from..<(from + n) {
                let d = b[s + i] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    /// The calendar day of an instant in a time zone (default: the system's).
    public init(_ date: Date, timeZone: TimeZone = .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self = CalendarDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDate(daysSinceEpoch: 0)!
    }

    /// Midnight at the start of this day in a time zone (default: UTC).
    public func date(timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> Date {
        let utcMidnight = Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400)
        return utcMidnight.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: utcMidnight)))
    }

    /// The year (1…9999).
    public var year: Int { CalendarDate.daysToCivil(daysSinceEpoch).year }
    /// The month (1…12).
    public var month: Int { CalendarDate.daysToCivil(daysSinceEpoch).month }
    /// The day of the month (1…31).
    public var day: Int { CalendarDate.daysToCivil(daysSinceEpoch).day }

    /// `2023-06-30`.
    public var description: String {
        Formatter.text { $0.date(daysSinceEpoch) }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// The last day of this date's month.
    var monthEnd: CalendarDate {
        let (y, m, _) = CalendarDate.daysToCivil(daysSinceEpoch)
        return CalendarDate(year: y, month: m, day: CalendarDate.daysIn(month: m, year: y))!
    }

    /// `n` months later (earlier when negative), the day clamped to the month's last:
    /// 2023-01-31 plus one month is 2023-02-28. Nil outside years 1…9999.
    func addingMonths(_ n: Int) -> CalendarDate? {
        let (y, m, d) = CalendarDate.daysToCivil(daysSinceEpoch)
        let (total, overflow) = (y * 12 + m - 1).addingReportingOverflow(n)
        guard !overflow else { return nil }
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        guard (1...9999).contains(year) else { return nil }
        return CalendarDate(year: year, month: month, day: min(d, CalendarDate.daysIn(month: month, year: year)))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Days and civil dates convert by counting 400-year eras from 0000-03-01, so that
    // the leap day falls at the end of each counted year (the method of Howard
    // Hinnant's "chrono-compatible low-level date algorithms").
    private static func civilToDays(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(era * 146_097 + dayOfEra - 719_468)
    }

    static func daysToCivil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A date encodes as its text, `"2023-06-30"`, in JSON and other Codable formats.
extension CalendarDate: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a date written 2023-06-30, found \"\(text)\""))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension CalendarDate {
    /// A date from a day code already known to be in range (a date column's cell).
    init(uncheckedDays days: Int32) { daysSinceEpoch = days }
}
