import IQL

/// What reading a line gave.
public enum LineEvent: Equatable, Sendable {
    /// A line, without its newline (a recalled multi-line history entry keeps its inner newlines).
    case line(String)
    /// Ctrl-C: the line being typed was dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of input.
    case end
}

/// Where a ``Session`` reads its input: a line editor on a terminal, or a script in tests.
///
/// The REPL logic depends only on this protocol, so it can be tested without a terminal;
/// the `iql` command implements it with libedit.
public protocol LineReader: AnyObject {
    /// Shows `prompt` and reads one line.
    func readLine(prompt: String) -> LineEvent
    /// Replaces the entries Up, Down and Ctrl-R go through, oldest first.
    func setHistory(_ entries: [String])
    /// Sets what Tab does: `complete` gets the line up to the cursor and answers what to insert.
    func setCompletion(_ complete: @escaping (String) -> Completion)
    /// Runs `body` (a query); Ctrl-C while it runs raises `interrupt`, which stops the query.
    func runInterruptibly<T>(raising interrupt: Interrupt, _ body: () throws -> T) rethrows -> T
    /// Whether more input is already waiting (pasted lines), so that a finished
    /// statement may be continued by a next line that starts with `|`.
    func hasPendingInput() -> Bool
}

extension LineReader {
    public func hasPendingInput() -> Bool { false }
}
