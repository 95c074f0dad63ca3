/// Every message text of iql, in one place, so wording stays consistent:
/// say what was expected and what was found, quote source in '…', name types.
enum Messages {
    static func unknownName(_ name: String) -> String { "unknown name '\(name)'" }
    static func unknownNameInStage(_ name: String) -> String {
        "unknown name '\(name)': no column, variable or function has that name"
    }
    static func unknownColumn(_ name: String) -> String { "unknown column '\(name)'" }
    static func unknownField(_ name: String) -> String { "record has no field '\(name)'" }
    static func unknownFunction(_ name: String) -> String { "unknown function '\(name)'" }
    static func didYouMean(_ s: String) -> String { "did you mean '\(s)'?" }
    static func binary(_ verb: String, _ a: Value, _ b: Value) -> String { binary(verb, a.typeName, b.typeName) }
    static func expected(_ what: String, _ found: Value) -> String { expected(what, typeName: found.typeName) }
    static func notCallable(_ v: Value) -> String { "cannot call a \(v.typeName)" }
    static func arity(_ name: String, _ expected: String, _ found: Int) -> String {
        "'\(name)' takes \(expected), but \(found) \(found == 1 ? "was" : "were") given"
    }
    static func limit(_ name: String, _ detail: String) -> String {
        "evaluation stopped: limit '\(name)' exceeded (\(detail))"
    }
    /// A size for messages: `512 MiB`, `3.2 GiB`, `900 bytes`.
    static func bytes(_ n: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where n >= size { return "\(Formatter.number((Double(n) / Double(size) * 100).rounded() / 100)) \(name)" }
        return "\(n) bytes"
    }
    static let memoryHint = "the memory budget is Limits.memoryBytes (iql --max-memory)"
    static func notPermitted(_ what: String) -> String {
        "\(what) is not permitted: this engine was not granted file access"
    }
    static let databaseNotPermitted = "reading a database is not permitted: this engine was not granted database access"
    static func databaseUnreachable(_ server: String, _ why: String) -> String {
        "cannot connect to PostgreSQL at \(server): \(why)"
    }
    static func databaseLogin(_ server: String, _ why: String) -> String {
        "PostgreSQL at \(server) refused the login: \(why)"
    }
    static let databasePasswordHint = "give the password in PGPASSWORD or ~/.pgpass rather than in the URL"
    static func databaseError(_ server: String, _ why: String) -> String { "PostgreSQL at \(server): \(why)" }
    static func databaseTimeout(_ server: String) -> String {
        "evaluation stopped: limit 'time_ms' exceeded while PostgreSQL at \(server) was running the query (it was cancelled)"
    }
    static func databaseCancelled(_ server: String) -> String { "the query on PostgreSQL at \(server) was cancelled" }
    static func databaseLost(_ server: String, _ why: String) -> String {
        "lost the connection to PostgreSQL at \(server): \(why)"
    }
    static func windowOnly(_ name: String) -> String {
        "'\(name)' is a window function: it works only inside 'window … { }'"
    }
    static func windowOnlyHint(_ name: String) -> String {
        "as in t | window by id sort period { x = \(call(name, "value")) }"
    }
    static func uncalled(_ name: String, window: Bool) -> String {
        "'\(name)' is \(window ? "a window" : "an aggregate") function: call it"
    }
    /// A call of an aggregate or window function as an example: `count()`, `sum(COLUMN)`, `moving_avg(COLUMN, 3)`.
    static func call(_ name: String, _ column: String = "COLUMN") -> String {
        switch name {
        case "count", "row_number", "rank", "dense_rank": return "\(name)()"
        case "moving_avg", "moving_sum": return "\(name)(\(column), 3)"
        default: return "\(name)(\(column))"
        }
    }
    static func noFileMatches(_ pattern: String) -> String { "no file matches '\(pattern)'" }
    static func nullComparison(_ op: String) -> String {
        "'\(op) null' is always null, whatever the value: a comparison with null is null"
    }
    static func lineStartsWithOperator(_ op: String) -> String {
        "a line cannot start with \(op): only '|' at the start of a line continues the statement above"
    }
    static let singleQuotes = "strings are written in double quotes, not single quotes"
    static func needsNumbers(_ function: String, _ found: String) -> String {
        "'\(function)' needs numbers, found a column of \(found)"
    }
    static func tooManyCells(_ stage: String, _ rows: Int, _ columns: Int, _ limit: Int) -> String {
        "'\(stage)' would make \(rows) rows × \(columns) columns, more than \(limit) cells"
    }
    static let foreignFunction = "this function was made by another engine and can only run there"
    static func notAggregated(_ name: String) -> String {
        "column '\(name)' is neither a group key nor inside an aggregate"
    }
    static func unreadablePeriod(_ found: Value) -> String {
        if case .string = found { return "cannot read \(Formatter.literal(found)) as a period" }
        return expected("a period such as \"2023-06\"", found)
    }
    static let periodSpellings = "a period is written 2023-06, 2023-Q2, 2023-H1, 2023, 2023年6月, 2023年二季度, 2023年上半年 or 2023年1-5月 (January to May); without the year (6月, 一季度, 上半年, 1-5月) it is in the current year"
    static func badPattern(_ pattern: String, _ error: Error) -> String {
        "invalid regular expression \(Formatter.quoted(pattern)): \(error)"
    }
    static let patternHint = "patterns are Swift regular expressions, such as \"^[0-9]+%$\"; in an iql string a backslash is written twice: \"\\\\d+\""
    /// A hint when a date meets text, as a file's date column meets `"2023-06-30"`.
    static func dateAgainstText(_ a: Value, _ b: Value) -> String? {
        switch (a, b) {
        case (.date, .string(let s)), (.string(let s), .date):
            return "a date is compared with a date: write date(\(Formatter.quoted(s)))"
        default: return nil
        }
    }
    static let dateSpellings = "make a date with date(\"2023-06-30\") or date(2023, 6, 30)"

    // MARK: Type errors, by type name: the runtime's (of values) and --check's (of
    // types known before running) say the same.

    static func binary(_ verb: String, _ a: String, _ b: String) -> String { "cannot \(verb) \(a) and \(b)" }
    static func expected(_ what: String, typeName: String) -> String { "expected \(what), found \(typeName)" }
    static func negate(_ typeName: String) -> String { "cannot negate a \(typeName)" }
    static let addTextHint = "to join text use interpolation, as in \"\\(x) items\", or string(x)"
    static func sortByNegatedText(_ text: String) -> String { "cannot sort by '-\(text)': '-' negates numbers, and '\(text)' is text" }
    static func sortByNegatedTextHint(_ text: String) -> String { "to sort text in reverse order write 'sort \(text) desc'" }
}

/// The closest of `candidates` to `name` by edit distance, if close enough to suggest.
func closest(to name: String, in candidates: [String]) -> String? {
    let a = Array(name.lowercased())
    var best: (String, Int)? = nil
    for c in Set(candidates) where c != name {
        let d = editDistance(a, Array(c.lowercased()))
        let limit = max(1, min(3, (max(a.count, c.count) + 1) / 3))
        if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
    }
    return best?.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = prev
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
