import IQL

/// The JSON reader on any text: it must accept exactly RFC 8259 and never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let t = try? Table(json: text) { _ = Value.table(t).description }
    return 0
}
