import Foundation
import Testing
@testable import IQL

/// `--check` and Engine.check: unknown columns inside stages and type errors that would
/// certainly happen, found before running by carrying each table's schema (column
/// names and types) through the pipeline.
@Suite struct CheckTests {
    func problems(_ source: String, _ engine: Engine = Engine()) throws -> [String] {
        engine.check(try engine.compile(source)).map { d in
            let (line, col) = d.location!.file.location(of: d.location!.range.start)
            return "\(line):\(col) \(d.message)" + (d.hint.map { " (\($0))" } ?? "")
        }
    }

    @Test func theReadmeExampleFails() throws {
        let source = """
            let plan = [{topic: "医药", name: "医药工业产值", target: 8%, projects: 12}]
            plan | where targt > 5%
            """
        #expect(try problems(source) == ["2:14 unknown name 'targt': no column, variable or function has that name (did you mean 'target'?)"])
    }

    @Test func schemasFlowThroughSelectDeriveAndGroup() throws {
        #expect(try problems("indicators | select name, target | where topic == \"x\"") ==
                ["1:42 unknown name 'topic': no column, variable or function has that name"])
        #expect(try problems("indicators | derive d = target * 2 | where d > 1 | sort d desc | take 3 | select id, d").isEmpty)
        #expect(try problems("indicators | group by topic { n = count(), s = sum(target) } | sort n | select topic, nn") ==
                ["1:87 unknown name 'nn': no column, variable or function has that name (did you mean 'n'?)"])
        #expect(try problems("indicators | group by t = topic { n = count(), m = max(taget) }") ==
                ["1:56 unknown name 'taget': no column, variable or function has that name (did you mean 'target'?)"])
        #expect(try problems("projects | distinct topic, stage | where section == 1").count == 1)
    }

    @Test func windowsAddTheirColumns() throws {
        #expect(try problems("indicators | window by topic sort target { prev = lag(target), d = target - prev } | select id, d, prv") ==
                ["1:100 unknown name 'prv': no column, variable or function has that name (did you mean 'prev'?)"])
    }

    @Test func unpivotAndAppendChangeTheColumns() throws {
        #expect(try problems("[{h1: 1, h2: 2, topic: 3}] | unpivot h1, h3 into half, n | select topic, half, n, h1") == [
            "1:42 unknown column 'h3' in the input table (did you mean 'h1'?)",
            "1:83 unknown name 'h1': no column, variable or function has that name (did you mean 'h2'?)"])
        #expect(try problems("projects | append indicators | select stage, unit, nam") ==
                ["1:52 unknown name 'nam': no column, variable or function has that name (did you mean 'name'?)"])
    }

    @Test func joinsAddTheOtherTablesColumns() throws {
        #expect(try problems("projects | join indicators on topic | select name, name_right, unit").isEmpty)
        #expect(try problems("projects | join indicators on topc") == [
            "1:31 unknown column 'topc' in the left table (did you mean 'topic'?)",
            "1:31 unknown column 'topc' in the right table (did you mean 'topic'?)"])
        #expect(try problems("projects | join indicators on left.stage == right.unt") ==
                ["1:45 unknown column 'unt' in the right table (did you mean 'unit'?)"])
    }

    @Test func tablesKnownToTheEngineAndLetsOfPipelinesHaveSchemas() throws {
        let e = Engine()
        e.define("sales", try Engine().evaluate("[{city: \"杭州\", amount: 3.5}]"))
        #expect(try problems("sales | where amout > 1", e).first?.hasSuffix("(did you mean 'amount'?)") == true)
        #expect(try problems("let q = indicators | where kind == \"growth\" | select id, name\nq | select nme") ==
                ["2:12 unknown name 'nme': no column, variable or function has that name (did you mean 'name'?)"])
    }

    @Test func anUnknownSchemaStopsCheckingThatPipeline() throws {
        #expect(try problems("fn f(t) = t | where anything > 1\nindicators | f() | where whatever > 2").isEmpty)
        #expect(try problems("let t = 1\nfn g(x) = x\nindicators | g() | where nope(target)") == ["3:26 unknown function 'nope'"])
    }

    // MARK: Types

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/check")
    static var typeScripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { $0.hasSuffix(".iql") }.sorted()
    }

    /// What `--check` prints for a script, its directory left out.
    static func report(_ path: String, _ engine: Engine = Engine(fileAccess: .all)) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let program = try engine.compile(text, name: path)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/"
        return DiagnosticRenderer().render(engine.check(program)).replacingOccurrences(of: dir, with: "")
    }

    @Test func typeFixturesAreFound() {
        #expect(Self.typeScripts.count >= 5)
    }

    /// Each `Fixtures/check/NAME.iql` checks to `NAME.out` (empty for `clean.iql`: what
    /// must not be reported). Every error there is the one the runtime gives, at the
    /// same place: see reportedTypeErrorsAreTheRuntimes.
    @Test(arguments: typeScripts)
    func typeErrorsKnownBeforeRunning(_ script: String) throws {
        let path = Self.fixtures.appendingPathComponent(script).path
        let actual = try Self.report(path)
        let expectedPath = String(path.dropLast(4)) + ".out"
        if ProcessInfo.processInfo.environment["IQL_UPDATE_GOLDEN"] != nil {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual == (try String(contentsOfFile: expectedPath, encoding: .utf8)), "\(script): differs from its .out")
    }

    /// No false positive: each statement of the fixtures reported by --check fails
    /// when it runs, with the same message at the same place.
    @Test func reportedTypeErrorsAreTheRuntimes() throws {
        for script in Self.typeScripts where script != "clean.iql" {
            let text = try String(contentsOfFile: Self.fixtures.appendingPathComponent(script).path, encoding: .utf8)
            let engine = Engine()
            for d in engine.check(try engine.compile(text)) {
                let (line, _) = d.location!.file.location(of: d.location!.range.start)
                // The statement alone, after the `let`s it reads.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let source = lines[..<(line - 1)].filter { $0.hasPrefix("let ") }.joined(separator: "\n") + "\n" + lines[line - 1]
                do {
                    _ = try Engine().evaluate(source)
                    Issue.record("\(script):\(line) ran without the error --check reported: \(d.message)")
                } catch let e as IQLError {
                    let r = e.diagnostics.first!
                    #expect(r.message == d.message && r.hint == d.hint, "\(script):\(line)")
                    let (_, col) = r.location!.file.location(of: r.location!.range.start)
                    #expect(col == d.location!.file.location(of: d.location!.range.start).1, "\(script):\(line)")
                }
            }
        }
    }

    @Test func hostAndDataTablesHaveTypes() throws {
        let e = Engine()
        e.define("sales", try Engine().evaluate("[{city: \"杭州\", amount: 3.5, ok: true}]"))
        #expect(try problems("sales | derive x = city * amount, y = -ok, z = amount * 2 | where z", e) == [
            "1:20 cannot multiply string and number",
            "1:39 cannot negate a boolean",
            "1:67 expected a boolean from 'where', found number"])
        // A column holding only nulls has no known type.
        e.define("empty", try Engine().evaluate("[{city: null}]"))
        #expect(try problems("empty | derive x = city * 2", e).isEmpty)
    }

    /// An `fn`'s body is compiled at its first call, so it may name a function defined
    /// below it; a statement runs where it stands, so it may not.
    @Test func functionBodiesSeeLaterDefinitions() throws {
        let source = """
            fn even(n) = if n == 0 then true else odd(n - 1)
            fn odd(n) = if n == 0 then false else even(n - 1)
            even(10)
            """
        #expect(try problems(source).isEmpty)
        #expect(try problems("fn f(n) = g(n) + limit\nlet limit = 3\nfn g(n) = n * 2\nf(1)").isEmpty)
        #expect(try problems("fn is_even(n) = if n == 0 then true else is_od(n - 1)\nfn is_odd(n) = n") ==
                ["1:42 unknown function 'is_od' (did you mean 'is_odd'?)"])
        #expect(try problems("even(10)\nfn even(n) = n == 0") == ["1:1 unknown function 'even'"])
        #expect(try problems("let a = b + 1\nlet b = 2") == ["1:9 unknown name 'b'"])
        #expect(try problems("let plan = [{target: 1}]\nfn f() = plan | where targt > 0") ==
                ["2:23 unknown name 'targt': no column, variable or function has that name (did you mean 'target'?)"])
        // A table's name bound again below the `fn` may hold other columns when it runs.
        #expect(try problems("let plan = [{target: 1}]\nfn f() = plan | where other > 0\nlet plan = [{other: 1}]\nf()").isEmpty)
    }

    /// `import` brings in the file's definitions, its own imports' too, as running does.
    @Test func importsBringTheirDefinitions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-check-import-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "import \"inner.iql\"\nlet threshold = limit + 1\nfn behind(t) = t | where v < threshold\n\"not run\"".write(
            to: dir.appendingPathComponent("lib.iql"), atomically: true, encoding: .utf8)
        try "let limit = 4".write(to: dir.appendingPathComponent("inner.iql"), atomically: true, encoding: .utf8)
        func check(_ text: String) throws -> [String] {
            let e = Engine(fileAccess: .all)
            return e.check(try e.compile(text, name: dir.appendingPathComponent("main.iql").path)).map { d in
                let (line, col) = d.location!.file.location(of: d.location!.range.start)
                return "\(line):\(col) \(d.message)" + (d.hint.map { " (\($0))" } ?? "")
            }
        }
        #expect(try check("import \"lib.iql\"\nthreshold + limit\nbehind([{v: 1}])").isEmpty)
        #expect(try check("import \"lib.iql\"\nbehnd([{v: 1}])") == ["2:1 unknown function 'behnd' (did you mean 'behind'?)"])
        #expect(try check("threshold\nimport \"lib.iql\"") ==
                ["1:1 unknown name 'threshold'"])
        #expect(try check("import \"missing.iql\"").count == 1)
        // Without file access the import is refused, as running refuses it.
        let e = Engine()
        #expect(e.check(try e.compile("import \"lib.iql\"", name: dir.appendingPathComponent("main.iql").path)).map(\.kind) == [.notPermitted])
    }

    /// Every example and every golden script that runs without error checks clean.
    @Test func validScriptsCheckClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let examples = root.appendingPathComponent("Examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".iql") {
            let e = Engine(fileAccess: .all)
            try e.defineTable(fromOption: "actuals=" + examples.appendingPathComponent("data/actuals-sample.csv").path)
            let path = examples.appendingPathComponent(name).path
            #expect(try Self.report(path, e) == "", "Examples/\(name)")
        }
        var checked = 0
        for script in GoldenTests.scripts {
            let path = GoldenTests.directory.appendingPathComponent(script).path
            let expected = try String(contentsOfFile: String(path.dropLast(4)) + ".out", encoding: .utf8)
            guard !expected.contains("error:") && !expected.contains("错误") else { continue }
            checked += 1
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let engine = Engine(fileAccess: .all)
            let errors = engine.check(try engine.compile(text, name: path)).filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(script): \(errors.map(\.message))")
        }
        #expect(checked >= 20)
    }
}
