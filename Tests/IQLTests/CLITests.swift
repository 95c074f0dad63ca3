import Foundation
import Testing

/// Runs the built `iql` binary, as a user would.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `iql` built beside this test bundle (same scratch path and configuration).
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("iql")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/iql")
    }

    struct Result { let out: String; let err: String; let status: Int32 }

    /// - Parameter environment: variables to set (a nil value unsets one) over this process's.
    static func run(_ args: [String], stdin: String? = nil, cwd: URL? = nil, environment: [String: String?] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let s = stdin { input.fileHandleForWriting.write(Data(s.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self), status: p.terminationStatus)
    }
}

@Suite struct CLITests {
    @Test func evaluatesAnExpression() throws {
        let r = try CLI.run(["-e", "1 + 1"])
        #expect(r.out == "2\n")
        #expect(r.status == 0)
    }

    @Test func readsAScriptFromStandardInput() throws {
        let r = try CLI.run([], stdin: "let x = 20\nx + 1\n")
        #expect(r.out == "21\n")
    }

    @Test func runsAScriptFileWithAShebang() throws {
        let r = try CLI.run(["Examples/tour.iql"])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("3 targets, 22 projects\n"))
    }

    @Test func syntaxErrorsExitTwoOnStandardError() throws {
        let r = try CLI.run(["-e", "let = 1"])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("<expr>:1:5: error: expected a name after 'let', found '='"))
    }

    @Test func runtimeErrorsExitOne() throws {
        let r = try CLI.run(["-e", "\"a\" + 1"])
        #expect(r.status == 1)
        #expect(r.err.contains("cannot add string and number"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["--format", "xml", "-e", "1"]).status == 2)
        #expect(try CLI.run(["no-such-file.iql"]).status == 2)
    }

    @Test func checkResolvesNamesWithoutRunning() throws {
        let ok = try CLI.run(["--check", "-e", "let a = 1\na + 1"])
        #expect(ok.status == 0 && ok.out.isEmpty)
        let bad = try CLI.run(["--check", "-e", "let target = 1\ntarget + tagret"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("did you mean 'target'?"))
    }

    @Test func checkFindsTheReadmesMisspeltColumn() throws {
        let r = try CLI.run(["--check", "-e", "let plan = [{name: \"医药\", target: 8%}]\nplan | where targt > 5%"])
        #expect(r.status == 1)
        #expect(r.err.contains("<expr>:2:14: error: unknown name 'targt'"))
        #expect(r.err.contains("did you mean 'target'?"))
    }

    @Test func checkReportsWarningsAndStillSucceeds() throws {
        let r = try CLI.run(["--check", "-e", "indicators | where target == null | count"])
        #expect(r.status == 0)
        #expect(r.err.contains("warning: '== null' is always null"))
        #expect(r.err.contains("hint: to test for null write is_null(target)"))
        let window = try CLI.run(["--check", "-e", "indicators | derive p = lag(target) | window by topic { q = lag(target) }"])
        #expect(window.status == 1)
        #expect(window.err.contains("<expr>:1:25: error: 'lag' is a window function: it works only inside 'window … { }'"))
        #expect(!window.err.contains(":1:57:"))
    }

    @Test func checkReportsTypeErrorsKnownBeforeRunning() throws {
        // A --data table's columns are typed: `period` is text there.
        let r = try CLI.run(["--check", "--data", "actuals=Examples/data/actuals-sample.csv", "-e", "actuals | derive d = period * 2 | where value"])
        #expect(r.status == 1)
        #expect(r.err.contains("<expr>:1:22: error: cannot multiply string and number"))
        #expect(r.err.contains("<expr>:1:41: error: expected a boolean from 'where', found number"))
        let ok = try CLI.run(["--check", "--data", "actuals=Examples/data/actuals-sample.csv", "-e", "actuals | derive d = value * 2 | where d > 1"])
        #expect(ok.status == 0 && ok.err.isEmpty)
    }

    @Test func runningPrintsWarningsOnStandardError() throws {
        let r = try CLI.run(["-e", "indicators | where target != null | count"])
        #expect(r.status == 0)
        #expect(r.out == "0\n")
        #expect(r.err.contains("hint: to test for a value write not is_null(target)"))
    }

    @Test func formatSwitchesTheRendering() throws {
        let r = try CLI.run(["--format", "csv", "-e", "[{a: 1, b: \"x\"}]"])
        #expect(r.out == "a,b\n1,x\n")
        let j = try CLI.run(["--format", "json", "-e", "[{a: 7%}]"])
        #expect(j.out == "[{\"a\":0.07}]\n")
    }

    @Test func helpDescribesUsage() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("USAGE: iql"))
    }
}

@Suite struct CLIParameterTests {
    @Test func paramBindsDollarNames() throws {
        let r = try CLI.run(["--param", "month=2023-06", "--param", "bar=7%", "-e", "\"\\($month) \\($bar * 2)\""])
        #expect(r.out == "2023-06 0.14\n")
        #expect(try CLI.run(["--param", "oops", "-e", "1"]).status == 2)
    }

    @Test func timingsReportLoadAndQueryOnStandardError() throws {
        let r = try CLI.run(["--timings", "-e", "1 + 1"])
        #expect(r.out == "2\n")
        #expect(r.err.range(of: #"^BENCH load_ms=[0-9.]+ query_ms=[0-9.]+\n$"#, options: .regularExpression) != nil)
    }
}

@Suite struct ExampleScriptTests {
    @Test func planOverviewRunsOnTheBuiltInDataset() throws {
        let r = try CLI.run(["Examples/plan-overview.iql"])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("41 targets and 89 named projects\n"))
    }

    @Test func monthlyTrendsShowsWindowsTopTwoAndPivot() throws {
        let r = try CLI.run(["--data", "actuals=Examples/data/actuals-sample.csv", "Examples/monthly-trends.iql"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.isEmpty)
        #expect(r.out.contains("Growth in 2023-05, ranked by the change on the month before"))
        #expect(r.out.contains("│    1 │ 农业     │ 六大农业龙型经济   │     8% │  7.22% │  0.78% │"))
        #expect(r.out.contains("│ 高标准农田 │ 2023-02 │      29750 │     14875 │   20% │"))
        #expect(r.out.contains("│ topic    │ 在建 │ 建成 │ 前期 │ 新建 │"))
    }

    /// The progress report on the sample actuals, whole, in each language; its expected
    /// text is `Fixtures/progress-report.LANG.txt` (rewritten by `IQL_UPDATE_GOLDEN=1`).
    @Test(arguments: ["zh", "en"])
    func progressReportReadsAsTheDirectorSignsIt(_ lang: String) throws {
        let r = try CLI.run(["--lang", lang, "--data", "actuals=Examples/data/actuals-sample.csv", "Examples/progress-report.iql"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.isEmpty)
        let expected = CLI.packageRoot.appendingPathComponent("Tests/IQLTests/Fixtures/progress-report.\(lang).txt")
        if ProcessInfo.processInfo.environment["IQL_UPDATE_GOLDEN"] != nil {
            try r.out.write(to: expected, atomically: true, encoding: .utf8)
            return
        }
        #expect(r.out == (try String(contentsOf: expected, encoding: .utf8)))
    }

    @Test func progressReportSentencesHaveTheReportsShape() throws {
        let zh = try CLI.run(["--lang", "zh", "--data", "actuals=Examples/data/actuals-sample.csv", "Examples/progress-report.iql"]).out
        #expect(zh.contains("社会消费品零售总额增长7%的目标，1-5月完成6.0%，低于目标1.0个百分点。"))
        #expect(zh.contains("5000万元以上项目226个的目标，1-5月完成75个，完成全年目标的33.2%，落后序时进度8.5个百分点。"))
        #expect(zh.contains("二、增长类指标排名") && zh.contains("三、完成类指标排名"))
        #expect(!zh.contains("behind") && !zh.contains("on_track"))
        let en = try CLI.run(["--lang", "en", "--data", "actuals=Examples/data/actuals-sample.csv", "Examples/progress-report.iql"]).out
        #expect(en.contains("Growth of total retail sales of consumer goods: target 7%; Jan–May 6.0%, 1.0 pp below target."))
        #expect(en.contains("Projects of CNY 50 million or more under implementation: target 226; Jan–May 75, 33.2% of the full-year target, 8.5 pp behind pace."))
        #expect(!en.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
    }

    @Test func langOptionRejectsOtherLanguages() throws {
        let r = try CLI.run(["--lang", "fr", "-e", "1"])
        #expect(r.status == 2)
        #expect(r.err.contains("'fr' is invalid for '--lang"))
        #expect(try CLI.run(["--lang", "zh", "-e", #"label("behind")"#]).out == "落后序时进度\n")
    }

    @Test func langZhPrintsChineseDiagnostics() throws {
        let r = try CLI.run(["--lang", "zh", "-e", "let target = 1\ntargt"])
        #expect(r.status == 1)
        #expect(r.err.contains("错误：未知的名称'targt'：没有这个列、变量或函数"))
        #expect(r.err.contains("提示：是不是'target'？"))
        let syntax = try CLI.run(["-e", "(1 +"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(syntax.status == 2)
        #expect(syntax.err.contains("错误：应为表达式，实际是输入结尾"))
        #expect(try CLI.run(["--lang", "en", "-e", "targt"]).err.contains("error: unknown name 'targt'"))
    }

    @Test func langDefaultsFromTheLocale() throws {
        #expect(try CLI.run(["-e", "lang()"], environment: ["LANG": "zh_CN.UTF-8"]).out == "zh\n")
        #expect(try CLI.run(["-e", "lang()"], environment: ["LANG": "en_US.UTF-8"]).out == "en\n")
        #expect(try CLI.run(["-e", "lang()"], environment: ["LANG": nil]).out == "en\n")
        #expect(try CLI.run(["--lang", "en", "-e", "lang()"], environment: ["LANG": "zh_CN.UTF-8"]).out == "en\n")
    }

    @Test func extractAndCompareReadsTheSampleReport() throws {
        let r = try CLI.run(["Examples/extract-and-compare.iql"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("11 targets and 3 projects read, 0 to review\n"), "\(r.out)")
        for text in ["江川港二期", "gdp_growth", "unemployment_rate", "behind", "on_track", "ahead"] { #expect(r.out.contains(text), "\(text)") }
    }
}
