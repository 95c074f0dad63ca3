// Small read-only views that interactive tools (the REPL) need beyond the engine's
// facade: a table's column types and string values, a value as a table, text width.

/// Column types and values, for `:schema` and the completion of column values.
extension Table {
    /// The type of a column's values: "number", "percent", "string", "boolean",
    /// "null" (only nulls), "any" (mixed), or a value type name; nil for an unknown column.
    public func typeName(of column: String) -> String? {
        index(of: column).map { columns[$0].typeName }
    }

    /// The different strings of a string column, in order of first appearance;
    /// nil when the column is unknown or does not hold strings.
    public func strings(of column: String) -> [String]? {
        guard let k = index(of: column), case .string(let codes, let dictionary) = columns[k].storage else { return nil }
        var used = [Bool](repeating: false, count: dictionary.count)
        var out: [String] = []
        for c in codes where c >= 0 && !used[Int(c)] {
            used[Int(c)] = true
            out.append(dictionary.strings[Int(c)])
        }
        return out
    }
}

extension Value {
    /// The value as a table when it is one or is a list of records (the implicit
    /// conversion stages make); nil otherwise.
    public var tableView: Table? { asTable }
}

extension Formatter {
    /// Width of text on a terminal, in cells: CJK characters take two (wcwidth(3)).
    public static func displayWidth(_ s: String) -> Int { TextWidth.of(s) }
}
