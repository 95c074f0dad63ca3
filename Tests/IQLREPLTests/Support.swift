import Foundation
import IQL
@testable import IQLREPL

/// A ``LineReader`` that plays back scripted lines and records what the session asked.
final class ScriptedReader: LineReader {
    private var events: [LineEvent]
    private(set) var prompts: [String] = []
    private(set) var history: [String] = []
    private(set) var complete: (String) -> Completion = { _ in .none }

    init(_ lines: [String]) { events = lines.map(LineEvent.line) }
    init(events: [LineEvent]) { self.events = events }

    func readLine(prompt: String) -> LineEvent {
        prompts.append(prompt)
        return events.isEmpty ? .end : events.removeFirst()
    }
    func setHistory(_ entries: [String]) { history = entries }
    func setCompletion(_ complete: @escaping (String) -> Completion) { self.complete = complete }
    func runInterruptibly<T>(raising interrupt: Interrupt, _ body: () throws -> T) rethrows -> T { try body() }
    /// Scripted lines arrive as a paste does: all of them already waiting.
    func hasPendingInput() -> Bool { pasted && !events.isEmpty }
    var pasted = false
}

/// An engine holding two small tables, `t` (string, number and percent columns with
/// CJK values) and `p`.
func sampleEngine() throws -> Engine {
    let engine = Engine(fileAccess: .all)
    try engine.evaluate("""
    let t = [{topic: "医药", name: "医药产业产值", target: 8%, unit: "%"},
             {topic: "旅游", name: "旅游收入", target: 30%, unit: "%"},
             {topic: "医疗", name: "交易中心销售收入", target: 5000000000, unit: "元"}]
    let p = [{id: 1, stage: "在建"}, {id: 2, stage: "新建"}]
    """)
    return engine
}

/// The result of running a scripted session.
struct Transcript {
    var out = ""
    var err = ""
    var reader: ScriptedReader
    var session: Session
}

/// Runs a session over `lines` with no history file and a 100×40 terminal.
func runSession(_ lines: [String], engine: Engine? = nil, history: History = History(file: nil), pasted: Bool = false) throws -> Transcript {
    let reader = ScriptedReader(lines)
    reader.pasted = pasted
    let box = OutputBox()
    let session = Session(engine: try engine ?? sampleEngine(), reader: reader, history: history,
                          output: { box.out += $0 }, errors: { box.err += $0 },
                          terminalSize: { (100, 40) })
    session.run()
    return Transcript(out: box.out, err: box.err, reader: reader, session: session)
}

final class OutputBox {
    var out = ""
    var err = ""
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("iql-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
