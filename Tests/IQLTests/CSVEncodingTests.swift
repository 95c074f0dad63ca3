import Foundation
import Testing
@testable import IQL

/// write_csv's `encoding:` and `bom:`, for Excel on Chinese Windows, checked byte by byte
/// and by reading the files back.
@Suite struct CSVEncodingTests {
    let io = IOTests()

    func written(_ call: String) throws -> (bytes: [UInt8], path: String) {
        let path = try io.scratchDirectory().appendingPathComponent("out.csv").path
        _ = try io.eval("[{指标: \"地区生产总值\", 目标: 7%}, {指标: \"€ 𠀀\", 目标: 10%}] | \(call.replacingOccurrences(of: "PATH", with: "\"\(path)\""))")
        return (try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), path)
    }

    @Test func gb18030IsWhatIconvAndExcelExpect() throws {
        let (bytes, path) = try written("write_csv(PATH, encoding: \"gb18030\")")
        // 指标 in GB18030 is D6 B8 B1 EA; 地区生产总值 B5 D8 C7 F8 C9 FA B2 FA D7 DC D6 B5;
        // € is A2 E3 and 𠀀 (outside the BMP) the four bytes 95 32 82 36.
        #expect(bytes.starts(with: [0xD6, 0xB8, 0xB1, 0xEA, 0x2C]))
        #expect(contains(bytes, [0xB5, 0xD8, 0xC7, 0xF8, 0xC9, 0xFA, 0xB2, 0xFA, 0xD7, 0xDC, 0xD6, 0xB5]))
        #expect(contains(bytes, [0xA2, 0xE3, 0x20, 0x95, 0x32, 0x82, 0x36]))
        #expect(TextDecoding.firstInvalidUTF8(bytes.withUnsafeBufferPointer { $0 }) != nil, "not UTF-8")
        let back = try io.table("read_csv(\"\(path)\")")
        #expect(back.values(of: "指标") == [.string("地区生产总值"), .string("€ 𠀀")], "detected as GB18030 and read back")
        #expect(back.values(of: "目标") == [.percent(0.07), .percent(0.1)])
    }

    @Test func aByteOrderMarkStartsTheFileWhenAsked() throws {
        let utf8 = try written("write_csv(PATH, bom: true)")
        #expect(utf8.bytes.starts(with: [0xEF, 0xBB, 0xBF] + Array("指标,目标\n".utf8)))
        #expect(try io.table("read_csv(\"\(utf8.path)\")").names == ["指标", "目标"])

        let gb = try written("write_csv(PATH, encoding: \"gbk\", bom: true)")
        #expect(gb.bytes.starts(with: [0x84, 0x31, 0x95, 0x33, 0xD6, 0xB8]))
        #expect(try io.table("read_csv(\"\(gb.path)\", encoding: \"gb18030\")").names == ["指标", "目标"])

        let plain = try written("write_csv(PATH, bom: false)")
        #expect(plain.bytes.starts(with: Array("指标,目标\n".utf8)))
    }

    @Test func everyScalarEncodesInGB18030() throws {
        // A sample from every plane in use, and the edges of the BMP.
        let text = "\u{1}\u{7F}\u{80}\u{FFFD}\u{FFFF}\u{10000}\u{1F600}\u{2A6D6}\u{E0001}\u{10FFFF}中文"
        let bytes = try TextDecoding.encode(Array(text.utf8), as: .gb18030, bom: false)
        let back = try TextDecoding.utf8(bytes, encoding: .gb18030, name: "x")
        #expect(String(decoding: back, as: UTF8.self) == text)
    }

    @Test func badArgumentsAreLocated() throws {
        let d = try #require(io.failure("[{a: 1}] | write_csv(\"x.csv\", encoding: \"latin1\")"))
        #expect(d.message == "unknown encoding \"latin1\"")
        #expect(io.place(d) == "<test>:1:41")
        let e = try #require(io.failure("[{a: 1}] | write_csv(\"x.csv\", bom: \"yes\")"))
        #expect(e.message == "expected true or false, found string")
    }

    func contains(_ bytes: [UInt8], _ part: [UInt8]) -> Bool {
        guard bytes.count >= part.count else { return false }
        return (0...(bytes.count - part.count)).contains { Array(bytes[$0..<($0 + part.count)]) == part }
    }
}
