import Foundation
import Glibc
import Testing

/// The real `iql` binary driven through a terminal: tmux runs it in a private server
/// (its own socket), the test types keys and reads the screen and the cursor position.
final class Terminal {
    let socket = "iql-test-\(UUID().uuidString.prefix(8))"
    let stateHome: URL

    /// Starts `iql` in a 100×30 terminal with its history under `stateHome`.
    init(stateHome: URL, arguments: String = "") throws {
        self.stateHome = stateHome
        let binary = try Terminal.binary().path
        let command = "env HOME='\(stateHome.path)' XDG_STATE_HOME='\(stateHome.path)' TERM=screen '\(binary)' \(arguments)"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", command], check: true)
        // Keep the pane after iql exits, to read its last screen and exit status.
        try tmux(["set-option", "-g", "remain-on-exit", "on"], check: true)
        try waitFor("iql>")
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Types text literally (CJK included).
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text], check: true) }

    /// Presses keys by tmux name: Enter, Tab, Left, Up, BSpace, C-c, C-d, C-a.
    func press(_ keys: String...) throws {
        for k in keys {
            try tmux(["send-keys", k], check: true)
            usleep(50_000)
        }
    }

    /// The visible screen; tmux drops the blanks at the end of each line (so a prompt reads `iql>`).
    var screen: String {
        (try? tmux(["capture-pane", "-p"])) ?? ""
    }

    /// The lines of the screen, trailing empty ones dropped.
    var lines: [String] {
        var ls = screen.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        while ls.last?.isEmpty == true { ls.removeLast() }
        return ls
    }

    /// The cursor's column and row, from 0.
    var cursor: (x: Int, y: Int) {
        let parts = ((try? tmux(["display-message", "-p", "#{cursor_x} #{cursor_y}"])) ?? "")
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return parts.count == 2 ? (parts[0], parts[1]) : (-1, -1)
    }

    /// Whether iql has exited.
    var exited: Bool {
        ((try? tmux(["display-message", "-p", "#{pane_dead}"])) ?? "").hasPrefix("1")
    }

    /// iql's exit status once tmux has collected it (it may mark the pane dead a moment before).
    var exitStatus: Int? {
        Int(((try? tmux(["display-message", "-p", "#{pane_dead_status}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits until the screen satisfies `condition`: 30 s at most, generous, since a
    /// wait ends as soon as the screen is right and CI machines run other suites
    /// (the parallel tests take both cores) beside this one.
    @discardableResult
    func wait(_ what: String, timeout: Double = 30, _ condition: (Terminal) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return screen }
            usleep(50_000)
        }
        let pane = (try? tmux(["display-message", "-p", "cursor #{cursor_x},#{cursor_y} dead #{pane_dead} #{pane_dead_status} signal #{pane_dead_signal}"])) ?? ""
        throw TerminalError.timeout("\(what)\n--- \(pane)--- screen ---\n\(screen)")
    }

    /// Waits until `count` lines of the screen contain `text`.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 30) throws -> String {
        try wait("'\(text)' ×\(count)", timeout: timeout) { t in t.lines.filter { $0.contains(text) }.count >= count }
    }

    /// Types a line, presses Enter, and waits for the next prompt.
    func enter(_ line: String) throws {
        let prompts = promptCount
        try type(line)
        try press("Enter")
        try waitFor("iql>", count: prompts + 1)
    }

    /// How many lines of the screen start with the prompt.
    var promptCount: Int { lines.filter { $0.hasPrefix("iql>") }.count }

    /// Runs one tmux command on this test's server and returns what it printed.
    ///
    /// Spawned with posix_spawn and reaped with waitpid rather than through Foundation's
    /// Process, and with output to a file rather than a pipe: `new-session` forks a
    /// server that keeps its inherited descriptors open, so a pipe never reaches end
    /// of file.
    @discardableResult
    private func tmux(_ args: [String], check: Bool = false) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux", "-u", "-L", socket] + args).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        // The test runner's threads may block or ignore signals; tmux and iql must not
        // inherit that, or Ctrl-C would never arrive.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        guard posix_spawnp(&pid, "tmux", &actions, &attributes, argv + [nil], environ) == 0 else {
            throw TerminalError.tmux("cannot start tmux: is it installed?")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if check && status != 0 { throw TerminalError.tmux(args.joined(separator: " ")) }
        return String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }

    /// The `iql` binary: $IQL_BINARY, else beside this test bundle (any --scratch-path),
    /// else the package's default `.build/debug`.
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["IQL_BINARY"] { return URL(fileURLWithPath: path) }
        let bundleDir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [bundleDir.appendingPathComponent("iql"), root.appendingPathComponent(".build/debug/iql")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw TerminalError.noBinary
    }
}

enum TerminalError: Error {
    case timeout(String)
    case tmux(String)
    case noBinary
}

@Suite(.serialized) struct TerminalTests {
    @Test func typingASCIIAndChinese() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.enter("\"医药\" + \"产业\" + \"abc\"")
        #expect(t.lines.contains("医药产业abc"))
    }

    @Test func editingInTheMiddleOfACJKWordKeepsTheCursorRight() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.type("\"地区总值\"")
        try t.press("Left", "Left", "Left")
        try t.type("生产")
        try t.waitFor("iql> \"地区生产总值\"")
        // "iql> " is 5 cells, the quote 1, and 地区生产 8: the cursor sits before 总.
        try t.wait("cursor after 生产") { $0.cursor.x == 14 }
        try t.press("BSpace")
        try t.waitFor("iql> \"地区生总值\"")
        try t.wait("cursor after 生") { $0.cursor.x == 12 }
        try t.press("C-a")
        try t.wait("cursor at the start") { $0.cursor.x == 5 }
        try t.press("Right", "Right")
        try t.type("市")
        try t.waitFor("iql> \"地市区生总值\"")
        try t.wait("cursor after 市") { $0.cursor.x == 10 }
        try t.press("Enter")
        try t.waitFor("地市区生总值", count: 2)
        #expect(t.lines.contains("地市区生总值"))
    }

    @Test func ctrlRSaysItSearchesTheHistoryAndRunsTheMatch() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.enter("40 + 2")
        try t.enter("\"医药\" + \"产业\"")
        try t.press("C-r")
        try t.waitFor("(history search: type part of an earlier statement")
        try t.type("40")
        try t.waitFor("iql> 40 + 2")
        try t.press("Enter")
        try t.waitFor("42")
        #expect(t.lines.contains("42"))
    }

    @Test func historyPersistsAcrossTwoSessions() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let first = try Terminal(stateHome: dir)
            try first.enter("1 + 41")
            try first.type("[\"医药\",")
            try first.press("Enter")
            try first.waitFor(" ..>")
            try first.enter("\"旅游\"]")
            try first.enter("1 + 41")
            try first.press("C-d")
            try first.wait("exit") { $0.exited }
            #expect((first.exitStatus ?? 0) == 0)
            #expect(!first.screen.contains("crash"))
        }
        let file = dir.appendingPathComponent("iql/history")
        #expect(try String(contentsOf: file, encoding: .utf8) == "[\"医药\",\\n\"旅游\"]\n1 + 41\n")
        let second = try Terminal(stateHome: dir)
        try second.press("Up")
        try second.waitFor("iql> 1 + 41")
        try second.press("Up")
        try second.waitFor("iql> [\"医药\",")
        try second.waitFor("\"旅游\"]")
        try second.press("Enter")
        try second.waitFor("[\"医药\", \"旅游\"]")
    }

    @Test func completesAColumnAndACJKValue() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.enter("let 表 = [{topic: \"医药\", n: 1}, {topic: \"旅游\", n: 2}, {topic: \"医疗\", n: 3}]")
        try t.type("表 | where top")
        try t.press("Tab")
        try t.waitFor("iql> 表 | where topic")
        try t.type(" == \"旅")
        try t.press("Tab")
        try t.waitFor("iql> 表 | where topic == \"旅游\"")
        try t.wait("cursor after the closing quote") { $0.cursor.x == 5 + 26 }
        try t.press("Enter")
        try t.waitFor("│ 旅游  │ 2 │")
        // Two candidates: Tab lists them and keeps the line.
        try t.type("表 | where topic == \"医")
        try t.press("Tab")
        try t.wait("listing") { $0.lines.contains { $0.hasPrefix("医药") && $0.contains("医疗") } }
        try t.waitFor("iql> 表 | where topic == \"医")
    }

    @Test func aMultiLinePipelineWithChineseValues() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.enter("let 项目 = [{name: \"交易中心\", topic: \"医药\", amount_yuan: 5000000000}, {name: \"机场\", topic: \"投资\", amount_yuan: 120000}]")
        try t.type("项目 |")
        try t.press("Enter")
        try t.waitFor(" ..>")
        try t.type("  where topic == \"医药\" |")
        try t.press("Enter")
        try t.waitFor(" ..>", count: 2)
        try t.enter("  select name, amount_yuan")
        #expect(t.lines.contains("│ 交易中心 │        50亿 │"))
        #expect(!t.screen.contains("│ 机场"))
    }

    @Test func metaCommands() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.enter("let 表 = [{topic: \"医药\", n: 1}]")
        try t.enter(":schema 表")
        #expect(t.lines.contains("表: 1 row, 2 columns"))
        try t.enter(":tabels")
        #expect(t.screen.contains("unknown command ':tabels'; did you mean ':tables'?"))
        try t.enter(":help where")
        #expect(t.screen.contains("example: indicators | where topic == \"医药\""))
    }

    @Test func ctrlCInterruptsALongQueryAndClearsALine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.type("range(100000) | map(i => range(3000) | map(j => i * j) | len) | len")
        try t.press("Enter")
        usleep(500_000)
        let started = Date()
        try t.press("C-c")
        try t.waitFor("error: interrupted")
        try t.waitFor("iql>", count: 2)
        #expect(Date().timeIntervalSince(started) < 3)
        try t.type("abc")
        try t.press("C-c")
        try t.waitFor("iql>", count: 3)
        try t.enter("6 * 7")
        #expect(t.lines.contains("42"))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["IQL_TEST_PG_URL"] != nil, "needs the test PostgreSQL server (scripts/with-postgres)"))
    func ctrlCCancelsAQueryOnTheDatabaseServer() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = ProcessInfo.processInfo.environment["IQL_TEST_PG_URL"]!
        let t = try Terminal(stateHome: dir)
        try t.type("read_postgres(\"\(url)\", \"SELECT 1 AS x FROM pg_sleep(30)\")")
        try t.press("Enter")
        usleep(700_000)
        let started = Date()
        try t.press("C-c")
        try t.waitFor("error: interrupted")
        try t.waitFor("was cancelled")
        try t.waitFor("iql>", count: 2)
        #expect(Date().timeIntervalSince(started) < 3)
        try t.enter("6 * 7")
        #expect(t.lines.contains("42"))
    }

    @Test func ctrlDOnAnEmptyLineExits() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try Terminal(stateHome: dir)
        try t.press("C-d")
        try t.wait("exit") { $0.exited }
        #expect((t.exitStatus ?? 0) == 0)
        #expect(!t.screen.contains("crash"))
    }
}
