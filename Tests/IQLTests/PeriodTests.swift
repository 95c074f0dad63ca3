import Testing
@testable import IQL

/// Reading every spelling of a period, and the calendar arithmetic on periods.
@Suite struct PeriodTests {
    /// Spelling → canonical text, with 2023 as the year of spellings without one.
    static let spellings: [(String, String)] = [
        // Canonical and ASCII forms.
        ("2023-06", "2023-06"), ("2023-6", "2023-06"), ("2023/06", "2023-06"), ("2023.06", "2023-06"), ("2023.6", "2023-06"), ("2023-12", "2023-12"),
        ("2023-Q2", "2023-Q2"), ("2023Q2", "2023-Q2"), ("2023-q4", "2023-Q4"), ("2023 Q1", "2023-Q1"),
        ("2023-H1", "2023-H1"), ("2023H2", "2023-H2"), ("2023-YTD05", "2023-YTD05"), ("2023-ytd12", "2023-YTD12"),
        ("2023", "2023"), (" 2023 ", "2023"), ("0001", "0001"), ("9999-12", "9999-12"),
        // Chinese forms with the year.
        ("2023年", "2023"), ("2023年度", "2023"), ("2023年全年", "2023"),
        ("2023年6月", "2023-06"), ("2023年06月", "2023-06"), ("2023年6月份", "2023-06"), ("2023年十二月", "2023-12"),
        ("2023年二季度", "2023-Q2"), ("2023年第二季度", "2023-Q2"), ("2023年2季度", "2023-Q2"), ("2023年第4季度", "2023-Q4"),
        ("2023年Q3", "2023-Q3"), ("2023年上半年", "2023-H1"), ("2023年下半年", "2023-H2"),
        ("2023年1-5月", "2023-YTD05"), ("2023年1—5月", "2023-YTD05"), ("2023年1～5月", "2023-YTD05"),
        ("2023年1~5月", "2023-YTD05"), ("2023年1–5月", "2023-YTD05"), ("2023年1至5月", "2023-YTD05"),
        ("2023年1月-5月", "2023-YTD05"), ("2023年1-12月", "2023-YTD12"), ("2023年一至五月", "2023-YTD05"),
        ("2023年前三季度", "2023-YTD09"), ("2023年前5个月", "2023-YTD05"),
        // Full-width digits and punctuation, spaces inside.
        ("２０２３年６月", "2023-06"), ("2023年1－5月", "2023-YTD05"), ("2023 年 1 - 5 月", "2023-YTD05"),
        // Without the year: the default year.
        ("6月", "2023-06"), ("12月份", "2023-12"), ("一季度", "2023-Q1"), ("第三季度", "2023-Q3"), ("四季度", "2023-Q4"),
        ("上半年", "2023-H1"), ("下半年", "2023-H2"), ("1-5月", "2023-YTD05"), ("1—5月", "2023-YTD05"),
        ("1～5月", "2023-YTD05"), ("前三季度", "2023-YTD09"), ("全年", "2023"), ("Q2", "2023-Q2"), ("H1", "2023-H1"),
    ]

    @Test(arguments: spellings)
    func readsEverySpelling(_ spelling: String, _ canonical: String) throws {
        let p = try #require(Period(spelling, defaultYear: 2023), "\(spelling) is not read")
        #expect(p.description == canonical, "\(spelling)")
        // The canonical text reads back as the same period.
        #expect(Period(canonical) == p)
    }

    /// Never a crash, always nil: empty text, lone signs, half a period, out of range,
    /// huge numbers, ranges not starting in January.
    static let unreadable = [
        "", " ", "-", "年", "月", "季度", "2023-", "2023-Q", "2023-Q5", "2023-Q0", "2023-H3", "2023-13", "2023-00",
        "2023-123", "2023-YTD", "2023-YTD13", "2023-YTD00", "202", "20233", "0000", "99999-06", "99999999999999999999",
        "2023年13月", "2023年0月", "2023年五季度", "2023年第五季度", "2023年3-5月", "2023年1-13月", "2023年1-5",
        "2023年第6月", "2023年前五季度", "13月", "十三月", "1-", "1-5", "2023年上半", "2023年6月x", "x2023", "2023-06-30",
        "6", "Q", "年度", "前", "前季度", "2023--06", "2023/Q2x",
    ]

    @Test(arguments: unreadable)
    func rejectsWithoutCrashing(_ text: String) {
        #expect(Period(text, defaultYear: 2023) == nil, "\(text) should not be a period")
    }

    @Test func spellingsWithoutAYearNeedOne() {
        #expect(Period("上半年") == nil)
        #expect(Period("1-5月") == nil)
        #expect(Period("2023年上半年") != nil)
    }

    @Test func valuesStandForPeriods() {
        #expect(Period(Value.number(2023), defaultYear: 2000)?.description == "2023")
        #expect(Period(Value.date(CalendarDate(year: 2023, month: 6, day: 30)!), defaultYear: 2000)?.description == "2023-06")
        #expect(Period(Value.number(2023.5), defaultYear: 2000) == nil)
        #expect(Period(Value.number(1e300), defaultYear: 2000) == nil)
        #expect(Period(Value.number(6), defaultYear: 2000) == nil)
        #expect(Period(Value.number(-2023), defaultYear: 2000) == nil)
        #expect(Period(Value.bool(true), defaultYear: 2000) == nil)
    }

    @Test func shiftMovesByItsOwnUnits() {
        func shift(_ p: String, _ n: Int) -> String? { Period(p)?.shifted(by: n)?.description }
        #expect(shift("2023-01", -1) == "2022-12")
        #expect(shift("2023-12", 1) == "2024-01")
        #expect(shift("2023-06", -18) == "2021-12")
        #expect(shift("2023-Q1", -4) == "2022-Q1")
        #expect(shift("2023-Q1", -1) == "2022-Q4")
        #expect(shift("2023-H2", 1) == "2024-H1")
        #expect(shift("2023-YTD05", 1) == "2023-YTD06")
        #expect(shift("2023-YTD05", -12) == "2022-YTD05")
        #expect(shift("2023", -3) == "2020")
        #expect(shift("9999-12", 1) == nil)
        #expect(shift("0001-01", -1) == nil)
        #expect(shift("2023", Int.max) == nil)
        #expect(shift("2023-06", Int.min) == nil)
    }

    @Test func reportTextAndEnd() {
        func text(_ p: String, _ withYear: Bool = false) -> String? { Period(p)?.reportText(withYear: withYear) }
        #expect(text("2023-YTD05") == "1-5月")
        #expect(text("2023-YTD01") == "1月")
        #expect(text("2023-H1") == "上半年")
        #expect(text("2023-H2") == "下半年")
        #expect(text("2023-Q1") == "一季度")
        #expect(text("2023-06") == "6月")
        #expect(text("2023") == "2023年")
        #expect(text("2023-Q4", true) == "2023年四季度")
        #expect(Period("2023-Q2")?.end.description == "2023-06-30")
        #expect(Period("2024-02")?.end.description == "2024-02-29")
        #expect(Period("2023-YTD05")?.end.description == "2023-05-31")
        #expect(Period("2023")?.end.description == "2023-12-31")
    }

    @Test func elapsedShareAndOrder() {
        #expect(Period("2023-06")?.elapsedShare == 0.5)
        #expect(Period("2023-Q3")?.elapsedShare == 0.75)
        #expect(Period("2023-YTD05")?.elapsedShare == 5.0 / 12)
        // By the end: periods ending together keep their order (a stable sort).
        let sorted = ["2023-07", "2023", "2023-Q2", "2023-H1", "2023-06", "2023-YTD06", "2022-12"].compactMap { Period($0) }.sorted(by: <)
        #expect(sorted.map(\.description) == ["2022-12", "2023-Q2", "2023-H1", "2023-06", "2023-YTD06", "2023-07", "2023"])
        #expect(!(Period("2023-Q2")! < Period("2023-06")!) && !(Period("2023-06")! < Period("2023-Q2")!))
        #expect(Period("2023-YTD05")! < Period("2023-06")!)
    }
}
