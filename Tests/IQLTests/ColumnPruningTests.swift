import Foundation
import Testing
@testable import IQL

/// `--data` CSV files read only in the columns a script can read (``ColumnUse``).
@Suite struct ColumnPruningTests {
    /// The built-in dataset's tables as CSV files, the `--data` options naming them.
    static let dataset: [String] = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-pruning-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let engine = Engine(fileAccess: .all)
        return PlanDataset.tables.map { name, _ in
            let path = dir.appendingPathComponent("\(name).csv").path
            _ = try? engine.evaluate("\(name) | write_csv($path)", parameters: ["path": .string(path)])
            return "\(name)=\(path)"
        }
    }()

    /// What `script` prints with the dataset's tables read from CSV, pruned or whole.
    static func transcript(_ script: String, name: String, pruned: Bool) -> String {
        let engine = Engine(fileAccess: .all, planDataset: false)
        engine.today = CalendarDate(year: 2023, month: 6, day: 30)
        let diagnostics = DiagnosticRenderer()
        let renderer = Renderer()
        var out = ""
        do {
            let program = try? engine.compile(script, name: name)
            try engine.defineTables(fromOptions: dataset, readBy: pruned ? program : nil)
            let compiled = try program ?? engine.compile(script, name: name)
            try engine.run(compiled) { out += renderer.render($0) }
        } catch let e as IQLError {
            out += diagnostics.render(e.diagnostics)
        } catch {
            out += "unexpected error: \(error)\n"
        }
        return out
    }

    static func use(_ script: String, of table: String = "projects") throws -> Set<String>? {
        let program = try Engine().compile(script)
        return program.columnUse(of: table, globals: ["projects", "indicators"])?.columns(among: ["id", "city", "industry", "name", "status", "investment"])
    }

    /// One test over every golden script, in turn: as many parallel cases would keep
    /// the cooperative pool of a 2-core machine busy for the tests that time a cancellation.
    @Test func prunedReadsPrintWhatWholeReadsPrint() throws {
        #expect(GoldenTests.scripts.count >= 30)
        for script in GoldenTests.scripts {
            let path = GoldenTests.directory.appendingPathComponent(script).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(Self.transcript(text, name: path, pruned: true) == Self.transcript(text, name: path, pruned: false), "\(script)")
        }
    }

    @Test func aPipelineThatMakesNewColumnsReadsOnlyTheColumnsItNames() throws {
        #expect(try Self.use("let r = projects | where investment >= 1e8 and status == \"新建\" | group { n = count(), total = sum(investment) }\nr") == ["investment", "status"])
        #expect(try Self.use("projects | group by industry { n = count(), mean = avg(investment) } | sort n desc | rows()") == ["industry", "investment"])
        #expect(try Self.use("projects | derive big = investment > 1e8 | where big | count") == ["investment"])
        #expect(try Self.use("projects | count") == [])
        #expect(try Self.use("projects | select city | distinct\nprojects | group by status { n = count() }") == ["city", "status"])
        #expect(try Self.use("fn f(k) = projects | where investment > k | count\nf(1)") == ["investment"])
        // A name of the pipeline's own, a parameter or a lambda's is not a column.
        #expect(try Self.use("projects | select n = $x, m = [1] | map(v => v * 2)") == [])
    }

    @Test func aTableWhoseUseIsNotKnownIsReadWhole() throws {
        for script in [
            "projects",                                        // printed whole
            "projects | where investment > 1",                 // its columns flow out
            "let p = projects | sort investment\np | select id",
            "rows(projects)", "len(projects)", "projects[0]", "projects.name",
            "projects | rows() | map(r => r.id)",              // a stage whose needs are not known
            "projects | join indicators on left.id == right.id | count",
            "projects | pivot status by industry { count() }",
            "indicators | append projects | count",
            "let projects = indicators\nprojects | select id", // rebound
            "import \"lib.iql\"\nprojects | count",
            "projects | where unknown_column > 1 | count",      // the error lists every column
            "projects | select x = f(id)",                     // an unknown function, the same
            "projects | distinct | select city | count",       // distinct compares whole rows
        ] {
            #expect(try Self.use(script) == nil, "\(script)")
        }
    }

    @Test func aSkippedColumnWithABadQuoteIsStillAnErrorAtItsPlace() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-pruning-bad-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("p.csv").path
        try "id,name,investment\n1,\"a\"\"b\",5\n2,\"x\"y,7\n".write(toFile: path, atomically: true, encoding: .utf8)
        let engine = Engine(fileAccess: .all)
        let program = try engine.compile("p | group { s = sum(investment) }")
        #expect(program.columnUse(of: "p", globals: ["p"])?.columns(among: ["id", "name", "investment"]) == ["investment"])
        do {
            try engine.defineTables(fromOptions: ["p=\(path)"], readBy: program)
            Issue.record("a file with a bad quote in a skipped column was read")
        } catch let e as IQLError {
            let d = try #require(e.diagnostics.first)
            #expect(d.message == "unexpected 'y' after the closing quote of a field")
            #expect(d.location?.line == 3 && d.location?.column == 6)
        }
    }

    @Test func skippedColumnsAreNotInTheTable() throws {
        let engine = Engine(fileAccess: .all, planDataset: false)
        let program = try engine.compile("projects | group by stage { n = count(topic) }")
        try engine.defineTables(fromOptions: Self.dataset, readBy: program)
        #expect(engine.value(of: "projects")?.asTable?.names == ["topic", "stage"])
        // A table the script never names is still read (a bad file is still refused), into no column.
        #expect(engine.value(of: "indicators")?.asTable?.names == [])
        #expect(engine.value(of: "indicators")?.asTable?.rowCount == PlanDataset.indicators.rowCount)
        try engine.defineTables(fromOptions: Self.dataset, readBy: nil)
        #expect(engine.value(of: "projects")?.asTable?.names == PlanDataset.projects.names)
    }
}
