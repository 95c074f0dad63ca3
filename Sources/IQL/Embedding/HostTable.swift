import Foundation

// Tables from host data. A host hands iql its data as columns (the way iql stores
// tables) or as an array of `Encodable` rows, which are encoded straight into typed
// column builders: no dictionary is made per row.

extension Column {
    /// A number column; NaN is null.
    public static func numbers(_ values: [Double]) -> Column { Column(.number(values)) }

    /// A number column with nulls.
    public static func numbers(_ values: [Double?]) -> Column { Column(.number(values.map { $0 ?? .nan })) }

    /// A number column shown as percentages: `0.07` prints `7%`.
    public static func percents(_ values: [Double?]) -> Column {
        Column(.number(values.map { $0 ?? .nan }), style: .percent)
    }

    /// A string column; each distinct string is stored once.
    public static func strings(_ values: [String]) -> Column {
        let dict = StringDictionary()
        return Column(.string(values.map(dict.intern), dict))
    }

    /// A string column with nulls.
    public static func strings(_ values: [String?]) -> Column {
        let dict = StringDictionary()
        return Column(.string(values.map { $0.map(dict.intern) ?? -1 }, dict))
    }

    /// A boolean column with nulls.
    public static func booleans(_ values: [Bool?]) -> Column {
        Column(.bool(values.map { $0.map { $0 ? 1 : 0 } ?? -1 }))
    }

    /// A date column with nulls.
    public static func dates(_ values: [CalendarDate?]) -> Column {
        Column(.date(values.map { $0?.daysSinceEpoch ?? Column.nullDay }))
    }

    /// A column of any iql values, typed by what they hold (all numbers make a number column).
    public static func values(_ values: [Value]) -> Column { Column(values) }

    /// The value at row `index`. It is an error to pass an index outside `0..<count`.
    public func value(at index: Int) -> Value { self[index] }
}

extension Table {
    /// A table from named columns, in the order given:
    ///
    /// ```swift
    /// let sales = try Table(columns: [
    ///     "city": .strings(["杭州", "宁波"]),
    ///     "gdp": .numbers([2.0, 1.6]),
    /// ])
    /// ```
    /// - Throws: ``IQLError`` if two columns have the same name or different lengths.
    public init(columns: KeyValuePairs<String, Column>) throws {
        try self.init(columns: columns.map { ($0.key, $0.value) })
    }

    /// A table from `(name, column)` pairs, in the order given.
    /// - Throws: ``IQLError`` if two columns have the same name or different lengths.
    public init(columns: [(String, Column)]) throws {
        var names: [String] = []
        for (name, column) in columns {
            if names.contains(name) { throw IQLError(Diagnostic(.type, Messages.hostColumnTwice(name), at: nil)) }
            if let first = columns.first, column.count != first.1.count {
                throw IQLError(Diagnostic(.type, Messages.hostColumnLengths(name, column.count, first.0, first.1.count), at: nil))
            }
            names.append(name)
        }
        self.init(names: names, columns: columns.map(\.1), rowCount: columns.first?.1.count ?? 0)
    }

    /// A table with one row per element and one column per stored property (or coding key),
    /// in the order the first row encodes them. A property missing from a row (a `nil`
    /// optional) is null there; nested arrays and structs become lists and records.
    ///
    /// ```swift
    /// struct Project: Encodable { let name: String; let budget: Double? }
    /// let t = try Table(rows: [Project(name: "港区二期", budget: 12.5)])
    /// ```
    /// - Throws: ``IQLError`` if a row does not encode as a keyed container (a plain
    ///   number, for instance) or cannot be encoded.
    public init<T: Encodable>(rows: [T]) throws {
        let encoder = TableEncoder(capacity: rows.count)
        for row in rows {
            try encoder.beginRow()
            do {
                try row.encode(to: RowEncoder(table: encoder))
            } catch let e as IQLError {
                throw e
            } catch {
                throw IQLError(Diagnostic(.type, Messages.rowNotEncodable(encoder.rowCount, error), at: nil))
            }
        }
        self = try encoder.finish()
    }

    /// The column called `name`, if there is one.
    public func column(_ name: String) -> Column? { index(of: name).map { columns[$0] } }

    /// Decodes every row into a Swift type whose coding keys name columns.
    /// Numbers decode as `Double`, `Int` (when whole) or `Float`, nulls as `nil` optionals.
    ///
    /// ```swift
    /// struct Row: Decodable { let city: String; let total: Double }
    /// let rows = try engine.evaluate("sales | group city { total = sum(amount) }").decode([Row].self)
    /// ```
    /// - Throws: `DecodingError` naming the row and column that do not fit.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> [T] {
        let lookup = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return try (0..<rowCount).map { i in
            try T(from: ValueDecoder(node: .row(self, i, lookup), codingPath: [IndexKey(i)]))
        }
    }
}

// MARK: - Encoding rows into columns

/// Column builders for a table being encoded row by row.
final class TableEncoder {
    private var names: [String] = []
    private var position: [String: Int] = [:]
    private var builders: [ColumnBuilder] = []
    /// Rows each builder holds, to pad the fields a row left out with null.
    private var filled: [Int] = []
    /// Fields written through a nested container, known only when the row is done.
    private var pending: [(Int, ValueEncoder.Box)] = []
    private let capacity: Int
    private(set) var rowCount = 0

    init(capacity: Int) { self.capacity = capacity }

    /// Finishes the previous row, then starts a row.
    func beginRow() throws {
        try finishRow()
        rowCount += 1
    }

    /// The builder index of the column `name`, added (null so far) if new.
    private func column(_ name: String) throws -> Int {
        if let i = position[name] {
            if filled[i] == rowCount { throw IQLError(Diagnostic(.type, Messages.fieldTwice(rowCount, name), at: nil)) }
            return i
        }
        let k = names.count
        position[name] = k
        names.append(name)
        var b = ColumnBuilder(capacity: capacity)
        for _ in 0..<max(0, rowCount - 1) { b.append(.null) }
        builders.append(b)
        filled.append(max(0, rowCount - 1))
        return k
    }

    func set(_ name: String, _ value: Value) throws {
        let k = try column(name)
        builders[k].append(value)
        filled[k] += 1
    }

    /// Reserves `name` in this row for a value a nested container is still filling in.
    func reserve(_ name: String, _ box: ValueEncoder.Box) throws {
        let k = try column(name)
        filled[k] += 1
        pending.append((k, box))
    }

    private func finishRow() throws {
        for (k, box) in pending { builders[k].append(try box.value()) }
        pending.removeAll()
        for k in builders.indices where filled[k] < rowCount {
            builders[k].append(.null)
            filled[k] += 1
        }
    }

    func finish() throws -> Table {
        try finishRow()
        return Table(names: names, columns: builders.map { $0.finish() }, rowCount: rowCount)
    }
}

/// The encoder a row is encoded with: its keyed container writes into the table's columns.
private struct RowEncoder: Encoder {
    let table: TableEncoder
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RowContainer(table: table))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer { NotKeyed.unkeyed }
    func singleValueContainer() -> SingleValueEncodingContainer { NotKeyed.single }

    /// A row that is not a struct or dictionary: every write fails with one message.
    private struct NotKeyed: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        static let unkeyed = NotKeyed()
        static let single = NotKeyed()
        var codingPath: [CodingKey] { [] }
        var count: Int { 0 }
        private var error: Error { IQLError(Diagnostic(.type, Messages.rowShape, at: nil)) }
        func encodeNil() throws { throw error }
        func encode<T: Encodable>(_ value: T) throws { throw error }
        func nestedContainer<K: CodingKey>(keyedBy: K.Type) -> KeyedEncodingContainer<K> { KeyedEncodingContainer(Failing<K>(error: error)) }
        func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { self }
        func superEncoder() -> Encoder { ValueEncoder(box: ValueEncoder.Box(), codingPath: []) }
    }

    private struct Failing<K: CodingKey>: KeyedEncodingContainerProtocol {
        let error: Error
        var codingPath: [CodingKey] { [] }
        func encodeNil(forKey key: K) throws { throw error }
        func encode<T: Encodable>(_ value: T, forKey key: K) throws { throw error }
        func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: K) -> KeyedEncodingContainer<N> { KeyedEncodingContainer(Failing<N>(error: error)) }
        func nestedUnkeyedContainer(forKey key: K) -> UnkeyedEncodingContainer { NotKeyed.unkeyed }
        func superEncoder() -> Encoder { ValueEncoder(box: ValueEncoder.Box(), codingPath: []) }
        func superEncoder(forKey key: K) -> Encoder { superEncoder() }
    }
}

/// Writes each field of a row straight into its column; scalars never pass through a dictionary.
private struct RowContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let table: TableEncoder
    var codingPath: [CodingKey] { [] }

    func encodeNil(forKey key: Key) throws { try table.set(key.stringValue, .null) }
    func encode(_ value: Bool, forKey key: Key) throws { try table.set(key.stringValue, .bool(value)) }
    func encode(_ value: String, forKey key: Key) throws { try table.set(key.stringValue, .string(value)) }
    func encode(_ value: Double, forKey key: Key) throws { try table.set(key.stringValue, Value.num(value)) }
    func encode(_ value: Float, forKey key: Key) throws { try table.set(key.stringValue, Value.num(Double(value))) }
    func encode(_ value: Int, forKey key: Key) throws { try table.set(key.stringValue, .number(Double(value))) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try table.set(key.stringValue, try ValueEncoder.encode(value, at: [key]))
    }

    func nestedContainer<N: CodingKey>(keyedBy: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
        let box = ValueEncoder.Box()
        do { try table.reserve(key.stringValue, box) } catch { box.fail(error) }
        return ValueEncoder(box: box, codingPath: [key]).container(keyedBy: N.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let box = ValueEncoder.Box()
        do { try table.reserve(key.stringValue, box) } catch { box.fail(error) }
        return ValueEncoder(box: box, codingPath: [key]).unkeyedContainer()
    }

    func superEncoder() -> Encoder { RowEncoder(table: table) }
    func superEncoder(forKey key: Key) -> Encoder { RowEncoder(table: table) }
}
