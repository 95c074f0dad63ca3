/// A table: named, typed columns of equal length.
/// @unchecked: its columns are (see Column).
public struct Table: @unchecked Sendable {
    /// Column names, in order.
    public private(set) var names: [String]
    var columns: [Column]
    /// Number of rows.
    public let rowCount: Int

    init(names: [String], columns: [Column], rowCount: Int) {
        self.names = names
        self.columns = columns
        self.rowCount = rowCount
    }

    /// A table from records; columns appear in order of first appearance, missing fields are null.
    init(records: [Record]) {
        var names: [String] = []
        var position: [String: Int] = [:]
        for r in records {
            for n in r.names where position[n] == nil {
                position[n] = names.count
                names.append(n)
            }
        }
        var builders = Array(repeating: ColumnBuilder(capacity: records.count), count: names.count)
        for r in records {
            var seen = Array(repeating: false, count: names.count)
            for (n, v) in zip(r.names, r.values) {
                let k = position[n]!
                builders[k].append(v)
                seen[k] = true
            }
            for k in 0..<names.count where !seen[k] { builders[k].append(.null) }
        }
        self.init(names: names, columns: builders.map { $0.finish() }, rowCount: records.count)
    }

    static let empty = Table(names: [], columns: [], rowCount: 0)

    /// Column names as a file gives them, made unique the one way every reader does:
    /// an empty name becomes `column_N` and a repeated one gets `_2`, `_3`, … (a
    /// script's own repeated names, in a record or a `select`, are errors instead).
    static func uniqueNames<S: Sequence>(_ given: S) -> [String] where S.Element == String {
        var names: [String] = []
        var taken = Set<String>()
        for name in given {
            let text = name.isEmpty ? "column_\(names.count + 1)" : name
            var unique = text, n = 2
            while taken.contains(unique) { unique = "\(text)_\(n)"; n += 1 }
            taken.insert(unique)
            names.append(unique)
        }
        return names
    }

    /// Index of the column called `name`.
    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The row at `i` as a record.
    public func row(_ i: Int) -> Record {
        Record(names: names, values: columns.map { $0[i] })
    }

    /// Every row as a record.
    public var rows: [Record] { (0..<rowCount).map(row) }

    /// The values of one column.
    public func values(of name: String) -> [Value]? {
        index(of: name).map { columns[$0].values }
    }

    func gather(_ indices: [Int], _ workers: Parallel = .serial) -> Table {
        Table(names: names, columns: columns.map { $0.gather(indices, workers) }, rowCount: indices.count)
    }

    /// A copy with `column` added at the end, or replacing the column of that name in place.
    func setting(_ name: String, _ column: Column) -> Table {
        var t = self
        if let i = index(of: name) { t.columns[i] = column } else { t.names.append(name); t.columns.append(column) }
        return t
    }
}
