import Foundation
import IQL

/// The xlsx reader (zip container, XML parts, shared strings, styles, dates) on any bytes,
/// through `read_xlsx` as a script calls it: the input is written to a file in a private
/// folder that is the engine's only readable directory.
let folder: String = {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("iql-fuzz-xlsx-\(ProcessInfo.processInfo.processIdentifier)").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()
let path = folder + "/input.xlsx"
let limits = Limits(steps: 20_000, timeMilliseconds: 1_000, rows: 100_000, depth: 100,
                    stringLength: 1_000_000, listLength: 1_000_000, nesting: 100, memoryBytes: 64 << 20)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else {
        fatalError("cannot write the fuzz input to \(path)")
    }
    let engine = Engine(fileAccess: FileAccess(allowed: true, directories: [folder]), limits: limits, planDataset: false)
    // The first sheet, then one named by a sheet a workbook often has and one it has not.
    for call in ["read_xlsx($p)", "read_xlsx($p, sheet: \"Sheet1\")", "read_xlsx($p, sheet: \"无\")"] {
        if let v = try? engine.evaluate(call, parameters: ["p": .string(path)]) { _ = v.description }
    }
    return 0
}
