import Foundation
import Testing
@testable import IQL

/// The C API: builds Examples/c/embed.c with `cc` against the libIQLC.so that
/// `swift build` (or `swift test`) puts beside the test bundle, and runs it.
@Suite struct EmbeddingCTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The directory of the running test bundle, where SwiftPM puts libIQLC.so.
    static var productDirectory: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent()
    }

    static func run(_ path: String, _ args: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        if let environment { p.environment = environment }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func cExampleBuildsAndRuns() throws {
        let lib = Self.productDirectory.appendingPathComponent("libIQLC.so")
        try #require(FileManager.default.fileExists(atPath: lib.path), "build the library first: swift build --product IQLC")
        let exe = FileManager.default.temporaryDirectory.appendingPathComponent("iql-embed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: exe) }
        let (ccStatus, ccOutput) = try Self.run("/usr/bin/env", [
            "cc", "-Wall", "-Werror", Self.root.appendingPathComponent("Examples/c/embed.c").path,
            "-I", Self.root.appendingPathComponent("Sources/IQLC/include").path,
            "-L", Self.productDirectory.path, "-lIQLC", "-Wl,-rpath,\(Self.productDirectory.path)",
            "-o", exe.path,
        ])
        #expect(ccStatus == 0, "\(ccOutput)")
        guard ccStatus == 0 else { return }
        let (status, output) = try Self.run(exe.path, [])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains("unknown limit: unknown limit 'memory': expected steps, time_ms, rows, memory_bytes, depth, string_length, list_length or nesting"))
        #expect(lines.contains(#"{"ok": true, "value": [{"city":"宁波","total":1.25},"#))
        #expect(output.contains(#"{"ok": false, "error": {"message": "unknown name 'amont': no column, variable or function has that name", "line": 2, "column": 9, "kind": "unknownName", "hint": "did you mean 'amount'?""#))
        #expect(output.contains(#""message": "evaluation stopped: limit 'depth' exceeded (200 nested calls)", "line": 1"#))
        #expect(output.contains(#""kind": "notPermitted""#))
        #expect(output.contains(#""id": "unknown_name""#))
        #expect(lines.contains(#"{"ok": true, "value": 3}"#))
        #expect(lines.last == "embed.c: all checks passed")
    }
}
