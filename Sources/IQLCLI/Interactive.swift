import ArgumentParser
import Foundation
import IQL
import IQLREPL

extension IQLCommand {
    /// Whether to start the REPL: no script given, and both standard input and output
    /// are terminals. Otherwise standard input is read as a script, with no prompts.
    var isInteractive: Bool {
        file == nil && expression == nil && !check && isatty(0) == 1 && isatty(1) == 1
    }

    /// Runs the REPL on a terminal until Ctrl-D or `:quit`.
    func runREPL() throws {
        guard let editor = LineEditor() else { throw ValidationError(CLIText.noLineEditor.text(lang)) }
        let engine = try makeEngine()
        editor.language = { engine.language }
        attachDatabase(engine)
        let color = environment("NO_COLOR") == nil
        try loadData(into: engine, DiagnosticRenderer(color: color, language: lang))
        let session = Session(
            engine: engine, reader: editor, history: History(file: History.defaultFile()),
            settings: Session.Settings(format: format, color: color),
            output: { FileHandle.standardOutput.write(Data($0.utf8)) },
            errors: { FileHandle.standardError.write(Data($0.utf8)) },
            terminalSize: editor.terminalSize)
        FileHandle.standardOutput.write(Data((REPLText.banner.text(lang) + "\n").utf8))
        session.run()
    }
}
