import IQL

/// A command of the prompt that is not iql: `:help`, `:tables`, `:schema`, `:load`,
/// `:format`, `:lang`, `:timing`, `:quit`. This table is the one place their names and help live.
public struct MetaCommand: Sendable {
    /// The name, without the colon.
    public let name: String
    /// How its argument is written, empty when it takes none.
    public let arguments: String
    /// What it does.
    public let summary: String
    /// A use of it.
    public let example: String

    /// Every meta command, in the order `:help` lists them.
    public static let all: [MetaCommand] = [
        MetaCommand(name: "help", arguments: "[TOPIC]",
                    summary: "lists commands, stages and functions; with a topic, explains that stage, function or command",
                    example: ":help where"),
        MetaCommand(name: "tables", arguments: "", summary: "lists the tables of the session with their sizes",
                    example: ":tables"),
        MetaCommand(name: "schema", arguments: "NAME", summary: "shows a table's columns with their types, and its row count",
                    example: ":schema indicators"),
        MetaCommand(name: "load", arguments: "FILE", summary: "runs a script in the session; its definitions stay",
                    example: ":load report.iql"),
        MetaCommand(name: "format", arguments: "table|csv|json|markdown|html", summary: "sets how results are shown (without an argument, shows it)",
                    example: ":format csv"),
        MetaCommand(name: "lang", arguments: "zh|en", summary: "sets the language of messages, status labels and figures (without an argument, shows it)",
                    example: ":lang zh"),
        MetaCommand(name: "timing", arguments: "on|off", summary: "shows how long each statement took",
                    example: ":timing on"),
        MetaCommand(name: "quit", arguments: "", summary: "leaves iql, as Ctrl-D on an empty line does",
                    example: ":quit"),
    ]

    /// The command called `name` (without colon).
    public static func named(_ name: String) -> MetaCommand? { all.first { $0.name == name } }

    /// What it does, in `language`.
    public func summary(_ language: Language) -> String {
        Localized(zh: REPLText.commandSummaries[name] ?? summary, en: summary).text(language)
    }

    /// The help text shown by `:help NAME`, in `language`.
    public func help(_ language: Language = .en) -> String {
        "\(REPLText.command.text(language)) :\(name)\(arguments.isEmpty ? "" : " " + arguments)\n  \(summary(language))\n  \(REPLText.example.text(language))\(example)\n"
    }
}
