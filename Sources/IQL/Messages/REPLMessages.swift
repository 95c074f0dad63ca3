/// The texts of the prompt (`iql` without a script): its meta commands, `:help`, and the
/// errors of meta commands. The REPL is a client of the library; its words live here with
/// every other text, in both languages.
package enum REPLText {
    package static let banner = Localized(zh: "iql：输入 :help 查看帮助，Ctrl-D 退出", en: "iql: type :help for help, Ctrl-D to leave")
    /// The word before a meta command's error, the diagnostics' own: `error` / `错误`.
    package static let errorWord = Messages.severity(.error)
    /// What follows that word: `: ` in English, `：` in Chinese.
    package static func separator(_ language: Language) -> String { language == .zh ? "：" : ": " }
    package static func unknownFormat(_ f: String) -> Localized {
        Localized(zh: "未知的格式'\(f)'：请用 table、csv、json、markdown 或 html", en: "unknown format '\(f)': use table, csv, json, markdown or html")
    }
    package static func unknownLanguage(_ l: String) -> Localized {
        Localized(zh: "未知的语言'\(l)'：请用 zh 或 en", en: "unknown language '\(l)': use zh or en")
    }
    package static let historySearch = Localized(zh: "（搜索历史：输入以前某条语句的一部分；再按 Ctrl-R 找更早的匹配，Enter 采用，Ctrl-G 放弃）",
                                                 en: "(history search: type part of an earlier statement; Ctrl-R again for an older match, Enter takes it, Ctrl-G gives up)")
    package static let timingArgument = Localized(zh: "':timing'接受'on'或'off'", en: "':timing' takes 'on' or 'off'")
    package static func unknownCommand(_ name: String, suggestion: String?) -> Localized {
        if let s = suggestion {
            return Localized(zh: "未知的命令':\(name)'；是不是':\(s)'？", en: "unknown command ':\(name)'; did you mean ':\(s)'?")
        }
        return Localized(zh: "未知的命令':\(name)'；':help'列出所有命令", en: "unknown command ':\(name)'; ':help' lists the commands")
    }
    package static func noHelp(_ topic: String, suggestion: String?) -> Localized {
        if let s = suggestion {
            return Localized(zh: "没有'\(topic)'的帮助；是不是'\(s)'？", en: "no help for '\(topic)'; did you mean '\(s)'?")
        }
        return Localized(zh: "没有'\(topic)'的帮助；':help'列出所有主题", en: "no help for '\(topic)'; ':help' lists the topics")
    }
    package static let overviewIntro = Localized(
        zh: "输入语句后按回车；没写完的语句在下一行继续。\nTab 补全，上/下键和 Ctrl-R 搜索历史，Ctrl-C 取消，Ctrl-D 退出。\n\n",
        en: "Type a statement and press Enter; an unfinished one continues on the next line.\nTab completes, Up/Down and Ctrl-R search history, Ctrl-C cancels, Ctrl-D leaves.\n\n")
    package static let commandsHeading = Localized(zh: "命令：\n", en: "Commands:\n")
    package static let stagesHeading = Localized(zh: "\n阶段（写在 | 之后）：\n", en: "\nStages (after |):\n")
    package static let functionsHeading = Localized(zh: "\n函数：\n", en: "\nFunctions:\n")
    package static let overviewEnd = Localized(zh: "\n:help 名称 解释一个阶段、函数或命令，并给出示例。\n",
                                               en: "\n:help NAME explains a stage, function or command, with an example.\n")
    package static let noTables = Localized(zh: "没有表\n", en: "no tables\n")
    package static let schemaNeedsName = Localized(zh: "':schema'需要表名，如':schema indicators'", en: "':schema' needs a table name, as in ':schema indicators'")
    package static func noTable(_ name: String, suggestion: String?) -> Localized {
        if let s = suggestion {
            return Localized(zh: "没有名为'\(name)'的表；是不是'\(s)'？", en: "no table called '\(name)'; did you mean '\(s)'?")
        }
        return Localized(zh: "没有名为'\(name)'的表", en: "no table called '\(name)'")
    }
    package static func notATable(_ name: String, _ type: String) -> Localized {
        Localized(zh: "'\(name)'是\(Messages.type(type).zh)，不是表", en: "'\(name)' is a \(type), not a table")
    }
    package static func tableSize(_ name: String, rows: Int, columns: Int) -> Localized {
        Localized(zh: "\(name)：\(rows)行，\(columns)列\n",
                  en: "\(name): \(rows) row\(rows == 1 ? "" : "s"), \(columns) column\(columns == 1 ? "" : "s")\n")
    }
    package static let loadNeedsFile = Localized(zh: "':load'需要文件，如':load report.iql'", en: "':load' needs a file, as in ':load report.iql'")
    package static func cannotLoad(_ path: String) -> Localized {
        Localized(zh: "无法读取'\(path)'：文件不存在", en: "cannot read '\(path)': no such file")
    }
    package static func notText(_ path: String) -> Localized {
        Localized(zh: "无法读取'\(path)'：它不是 UTF-8 文本", en: "cannot read '\(path)': it is not UTF-8 text")
    }
    package static func time(_ ms: String) -> Localized { Localized(zh: "用时：\(ms) 毫秒", en: "time: \(ms) ms") }
    package static let example = Localized(zh: "示例：", en: "example: ")
    package static let command = Localized(zh: "命令", en: "command")

    /// What each meta command does, in Chinese, by name (the English is in `MetaCommand.all`);
    /// `SessionTests` fails when a command has none.
    package static let commandSummaries: [String: String] = [
        "help": "列出命令、阶段和函数；给出主题时解释那个阶段、函数或命令",
        "tables": "列出会话中的表及其大小",
        "schema": "显示表的列及其类型，以及行数",
        "load": "在会话中运行脚本；其中的定义保留",
        "format": "设置结果的显示方式（不带参数时显示当前设置）",
        "lang": "设置消息、状态名称和数字的语言（不带参数时显示当前设置）",
        "timing": "显示每条语句的用时",
        "quit": "退出 iql，同空行上按 Ctrl-D",
    ]
}
