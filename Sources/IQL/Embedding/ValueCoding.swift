import Foundation

// Swift's Codable to and from iql values. Tables encode through `TableEncoder`
// (HostTable.swift), which writes rows straight into columns; these handle single
// values, nested fields and decoding.

/// A key for positions in a list or rows in a table, for decoding error paths.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ i: Int) { intValue = i }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}

// MARK: - Encoding

/// Encodes any `Encodable` into a ``Value``.
struct ValueEncoder: Encoder {
    /// What one encoding produces: a value, fields filled in later, or items filled in later.
    final class Box {
        enum State { case empty, value(Value), keyed([(String, Box)]), unkeyed([Box]), failed(Error) }
        var state: State = .empty

        func fail(_ e: Error) { state = .failed(e) }

        func value() throws -> Value {
            switch state {
            case .empty: return .null
            case .value(let v): return v
            case .keyed(let fields): return .record(Record(try fields.map { ($0.0, try $0.1.value()) }))
            case .unkeyed(let items): return .list(try items.map { try $0.value() })
            case .failed(let e): throw e
            }
        }
    }

    let box: Box
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func encode<T: Encodable>(_ value: T, at path: [CodingKey] = []) throws -> Value {
        if let v = scalar(value) { return v }
        let box = Box()
        try value.encode(to: ValueEncoder(box: box, codingPath: path))
        return try box.value()
    }

    /// Values Foundation would encode in an unhelpful shape: a ``CalendarDate`` as an
    /// iql date, a `Date` (an instant, not a day) as its ISO 8601 text, a URL as its
    /// text, a `Value` as itself.
    static func scalar<T>(_ value: T) -> Value? {
        switch value {
        case let v as Value: return v
        case let d as CalendarDate: return .date(d)
        case let d as Date: return .string(ISO8601DateFormatter().string(from: d))
        case let u as URL: return .string(u.absoluteString)
        case let d as Decimal: return Value.num(NSDecimalNumber(decimal: d).doubleValue)
        default: return nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = box.state {} else { box.state = .keyed([]) }
        return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .unkeyed = box.state {} else { box.state = .unkeyed([]) }
        return Unkeyed(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        let codingPath: [CodingKey]

        private func child(_ key: Key) -> Box {
            let b = Box()
            if case .keyed(var fields) = box.state {
                fields.removeAll { $0.0 == key.stringValue }
                fields.append((key.stringValue, b))
                box.state = .keyed(fields)
            }
            return b
        }

        func encodeNil(forKey key: Key) throws { child(key).state = .value(.null) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            child(key).state = .value(try ValueEncoder.encode(value, at: codingPath + [key]))
        }
        func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            ValueEncoder(box: child(key), codingPath: codingPath + [key]).container(keyedBy: N.self)
        }
        func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            ValueEncoder(box: child(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superEncoder() -> Encoder { ValueEncoder(box: box, codingPath: codingPath) }
        func superEncoder(forKey key: Key) -> Encoder { ValueEncoder(box: child(key), codingPath: codingPath + [key]) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        let codingPath: [CodingKey]
        var count: Int { if case .unkeyed(let items) = box.state { return items.count }; return 0 }

        private func child() -> Box {
            let b = Box()
            if case .unkeyed(var items) = box.state {
                items.append(b)
                box.state = .unkeyed(items)
            }
            return b
        }

        func encodeNil() throws { child().state = .value(.null) }
        func encode<T: Encodable>(_ value: T) throws {
            let path = codingPath + [IndexKey(count)]
            child().state = .value(try ValueEncoder.encode(value, at: path))
        }
        func nestedContainer<N: CodingKey>(keyedBy: N.Type) -> KeyedEncodingContainer<N> {
            ValueEncoder(box: child(), codingPath: codingPath).container(keyedBy: N.self)
        }
        func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            ValueEncoder(box: child(), codingPath: codingPath).unkeyedContainer()
        }
        func superEncoder() -> Encoder { ValueEncoder(box: child(), codingPath: codingPath) }
    }

    private struct Single: SingleValueEncodingContainer {
        let box: Box
        let codingPath: [CodingKey]
        func encodeNil() throws { box.state = .value(.null) }
        func encode(_ value: Bool) throws { box.state = .value(.bool(value)) }
        func encode(_ value: String) throws { box.state = .value(.string(value)) }
        func encode(_ value: Double) throws { box.state = .value(Value.num(value)) }
        func encode(_ value: Float) throws { box.state = .value(Value.num(Double(value))) }
        func encode(_ value: Int) throws { try integer(value) }
        func encode(_ value: Int8) throws { try integer(value) }
        func encode(_ value: Int16) throws { try integer(value) }
        func encode(_ value: Int32) throws { try integer(value) }
        func encode(_ value: Int64) throws { try integer(value) }
        func encode(_ value: UInt) throws { try integer(value) }
        func encode(_ value: UInt8) throws { try integer(value) }
        func encode(_ value: UInt16) throws { try integer(value) }
        func encode(_ value: UInt32) throws { try integer(value) }
        func encode(_ value: UInt64) throws { try integer(value) }
        func encode<T: Encodable>(_ value: T) throws { box.state = .value(try ValueEncoder.encode(value, at: codingPath)) }

        /// Every integer type needs its own `encode` above: one left to the generic
        /// `encode` encodes itself through this container again, forever (a `UInt`
        /// overflowed the stack). A number is a double, so an integer it cannot hold
        /// exactly (beyond 2⁵³) is refused rather than rounded.
        private func integer<I: BinaryInteger>(_ value: I) throws {
            guard let d = Double(exactly: value) else {
                throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) has no exact value as a number (a double)"))
            }
            box.state = .value(.number(d))
        }
    }
}

// MARK: - Decoding

/// Decodes Swift types from a ``Value`` or from one row of a ``Table`` (read in place).
struct ValueDecoder: Decoder {
    enum Node {
        case value(Value)
        /// Row `i` of a table, with column positions by name.
        case row(Table, Int, [String: Int])
    }
    let node: Node
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private var value: Value {
        switch node {
        case .value(let v): return v
        case .row(let t, let i, _): return .record(t.row(i))
        }
    }

    private func mismatch<T>(_ type: T.Type, _ found: Value) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(found.typeName) \(Formatter.literal(found))"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch node {
        case .row(let t, let i, let lookup):
            return KeyedDecodingContainer(Keyed<Key>(codingPath: codingPath, names: t.names) { name in
                lookup[name].map { t.columns[$0][i] }
            })
        case .value(.record(let r)):
            return KeyedDecodingContainer(Keyed<Key>(codingPath: codingPath, names: r.names) { r[$0] })
        case .value(let v):
            throw mismatch([String: Value].self, v)
        }
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard let items = value.listValue else { throw mismatch([Value].self, value) }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { Single(value: value, codingPath: codingPath) }

    static func decode<T: Decodable>(_ type: T.Type, _ v: Value, _ path: [CodingKey]) throws -> T {
        if T.self == Value.self { return v as! T }
        if case .date(let d) = v {
            // An iql date is a day: a `Date` gets its midnight in UTC.
            if T.self == CalendarDate.self { return d as! T }
            if T.self == Date.self { return d.date() as! T }
        }
        if T.self == Date.self, case .string(let s) = v {
            if let d = ISO8601DateFormatter().date(from: s) { return d as! T }
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            if let d = day.date(from: s) { return d as! T }
        }
        return try T(from: ValueDecoder(node: .value(v), codingPath: path))
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let codingPath: [CodingKey]
        let names: [String]
        let lookup: (String) -> Value?

        init(codingPath: [CodingKey], names: [String], lookup: @escaping (String) -> Value?) {
            self.codingPath = codingPath
            self.names = names
            self.lookup = lookup
        }

        var allKeys: [Key] { names.compactMap(Key.init(stringValue:)) }
        func contains(_ key: Key) -> Bool { lookup(key.stringValue) != nil }

        private func get(_ key: Key) throws -> Value {
            guard let v = lookup(key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no column or field '\(key.stringValue)'; there are \(names.map { "'\($0)'" }.joined(separator: ", "))"))
            }
            return v
        }

        func decodeNil(forKey key: Key) throws -> Bool { (lookup(key.stringValue) ?? .null).isNull }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try ValueDecoder.decode(type, try get(key), codingPath + [key])
        }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            try ValueDecoder(node: .value(try get(key)), codingPath: codingPath + [key]).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try ValueDecoder(node: .value(try get(key)), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superDecoder() throws -> Decoder { ValueDecoder(node: .value(.null), codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> Decoder { ValueDecoder(node: .value(try get(key)), codingPath: codingPath + [key]) }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let items: [Value]
        let codingPath: [CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() throws -> (Value, [CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Value.self, .init(codingPath: codingPath, debugDescription: "the list has only \(items.count) items"))
            }
            defer { currentIndex += 1 }
            return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex].isNull else { return false }
            currentIndex += 1
            return true
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (v, path) = try next()
            return try ValueDecoder.decode(type, v, path)
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            let (v, path) = try next()
            return try ValueDecoder(node: .value(v), codingPath: path).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
            let (v, path) = try next()
            return try ValueDecoder(node: .value(v), codingPath: path).unkeyedContainer()
        }
        mutating func superDecoder() throws -> Decoder {
            let (v, path) = try next()
            return ValueDecoder(node: .value(v), codingPath: path)
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let value: Value
        let codingPath: [CodingKey]

        private func fail<T>(_ type: T.Type) -> DecodingError {
            if value.isNull {
                return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found null"))
            }
            return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value.typeName) \(Formatter.literal(value))"))
        }

        private func number<T>(_ type: T.Type) throws -> Double {
            guard let d = value.doubleValue else { throw fail(type) }
            return d
        }

        private func whole<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            let d = try number(type)
            guard d == d.rounded(), let i = T(exactly: d) else { throw fail(type) }
            return i
        }

        func decodeNil() -> Bool { value.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { guard let b = value.boolValue else { throw fail(type) }; return b }
        func decode(_ type: String.Type) throws -> String {
            // A date decodes as its text, so a String field reads a date column of a file.
            if case .date(let d) = value { return d.description }
            guard let s = value.stringValue else { throw fail(type) }
            return s
        }
        func decode(_ type: Double.Type) throws -> Double { try number(type) }
        func decode(_ type: Float.Type) throws -> Float { Float(try number(type)) }
        func decode(_ type: Int.Type) throws -> Int { try whole(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try whole(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try whole(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try whole(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try whole(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try whole(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try whole(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try whole(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try whole(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try whole(type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try ValueDecoder.decode(type, value, codingPath) }
    }
}
