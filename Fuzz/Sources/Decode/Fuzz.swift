import Foundation
import IQL

/// The embedding API's Codable decoding of values (`Value.decode`, `Table.decode`) on
/// whatever JSON brings: the input is read as JSON by iql's reader (as a table, and as
/// one cell's value so that any JSON text counts), then every value is decoded into host
/// types that fit some inputs and not others. A mismatch must be a `DecodingError`,
/// never a crash; what decodes must encode back.

struct Item: Codable { let name: String; let value: Double?; let count: Int?; let tags: [String]? }
struct Nested: Codable { let item: Item; let items: [Item]; let flags: [String: Bool]? }
struct Dated: Codable { let day: CalendarDate; let at: Date?; let link: URL?; let amount: Decimal? }
struct Small: Codable { let a: Int8; let b: UInt16; let c: Float; let d: UInt64? }
enum Kind: String, Codable { case target, actual }
struct Tagged: Codable { let kind: Kind; let v: [Double]? }

func attempt<T: Codable>(_ type: T.Type, _ v: Value) {
    guard let decoded = try? v.decode(type) else { return }
    _ = try? Value(encoding: decoded).description
}

func decodeAll(_ v: Value) {
    attempt(Double.self, v); attempt(Int.self, v); attempt(Int8.self, v); attempt(UInt.self, v)
    attempt(Float.self, v); attempt(Bool.self, v); attempt(String.self, v)
    attempt(Date.self, v); attempt(CalendarDate.self, v); attempt(URL.self, v); attempt(Decimal.self, v)
    attempt([Double?].self, v); attempt([[Int]].self, v); attempt([String: String?].self, v)
    attempt([String: [Double]].self, v); attempt(Item.self, v); attempt([Item].self, v)
    attempt(Nested.self, v); attempt(Dated.self, v); attempt([Small].self, v); attempt(Tagged.self, v)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let t = try? Table(json: text) {
        _ = try? t.decode(Item.self); _ = try? t.decode(Nested.self); _ = try? t.decode(Dated.self)
        _ = try? t.decode(Small.self); _ = try? t.decode([String: String?].self); _ = try? t.decode(Tagged.self)
        decodeAll(.table(t))
        for row in t.rows { decodeAll(.record(row)) }
    }
    if let t = try? Table(json: "[{\"v\": \(text)\n}]"), let v = t.values(of: "v")?.first {
        decodeAll(v)
    }
    return 0
}
