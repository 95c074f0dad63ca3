/// The type of a column's values as known before running. What `--check` needs to
/// tell a type error that would certainly happen: `name * 2` where `name` is text.
enum ColumnType: Equatable {
    case number, percent, text, boolean, date

    /// The type of a value, or nil for null and for values no column type names.
    init?(_ v: Value) {
        switch v {
        case .number: self = .number
        case .percent: self = .percent
        case .string: self = .text
        case .bool: self = .boolean
        case .date: self = .date
        default: return nil
        }
    }

    /// The name messages give this type, the one ``Value/typeName`` gives its values.
    var typeName: String {
        switch self {
        case .number, .percent: return "number"
        case .text: return "string"
        case .boolean: return "boolean"
        case .date: return "date"
        }
    }

    var isNumeric: Bool { self == .number || self == .percent }
}

/// The columns of a table as known before running: their names, in order, and the
/// types of those whose type is certain. What `--check` carries through a pipeline's
/// stages to find unknown columns and type errors.
struct Schema: Equatable {
    var names: [String]
    /// The type of each column whose every value is known to be of one type (or null).
    var types: [String: ColumnType] = [:]
    /// Whether the table certainly has a row, so that an expression over its rows runs:
    /// a table the engine holds with rows or a literal one, through stages that keep
    /// one (not after `where`, `take`, `skip` or an inner join).
    var hasRows = false

    init(_ names: [String], types: [String: ColumnType] = [:], hasRows: Bool = false) {
        self.names = names
        self.types = types
        self.hasRows = hasRows
    }

    /// A table's columns, typed by their storage; a column holding only nulls has no type.
    init(_ t: Table) {
        names = t.names
        hasRows = t.rowCount > 0
        for (name, col) in zip(t.names, t.columns) {
            var type: ColumnType?
            for i in 0..<col.count {
                let v = col[i]
                if v.isNull { continue }
                type = ColumnType(v)
                if case .any = col.storage {
                    // Boxed values: typed only when all of them are of one type (numbers and
                    // percentages are both numbers).
                    for j in i..<col.count where !col[j].isNull {
                        let t = ColumnType(col[j])
                        if t == type { continue }
                        if t?.isNumeric == true && type?.isNumeric == true { type = .number; continue }
                        type = nil
                        break
                    }
                }
                break
            }
            if let type { types[name] = type }
        }
    }

    /// The schema of a literal list of records: columns in order of first appearance,
    /// typed where every record's field is a literal of one type.
    init?(literal e: Expr) {
        guard case .list(let items) = e.kind, !items.isEmpty else { return nil }
        var names: [String] = []
        var types: [String: ColumnType?] = [:]
        for item in items {
            guard case .record(let fields) = item.kind else { return nil }
            for f in fields {
                if !names.contains(f.name) { names.append(f.name) }
                let t = ColumnType(literal: f.value)
                if case .null = f.value.kind { continue }
                if let seen = types[f.name] { if seen != t { types[f.name] = .some(nil) } } else { types[f.name] = .some(t) }
            }
        }
        self.names = names
        self.types = types.compactMapValues { $0 }
        hasRows = true
    }

    subscript(_ name: String) -> ColumnType? { types[name] }

    /// With `name` added at the end, or kept in place when present, of type `type`.
    func adding(_ name: String, _ type: ColumnType? = nil) -> Schema {
        var out = self
        if !names.contains(name) { out.names.append(name) }
        out.types[name] = type
        return out
    }
}

extension ColumnType {
    /// The type of a literal: a number, percentage, string or boolean.
    init?(literal e: Expr) {
        switch e.kind {
        case .number(_, let style): self = style == .percent ? .percent : .number
        case .string: self = .text
        case .bool: self = .boolean
        default: return nil
        }
    }
}

/// A stage whose output columns follow from its input's before running. A stage
/// without this conformance (compare, `f(x)`) ends what `--check` knows of the
/// pipeline; its expressions are still checked, with its columns taken as unknown.
protocol SchemaStage {
    /// Checks the stage's expressions against `input` and reports the output's columns,
    /// or nil when they are not known.
    func schema(_ input: Schema, _ checker: inout Checker) -> Schema?
}
