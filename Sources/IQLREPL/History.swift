import Foundation

/// The statements typed at the prompt, oldest first, each once, persisted in a file.
///
/// An entry is a whole statement: a pipeline typed over three lines is one entry, with
/// its newlines. Adding an entry that is already there moves it to the end. The file
/// holds one entry per line, with `\n` and `\\` escaped; it is re-read before each
/// write, so two sessions running at once keep each other's entries.
public struct History {
    /// The entries, oldest first, without duplicates.
    public private(set) var entries: [String] = []
    /// The file the history is kept in; nil keeps it in memory only.
    public let file: URL?
    /// How many entries are kept (the oldest are dropped first).
    public let limit: Int

    /// A history kept in `file` (read now if it exists), holding at most `limit` entries.
    public init(file: URL?, limit: Int = 1000) {
        self.file = file
        self.limit = limit
        entries = read()
    }

    /// `$XDG_STATE_HOME/iql/history`, or `~/.local/state/iql/history` when XDG_STATE_HOME is unset or empty.
    public static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            return URL(fileURLWithPath: state).appendingPathComponent("iql/history")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/iql/history")
    }

    /// Adds a statement at the end (moving it there if it was already kept) and saves the file.
    /// Blank statements are not kept. A file that cannot be written leaves the history in memory.
    public mutating func add(_ statement: String) {
        let entry = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !entry.isEmpty else { return }
        var merged = file == nil ? entries : read()
        merged.removeAll { $0 == entry }
        merged.append(entry)
        entries = Array(merged.suffix(limit))
        write()
    }

    private func read() -> [String] {
        guard let file, let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        var out: [String] = []
        var position: [String: Int] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let entry = History.unescape(Substring(line))
            if let old = position[entry] { out[old] = "" }
            position[entry] = out.count
            out.append(entry)
        }
        return Array(out.filter { !$0.isEmpty }.suffix(limit))
    }

    private func write() {
        guard let file else { return }
        let text = entries.map(History.escape).joined(separator: "\n") + "\n"
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: file, options: .atomic)
    }

    static func escape(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ line: Substring) -> String {
        var out = ""
        var escaped = false
        for ch in line {
            if escaped {
                out.append(ch == "n" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
