/// A reporting period of one year: a month, a quarter, a half, the months from January
/// to a month (year to date, 1-5月), or the whole year.
///
/// iql keeps periods as canonical text — `2023-06`, `2023-Q2`, `2023-H1`, `2023-YTD05`,
/// `2023` — rather than as a value type of their own: that is what the actuals'
/// `period` column holds, what CSV files and databases hold, and it groups, joins and
/// prints with no conversion. Periods of one kind also sort as text. `period(x)` turns
/// every spelling analysts meet into that text; this type does the reading and the
/// calendar arithmetic.
struct Period: Hashable, CustomStringConvertible {
    enum Kind { case year, half, quarter, yearToDate, month }

    let year: Int
    let kind: Kind
    /// The period's number within its year: the month (1…12), quarter (1…4) or half
    /// (1…2); for a year to date its last month (1…12); 1 for a year.
    let index: Int

    /// A period; nil when the year is outside 1…9999 or the index outside its kind's range.
    init?(year: Int, kind: Kind, index: Int) {
        guard (1...9999).contains(year), (1...Period.perYear(kind)).contains(index) else { return nil }
        self.year = year
        self.kind = kind
        self.index = index
    }

    /// Reads any spelling of a period (see ``PeriodReader``); `defaultYear` is the year
    /// of one written without it (`上半年`), which is then not a period when nil.
    init?(_ text: String, defaultYear: Int? = nil) {
        var reader = PeriodReader(text)
        guard let p = reader.read(defaultYear: defaultYear) else { return nil }
        self = p
    }

    /// The period a value stands for: any spelling of one as text, a year of four digits
    /// as a number (a CSV column of years reads as numbers), or a date (its month); nil
    /// for anything else, 6 included (a month needs its year: "6月").
    init?(_ v: Value, defaultYear: Int) {
        switch v {
        case .string(let s): self.init(s, defaultYear: defaultYear)
        case .number(let d) where d == d.rounded() && (1000...9999).contains(d): self.init(year: Int(d), kind: .year, index: 1)
        case .date(let d): self.init(year: d.year, kind: .month, index: d.month)
        default: return nil
        }
    }

    /// How many periods of a kind a year holds (a year to date counts as months).
    private static func perYear(_ kind: Kind) -> Int {
        switch kind {
        case .year: return 1
        case .half: return 2
        case .quarter: return 4
        case .yearToDate, .month: return 12
        }
    }

    /// The last month the period covers (1…12).
    var endMonth: Int {
        switch kind {
        case .year: return 12
        case .half: return index * 6
        case .quarter: return index * 3
        case .yearToDate, .month: return index
        }
    }

    /// Share of the year elapsed at the end of the period (序时进度): June is 6/12.
    var elapsedShare: Double { Double(endMonth) / 12 }

    /// The last day of the period.
    var end: CalendarDate {
        CalendarDate(year: year, month: endMonth, day: CalendarDate.daysIn(month: endMonth, year: year))!
    }

    /// The canonical text: `2023-06`, `2023-Q2`, `2023-H1`, `2023-YTD05`, `2023`.
    var description: String {
        let y = String(year)
        let yyyy = String(repeating: "0", count: max(0, 4 - y.count)) + y
        let two = index < 10 ? "0\(index)" : "\(index)"
        switch kind {
        case .year: return yyyy
        case .half: return "\(yyyy)-H\(index)"
        case .quarter: return "\(yyyy)-Q\(index)"
        case .yearToDate: return "\(yyyy)-YTD\(two)"
        case .month: return "\(yyyy)-\(two)"
        }
    }

    /// The period as a report writes it: `6月`, `二季度`, `上半年`, `1-5月`, `2023年`;
    /// with `withYear`, `2023年6月` and so on.
    func reportText(withYear: Bool) -> String {
        let prefix = withYear ? "\(year)年" : ""
        switch kind {
        case .year: return "\(year)年"
        case .half: return prefix + (index == 1 ? "上半年" : "下半年")
        case .quarter: return prefix + PeriodReader.numerals[index - 1] + "季度"
        case .yearToDate: return prefix + (index == 1 ? "1月" : "1-\(index)月")
        case .month: return prefix + "\(index)月"
        }
    }

    /// The period `n` of its own units later (earlier when negative): months for a month
    /// and a year to date (`1-5月` moves to `1-6月`), quarters, halves or years. Nil
    /// outside years 1…9999.
    func shifted(by n: Int) -> Period? {
        let units = Period.perYear(kind)
        let (scaled, o1) = year.multipliedReportingOverflow(by: units)
        let (total, o2) = (scaled + index - 1).addingReportingOverflow(n)
        guard !o1, !o2 else { return nil }
        let y = total >= 0 ? total / units : (total - units + 1) / units
        return Period(year: y, kind: kind, index: total - y * units + 1)
    }

    /// Whether `a` ends before `b` ends. Periods ending in the same month are neither
    /// before nor after each other (a strict weak order, so Period is not Comparable):
    /// `compare … at "2023年上半年"` then takes a value for June, and `at "1-5月"` one
    /// for May, as "the latest not after" says.
    static func < (a: Period, b: Period) -> Bool {
        (a.year, a.endMonth) < (b.year, b.endMonth)
    }
}

/// Reads the spellings of a period analysts meet, after dropping spaces and turning
/// full-width characters (`２０２３`, `－`, `～`) into ASCII:
///
/// - `2023-06` (also `2023-6`, `2023/06`, `2023.06`), `2023-Q2` (`2023Q2`), `2023-H1`, `2023-YTD05`, `2023`
/// - `2023年6月` (`6月份`), `2023年二季度`, `2023年第二季度` (`2季度`), `2023年上半年`, `2023年下半年`
/// - `2023年1-5月`, with `—`, `–`, `~`, `～`, `至` or `到` for the dash, and `1月-5月`
/// - `前三季度` (1-9月) and `前5个月` (1-5月), `2023年`, `2023年度`, `2023年全年`
/// - any of the Chinese forms without the year: `6月`, `一季度`, `上半年`, `1-5月`, `全年`
///
/// Months and quarters may be digits or Chinese numerals (`一` … `十二`). A range of
/// months must start in January: it is a year to date.
struct PeriodReader {
    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    private static let dashes: Set<Character> = ["-", "—", "–", "~", "〜", "至", "到"]

    private let c: [Character]
    private var i = 0

    init(_ text: String) {
        var out: [Character] = []
        for u in text.unicodeScalars where !u.properties.isWhitespace {
            // Full-width forms U+FF01…U+FF5E are ASCII shifted by 0xFEE0.
            let v = (0xFF01...0xFF5E).contains(u.value) ? u.value - 0xFEE0 : u.value
            let s = Unicode.Scalar(v) ?? u
            out.append(Character(s.isASCII ? Unicode.Scalar(UInt8(ascii: s).uppercasedASCII) : s))
        }
        c = out
    }

    mutating func read(defaultYear: Int?) -> Period? {
        guard let y = fourDigitYear() else { return chinese(year: defaultYear) }
        if atEnd { return Period(year: y, kind: .year, index: 1) }
        if take("年") {
            _ = take("度")
            return chinese(year: y)
        }
        // ASCII forms: 2023-06, 2023/6, 2023.06, 2023-Q2, 2023Q2, 2023-H1, 2023-YTD05.
        let separated = take("-") || take("/") || take(".")
        if let p = quarterOrHalf(year: y) { return atEnd ? p : nil }
        if separated, take("YTD") {
            guard let m = digits(max: 2), atEnd else { return nil }
            return Period(year: y, kind: .yearToDate, index: m)
        }
        guard separated, let m = digits(max: 2), atEnd else { return nil }
        return Period(year: y, kind: .month, index: m)
    }

    /// What follows `2023年`, or a period written without its year.
    private mutating func chinese(year: Int?) -> Period? {
        guard let y = year else { return nil }
        func done(_ kind: Period.Kind, _ index: Int) -> Period? { atEnd ? Period(year: y, kind: kind, index: index) : nil }
        if atEnd { return i > 0 ? Period(year: y, kind: .year, index: 1) : nil }
        if take("全年") { return done(.year, 1) }
        if take("上半年") { return done(.half, 1) }
        if take("下半年") { return done(.half, 2) }
        if let p = quarterOrHalf(year: y) { return atEnd ? p : nil }
        if take("前") {
            guard let n = number() else { return nil }
            if take("季度") { return n <= 4 ? done(.yearToDate, n * 3) : nil }
            if take("个月") || take("個月") { return done(.yearToDate, n) }
            return nil
        }
        let ordinal = take("第")
        guard let n = number() else { return nil }
        if take("季度") { return done(.quarter, n) }
        if ordinal { return nil }
        let month = take("月")
        if let dash = peek, PeriodReader.dashes.contains(dash) {
            i += 1
            guard n == 1, let last = number(), take("月") else { return nil }
            _ = take("份")
            return done(.yearToDate, last)
        }
        guard month else { return nil }
        _ = take("份")
        return done(.month, n)
    }

    /// `Q2` or `H1`.
    private mutating func quarterOrHalf(year: Int) -> Period? {
        let start = i
        if take("Q"), let q = digits(max: 1) { return Period(year: year, kind: .quarter, index: q) }
        i = start
        if take("H"), let h = digits(max: 1) { return Period(year: year, kind: .half, index: h) }
        i = start
        return nil
    }

    private var atEnd: Bool { i == c.count }
    private var peek: Character? { i < c.count ? c[i] : nil }

    private mutating func take(_ s: String) -> Bool {
        var k = i
        for ch in s {
            guard k < c.count, c[k] == ch else { return false }
            k += 1
        }
        i = k
        return true
    }

    /// Exactly four digits not followed by another, for a year 1…9999.
    private mutating func fourDigitYear() -> Int? {
        let start = i
        guard let y = digits(max: 4), i - start == 4, !(peek?.isASCII == true && peek?.isNumber == true), y >= 1 else {
            i = start
            return nil
        }
        return y
    }

    private mutating func digits(max: Int) -> Int? {
        var v = 0, n = 0
        while n < max, let ch = peek, ch.isASCII, let d = ch.wholeNumberValue {
            v = v * 10 + d
            n += 1
            i += 1
        }
        return n > 0 ? v : nil
    }

    /// A month or quarter number: one or two digits, or a Chinese numeral 一 … 十二.
    private mutating func number() -> Int? {
        if let d = digits(max: 2) { return d }
        for (k, word) in PeriodReader.numerals.enumerated().reversed() where take(word) { return k + 1 }
        return nil
    }
}

private extension UInt8 {
    var uppercasedASCII: UInt8 { (97...122).contains(self) ? self - 32 : self }
}
