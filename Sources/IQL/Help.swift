/// Help texts for the language: every pipeline stage and every builtin function,
/// each with an example. The REPL's `:help TOPIC` reads them here, so the texts live
/// in one place; builtin texts come from the `doc` of each entry in `Builtins.all`.
public enum Help {
    /// Names of the pipeline stages, in the order `:help` lists them (`left join` included).
    public static var stages: [String] { StageRegistry.all.map(\.name) }

    /// The reserved words of the language.
    public static var keywords: [String] { Keyword.allCases.map(\.rawValue) }

    /// Names of the builtin functions, sorted.
    public static var functions: [String] { Builtins.all.map(\.name).sorted() }

    /// Functions that work only inside `window … { }` (`lag`, `cumsum`, …), sorted.
    public static var windowFunctions: [String] { WindowFunction.names.sorted() }

    /// Every topic ``topic(_:)`` answers: stages, then functions.
    public static var topics: [String] {
        var seen = Set<String>()
        return (stages + functions).filter { seen.insert($0).inserted }
    }

    /// The help text of a stage or builtin function, with an example, in `language`
    /// (the syntax and the example are code, the same in both); nil for an unknown topic.
    /// A name that is both a stage and a function (`count`, `join`) shows both.
    public static func topic(_ name: String, language: Language = .en) -> String? {
        var parts: [String] = []
        let words = Messages.helpWords(language)
        if let s = StageRegistry.all.first(where: { $0.name == name }) {
            parts.append("\(words.stage) \(s.syntax)\n  \(Messages.summary(s).text(language))\n  \(words.example)\(s.example)")
        }
        if let b = Builtins.all.first(where: { $0.name == name }) {
            var text = "\(words.function) \(b.signature)\n  \(Messages.doc(b).text(language))"
            if Aggregates.table[name] != nil {
                // all and any fold booleans: their example asks a question of each row.
                let call = name == "count" ? "count()" : name == "all" || name == "any" ? "\(name)(target > 5%)" : "\(name)(target)"
                text += "\n  \(words.example)indicators | group by topic { v = \(call) }"
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
