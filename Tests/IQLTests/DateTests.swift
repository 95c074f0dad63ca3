import Foundation
import Testing
@testable import IQL

/// Dates: the calendar arithmetic, reading cells of files, and dates through the embedding API.
@Suite struct DateTests {
    @Test func daysMatchFoundationsCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every day from 1899 to 2101, through leap years and century years.
        let start = try #require(CalendarDate(year: 1899, month: 1, day: 1))
        let end = try #require(CalendarDate(year: 2101, month: 12, day: 31))
        for days in Int(start.daysSinceEpoch)...Int(end.daysSinceEpoch) {
            let d = try #require(CalendarDate(daysSinceEpoch: days))
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            guard d.year == c.year, d.month == c.month, d.day == c.day else {
                Issue.record("day \(days) is \(d), Foundation says \(c)")
                return
            }
            #expect(CalendarDate(d.description) == d)
        }
    }

    @Test func textMustBeExactlyADay() {
        #expect(CalendarDate("2023-06-30")?.description == "2023-06-30")
        #expect(CalendarDate("2024-02-29") != nil)
        for bad in ["2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-06-31", "2023-6-30", "2023/06/30",
                    " 2023-06-30", "2023-06-30 ", "0000-01-01", "2023-06", "", "２０２３-06-30", "2023-06-3a"] {
            #expect(CalendarDate(bad) == nil, "\(bad)")
        }
        #expect(CalendarDate.reading("2023/6/3")?.description == "2023-06-03")
        #expect(CalendarDate.reading("2023.6.3")?.description == "2023-06-03")
        #expect(CalendarDate.reading("2023年6月3日")?.description == "2023-06-03")
        #expect(CalendarDate.reading("2023-6/3") == nil)
        #expect(CalendarDate.reading("2023年6月31日") == nil)
        #expect(CalendarDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(CalendarDate(daysSinceEpoch: Int(Int32.max)) == nil)
    }

    @Test func addingMonthsClampsToTheMonthEnd() {
        func add(_ d: String, _ n: Int) -> String? { CalendarDate(d)?.addingMonths(n)?.description }
        #expect(add("2023-01-31", 1) == "2023-02-28")
        #expect(add("2024-01-31", 1) == "2024-02-29")
        #expect(add("2023-03-31", -1) == "2023-02-28")
        #expect(add("2023-05-15", -17) == "2021-12-15")
        #expect(add("2023-12-31", 12) == "2024-12-31")
        #expect(add("9999-12-01", 1) == nil)
        #expect(add("0001-01-01", -1) == nil)
        #expect(add("2023-01-01", Int.max) == nil)
        #expect(CalendarDate("2023-02-10")?.monthEnd.description == "2023-02-28")
    }

    @Test func dateColumnsMatchRowByRow() throws {
        // Comparisons of a date column with dates run as a kernel; it must agree with rows.
        let engine = Engine()
        try engine.evaluate("let t = [{d: date(\"2023-06-30\"), n: 1}, {d: null, n: 2}, {d: date(\"2022-01-01\"), n: 3}]\nlet cut = date(\"2023-01-01\")")
        for expr in ["d < date(\"2023-01-01\")", "d == date(\"2022-01-01\")", "d >= d", "d != date(\"2023-06-30\")", "d > cut",
                     "cut <= d", "d < null", "d == null", "date(2022, 1, 1) == d", "d", "cut", "is_null(d)"] {
            let vector = try engine.evaluate("t | select x = \(expr)")
            let rows = try engine.evaluate("t | select x = if true then \(expr) else null")
            #expect(vector.tableValue!.values(of: "x")! == rows.tableValue!.values(of: "x")!, "\(expr)")
            // A date is not a condition: both ways fail alike.
            #expect((try? engine.evaluate("t | where \(expr) | count")) == (try? engine.evaluate("t | where if true then \(expr) else null | count")), "\(expr)")
        }
        // Dates against numbers or text stay errors, from the row-by-row path.
        #expect(throws: IQLError.self) { try engine.evaluate("t | where d > n") }
        #expect(throws: IQLError.self) { try engine.evaluate("t | where d > \"2023-01-01\"") }
    }

    @Test func filesReadDateCells() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-dates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("d.csv").path
        try "id,day,invalid,mixed,month\n1,2023-06-30,2023-02-30,2023-01-01,2023-06\n2,,2023-01-01,n/a,2023-07\n3,2024-02-29,,2023-03-03,\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("d.json").path
        try #"[{"day": "2023-06-30", "text": "2023-6-30"}, {"day": null, "text": "x"}]"#.write(toFile: json, atomically: true, encoding: .utf8)
        let engine = Engine(fileAccess: .all)
        let types = { (call: String) throws -> [String] in
            let t = try #require(try engine.evaluate(call).tableValue)
            return t.columns.map(\.typeName)
        }
        #expect(try types("read_csv(\"\(csv)\")") == ["number", "date", "string", "string", "string"])
        #expect(try types("read_json(\"\(json)\")") == ["date", "string"])
        let t = try #require(try engine.evaluate("read_csv(\"\(csv)\")").tableValue)
        #expect(t.columns[1][0] == .date(CalendarDate(year: 2023, month: 6, day: 30)!))
        #expect(t.columns[1][1].isNull)
        // Written back as the same text.
        let out = dir.appendingPathComponent("out.csv").path
        try engine.evaluate("read_csv(\"\(csv)\") | select id, day | write_csv(\"\(out)\")")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "id,day\n1,2023-06-30\n2,\n3,2024-02-29\n")
    }

    @Test func sqliteTextDatesAreDates() throws {
        let db = IOTests.fixture("plan.db")
        guard FileManager.default.fileExists(atPath: db) else { return }
        let engine = Engine(fileAccess: .all)
        let v = try engine.evaluate("read_sqlite(\"\(db)\", \"SELECT '2023-06-30' AS d UNION ALL SELECT NULL\")")
        #expect(v.tableValue?.columns.first?.typeName == "date")
    }

    @Test func datesThroughTheEmbeddingAPI() throws {
        struct Row: Codable, Equatable { let name: String; let day: CalendarDate }
        let engine = Engine()
        let rows = [Row(name: "a", day: CalendarDate(year: 2023, month: 6, day: 30)!)]
        engine.define("t", try Value(encoding: rows))
        #expect(try engine.evaluate("type(t[0].day)") == "date")
        #expect(try engine.evaluate("t | derive next = add_months(day, 1)").decode([Row].self) == rows)
        struct Text: Decodable { let day: String }
        #expect(try engine.evaluate("t").decode([Text].self).first?.day == "2023-06-30")
        struct Instant: Decodable { let day: Date }
        #expect(try engine.evaluate("t").decode([Instant].self).first?.day == Date(timeIntervalSince1970: 1_688_083_200))
        #expect(Renderer(format: .json).json(try engine.evaluate("t")) == #"[{"name":"a","day":"2023-06-30"}]"#)
        engine.register("next_day", parameters: ["d"]) { (d: CalendarDate) in CalendarDate(daysSinceEpoch: Int(d.daysSinceEpoch) + 1) }
        #expect(try engine.evaluate("next_day(date(\"2023-12-31\"))") == .date(CalendarDate(year: 2024, month: 1, day: 1)!))
        #expect(throws: IQLError.self) { try engine.evaluate("next_day(\"2023-12-31\")") }
    }

    @Test func hostDateColumns() throws {
        let engine = Engine()
        let day = CalendarDate(year: 2023, month: 6, day: 30)
        engine.define("t", .table(try Table(columns: ["d": .dates([day, nil])])))
        #expect(try engine.evaluate("t | where d == date(\"2023-06-30\") | count") == 1)
        #expect(try engine.evaluate("t[1].d").isNull)
    }

    @Test func compiledExpressionsTakeDates() throws {
        let engine = Engine()
        let e = try engine.expression("date_diff(a, b) + month(a)", parameters: ["a", "b"])
        let a = Value.date(CalendarDate(year: 2023, month: 6, day: 30)!), b = Value.date(CalendarDate(year: 2023, month: 6, day: 1)!)
        #expect(try e.evaluate([a, b]) == 35)
        #expect(throws: IQLError.self) { try e.evaluate([a, "2023-06-01"]) }
    }

    @Test func theClockIsTheEngines() throws {
        let engine = Engine()
        engine.today = CalendarDate(year: 2021, month: 3, day: 4)
        #expect(try engine.evaluate("today()") == .date(CalendarDate(year: 2021, month: 3, day: 4)!))
        #expect(try engine.evaluate("period(\"上半年\")") == "2021-H1")
        engine.today = nil
        #expect(try engine.evaluate("today()") == .date(CalendarDate(Date())))
    }
}

/// The `iql` command's clock.
@Suite struct DateCLITests {
    @Test func iqlTodayFixesTheClock() throws {
        let r = try CLI.run(["-e", "today(); period(\"1-5月\"); pace(\"上半年\")"], environment: ["IQL_TODAY": "2023-06-30"])
        #expect(r.out == "2023-06-30\n2023-YTD05\n50%\n")
        #expect(r.status == 0)
        let bad = try CLI.run(["-e", "today()"], environment: ["IQL_TODAY": "30/06/2023"])
        #expect(bad.status == 2)
        #expect(bad.err == "error: IQL_TODAY must be a date written 2023-06-30, found \"30/06/2023\"\n")
    }
}
