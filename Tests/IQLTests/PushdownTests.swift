import Foundation
import Testing
@testable import IQL

/// Differential tests of SQL generation: the same script runs with its stages pushed
/// into the database and with every stage run locally on the table read whole, on
/// PostgreSQL and on SQLite, and the outputs (values and errors) must be identical.
/// The data are the built-in `indicators` and `projects` and the `plan` table of the
/// README, stored in both databases.
enum Pushdown {
    static let plan = """
        [{topic: "医药", name: "医药工业产值", target: 8%, projects: 12},
         {topic: "旅游", name: "接待游客", target: 20%, projects: 7},
         {topic: "人参", name: "人参产业产值", target: 10%, projects: null},
         {topic: "医药", name: "中药材", target: 5%, projects: 3},
         {topic: "冶金", name: "钢铁", target: -2.5%, projects: 0}]
        """

    /// Numbers on which rounding and division are easy to get wrong.
    static let nums = """
        [{x: 2.5, y: 2}, {x: -2.5, y: 0}, {x: 0.285, y: -4}, {x: -0.285, y: 3}, {x: 8259.865, y: 7},
         {x: 1.005, y: null}, {x: 0.49999999999999994, y: 1}, {x: -0.5, y: 0.1}, {x: 1234567.891, y: -0.3},
         {x: null, y: 5}, {x: 0, y: 0}, {x: 1e15 + 0.5, y: 2}]
        """

    /// The tables, as an engine with the built-in dataset has them.
    static let tables: [(String, Table)] = {
        let e = Engine()
        return [("indicators", e.value(of: "indicators")!.tableValue!), ("projects", e.value(of: "projects")!.tableValue!),
                ("plan", try! e.evaluate(plan).asTable!), ("nums", try! e.evaluate(nums).asTable!)]
    }()

    /// CREATE TABLE and INSERT statements for `t` in a dialect.
    static func statements(_ name: String, _ t: Table, _ d: SQLDialect) -> String {
        let pg = d.kind == .postgres
        let types = t.columns.map { c -> String in
            let vs = c.values.filter { !$0.isNull }
            if !vs.isEmpty && vs.allSatisfy({ $0.doubleValue != nil }) { return pg ? "double precision" : "REAL" }
            if !vs.isEmpty && vs.allSatisfy({ $0.boolValue != nil }) { return pg ? "boolean" : "INTEGER" }
            return pg ? "text" : "TEXT"
        }
        let cols = zip(t.names, types).map { "\(d.identifier($0)) \($1)" }.joined(separator: ", ")
        let rows = (0..<t.rowCount).map { i in
            "(" + t.row(i).values.map { v -> String in
                switch v {
                case .null: return "NULL"
                case .bool(let b): return b ? "TRUE" : "FALSE"
                case .number(let x), .percent(let x): return d.number(x)!
                case .string(let s): return d.string(s)!
                default: return "NULL"
                }
            }.joined(separator: ", ") + ")"
        }
        // PostgreSQL keeps which columns are percentages as a column comment.
        let notes = pg ? zip(t.names, t.columns).filter { $0.1.style == .percent }
            .map { "COMMENT ON COLUMN \(d.identifier(name)).\(d.identifier($0.0)) IS 'iql:percent';" }.joined() : ""
        return "DROP TABLE IF EXISTS \(d.identifier(name)); CREATE TABLE \(d.identifier(name)) (\(cols)); INSERT INTO \(d.identifier(name)) VALUES \(rows.joined(separator: ", "));" + notes
    }

    /// A view, whose rows have no stored order of their own.
    static let view = "DROP VIEW IF EXISTS plan_v; CREATE VIEW plan_v AS SELECT * FROM plan WHERE projects IS NOT NULL;"

    /// Stores the tables once per test run, in PostgreSQL and in a SQLite file.
    static let loaded: Result<String, Error> = Result {
        try PG.run("DROP VIEW IF EXISTS plan_v;" + tables.map { statements($0.0, $0.1, .postgres) }.joined(separator: "\n") + view
                   + "COMMENT ON COLUMN plan_v.target IS 'iql:percent';")
        let path = NSTemporaryDirectory() + "iql-pushdown-\(getpid()).db"
        try? FileManager.default.removeItem(atPath: path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [path]
        let input = Pipe()
        p.standardInput = input
        try p.run()
        input.fileHandleForWriting.write(Data((tables.map { statements($0.0, $0.1, .sqlite) }.joined(separator: "\n") + view).utf8))
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw SQLUnsupported("sqlite3 failed") }
        return path
    }

    enum Database { case postgres, sqlite }

    /// A script's output in-process, on the tables as iql holds them.
    static func inProcess(_ source: String) throws -> String {
        let e = Engine()
        e.define("plan", try e.evaluate(plan))
        e.define("nums", try e.evaluate(nums))
        e.define("plan_v", try e.evaluate("plan | where not is_null(projects)"))
        var out = ""
        do {
            try e.run(try e.compile(source, name: "<script>")) { out += Renderer().render($0) }
        } catch let err as IQLError {
            out += DiagnosticRenderer().render(err.diagnostics)
        }
        return out
    }

    /// A script's output in one database, pushed down or not, and the plans it made.
    static func run(_ source: String, _ db: Database, pushdown: Bool) throws -> (String, [DatabasePlan]) {
        let sqlitePath = try loaded.get()
        let e = Engine(fileAccess: .all, planDataset: false)
        e.databaseAccess = .all
        e.pushesDownStages = pushdown
        // The progress report's monthly figures, as --data gives them.
        try e.defineTable("actuals", path: CLI.packageRoot.appendingPathComponent("Examples/data/actuals-sample.csv").path)
        var plans: [DatabasePlan] = []
        e.databasePlanObserver = { plans.append($0) }
        var text = source
        switch db {
        case .postgres:
            e.database = PG.url
        case .sqlite:
            // No --db for SQLite: each table name at the head of a pipeline (at a line's
            // start, after '(', '=' or 'join', before '|' or the line's end) becomes a
            // read_sqlite of it.
            for name in tables.map(\.0) + ["plan_v"] where name != "nums" || text.contains("nums") {
                let head = try! Regex("(?m)(^[ \\t]*|\\(|=[ \\t]*|join[ \\t]+)\(name)(?=[ \\t]*(\\||$|on ))")
                text = text.replacing(head) { m in
                    String(m.output[1].substring ?? "") + "read_sqlite(\"\(sqlitePath)\", \"\(name)\")"
                }
            }
        }
        let renderer = Renderer()
        var out = ""
        do {
            try e.run(try e.compile(text, name: "<script>")) { out += renderer.render($0) }
        } catch let err as IQLError {
            out += DiagnosticRenderer().render(err.diagnostics)
        }
        if db == .sqlite { out = out.replacingOccurrences(of: sqlitePath, with: "DB") }
        return (out, plans)
    }

    /// Queries whose every stage runs inside PostgreSQL.
    static let whole: [String] = [
        "plan | where target > 6%",
        "plan | where topic == \"医药\" | select name, target",
        "plan | select topic, share = projects / 22",
        "plan | derive double = target * 2, more = target + 1% | select name, double, more",
        "plan | sort projects desc | select name, projects",
        "plan | sort topic, target | select topic, target",
        "plan | take 2 | select name",
        "plan | skip 3 | select name",
        "plan | distinct topic",
        "plan | select topic | distinct",
        "plan | count",
        "plan | where projects > 5 | count",
        "plan | where projects / 0 == null or not (target < 0) | select name",
        "plan | derive r = round(target * 100, 1), a = abs(target), z = projects / 0 | select name, r, a, z",
        "plan | derive q = round(-2.5), h = round(2.5), t = round(0.285, 2), u = round(-0.285, 2) | take 1 | select q, h, t, u",
        "plan | where contains(name, \"产\") and is_null(projects) == false",
        "plan | derive p = percent(projects / 100), c = coalesce(projects, -1) | select name, p, c",
        "plan | where (projects > 5) == null | select name",
        "plan | derive label = if target > 6% then \"high\" else \"low\" | select name, label",
        "plan | group by topic { n = count(), total = sum(projects), mean = avg(target), known = count(projects) }",
        "plan | group by topic { lo = min(target), hi = max(name), mid = median(projects), sd = stddev(projects) }",
        "plan | group by topic { first = first(projects), last = last(projects), kinds = count_distinct(name) }",
        "plan | group { n = count(), total = sum(projects) }",
        "plan | where target > 100 | group { n = count(), total = sum(projects), m = avg(projects) }",
        "plan | group by topic { m = avg(projects), p = avg(target) } | sort m desc",
        "plan | group by big = target >= 8% { n = count() } | sort n desc",
        "plan | sort target desc | take 3 | sort name | select name, target",
        "plan | take 3 | where projects > 0 | select name",
        "plan | group by topic { n = count() } | where n > 1",
        "indicators | where topic == \"医药\" | select name, target, source",
        "indicators | group by section { n = count(), total = sum(target) } | sort n desc, section",
        "indicators | where kind == \"growth\" and section == \"着力构建现代产业体系\" | sort target desc | select topic, name, target",
        "projects | group by topic { projects = count(), building = count(if stage == \"在建\" then 1 else null) } | sort projects desc | take 8",
        "projects | where stage == \"在建\" | count",
        "projects | distinct section, topic | skip 2 | take 5",
        "projects | derive tag = topic + \"/\" + stage | select name, tag | sort tag | take 6",
        "plan | join projects on topic | select name, name_right, stage",
        "plan_v | where projects > 3 | sort name | select name",
        "plan | take 1 by topic",
        "nums | unpivot x, y into which, v | where v > 1 | take 7",
        "plan | select name, a = projects, b = projects * 2 | unpivot a, b into kind, t",
        "plan | derive p2 = projects * 2 | unpivot projects, p2 into what, n | group by what { s = sum(n) }",
        "plan | where projects > 5 | append plan_v | select topic, name, projects",
        "plan | select name, target | append plan | sort topic | take 6",
        "plan_v | append plan | group by topic { n = count(), s = sum(target) }",
        "plan | window by topic sort target { prev = lag(target), n = row_number(), r = rank(), c = cumsum(projects) }",
        "nums | window sort y { m = moving_avg(x, 2), s = moving_sum(x, 3), share = x / sum(x), k = count(), hi = max(y) }",
        "projects | window by topic sort stage desc { r = dense_rank(), next2 = lead(name, 2) } | where r == 1 | select topic, stage, name, next2",
        "plan | window { total = sum(projects), n = count(projects), mom = projects - lag(projects) } | select name, total, n, mom",
        "nums | window by big = x > 1 sort x desc { r = rank(), c = cumsum(x) } | sort c | take 5",
        "projects | group by topic, stage { n = count() } | sort stage, topic | where n > 1",
        "projects | group by topic { n = count() } | sort n desc | take 3",
        "projects | group by topic { n = count() } | sort n | derive m = n * 2 | take 4",
        "projects | distinct stage | sort stage desc",
        "plan | group { n = count() } | take 1",
        "nums | derive a = round(x), b = round(x, 2), c = round(x, -1), d = round(x * 1.07, 3) | select a, b, c, d",
        "nums | derive q = x / y, r = y / x, s = -x / (y - y) | select q, r, s",
        "nums | where x / y > 0 or y == null | select x, y",
        "nums | group { s = sum(x), a = avg(y), n = count(x), lo = min(x), hi = max(y) }",
        "nums | sort y desc, x | select x, y",
        "plan | derive s = \"it's \\\\ a \\\"quote\\\" 医药\", t = name + \"'\" | select s, t | take 2",
        "nums | derive f = floor(x), c = ceil(x * 10) | select f, c",
        "plan | sort target desc | take 1 by topic | select topic, name",
        "projects | skip 2 by topic, stage | select topic, stage, name",
        "plan_v | group by topic { n = count() }",
        "plan_v | join plan_v on name | select name, topic_right",
        "plan | left join projects on topic | select topic, name, stage | take 12",
        "plan | where projects > 5 | left join indicators on left.topic == right.topic and left.name == right.name | select name, id, target_right",
        "projects | join plan on topic | group by topic { n = count(), t = max(target) } | sort n desc",
    ]

    /// Queries of which only a prefix, or nothing, runs inside the database.
    static let partly: [String] = [
        "plan | derive n = len(name) | where n > 3",
        "plan | select name, t = \"\\(target)\"",
        "plan | where target > 6% | map(r => r.name)",
        "plan | sort target | derive up = upper(topic)",
        "plan | where targt > 5%",
        "plan | select name, name",
        "plan | take 2 by len(topic)",
        "plan | window by topic { p = lag(lag(target)) }",
        "plan | append (plan | where projects > 5)",
        "plan | append nums",
        "plan | unpivot target, projects into k, v",
        "plan | select name, a = target, b = target * 2 | unpivot a, b into kind, t",
        "plan | window sort target { m = median(target) }",
        "plan | group by topic { all = list(name) }",
        "projects | group by stage { n = count() } | sort n desc | take 1 | join plan on topic",
        "plan | join (plan | where projects > 5) on topic",
        "plan | join projects on left.topic == right.stage",
    ]
}

extension DatabaseTests {
    @Suite(.enabled(if: PG.available, PG.skip)) struct PushdownTests {
        @Test(arguments: Pushdown.whole + Pushdown.partly)
        func pushedDownEqualsLocal(_ query: String) throws {
            let (local, _) = try Pushdown.run(query, .postgres, pushdown: false)
            let (pushed, plans) = try Pushdown.run(query, .postgres, pushdown: true)
            #expect(pushed == local, "\(query)\n\(plans.map(\.description).joined(separator: "\n"))")
            let (sqliteLocal, _) = try Pushdown.run(query, .sqlite, pushdown: false)
            let (sqlitePushed, sqlitePlans) = try Pushdown.run(query, .sqlite, pushdown: true)
            #expect(sqlitePushed == sqliteLocal, "\(query)\n\(sqlitePlans.map(\.description).joined(separator: "\n"))")
            // PostgreSQL holds the tables as iql does, percentages included (as column
            // comments), so the answer is the in-process one (the built-in indicators'
            // target mixes percentages and amounts in one column, which no column comment says).
            if !query.contains("indicators") {
                #expect(pushed == (try Pushdown.inProcess(query)), "\(query): PostgreSQL and in-process differ")
            }
        }

        @Test(arguments: Pushdown.whole)
        func everyStageRunsInPostgres(_ query: String) throws {
            let (_, plans) = try Pushdown.run(query, .postgres, pushdown: true)
            let plan = try #require(plans.first)
            #expect(plan.local.isEmpty, "\(plan)")
        }

        @Test func theReadmeExampleStaysLocalAndFailsAsItDoesLocally() throws {
            let (out, plans) = try Pushdown.run("plan | where targt > 5%", .postgres, pushdown: true)
            #expect(out.contains("unknown name 'targt'"))
            #expect(out.contains("did you mean 'target'?"))
            #expect(plans.first?.pushed.isEmpty == true)
        }

        @Test(arguments: ["joins.iql", "pipelines.iql", "plan_dataset.iql", "error_take_range.iql", "error_aggregate_bare.iql"])
        func goldenScriptsGiveTheSameOutput(_ script: String) throws {
            let text = try String(contentsOfFile: GoldenTests.directory.appendingPathComponent(script).path, encoding: .utf8)
            for db in [Pushdown.Database.postgres, .sqlite] {
                let (local, _) = try Pushdown.run(text, db, pushdown: false)
                let (pushed, _) = try Pushdown.run(text, db, pushdown: true)
                #expect(pushed == local, "\(script) on \(db)")
            }
        }

        @Test(arguments: ["plan-overview.iql", "progress-report.iql"])
        func exampleScriptsGiveTheSameOutput(_ script: String) throws {
            let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Examples/" + script), encoding: .utf8)
            for db in [Pushdown.Database.postgres, .sqlite] {
                let (local, _) = try Pushdown.run(text, db, pushdown: false)
                let (pushed, plans) = try Pushdown.run(text, db, pushdown: true)
                #expect(pushed == local, "\(script) on \(db)")
                #expect(!local.contains("error:") && !local.isEmpty, "\(script): \(local)")
                // The progress report starts with compare, which stays local.
                if script == "plan-overview.iql" { #expect(plans.contains { !$0.pushed.isEmpty }, "\(script): nothing was pushed down") }
            }
        }
    }
}

/// Q1–Q5 of the peer benchmark (../shared/bench) at its `small` scale: the scripts of
/// Benchmarks/queries run on the CSV files as `--data` tables, and with the same
/// tables stored in PostgreSQL (schema `bench`) and SQLite, pushed down.
enum BenchData {
    static let harness = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench")
    static var available: Bool { PG.available && FileManager.default.fileExists(atPath: harness.appendingPathComponent("gen.py").path) }
    static let names = ["indicators", "actuals", "projects"]

    /// The generated files' directory, and the SQLite file holding them.
    static let loaded: Result<(String, String), Error> = Result {
        let dir = NSTemporaryDirectory() + "iql-bench-small-\(getpid())"
        let gen = Process()
        gen.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gen.arguments = ["python3", harness.appendingPathComponent("gen.py").path, "small", "--out", dir]
        gen.standardOutput = FileHandle.nullDevice
        try gen.run()
        gen.waitUntilExit()
        guard gen.terminationStatus == 0 else { throw SQLUnsupported("gen.py failed") }
        let e = Engine(fileAccess: .all)
        let tables = try names.map { n in (n, try e.evaluate("read_csv(\"\(dir)/\(n).csv\")").tableValue!) }
        try PG.run("CREATE SCHEMA IF NOT EXISTS bench; SET search_path = bench; " + tables.map { Pushdown.statements($0.0, $0.1, .postgres) }.joined(separator: "\n"))
        let db = dir + "/bench.db"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db]
        let input = Pipe()
        p.standardInput = input
        try p.run()
        input.fileHandleForWriting.write(Data(tables.map { Pushdown.statements($0.0, $0.1, .sqlite) }.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        return (dir, db)
    }

    static func output(_ engine: Engine, _ text: String) throws -> String {
        var out = ""
        try engine.run(try engine.compile(text, name: "<bench>")) { out += Renderer().render($0) }
        return out
    }
}

extension DatabaseTests {
    @Suite(.enabled(if: BenchData.available, "needs the test server and ../shared/bench")) struct BenchPushdownTests {
        @Test(arguments: ["q1", "q2", "q3", "q4", "q5"])
        func benchmarkQueryGivesTheSameAnswerInTheDatabases(_ q: String) throws {
            let (dir, db) = try BenchData.loaded.get()
            let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Benchmarks/queries/\(q).iql"), encoding: .utf8)
            let local = Engine(fileAccess: .all, limits: .local, planDataset: false)
            for n in BenchData.names { try local.defineTable(n, path: "\(dir)/\(n).csv") }
            let expected = try BenchData.output(local, text)

            let pg = Engine(limits: .local, planDataset: false)
            pg.databaseAccess = .all
            pg.database = PG.url! + "?options=-c%20search_path%3Dbench"
            var plans: [DatabasePlan] = []
            pg.databasePlanObserver = { plans.append($0) }
            #expect(try BenchData.output(pg, text) == expected)
            #expect(plans.count == 1 && plans[0].pushed.count >= 2, "\(plans)")

            var sqliteText = text
            for n in BenchData.names {
                sqliteText = sqliteText.replacing(try! Regex("(?m)(^[ \\t]*|=[ \\t]*|join[ \\t]+)\(n)(?=[ \\t]*($|on ))")) { m in
                    String(m.output[1].substring ?? "") + "read_sqlite(\"\(db)\", \"\(n)\")"
                }
            }
            let sqlite = Engine(fileAccess: .all, limits: .local, planDataset: false)
            #expect(try BenchData.output(sqlite, sqliteText) == expected)
        }
    }
}
