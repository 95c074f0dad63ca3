/// The types of what builtins and aggregates give, for `--check`: the one table of
/// them. A function missing here gives a value of unknown type, about which nothing
/// is reported. Every entry gives its type or null, whatever its arguments.
enum ResultTypes {
    /// Builtins by name. Numbers that keep a percentage's style (`round(7.5%)`) are
    /// listed as numbers: the two are the same type for every operator.
    static let builtins: [String: ColumnType] = [
        "len": .number, "abs": .number, "round": .number, "floor": .number, "ceil": .number,
        "sqrt": .number, "pow": .number, "number": .number, "date_diff": .number,
        "year": .number, "month": .number, "quarter": .number, "day": .number,
        "upper": .text, "lower": .text, "trim": .text, "ltrim": .text, "rtrim": .text, "string": .text,
        "contains": .boolean, "starts_with": .boolean, "ends_with": .boolean, "is_null": .boolean,
        "date": .date, "today": .date, "add_months": .date, "month_end": .date,
    ]

    /// An aggregate of `group` over a column of type `argument` (nil: unknown).
    static func aggregate(_ name: String, _ argument: ColumnType?) -> ColumnType? {
        switch name {
        case "count", "count_distinct": return .number
        case "sum", "avg", "median", "stddev": return argument?.isNumeric == true ? .number : nil
        case "min", "max", "first", "last": return argument
        case "all", "any": return .boolean
        default: return nil
        }
    }

    /// A window function over a column of type `argument`.
    static func window(_ name: String, _ argument: ColumnType?) -> ColumnType? {
        switch name {
        case "row_number", "rank", "dense_rank": return .number
        case "moving_avg", "moving_sum", "cumsum": return argument?.isNumeric == true ? .number : nil
        case "lag", "lead": return argument
        default: return nil
        }
    }
}
