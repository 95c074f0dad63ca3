extension Engine {
    /// Defines (or replaces) a global table visible to every later query.
    ///
    /// ```swift
    /// engine.define("sales", try Table(columns: ["city": .strings(["杭州"]), "amount": .numbers([3.5])]))
    /// ```
    public func define(_ name: String, _ table: Table) {
        define(name, .table(table))
    }

    /// Defines (or replaces) a global table with one row per element of `rows`
    /// (see ``Table/init(rows:)``).
    /// - Throws: ``IQLError`` if the rows cannot be encoded as a table.
    public func define<T: Encodable>(_ name: String, rows: [T]) throws {
        define(name, .table(try Table(rows: rows)))
    }

    /// Defines (or replaces) a global from any `Encodable` value (see ``Value/init(encoding:)``).
    /// - Throws: ``IQLError`` if the value cannot be encoded.
    public func define<T: Encodable>(_ name: String, encoding value: T) throws {
        define(name, try Value(encoding: value))
    }
}

extension Diagnostic {
    /// The 1-based line of the start of the problem, if it has a location.
    public var line: Int? { location?.line }
    /// The 1-based column (in Unicode scalars) of the start of the problem, if it has a location.
    public var column: Int? { location?.column }
    /// The 1-based line and column where the problem ends (exclusive), for underlining.
    public var end: (line: Int, column: Int)? { location.map { $0.file.location(of: $0.range.end) } }
    /// A suggestion to fix the problem, such as `did you mean 'target'?` (the same as ``hint``).
    public var suggestion: String? { hint }
}

extension IQLError {
    /// The message of the first diagnostic: what a one-line error display shows.
    public var message: String { diagnostics.first?.message ?? "" }
    /// The line of the first diagnostic, if it has a location.
    public var line: Int? { diagnostics.first?.line }
    /// The column of the first diagnostic, if it has a location.
    public var column: Int? { diagnostics.first?.column }
}
