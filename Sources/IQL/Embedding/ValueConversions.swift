// MARK: - Building values in Swift

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `nil` is iql's `null`.
    public init(nilLiteral: ()) { self = .null }
    /// `true` and `false` are iql booleans.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal is an iql number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A floating-point literal is an iql number; NaN becomes null, as everywhere in iql.
    public init(floatLiteral value: Double) { self = Value.num(value) }
    /// A string literal is an iql string, so parameters read `["topic": "GDP"]`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal is an iql list.
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    /// A dictionary literal is an iql record, fields in the order written.
    public init(dictionaryLiteral elements: (String, Value)...) { self = .record(Record(elements)) }

    /// A number; NaN becomes null (iql has no NaN).
    public init(_ number: Double) { self = Value.num(number) }
    /// A whole number.
    public init(_ number: Int) { self = .number(Double(number)) }
    /// A string.
    public init(_ string: String) { self = .string(string) }
    /// A boolean.
    public init(_ bool: Bool) { self = .bool(bool) }
    /// A date.
    public init(_ date: CalendarDate) { self = .date(date) }
    /// A table.
    public init(_ table: Table) { self = .table(table) }
    /// A number, string, boolean or null from an optional.
    public init<T: HostResult>(_ optional: T?) { self = optional.map { $0.iqlValue } ?? .null }

    /// The value of any `Encodable` Swift value: structs and dictionaries become records,
    /// arrays lists, numbers numbers, `nil` null; an array of structs becomes a list of
    /// records, which iql treats as a table.
    /// - Throws: ``IQLError`` if the value cannot be encoded (a non-string dictionary key,
    ///   for instance).
    public init<T: Encodable>(encoding value: T) throws {
        self = try ValueEncoder.encode(value)
    }
}

// MARK: - Reading values in Swift

extension Value {
    /// The number held, if it is a whole number that fits an `Int`.
    public var intValue: Int? {
        guard let d = doubleValue, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }

    /// The items, if this is a list (a table gives its rows as records).
    public var listValue: [Value]? {
        switch self {
        case .list(let xs): return xs
        case .table(let t): return t.rows.map(Value.record)
        default: return nil
        }
    }

    /// The record, if this is one.
    public var recordValue: Record? { if case .record(let r) = self { return r }; return nil }

    /// The rows as records (column names and one row's values), if this is a table or
    /// a list of records (what iql treats as a table).
    public var rows: [Record]? { asTable?.rows }

    /// The value as a table, if it is a table or a list of records.
    public var table: Table? { asTable }

    /// The value as text in one of the CLI's formats, every row included
    /// (the CLI's own `table` format cuts long tables at 40 rows; this does not).
    public func rendered(as format: OutputFormat) -> String {
        Renderer(format: format, maxRows: 0).render(self)
    }

    /// Decodes this value into a Swift type: a table or list of records into an array of
    /// structs, a record into a struct, a number into `Double` or `Int`, and so on.
    /// - Throws: `DecodingError` naming the field whose value does not fit.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try ValueDecoder.decode(T.self, self, [])
    }
}

extension Double {
    /// The number an iql value holds; nil for anything else, null included.
    public init?(_ value: Value) {
        guard let d = value.doubleValue else { return nil }
        self = d
    }
}

extension Int {
    /// The whole number an iql value holds; nil for anything else, fractions included.
    public init?(_ value: Value) {
        guard let i = value.intValue else { return nil }
        self = i
    }
}

extension String {
    /// The string an iql value holds; nil for anything else (use `description` to format any value).
    public init?(_ value: Value) {
        guard let s = value.stringValue else { return nil }
        self = s
    }
}

extension Bool {
    /// The boolean an iql value holds; nil for anything else, null included.
    public init?(_ value: Value) {
        guard let b = value.boolValue else { return nil }
        self = b
    }
}

extension Record {
    /// The value of the field called `name`, or nil if there is none.
    public func value(_ name: String) -> Value? { self[name] }
}
