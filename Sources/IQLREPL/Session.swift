import Foundation
import IQL

/// The read-eval-print loop: reads statements from a ``LineReader`` (several lines when
/// the parser says a statement is unfinished), runs them in one engine, shows each
/// value, and handles meta commands. No error ends the session; Ctrl-D or `:quit` does.
public final class Session {
    /// What the session shows and how; meta commands change it.
    public struct Settings: Sendable {
        /// How values are shown (`:format`).
        public var format: OutputFormat
        /// Whether each statement's run time is shown (`:timing`).
        public var timing: Bool
        /// ANSI colour for errors, numbers and nulls.
        public var color: Bool

        public init(format: OutputFormat = .table, timing: Bool = false, color: Bool = false) {
            self.format = format
            self.timing = timing
            self.color = color
        }
    }

    /// The first prompt of a statement.
    public static let prompt = "iql> "
    /// The prompt of each further line of an unfinished statement.
    public static let continuationPrompt = " ..> "

    public private(set) var settings: Settings
    public private(set) var history: History
    let engine: Engine
    let reader: LineReader
    private let output: (String) -> Void
    private let errors: (String) -> Void
    private let terminalSize: () -> (columns: Int, rows: Int)?
    private let completer: Completer
    /// Lines of the statement being typed, when it is unfinished.
    private var pending: [String] = []
    /// A finished statement held back while pasted lines follow it: when the next one
    /// starts with `|` it continues the pipeline, as it would in a script.
    private var held: String?
    private var finished = false

    /// - Parameters:
    ///   - output: receives results; `errors` receives diagnostics.
    ///   - terminalSize: the terminal's size, to fit tables; nil when unknown.
    public init(engine: Engine, reader: LineReader, history: History, settings: Settings = Settings(),
                output: @escaping (String) -> Void, errors: @escaping (String) -> Void,
                terminalSize: @escaping () -> (columns: Int, rows: Int)? = { nil }) {
        self.engine = engine
        self.reader = reader
        self.history = history
        self.settings = settings
        self.output = output
        self.errors = errors
        self.terminalSize = terminalSize
        completer = Completer(engine: engine)
        reader.setHistory(history.entries)
        reader.setCompletion { [weak self] line in
            guard let self else { return .none }
            return completer.complete((pending + [line]).joined(separator: "\n"))
        }
    }

    /// Reads and runs statements until Ctrl-D or `:quit`.
    public func run() {
        while !finished {
            switch reader.readLine(prompt: pending.isEmpty ? Session.prompt : Session.continuationPrompt) {
            case .end:
                if let h = held { held = nil; finish(h) }
                finished = true
            case .interrupted:
                pending = []
                held = nil
            case .line(let line):
                handle(line)
            }
        }
    }

    /// Takes one line typed at the prompt: a meta command, part of a statement, or the
    /// line that finishes one (which then runs).
    func handle(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let h = held {
            held = nil
            if trimmed.hasPrefix("|") { pending = [h] } else { finish(h) }
        }
        if pending.isEmpty {
            if trimmed.isEmpty { return }
            if trimmed.hasPrefix(":") {
                remember(trimmed)
                meta(trimmed)
                return
            }
        }
        pending.append(line)
        let statement = pending.joined(separator: "\n")
        if Engine.isIncomplete(statement) { return }
        pending = []
        if reader.hasPendingInput() { held = statement } else { finish(statement) }
    }

    private func finish(_ statement: String) {
        remember(statement)
        execute(statement, name: "<repl>")
    }

    private func remember(_ statement: String) {
        history.add(statement)
        reader.setHistory(history.entries)
    }

    // MARK: Running

    /// Runs source text, showing each value; errors are shown and the session goes on.
    private func execute(_ source: String, name: String) {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let program = try engine.compile(source, name: name)
            if !program.warnings.isEmpty { errors(DiagnosticRenderer(color: settings.color, language: engine.language).render(program.warnings)) }
            _ = try reader.runInterruptibly(raising: engine.interrupt) {
                try engine.run(program) { value in self.show(value) }
            }
        } catch let e as IQLError {
            errors(DiagnosticRenderer(color: settings.color, language: engine.language).render(e.diagnostics))
        } catch {
            errors("\(error)\n")
        }
        if settings.timing {
            let d = clock.now - started
            let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            output(dim(text(REPLText.time(Formatter.number((ms * 10).rounded() / 10)))) + "\n")
        }
    }

    /// The renderer for the current settings, fitted to the terminal.
    var renderer: Renderer {
        let size = terminalSize()
        // Leave room for the header, rules, the "more rows" line and the next prompt.
        let rows = size.map { max(10, $0.rows - 8) } ?? 40
        var r = Renderer(format: settings.format, maxRows: rows, maxWidth: size?.columns, color: settings.color)
        r.groupsYuan = true
        return r
    }

    private func show(_ value: Value) {
        let text = renderer.render(value)
        guard settings.color, settings.format == .table else { return output(text) }
        switch value {
        case .number, .percent: output("\u{1B}[36m" + text.dropLast() + "\u{1B}[0m\n")
        case .null: output(dim(String(text.dropLast())) + "\n")
        default: output(text)
        }
    }

    private func dim(_ s: String) -> String { settings.color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }

    private func fail(_ message: Localized) {
        let word = text(REPLText.errorWord)
        errors((settings.color ? "\u{1B}[1;31m\(word)\u{1B}[0m" : word) + REPLText.separator(engine.language) + text(message) + "\n")
    }

    /// A text of the prompt in the session's language.
    private func text(_ t: Localized) -> String { t.text(engine.language) }

    // MARK: Meta commands

    /// Runs a meta command line such as `:schema indicators`.
    func meta(_ line: String) {
        let words = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let name = words.first ?? ""
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "help": help(argument)
        case "tables": tables()
        case "schema": schema(argument)
        case "load": load(argument)
        case "format":
            if argument.isEmpty { return output("format: \(settings.format.rawValue)\n") }
            guard let f = OutputFormat(rawValue: argument) else {
                return fail(REPLText.unknownFormat(argument))
            }
            settings.format = f
        case "lang":
            if argument.isEmpty { return output("lang: \(engine.language.rawValue)\n") }
            guard let l = Language(rawValue: argument) else { return fail(REPLText.unknownLanguage(argument)) }
            engine.language = l
        case "timing":
            switch argument {
            case "on": settings.timing = true
            case "off": settings.timing = false
            default: fail(REPLText.timingArgument)
            }
        case "quit":
            finished = true
        default:
            let names = MetaCommand.all.map(\.name)
            fail(REPLText.unknownCommand(name, suggestion: Help.suggestion(for: name, in: names)))
        }
    }

    private func help(_ topic: String) {
        if topic.isEmpty { return output(overview) }
        let bare = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
        var texts: [String] = []
        if let command = MetaCommand.named(bare) { texts.append(command.help(engine.language)) }
        if !topic.hasPrefix(":"), let text = Help.topic(topic, language: engine.language) { texts.append(text) }
        if texts.isEmpty {
            let all = Help.topics + MetaCommand.all.map(\.name)
            return fail(REPLText.noHelp(topic, suggestion: Help.suggestion(for: bare, in: all)))
        }
        output(texts.joined(separator: "\n"))
    }

    private var overview: String {
        let width = terminalSize()?.columns ?? 80
        var out = text(REPLText.overviewIntro)
        out += text(REPLText.commandsHeading)
        for c in MetaCommand.all {
            let usage = ":\(c.name)\(c.arguments.isEmpty ? "" : " " + c.arguments)"
            out += "  " + usage.padding(toLength: max(usage.count, 32), withPad: " ", startingAt: 0) + c.summary(engine.language) + "\n"
        }
        out += text(REPLText.stagesHeading) + Completion(typed: "", candidates: Help.stages).listing(width: width - 2).indented
        out += text(REPLText.functionsHeading) + Completion(typed: "", candidates: Help.functions).listing(width: width - 2).indented
        out += text(REPLText.overviewEnd)
        return out
    }

    private func tables() {
        let rows: [Value] = engine.globalNames.compactMap { name in
            guard let t = engine.value(of: name)?.tableView else { return nil }
            return .record(Record([("table", .string(name)), ("rows", .number(Double(t.rowCount))),
                                   ("columns", .string(t.names.joined(separator: ", ")))]))
        }
        if rows.isEmpty { return output(text(REPLText.noTables)) }
        output(renderer.render(.list(rows)))
    }

    private func schema(_ name: String) {
        guard !name.isEmpty else { return fail(REPLText.schemaNeedsName) }
        guard let value = engine.value(of: name) else {
            let tables = engine.globalNames.filter { engine.value(of: $0)?.tableView != nil }
            return fail(REPLText.noTable(name, suggestion: Help.suggestion(for: name, in: tables)))
        }
        guard let t = value.tableView else { return fail(REPLText.notATable(name, value.typeName)) }
        let rows: [Value] = t.names.map { column in
            .record(Record([("column", .string(column)), ("type", .string(t.typeName(of: column) ?? "any"))]))
        }
        output(text(REPLText.tableSize(name, rows: t.rowCount, columns: t.names.count)))
        if !rows.isEmpty { output(renderer.render(.list(rows))) }
    }

    private func load(_ path: String) {
        guard !path.isEmpty else { return fail(REPLText.loadNeedsFile) }
        let expanded = path.hasPrefix("~/") ? NSString(string: path).expandingTildeInPath : path
        guard let data = FileManager.default.contents(atPath: expanded) else { return fail(REPLText.cannotLoad(path)) }
        guard let text = String(data: data, encoding: .utf8) else { return fail(REPLText.notText(path)) }
        execute(text, name: path)
    }
}

private extension String {
    var indented: String {
        split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }
}
