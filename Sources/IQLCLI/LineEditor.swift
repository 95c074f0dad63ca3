@preconcurrency import CLineEdit
import Foundation
@preconcurrency import Glibc
import IQL
import IQLREPL
import Synchronization

/// Raised by the SIGINT handler. A signal handler can reach no context but globals,
/// so this one flag is global; it is an atomic, written only by the handler and
/// cleared by the editor before each read.
private let sigintRaised = Atomic<Bool>(false)

/// libedit's functions, resolved from `libedit.so.2` (Debian's libedit2) when the first
/// editor is made and kept for the process: only a REPL on a terminal needs them, so a
/// script's run never loads libedit. Nil when the library or a function is missing.
/// nonisolated(unsafe): written once, by the lazy initialisation of a `static let`, and
/// only read after that.
private enum LibEdit {
    nonisolated(unsafe) static let functions: UnsafePointer<iql_libedit>? = {
        var error = [CChar](repeating: 0, count: 512)
        // Raw storage: the C side sets every field on success, and nothing reads it otherwise.
        let out = UnsafeMutablePointer<iql_libedit>.allocate(capacity: 1)
        guard iql_libedit_open("libedit.so.2", out, &error, error.count) == 0 else {
            out.deallocate()
            return nil
        }
        return UnsafePointer(out)
    }()
}

/// A ``LineReader`` on libedit's wide-character API: emacs keys (vi through
/// `~/.editrc`), history with Ctrl-R search, Tab completion, and correct editing of
/// double-width (CJK) text.
///
/// libedit's C callbacks (prompt, completion) get back to this object through
/// `EL_CLIENTDATA`, so they capture nothing and no state is global but the SIGINT flag.
final class LineEditor: LineReader {
    private let lib: UnsafePointer<iql_libedit>
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private var prompt: UnsafeMutablePointer<wchar_t>
    /// Name and help of the completion function: libedit keeps these pointers, not copies.
    private let functionName: UnsafeMutablePointer<wchar_t>
    private let functionHelp: UnsafeMutablePointer<wchar_t>
    private let searchName: UnsafeMutablePointer<wchar_t>
    private let searchHelp: UnsafeMutablePointer<wchar_t>
    private var complete: (String) -> Completion = { _ in .none }
    /// The language of the editor's own lines (the Ctrl-R announcement): the session's, as `:lang` sets it.
    var language: () -> Language = { .en }

    /// Sets up the terminal editor on standard input and output; nil if libedit cannot
    /// be loaded or cannot set up the terminal.
    init?() {
        guard let lib = LibEdit.functions else { return nil }
        LineEditor.chooseUTF8Locale()
        guard let el = lib.pointee.el_init("iql", stdin, stdout, stderr) else { return nil }
        guard let h = lib.pointee.history_winit() else {
            lib.pointee.el_end(el)
            return nil
        }
        self.lib = lib
        editor = el
        history = h
        prompt = LineEditor.wide("")
        functionName = LineEditor.wide("iql-complete")
        functionHelp = LineEditor.wide("complete the word at the cursor")
        searchName = LineEditor.wide("iql-search")
        searchHelp = LineEditor.wide("search the history, saying so first")
        _ = iql_history_set_size(lib, h, 1000)
        _ = iql_el_set_history(lib, el, h)
        _ = iql_el_set_client_data(lib, el, Unmanaged.passUnretained(self).toOpaque())
        _ = iql_el_set_prompt(lib, el) { el in
            guard let el, let lib = LibEdit.functions, let data = iql_el_client_data(lib, el) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().prompt
        }
        LineEditor.wide("emacs") { _ = iql_el_set_editor(lib, el, $0) }
        // libedit 3.1-20221030 draws the cursor one cell too far right after inserting
        // or deleting before a double-width character when the terminal can insert or
        // delete characters; without these capabilities it redraws the rest of the
        // line instead, which is always right.
        for capability in ["im", "ei", "ic", "IC", "dc", "DC", "dm", "ed"] {
            LineEditor.wide(capability) { name in LineEditor.wide("") { _ = iql_el_set_capability(lib, el, name, $0) } }
        }
        _ = iql_el_add_function(lib, el, functionName, functionHelp) { el, _ in
            guard let el, let lib = LibEdit.functions, let data = iql_el_client_data(lib, el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
        }
        _ = iql_el_add_function(lib, el, searchName, searchHelp) { el, _ in
            guard let el, let lib = LibEdit.functions, let data = iql_el_client_data(lib, el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().announceSearch()
        }
        bind("^I", "iql-complete")
        // libedit's own search shows only "bck:" before what is typed; Ctrl-R first says
        // what the mode is, then starts that search (bound to Ctrl-X Ctrl-R as well).
        bind("^R", "iql-search")
        bind("^X^R", "em-inc-search-prev")
        // ~/.editrc last, so that a user's bindings (such as `bind -v`) win.
        _ = lib.pointee.el_source(el, nil)
        LineEditor.installInterruptHandler()
    }

    deinit {
        lib.pointee.el_end(editor)
        lib.pointee.history_wend(history)
        prompt.deallocate()
        functionName.deallocate()
        functionHelp.deallocate()
        searchName.deallocate()
        searchHelp.deallocate()
    }

    // MARK: LineReader

    func readLine(prompt text: String) -> LineEvent {
        prompt.deallocate()
        prompt = LineEditor.wide(text)
        sigintRaised.store(false, ordering: .relaxed)
        var count: Int32 = 0
        let line = lib.pointee.el_wgets(editor, &count)
        if sigintRaised.exchange(false, ordering: .relaxed) {
            lib.pointee.el_reset(editor)
            write("^C\n")
            return .interrupted
        }
        guard let line, count > 0 else {
            write("\n")
            return .end
        }
        var scalars = String.UnicodeScalarView()
        for k in 0..<Int(count) {
            if let u = Unicode.Scalar(UInt32(bitPattern: line[k])) { scalars.append(u) }
        }
        var text = String(scalars)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    func setHistory(_ entries: [String]) {
        _ = iql_history_clear(lib, history)
        for entry in entries { LineEditor.wide(entry) { _ = iql_history_add(lib, history, $0) } }
    }

    func setCompletion(_ complete: @escaping (String) -> Completion) {
        self.complete = complete
    }

    /// Runs `body` while a watcher thread turns Ctrl-C (SIGINT) into `interrupt.raise()`.
    func runInterruptibly<T>(raising interrupt: Interrupt, _ body: () throws -> T) rethrows -> T {
        sigintRaised.store(false, ordering: .relaxed)
        let watch = Watch()
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while !watch.done.load(ordering: .relaxed) {
                if sigintRaised.exchange(false, ordering: .relaxed) {
                    watch.fired.store(true, ordering: .relaxed)
                    interrupt.raise()
                }
                usleep(10_000)
            }
            stopped.signal()
        }
        defer {
            watch.done.store(true, ordering: .relaxed)
            stopped.wait()
            // The terminal echoed ^C where the cursor was; start the message on a new line.
            if watch.fired.load(ordering: .relaxed) { write("\n") }
        }
        return try body()
    }

    /// Pasted text reaches the terminal in one burst, so the lines after the one just
    /// read are already waiting on standard input; typed ones are not.
    func hasPendingInput() -> Bool {
        var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) > 0 && fd.revents & Int16(POLLIN) != 0
    }

    /// The terminal's size in cells, nil when standard output is not a terminal.
    func terminalSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    // MARK: Completion

    /// Tab: replaces the word before the cursor by the completion, or lists the candidates.
    private func completeAtCursor() -> UInt8 {
        guard let info = lib.pointee.el_wline(editor)?.pointee else { return UInt8(CC_ERROR) }
        var scalars = String.UnicodeScalarView()
        var p = info.buffer!
        while p < info.cursor {
            if let u = Unicode.Scalar(UInt32(bitPattern: p.pointee)) { scalars.append(u) }
            p += 1
        }
        let completion = complete(String(scalars))
        if let replacement = completion.replacement {
            lib.pointee.el_deletestr(editor, Int32(completion.typed.unicodeScalars.count))
            LineEditor.wide(replacement) { _ = lib.pointee.el_winsertstr(editor, $0) }
            return UInt8(CC_REFRESH)
        }
        if completion.candidates.isEmpty { return UInt8(CC_REFRESH_BEEP) }
        write("\n" + completion.listing(width: terminalSize()?.columns ?? 80))
        return UInt8(CC_REDISPLAY)
    }

    // MARK: Helpers

    /// Ctrl-R: a line saying how the search works, then libedit's incremental search
    /// (its Ctrl-X Ctrl-R, pushed as input so that libedit runs it next).
    private func announceSearch() -> UInt8 {
        write("\n" + REPLText.historySearch.text(language()) + "\n")
        LineEditor.wide("\u{18}\u{12}") { lib.pointee.el_wpush(editor, $0) }
        return UInt8(CC_REDISPLAY)
    }

    private func bind(_ key: String, _ function: String) {
        LineEditor.wide(key) { k in LineEditor.wide(function) { _ = iql_el_bind(lib, editor, k, $0) } }
    }

    private func write(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }

    /// Without a UTF-8 locale libedit silently drops CJK input; CI often has LANG unset.
    private static func chooseUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    private static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in sigintRaised.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: the signal must interrupt libedit's read() so el_wgets returns.
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// A NUL-terminated wide string the caller deallocates.
    private static func wide(_ s: String) -> UnsafeMutablePointer<wchar_t> {
        let units = s.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
        let p = UnsafeMutablePointer<wchar_t>.allocate(capacity: units.count)
        p.initialize(from: units, count: units.count)
        return p
    }

    /// Calls `body` with `s` as a NUL-terminated wide string that lives during the call.
    private static func wide(_ s: String, _ body: (UnsafePointer<wchar_t>) -> Void) {
        let units = s.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
        units.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Tells the watcher thread of ``LineEditor/runInterruptibly(raising:_:)`` to stop.
private final class Watch: Sendable {
    let done = Atomic<Bool>(false)
    let fired = Atomic<Bool>(false)
}
