/// Help texts for the language: every pipeline stage and every builtin function,
/// each with an example. The REPL's `:help TOPIC` reads them here, so the texts live
/// in one place; builtin texts come from the `doc` of each entry in `Builtins.all`.
public enum Help {
    /// One stage: its syntax, what it does, and an example.
    private struct StageHelp {
        let name: String
        let syntax: String
        let summary: String
        let example: String
    }

    private static let stageHelp: [StageHelp] = [
        StageHelp(name: "where", syntax: "T | where CONDITION",
                  summary: "keeps the rows for which the condition is true (null counts as false)",
                  example: "indicators | where topic == \"医药\" and target > 0.05"),
        StageHelp(name: "select", syntax: "T | select COLUMN, NAME = EXPR, …",
                  summary: "keeps the named columns, or computes new ones, in that order",
                  example: "indicators | select name, target, pct = string(target)"),
        StageHelp(name: "derive", syntax: "T | derive NAME = EXPR, …",
                  summary: "adds columns (or replaces one of the same name); later ones see earlier ones",
                  example: "indicators | derive doubled = target * 2"),
        StageHelp(name: "sort", syntax: "T | sort EXPR [desc], …",
                  summary: "orders the rows by one or more keys, ascending unless 'desc'; nulls last",
                  example: "indicators | sort topic, target desc"),
        StageHelp(name: "take", syntax: "T | take N",
                  summary: "keeps the first N rows (or list items)",
                  example: "indicators | sort target desc | take 5"),
        StageHelp(name: "skip", syntax: "T | skip N",
                  summary: "drops the first N rows (or list items)",
                  example: "indicators | skip 10 | take 5"),
        StageHelp(name: "distinct", syntax: "T | distinct [COLUMN, …]",
                  summary: "keeps one row per different value of the columns (all columns when none is named)",
                  example: "indicators | distinct section, topic"),
        StageHelp(name: "count", syntax: "T | count",
                  summary: "the number of rows (or list items)",
                  example: "projects | where stage == \"在建\" | count"),
        StageHelp(name: "group", syntax: "T | group [by KEY, …] { NAME = AGGREGATE(EXPR), … }",
                  summary: "one row per group of equal keys, with aggregates over each group's rows",
                  example: "projects | group by topic { n = count() } | sort n desc"),
        StageHelp(name: "join", syntax: "T | join OTHER on KEY, … | join OTHER on CONDITION",
                  summary: "pairs each row with the rows of OTHER that match; unmatched rows are dropped",
                  example: "projects | join indicators on topic"),
        StageHelp(name: "left join", syntax: "T | left join OTHER on KEY, …",
                  summary: "like join, but keeps unmatched rows of T with nulls for OTHER's columns",
                  example: "projects | left join indicators on topic"),
        StageHelp(name: "compare", syntax: "T | compare ACTUALS [at PERIOD] [tolerance X]",
                  summary: "compares targets with actual values: adds period, actual, expected, gap, attainment and status",
                  example: "indicators | compare actuals at \"2023-06\""),
    ]

    /// Names of the pipeline stages, in the order `:help` lists them (`left join` included).
    public static var stages: [String] { stageHelp.map(\.name) }

    /// The reserved words of the language.
    public static var keywords: [String] { Keyword.allCases.map(\.rawValue) }

    /// Names of the builtin functions, sorted.
    public static var functions: [String] { Builtins.all.map(\.name).sorted() }

    /// Every topic ``topic(_:)`` answers: stages, then functions.
    public static var topics: [String] {
        var seen = Set<String>()
        return (stages + functions).filter { seen.insert($0).inserted }
    }

    /// The help text of a stage or builtin function, with an example; nil for an unknown topic.
    /// A name that is both a stage and a function (`count`, `join`) shows both.
    public static func topic(_ name: String) -> String? {
        var parts: [String] = []
        if let s = stageHelp.first(where: { $0.name == name }) {
            parts.append("stage \(s.syntax)\n  \(s.summary)\n  example: \(s.example)")
        }
        if let b = Builtins.all.first(where: { $0.name == name }) {
            var text = "function \(b.signature)\n  \(b.doc)"
            if Aggregates.table[name] != nil {
                // all and any fold booleans: their example asks a question of each row.
                let call = name == "count" ? "count()" : name == "all" || name == "any" ? "\(name)(target > 5%)" : "\(name)(target)"
                text += "\n  example: indicators | group by topic { v = \(call) }"
            }
            parts.append(text)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n") + "\n"
    }

    /// The closest of `candidates` to a misspelt `name`, if one is close enough to suggest.
    public static func suggestion(for name: String, in candidates: [String]) -> String? {
        closest(to: name, in: candidates)
    }
}
