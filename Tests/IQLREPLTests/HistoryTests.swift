import Foundation
import Testing
@testable import IQLREPL

@Suite struct HistoryTests {
    @Test func duplicatesMoveToTheEnd() {
        var h = History(file: nil)
        for s in ["a", "b", "a", "  ", "c", "b"] { h.add(s) }
        #expect(h.entries == ["a", "c", "b"])
    }

    @Test func persistsMultiLineEntriesAcrossSessions() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("iql/history")
        var first = History(file: file)
        first.add("t\n| where name == \"a\\\\b\"")
        first.add("医药")
        let second = History(file: file)
        #expect(second.entries == ["t\n| where name == \"a\\\\b\"", "医药"])
    }

    @Test func twoSessionsKeepEachOthersEntries() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("history")
        var a = History(file: file)
        var b = History(file: file)
        a.add("1")
        b.add("2")
        a.add("2")
        #expect(History(file: file).entries == ["1", "2"])
    }

    @Test func keepsAtMostTheLimit() {
        var h = History(file: nil, limit: 3)
        for s in ["1", "2", "3", "4"] { h.add(s) }
        #expect(h.entries == ["2", "3", "4"])
    }

    @Test func fileLocationFollowsXDG() {
        #expect(History.defaultFile(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.path == "/s/iql/history")
        #expect(History.defaultFile(environment: ["XDG_STATE_HOME": "", "HOME": "/h"])?.path == "/h/.local/state/iql/history")
        #expect(History.defaultFile(environment: [:]) == nil)
    }

    @Test func theSessionRecordsWholeStatementsAndMetaCommands() throws {
        let t = try runSession(["[1,", "2]", ":tables", "[1,\n2]"])
        #expect(t.session.history.entries == [":tables", "[1,\n2]"])
    }
}
