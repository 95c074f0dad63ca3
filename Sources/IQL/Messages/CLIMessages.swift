/// The `iql` command's own messages: its options and its input, before any iql runs.
package enum CLIText {
    package static let fileAndExpression = Localized(zh: "脚本文件和 -e 只能给一个", en: "give either a script file or -e, not both")
    package static let negativeMaxRows = Localized(zh: "--max-rows 必须是0或更大", en: "--max-rows must be 0 or more")
    package static let badTimeout = Localized(zh: "--timeout 必须是正的秒数", en: "--timeout must be a positive number of seconds")
    package static let badThreads = Localized(zh: "--threads 必须是1或更大", en: "--threads must be 1 or more")
    package static func badMaxMemory(_ text: String) -> Localized {
        Localized(zh: "--max-memory 应为字节数，例如 500000000、512M 或 4G，实际是'\(text)'",
                  en: "--max-memory expects bytes such as 500000000, 512M or 4G, found '\(text)'")
    }
    package static func badParamName(_ name: String) -> Localized {
        Localized(zh: "--param：'\(name)'不能用作参数名：请用字母、数字和'_'，不以数字开头",
                  en: "--param: '\(name)' cannot be a parameter name: use letters, digits and '_', not starting with a digit")
    }
    package static func scriptIsDirectory(_ path: String) -> Localized {
        Localized(zh: "无法读取'\(path)'：这是一个目录", en: "cannot read '\(path)': it is a directory")
    }
    package static func scriptTooLarge(_ path: String) -> Localized {
        Localized(zh: "无法读取'\(path)'：它超过了内存预算（--max-memory）", en: "cannot read '\(path)': it is larger than the memory budget (--max-memory)")
    }
    package static func badParam(_ option: String) -> Localized {
        Localized(zh: "--param 应为 名称=值，实际是'\(option)'", en: "--param expects NAME=VALUE, found '\(option)'")
    }
    package static func badToday(_ text: String) -> Localized {
        Localized(zh: "IQL_TODAY 必须是 2023-06-30 这样写的日期，实际是\"\(text)\"",
                  en: "IQL_TODAY must be a date written 2023-06-30, found \"\(text)\"")
    }
    package static func noScript(_ path: String) -> Localized {
        Localized(zh: "无法读取'\(path)'：文件不存在", en: "cannot read '\(path)': no such file")
    }
    package static func scriptNotText(_ path: String) -> Localized {
        Localized(zh: "无法读取'\(path)'：它不是 UTF-8 文本", en: "cannot read '\(path)': it is not UTF-8 text")
    }
    package static let stdinNotText = Localized(zh: "标准输入不是 UTF-8 文本", en: "standard input is not UTF-8 text")
    package static let noLineEditor = Localized(zh: "无法在这个终端上启动行编辑器", en: "cannot start the line editor on this terminal")
    package static func badYear(_ y: Int) -> Localized {
        Localized(zh: "--year 应为 2024 这样的年份，实际是\(y)", en: "--year expects a year such as 2024, found \(y)")
    }
    /// `error: ` before a message of the command, the diagnostics' word.
    package static func errorLabel(_ language: Language) -> String {
        Messages.severity(.error).text(language) + (language == .zh ? "：" : ": ")
    }
}
