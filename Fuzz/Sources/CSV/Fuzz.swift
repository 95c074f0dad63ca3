import IQL

/// The CSV reader on any text, with each delimiter it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for delimiter in [",", ";", "\t"] as [Character] {
        if let t = try? Table(csv: text, delimiter: delimiter) { _ = Value.table(t).description }
    }
    return 0
}
