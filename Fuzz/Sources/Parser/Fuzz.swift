import IQL

/// The parser on any text: it must report syntax errors, never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Engine(planDataset: false).compile(text, name: "<fuzz>")
    _ = Engine.isIncomplete(text)
    return 0
}
