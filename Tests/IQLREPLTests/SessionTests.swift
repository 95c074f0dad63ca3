import Foundation
import IQL
import Testing
@testable import IQLREPL

@Suite struct SessionTests {
    @Test func showsTheValueOfEachStatement() throws {
        let t = try runSession(["1 + 1", "let x = 5", "x * 2"])
        #expect(t.out == "2\n10\n")
        #expect(t.err.isEmpty)
    }

    @Test func readsAnUnfinishedStatementOverSeveralLines() throws {
        let t = try runSession(["t |", "  where topic == \"医药\"", "  | select name"])
        #expect(t.reader.prompts == [Session.prompt, Session.continuationPrompt, Session.prompt, Session.prompt])
        // The third line starts with `|` but arrives after the statement already ran.
        #expect(t.out.contains("医药产业产值"))
        #expect(t.err.contains("a pipeline stage follows an expression") || t.err.contains("error"))
    }

    @Test func aPastedPipelineWithLinesStartingWithAPipeRunsAsOneStatement() throws {
        let t = try runSession(["t", "  | where topic == \"医药\"", "  | select name", "1 + 1"], pasted: true)
        #expect(t.err.isEmpty, "\(t.err)")
        #expect(t.out.contains("医药产业产值"))
        #expect(!t.out.contains("topic"), "only the selected column is shown")
        #expect(t.out.hasSuffix("2\n"))
        #expect(t.reader.history == ["t\n  | where topic == \"医药\"\n  | select name", "1 + 1"])
    }

    @Test func anErrorInsideAFunctionPointsAtTheCallToo() throws {
        let t = try runSession(["fn f(x) = x * \"a\"", "f(2)"])
        #expect(t.err.contains("<repl>:1:11: error: cannot multiply number and string"), "\(t.err)")
        #expect(t.err.contains("<repl>:1:1: note: in the call here\n  |\n1 | f(2)"), "\(t.err)")
    }

    @Test func aMultiLinePipelineIsOneHistoryEntry() throws {
        let t = try runSession(["t |", "  where topic == \"旅游\" |", "  select name", "[1,", "2]"])
        #expect(t.out.contains("旅游收入"))
        #expect(t.reader.history == ["t |\n  where topic == \"旅游\" |\n  select name", "[1,\n2]"])
    }

    @Test func incompleteInputDetection() {
        #expect(Engine.isIncomplete("t |"))
        #expect(Engine.isIncomplete("[1, 2"))
        #expect(Engine.isIncomplete("\"医药"))
        #expect(Engine.isIncomplete("1 +"))
        #expect(Engine.isIncomplete("t | group by topic {"))
        #expect(!Engine.isIncomplete("t | where topic == \"医药\""))
        #expect(!Engine.isIncomplete("1 + )"))
    }

    @Test func errorsNeverEndTheSession() throws {
        let t = try runSession(["1 + \"a\"", "nope", "2"])
        #expect(t.err.contains("cannot add"))
        #expect(t.err.contains("nope"))
        #expect(t.out == "2\n")
    }

    @Test func ctrlCDropsTheStatementBeingTyped() throws {
        let reader = ScriptedReader(events: [.line("[1,"), .interrupted, .line("3")])
        let box = OutputBox()
        let session = Session(engine: try sampleEngine(), reader: reader, history: History(file: nil),
                              output: { box.out += $0 }, errors: { box.err += $0 })
        session.run()
        #expect(box.out == "3\n")
        #expect(reader.prompts == [Session.prompt, Session.continuationPrompt, Session.prompt, Session.prompt])
    }

    @Test func tablesFitTheTerminal() throws {
        let t = try runSession(["range(200) | map(i => {i: i, text: repeat(\"长\", 80)})"])
        let lines = t.out.split(separator: "\n")
        #expect(lines.contains { $0.contains("… 168 more rows") })
        #expect(lines.allSatisfy { Formatter.displayWidth(String($0)) <= 100 })
    }

    @Test func yuanAmountsAreGroupedInTables() throws {
        let t = try runSession(["t | select topic, target, unit"])
        #expect(t.out.contains("50亿"))
        let r = Renderer()
        #expect(!r.render(.number(5_000_000_000)).contains("亿"))
    }

    @Test func completionSeesTheEarlierLinesOfTheStatement() throws {
        let reader = ScriptedReader(["t |"])
        let session = Session(engine: try sampleEngine(), reader: reader, history: History(file: nil), output: { _ in }, errors: { _ in })
        session.run()
        withExtendedLifetime(session) { #expect(reader.complete("where top").replacement == "topic") }
    }

    // MARK: Meta commands

    @Test func helpListsCommandsStagesAndFunctions() throws {
        let t = try runSession([":help"])
        for word in [":schema NAME", ":load FILE", "where", "left join", "round"] { #expect(t.out.contains(word)) }
    }

    @Test func everyTopicHasHelpWithAnExample() throws {
        for topic in Help.topics {
            let text = try #require(Help.topic(topic), "\(topic)")
            // Stages have an "example:" line; a function's doc ends with a call of it.
            let doc = text.split(separator: "\n").dropFirst().joined(separator: "\n")
            #expect(doc.contains("example: ") || doc.contains("\(topic)("), "\(topic): \(text)")
        }
        for command in MetaCommand.all {
            let t = try runSession([":help \(command.name)"])
            #expect(t.out.contains("example: :\(command.name)"))
        }
        let t = try runSession([":help where", ":help count"])
        #expect(t.out.contains("stage T | where CONDITION"))
        #expect(t.out.contains("stage T | count") && t.out.contains("function count("))
        let w = try runSession([":help window", ":help lag", ":help pivot"])
        #expect(w.out.contains("stage T | window [by KEY, …] [sort KEY [desc], …] { NAME = EXPR, … }"))
        #expect(w.out.contains("function lag(x, k)\n  window function: the value of x k rows earlier"))
        #expect(w.out.contains("example: projects | pivot stage by topic { count() ?? 0 }"))
    }

    @Test func warningsAreShownAndTheStatementStillRuns() throws {
        let t = try runSession(["indicators | where target == null | count"])
        #expect(t.err.contains("warning: '== null' is always null"))
        #expect(t.err.contains("hint: to test for null write is_null(target)"))
        #expect(t.out.contains("0"))
    }

    @Test func helpForAnUnknownTopicSuggestsOne() throws {
        let t = try runSession([":help wehre"])
        #expect(t.err.contains("no help for 'wehre'; did you mean 'where'?"))
    }

    @Test func tablesAndSchema() throws {
        let t = try runSession([":tables", ":schema t", ":schema x1", ":schema"])
        #expect(t.out.split(separator: "\n").contains { $0.hasPrefix("│ t  ") && $0.contains("│    3 │ topic, name, target, unit ") })
        #expect(t.out.contains("t: 3 rows, 4 columns"))
        #expect(t.out.contains("│ target │ number"))
        #expect(t.out.contains("│ topic  │ string"))
        #expect(t.err.contains("no table called 'x1'"))
        #expect(t.err.contains("':schema' needs a table name"))
    }

    @Test func loadRunsAScriptIntoTheSession() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("defs.iql")
        try Data("let 门槛 = 21\nfn twice(x) = x * 2\n".utf8).write(to: file)
        let t = try runSession([":load \(file.path)", "twice(门槛)", ":load /nonexistent.iql"])
        #expect(t.out == "42\n")
        #expect(t.err.contains("cannot read '/nonexistent.iql'"))
    }

    @Test func formatAndTiming() throws {
        let t = try runSession([":format csv", "p", ":format", ":format xml", ":timing on", "1", ":timing off", "2"])
        #expect(t.out.hasPrefix("id,stage\n1,在建\n2,新建\nformat: csv\n"))
        #expect(t.out.contains("\n1\ntime: "))
        #expect(t.out.hasSuffix(" ms\n2\n"))
        #expect(t.err.contains("unknown format 'xml'"))
        #expect(t.session.settings.format == .csv)
    }

    @Test func langSwitchesLabelsAndFiguresButNotCodes() throws {
        let t = try runSession([":lang", "label(\"behind\")", ":lang zh", "label(\"behind\")", "points(1.9%, 1)", ":lang", ":lang fr", ":lang en", "yuan(5000万)"])
        #expect(t.out == "lang: en\nbehind pace\n落后序时进度\n1.9个百分点\nlang: zh\n50 million yuan\n")
        #expect(t.err.contains("错误：未知的语言'fr'：请用 zh 或 en"))
    }

    @Test func langSwitchesDiagnosticsToo() throws {
        let t = try runSession(["targt", ":lang zh", "targt", ":lang en", "1 + )"])
        #expect(t.err.contains("error: unknown name 'targt'"))
        #expect(t.err.contains("错误：未知的名称'targt'"))
        #expect(t.err.contains("error: expected an expression, found ')'"))
    }

    @Test func langSwitchesThePromptsOwnTexts() throws {
        let t = try runSession([":lang zh", ":frobnicate", ":help where", ":help :tables", ":schema nope", ":help"])
        #expect(t.err.contains("错误：未知的命令':frobnicate'；':help'列出所有命令"))
        #expect(t.err.contains("错误：没有名为'nope'的表"))
        #expect(t.out.contains("阶段 T | where CONDITION\n  保留条件为真的行（null 视为假）\n"))
        #expect(t.out.contains("命令 :tables\n  列出会话中的表及其大小\n  示例：:tables\n"))
        #expect(t.out.contains("命令：\n"))
        for c in MetaCommand.all { #expect(REPLText.commandSummaries[c.name] != nil, "no Chinese summary for :\(c.name)") }
    }

    @Test func unknownMetaCommandSuggestsTheClosest() throws {
        let t = try runSession([":tabels", ":schem t", ":frobnicate"])
        #expect(t.err.contains("unknown command ':tabels'; did you mean ':tables'?"))
        #expect(t.err.contains("unknown command ':schem'; did you mean ':schema'?"))
        #expect(t.err.contains("unknown command ':frobnicate'; ':help' lists the commands"))
    }

    @Test func quitEndsTheSession() throws {
        let t = try runSession([":quit", "1"])
        #expect(t.out.isEmpty)
        #expect(t.reader.prompts.count == 1)
    }
}
