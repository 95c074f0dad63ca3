import Foundation
import Testing
@testable import IQL

/// Golden tests: each `Golden/NAME.iql` runs as the CLI would run it, and its output —
/// values and error messages, in order — must equal `Golden/NAME.out`. A script named
/// `NAME.zh.iql` runs in Chinese (`Engine(language: .zh)`, diagnostics rendered in Chinese).
/// Run with `IQL_UPDATE_GOLDEN=1` to rewrite the expected files, then review the diff.
@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".iql") && !$0.hasPrefix("_") }
            .sorted()
    }

    /// A runner that finds no script would pass having tested nothing.
    @Test func goldenScriptsAreFound() {
        #expect(Self.scripts.count >= 30, "only \(Self.scripts.count) golden scripts in \(Self.directory.path)")
        for script in Self.scripts {
            #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent(String(script.dropLast(4)) + ".out").path), "\(script) has no .out file")
        }
    }

    @Test(arguments: scripts)
    func golden(_ script: String) throws {
        let path = Self.directory.appendingPathComponent(script).path
        let actual = Self.transcript(path).replacingOccurrences(of: Self.directory.path + "/", with: "")
        let expectedPath = String(path.dropLast(4)) + ".out"
        if ProcessInfo.processInfo.environment["IQL_UPDATE_GOLDEN"] != nil {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected, "\(script): output differs from \(script.dropLast(4)).out")
    }

    /// Output of a script as the CLI prints it: values, then the error that stopped it.
    static func transcript(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let language: Language = path.hasSuffix(".zh.iql") ? .zh : .en
        let engine = Engine(fileAccess: .all, language: language)
        let diagnostics = DiagnosticRenderer(language: language)
        // The clock of every golden script: today() and periods without a year (上半年).
        engine.today = CalendarDate(year: 2023, month: 6, day: 30)
        let renderer = Renderer()
        var out = ""
        do {
            let program = try engine.compile(text, name: path)
            out += diagnostics.render(program.warnings)
            try engine.run(program) { out += renderer.render($0) }
        } catch let e as IQLError {
            out += diagnostics.render(e.diagnostics)
        } catch {
            out += "unexpected error: \(error)\n"
        }
        return out
    }
}
