/// The diagnostics of iql, in one place, each in English and Chinese.
///
/// A function returning ``Message`` is a catalog entry: its first argument is the
/// stable ID, then the English and the Chinese text, both filled with the same
/// parameters (`CatalogTests` checks that every parameter appears in both). A
/// function or constant returning ``Localized`` is a piece of a message: a hint, a
/// note, what was expected. Wording: say what was expected and what was found, quote
/// source in '…', name a value with its type ("cannot add string and number").
/// Chinese uses one set of words: 列, 表, 阶段, 函数, 参数, 期间, 文本, 数字.
enum Messages {
    // MARK: Words of the renderer

    static func severity(_ s: Diagnostic.Severity) -> Localized {
        switch s {
        case .error: Localized(zh: "错误", en: "error")
        case .warning: Localized(zh: "警告", en: "warning")
        case .note: Localized(zh: "注意", en: "note")
        }
    }
    static let hintWord = Localized(zh: "提示", en: "hint")
    static let noteWord = Localized(zh: "注意", en: "note")

    /// A type's name as messages say it: `number` / `数字`.
    static func type(_ name: String) -> Localized {
        switch name {
        case "null": Localized(zh: "空值", en: name)
        case "boolean": Localized(zh: "布尔值", en: name)
        case "number": Localized(zh: "数字", en: name)
        case "percent": Localized(zh: "百分数", en: name)
        case "date": Localized(zh: "日期", en: name)
        case "string": Localized(zh: "文本", en: name)
        case "list": Localized(zh: "列表", en: name)
        case "record": Localized(zh: "记录", en: name)
        case "table": Localized(zh: "表", en: name)
        case "function": Localized(zh: "函数", en: name)
        case "chart": Localized(zh: "图表", en: name)
        case "any": Localized(zh: "混合类型", en: name)
        default: Localized(code: name)
        }
    }
    static func type(of v: Value) -> Localized { type(v.typeName) }

    // MARK: Names

    static func unknownName(_ name: String) -> Message {
        Message("unknown_name", en: "unknown name '\(name)'", zh: "未知的名称'\(name)'：没有这个列、变量或函数")
    }
    static func unknownColumn(_ name: String) -> Message {
        Message("unknown_column", en: "unknown column '\(name)'", zh: "没有列'\(name)'")
    }
    /// A column missing from one table of a stage: `side` is `left`, `right` or `input`.
    static func unknownColumnIn(_ name: String, side: String) -> Message {
        let table = ["left": "左表", "right": "右表", "input": "输入的表"][side] ?? side
        return Message("unknown_join_column", en: "unknown column '\(name)' in the \(side) table", zh: "\(table)中没有列'\(name)'")
    }
    static func unknownField(_ name: String) -> Message {
        Message("unknown_field", en: "record has no field '\(name)'", zh: "记录中没有字段'\(name)'")
    }
    static func unknownFunction(_ name: String) -> Message {
        Message("unknown_function", en: "unknown function '\(name)'", zh: "未知的函数'\(name)'")
    }
    static func unknownStageOrFunction(_ name: String) -> Message {
        Message("unknown_stage_or_function", en: "unknown stage or function '\(name)'", zh: "未知的阶段或函数'\(name)'")
    }
    static func unboundParameter(_ name: String) -> Message {
        Message("unbound_parameter", en: "parameter '$\(name)' is not bound", zh: "参数'$\(name)'没有给出值")
    }
    static func noSuchParameter(_ function: String, _ label: String) -> Message {
        Message("no_such_parameter", en: "'\(function)' has no parameter '\(label)'", zh: "函数'\(function)'没有参数'\(label)'")
    }
    static func didYouMean(_ s: String) -> Localized {
        Localized(zh: "是不是'\(s)'？", en: "did you mean '\(s)'?")
    }
    static func columnsHint(_ names: [String]) -> Localized {
        Localized(zh: "表中的列：" + names.joined(separator: ", "), en: "the table's columns: " + names.joined(separator: ", "))
    }

    // MARK: Types and values

    static func binary(_ verb: Verb, _ a: Value, _ b: Value) -> Message { binary(verb, a.typeName, b.typeName) }
    /// By type name: what the runtime says of values, `--check` says of types known before running.
    static func binary(_ verb: Verb, _ a: String, _ b: String) -> Message {
        Message("cannot_combine", en: "cannot \(verb.en) \(a) and \(b)", zh: verb.zh(type(a).zh, type(b).zh))
    }
    /// What a binary operator does, for "cannot add string and number" / "不能把文本和数字相加".
    struct Verb: Sendable {
        let en: String
        let zh: @Sendable (String, String) -> String

        static let add = Verb(en: "add") { "不能把\($0)和\($1)相加" }
        static let subtract = Verb(en: "subtract") { "不能从\($0)中减去\($1)" }
        static let multiply = Verb(en: "multiply") { "不能把\($0)和\($1)相乘" }
        static let divide = Verb(en: "divide") { "不能用\($1)除\($0)" }
        static let compare = Verb(en: "compare") { "不能比较\($0)和\($1)" }
    }
    static let joinTextHint = Localized(zh: "拼接文本请用插值，如 \"共\\(x)项\"，或 string(x)",
                                        en: "to join text use interpolation, as in \"\\(x) items\", or string(x)")
    static func cannotNegate(_ v: Value) -> Message { cannotNegate(typeName: v.typeName) }
    static func cannotNegate(typeName: String) -> Message {
        Message("cannot_negate", en: "cannot negate a \(typeName)", zh: "不能对\(type(typeName).zh)取负")
    }
    static func cannotTestIn(_ a: Value, _ b: Value) -> Message {
        Message("cannot_test_in", en: "cannot test whether a \(a.typeName) is in a \(b.typeName)",
                zh: "不能判断\(type(of: a).zh)是否在\(type(of: b).zh)中")
    }
    static let inHint = Localized(zh: "'in'在列表、文本或记录中查找", en: "'in' looks in a list, a string or a record")
    static func expected(_ what: Localized, _ found: Value) -> Message { expected(what, typeName: found.typeName) }
    static func expected(_ what: Localized, typeName: String) -> Message {
        Message("unexpected_type", en: "expected \(what.en), found \(typeName)", zh: "应为\(what.zh)，实际是\(type(typeName).zh)")
    }
    static func expectedWhole(_ found: Double) -> Message {
        let n = Formatter.number(found)
        return Message("not_whole_number", en: "expected a whole number, found \(n)", zh: "应为整数，实际是\(n)")
    }
    static func notCallable(_ v: Value) -> Message {
        Message("not_callable", en: "cannot call a \(v.typeName)", zh: "\(type(of: v).zh)不能调用")
    }
    static func arity(_ name: String, _ expected: Count, _ found: Int) -> Message {
        Message("wrong_argument_count", en: "'\(name)' takes \(expected.en), but \(found) \(found == 1 ? "was" : "were") given",
                zh: "'\(name)'需要\(expected.zh)，实际给了\(found)个")
    }
    /// How many arguments a function takes: `1 or 3 arguments` / `1或3个参数`.
    typealias Count = Localized
    static func arguments(_ n: Int) -> Count {
        Localized(zh: "\(n)个参数", en: "\(n) argument\(n == 1 ? "" : "s")")
    }
    static func arguments(_ lo: Int, to hi: Int) -> Count {
        Localized(zh: "\(lo)到\(hi)个参数", en: "\(lo) to \(hi) arguments")
    }
    static func arguments(_ a: Int, or b: Int) -> Count {
        Localized(zh: "\(a)或\(b)个参数", en: "\(a) or \(b) arguments")
    }
    static func arguments(atLeast n: Int) -> Count {
        Localized(zh: "至少\(n)个参数", en: "at least \(n) arguments")
    }
    static func expressionArity(_ expected: Int, _ found: Int) -> Message {
        Message("wrong_argument_count", en: "the expression takes \(expected) argument\(expected == 1 ? "" : "s"), but \(found) \(found == 1 ? "was" : "were") given",
                zh: "表达式需要\(expected)个参数，实际给了\(found)个")
    }
    static func needsNumbers(_ function: String, _ found: String) -> Message {
        Message("needs_numbers", en: "'\(function)' needs numbers, found a column of \(found)",
                zh: "'\(function)'需要数字，实际是\(type(found).zh)列")
    }
    static func nullComparison(_ op: String) -> Message {
        Message("null_comparison", en: "'\(op) null' is always null, whatever the value: a comparison with null is null",
                zh: "'\(op) null'无论值是什么都得到null：与null比较的结果是null")
    }
    static func nullTestHint(_ x: String, equal: Bool) -> Localized {
        equal ? Localized(zh: "判断是否为空请写 is_null(\(x))", en: "to test for null write is_null(\(x))")
            : Localized(zh: "判断是否有值请写 not is_null(\(x))", en: "to test for a value write not is_null(\(x))")
    }
    /// A hint when a date meets text, as a file's date column meets `"2023-06-30"`.
    static func dateAgainstText(_ a: Value, _ b: Value) -> Localized? {
        switch (a, b) {
        case (.date, .string(let s)), (.string(let s), .date):
            let q = Formatter.quoted(s)
            return Localized(zh: "日期要和日期比较：请写 date(\(q))", en: "a date is compared with a date: write date(\(q))")
        default: return nil
        }
    }
    static let dateSpellings = Localized(zh: "用 date(\"2023-06-30\") 或 date(2023, 6, 30) 生成日期",
                                         en: "make a date with date(\"2023-06-30\") or date(2023, 6, 30)")
    static func unreadablePeriod(_ found: Value, after: String? = nil) -> Message {
        let tail = after.map { " after '\($0)'" } ?? ""
        let zhTail = after.map { "（在'\($0)'之后）" } ?? ""
        if case .string = found {
            let q = Formatter.literal(found)
            return Message("unreadable_period", en: "cannot read \(q) as a period" + tail, zh: "无法把\(q)读作期间" + zhTail)
        }
        return Message("unexpected_type", en: "expected a period such as \"2023-06\", found \(found.typeName)" + tail,
                       zh: "应为期间（如\"2023-06\"），实际是\(type(of: found).zh)" + zhTail)
    }
    static let periodSpellings = Localized(
        zh: "期间可写作 2023-06、2023-Q2、2023-H1、2023、2023年6月、2023年二季度、2023年上半年或2023年1-5月（1月至5月）；不写年份（6月、一季度、上半年、1-5月）指当年",
        en: "a period is written 2023-06, 2023-Q2, 2023-H1, 2023, 2023年6月, 2023年二季度, 2023年上半年 or 2023年1-5月 (January to May); without the year (6月, 一季度, 上半年, 1-5月) it is in the current year")
    static func badPattern(_ pattern: String, _ error: Error) -> Message {
        let q = Formatter.quoted(pattern)
        return Message("bad_pattern", en: "invalid regular expression \(q): \(error)", zh: "无效的正则表达式\(q)：\(error)")
    }
    static let patternHint = Localized(
        zh: "模式是 ICU 正则表达式（NSRegularExpression 的语法），如 \"^[0-9]+%$\"；在 iql 文本中反斜杠要写两次：\"\\\\d+\"",
        en: "patterns are ICU regular expressions (the syntax of NSRegularExpression), such as \"^[0-9]+%$\"; in an iql string a backslash is written twice: \"\\\\d+\"")

    // MARK: Aggregates and windows

    static func windowOnly(_ name: String) -> Message {
        Message("window_only", en: "'\(name)' is a window function: it works only inside 'window … { }'",
                zh: "'\(name)'是窗口函数：只能用在'window … { }'中")
    }
    static func windowOnlyHint(_ name: String) -> Localized {
        let example = "t | window by id sort period { x = \(call(name, "value")) }"
        return Localized(zh: "如 \(example)", en: "as in \(example)")
    }
    static func uncalled(_ name: String, window: Bool) -> Message {
        Message("uncalled_aggregate", en: "'\(name)' is \(window ? "a window" : "an aggregate") function: call it",
                zh: "'\(name)'是\(window ? "窗口" : "聚合")函数：需要调用它")
    }
    static func writeThis(_ code: String) -> Localized { Localized(zh: "写作 \(code)", en: "write \(code)") }
    /// A call of an aggregate or window function as an example: `count()`, `sum(COLUMN)`, `moving_avg(COLUMN, 3)`.
    static func call(_ name: String, _ column: String = "COLUMN") -> String {
        switch name {
        case "count", "row_number", "rank", "dense_rank": return "\(name)()"
        case "moving_avg", "moving_sum": return "\(name)(\(column), 3)"
        default: return "\(name)(\(column))"
        }
    }
    static func notAggregated(_ name: String) -> Message {
        Message("not_aggregated", en: "column '\(name)' is neither a group key nor inside an aggregate",
                zh: "列'\(name)'既不是分组键，也不在聚合函数中")
    }
    static func aggregateHint(_ name: String) -> Localized {
        Localized(zh: "请用聚合函数，如 sum(\(name)) 或 first(\(name))，或把它加入'by'",
                  en: "use an aggregate such as sum(\(name)) or first(\(name)), or add it to 'by'")
    }
    static func tooManyCells(_ stage: String, _ rows: Int, _ columns: Int, _ limit: Int) -> Message {
        Message("too_many_cells", en: "'\(stage)' would make \(rows) rows × \(columns) columns, more than \(limit) cells",
                zh: "'\(stage)'会生成\(rows)行×\(columns)列，超过\(limit)个单元格")
    }

    static let foreignFunction = Message("foreign_function", en: "this function was made by another engine and can only run there",
                                         zh: "这个函数由另一个引擎创建，只能在那个引擎里运行")
    static let foreignFunctionHint = Localized(zh: "请在这个引擎中用函数的源代码重新定义它", en: "define the function in this engine, from its source text")

    // MARK: Limits, permissions

    static func limit(_ name: String, _ detail: Localized) -> Message {
        Message("limit_exceeded", en: "evaluation stopped: limit '\(name)' exceeded (\(detail.en))",
                zh: "求值已停止：超出限制'\(name)'（\(detail.zh)）")
    }
    static func steps(_ n: Int) -> Localized { Localized(zh: "\(n)步求值", en: "\(n) evaluation steps") }
    static func milliseconds(_ n: String) -> Localized { Localized(zh: "\(n)毫秒", en: "\(n) ms") }
    static func nestedCalls(_ n: Int) -> Localized { Localized(zh: "\(n)层嵌套调用", en: "\(n) nested calls") }
    static func rows(_ n: Int) -> Localized { Localized(zh: "\(n)行", en: "\(n) rows") }
    static func rowsByColumns(_ n: Int, _ k: Int) -> Localized { Localized(zh: "\(n)行×\(k)列", en: "\(n) rows × \(k) columns") }
    static func stringBytes(_ n: Int) -> Localized { Localized(zh: "文本长\(n)字节", en: "strings of \(n) bytes") }
    static func listElements(_ n: Int) -> Localized { Localized(zh: "列表长\(n)个元素", en: "lists of \(n) elements") }
    static func nestedLevels(_ n: Int) -> Localized { Localized(zh: "值嵌套\(n)层", en: "values nested \(n) levels deep") }
    static func nestingHint(_ n: Int) -> Localized {
        Localized(zh: "列表、记录和表彼此嵌套最多\(n)层", en: "lists, records and tables may hold one another at most \(n) levels deep")
    }
    /// What would pass the memory budget, and by how much: the detail of a `memory` limit.
    static func overBudget(_ what: Localized, _ bytes: Int, _ budget: Int) -> Localized {
        Localized(zh: "\(what.zh)约需\(Messages.bytes(bytes))，超出内存预算\(Messages.bytes(budget))",
                  en: "\(what.en) would need about \(Messages.bytes(bytes)), over the budget of \(Messages.bytes(budget))")
    }
    /// A size for messages, the same in both languages: `512 MiB`, `3.2 GiB`, `900 bytes`.
    static func bytes(_ n: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where n >= size { return "\(Formatter.number((Double(n) / Double(size) * 100).rounded() / 100)) \(name)" }
        return "\(n) bytes"
    }
    static let memoryHint = Localized(zh: "内存预算由 Limits.memoryBytes 设定（iql --max-memory）",
                                      en: "the memory budget is Limits.memoryBytes (iql --max-memory)")
    static func aString(_ n: Int) -> Localized { Localized(zh: "\(n)字节的文本", en: "a string of \(n) bytes") }
    static func aList(_ n: Int) -> Localized { Localized(zh: "\(n)个元素的列表", en: "a list of \(n) elements") }
    static func aJoin(_ rows: Int) -> Localized { Localized(zh: "\(rows)行的连接结果", en: "a join of \(rows) rows") }
    static func aTable(_ rows: Int, _ columns: Int) -> Localized {
        Localized(zh: "\(rows)行×\(columns)列的表", en: "a table of \(rows) rows × \(columns) columns")
    }
    static let mapResults = Localized(zh: "map 的结果", en: "the results of map")
    static func stackTooDeep(_ depth: Int) -> Message {
        Message("stack_exhausted", en: "recursion too deep for the stack (\(depth) nested calls)",
                zh: "递归太深，栈空间不够（\(depth)层嵌套调用）")
    }
    static let expressionTooDeep = Message("stack_exhausted", en: "expression nested too deeply for the stack of this thread",
                                           zh: "表达式嵌套太深，超出本线程的栈空间")
    static let recursionHint = Localized(zh: "递归函数是否缺少终止条件？", en: "is a recursive function missing its base case?")
    static let inTheCall = Localized(zh: "在这里调用", en: "in the call here")
    static let interrupted = Message("interrupted", en: "interrupted", zh: "已中断")
    static func notPermitted(_ what: String) -> Message {
        Message("not_permitted", en: "\(what) is not permitted: this engine was not granted file access",
                zh: "不允许\(what)：这个引擎没有文件访问权限")
    }
    static func outsideDirectories(_ what: String, _ path: String) -> Message {
        Message("not_permitted", en: "\(what) is not permitted: '\(path)' is outside the directories this engine may use",
                zh: "不允许\(what)：'\(path)'不在这个引擎可用的目录中")
    }

    // MARK: Imports

    static func importCycle(_ path: String) -> Message {
        Message("import_cycle", en: "import cycle: '\(path)' is already being imported", zh: "循环导入：'\(path)'正在导入中")
    }
    static func importMissing(_ path: String) -> Message {
        Message("import_missing", en: "cannot import '\(path)': no such file", zh: "无法导入'\(path)'：文件不存在")
    }
    static func importNotText(_ path: String) -> Message {
        Message("import_not_utf8", en: "cannot import '\(path)': the file is not UTF-8 text", zh: "无法导入'\(path)'：文件不是 UTF-8 文本")
    }

    // MARK: Host functions

    static func hostFailed(_ name: String, _ error: Error) -> Message {
        Message("host_function_failed", en: "'\(name)' failed: \(error)", zh: "'\(name)'执行失败：\(error)")
    }
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

/// What a value should have been, as in "expected a number, found string".
enum Want {
    static let number = Localized(zh: "数字", en: "a number")
    static let wholeNumber = Localized(zh: "整数", en: "a whole number")
    static let string = Localized(zh: "文本", en: "a string")
    static let date = Localized(zh: "日期", en: "a date")
    static let boolean = Localized(zh: "布尔值", en: "a boolean")
    static let table = Localized(zh: "表", en: "a table")
    static let columnTypes = Localized(zh: "列类型的记录，例如 {code: \"text\"}", en: "a record of column types such as {code: \"text\"}")
    static let record = Localized(zh: "记录", en: "a record")
    static let list = Localized(zh: "列表", en: "a list")
    static let value = Localized(zh: "值", en: "a value")
    static let trueOrFalse = Localized(zh: "true 或 false", en: "true or false")
    static let filePath = Localized(zh: "文件路径", en: "a file path")
    static let postgresURL = Localized(zh: "postgresql:// 网址", en: "a postgresql:// URL")
    static let function = Localized(zh: "函数，如 x => x * 2", en: "a function such as x => x * 2")
    static let dateText = Localized(zh: "文本，如 \"2023-06-30\"", en: "text such as \"2023-06-30\"")
    static let recordOrTable = Localized(zh: "记录或表", en: "a record or table")
    static let stringListOrTable = Localized(zh: "文本、列表或表", en: "a string, list or table")
    static let numberIndex = Localized(zh: "数字下标", en: "a number index")
    static let booleanAfterNot = Localized(zh: "'not'之后的布尔值", en: "a boolean after 'not'")
    static let condition = Localized(zh: "布尔条件", en: "a boolean condition")
    static let booleanForLogic = Localized(zh: "'and'/'or'两边的布尔值", en: "a boolean for 'and'/'or'")
    static let booleanFromWhere = Localized(zh: "布尔值（'where'的条件）", en: "a boolean from 'where'")
    static let booleanFromPredicate = Localized(zh: "布尔值（判断函数的结果）", en: "a boolean from the predicate")
    static let numberFromExpression = Localized(zh: "数字（表达式的结果）", en: "a number from the expression")
    static let stageInput = Localized(zh: "流入这个阶段的表", en: "a table flowing into this stage")
    static let actuals = Localized(zh: "实际值的表", en: "a table of actual values")
    static let profiles = Localized(zh: "进度曲线的表", en: "a table of profiles")
    static let tableToAppend = Localized(zh: "要追加的表", en: "a table to append")
    static let tableToJoin = Localized(zh: "要连接的表", en: "a table to join")
    static let tolerance = Localized(zh: "容差，如 1%", en: "a tolerance such as 1%")
    static let rowCount = Localized(zh: "整数行数", en: "a whole number of rows")

    /// A host argument's ``HostArgument/expectation`` in both languages: the ones iql
    /// defines are translated, a host's own stays as the host wrote it.
    static func host(_ en: String) -> Localized {
        let known = [number, wholeNumber, string, date, boolean, table, record, list, value]
        if let k = known.first(where: { $0.en == en }) { return k }
        if en.hasSuffix(" or null") {
            let inner = host(String(en.dropLast(8)))
            return Localized(zh: "\(inner.zh)或 null", en: en)
        }
        return Localized(code: en)
    }
}

/// The messages of stages, joins, `compare` and the builtins.
extension Messages {
    static func unknownNameInStage(_ name: String) -> Message {
        Message("unknown_name", en: "unknown name '\(name)': no column, variable or function has that name",
                zh: "未知的名称'\(name)'：没有这个列、变量或函数")
    }
    static func selectedTwice(_ name: String) -> Message {
        Message("duplicate_column", en: "column '\(name)' is selected twice", zh: "列'\(name)'选了两次")
    }
    static let renameHint = Localized(zh: "用'name = …'给它另起一个名称", en: "give it another name with 'name = …'")
    static func groupedTwice(_ name: String) -> Message {
        Message("duplicate_column", en: "column '\(name)' appears twice in 'group'", zh: "列'\(name)'在'group'中出现了两次")
    }
    static func listedTwice(_ name: String) -> Message {
        Message("duplicate_column", en: "column '\(name)' is listed twice", zh: "列'\(name)'列出了两次")
    }
    static func alreadyAColumn(_ name: String) -> Message {
        Message("duplicate_column", en: "'\(name)' is already a column of the result", zh: "'\(name)'已经是结果中的列")
    }
    static let newNamesHint = Localized(zh: "新列请用表中还没有的名称", en: "name the new columns with names the table does not have yet")
    static let pivotWideHint = Localized(zh: "请透视取值较少的列，或先筛选行", en: "pivot a column with few distinct values, or filter the rows first")
    static func cannotSortNegated(_ text: String) -> Message {
        Message("sort_negated_text", en: "cannot sort by '-\(text)': '-' negates numbers, and '\(text)' is text",
                zh: "不能按'-\(text)'排序：'-'用于数字取负，而'\(text)'是文本")
    }
    static func sortDescHint(_ text: String) -> Localized {
        Localized(zh: "文本倒序排列请写'sort \(text) desc'", en: "to sort text in reverse order write 'sort \(text) desc'")
    }
    static func positionalOnly(_ name: String) -> Message {
        Message("labelled_argument", en: "'\(name)' takes its arguments in order, without names", zh: "'\(name)'的参数按顺序给出，不带名称")
    }
    static func unlabelledOnly(_ name: String) -> Message {
        Message("labelled_argument", en: "'\(name)' takes its argument without a name", zh: "'\(name)'的参数不带名称")
    }
    static func emptyWindow(_ name: String) -> Message {
        Message("empty_window", en: "'\(name)' needs a window of at least 1 row, found 0", zh: "'\(name)'的窗口至少要有1行，实际是0行")
    }
    static let joinSides = Message("join_condition", en: "a join condition compares a column of the left table with one of the right",
                                   zh: "连接条件比较左表的一列和右表的一列")
    static let joinSidesHint = Localized(zh: "写作 left.a == right.b", en: "write left.a == right.b")
    static let joinShape = Message("join_condition", en: "a join condition is 'left.a == right.b', joined by 'and'",
                                   zh: "连接条件写作'left.a == right.b'，多个条件用'and'连接")
    static let joinColumn = Message("join_condition", en: "expected 'left.column' or 'right.column' in a join condition",
                                    zh: "连接条件中应为'left.列'或'right.列'")
    static func countOutsideGroup() -> Message {
        Message("count_outside_group", en: "count() counts rows inside 'group … { }'; outside, give it a list: count(xs)",
                zh: "count()在'group … { }'中计算行数；在外面请给它一个列表：count(xs)")
    }
    static func extremumHint(_ name: String) -> Localized {
        Localized(zh: "比较多个值请给出两个或更多：\(name)(a, b)", en: "to compare values give two or more: \(name)(a, b)")
    }
    static func aggregateOfTable(_ name: String) -> Message {
        Message("aggregate_of_table", en: "\(name) needs a list of values, found a table", zh: "\(name)需要值的列表，实际是表")
    }
    static func aggregateOfTableHint(_ name: String) -> Localized {
        Localized(zh: "请指明列：\(name)(t.column)，或用 group { x = \(name)(column) }",
                  en: "name the column: \(name)(t.column), or use group { x = \(name)(column) }")
    }
    static let emptyReplacement = Message("empty_replacement", en: "the text to replace is empty", zh: "要替换的文本为空")
    static let negativeRepeat = Message("negative_repeat", en: "cannot repeat a negative number of times", zh: "重复次数不能为负")
    static func yearOutOfRange(_ y: Int) -> Message {
        Message("year_out_of_range", en: "expected a year from 1 to 9999, found \(y)", zh: "年份应在1到9999之间，实际是\(y)")
    }
    static func unknownStatus(_ code: String, _ codes: [String]) -> Message {
        let q = Formatter.quoted(code), list = codes.joined(separator: ", ")
        return Message("unknown_status", en: "unknown status \(q): expected one of \(list)", zh: "未知的状态\(q)：应为 \(list) 之一")
    }
    static func digitsOutOfRange(_ d: Int) -> Message {
        Message("digits_out_of_range", en: "expected 0 to 10 digits, found \(d)", zh: "小数位数应为0到10，实际是\(d)")
    }
    static func unknownLanguage(_ code: String) -> Message {
        let q = Formatter.quoted(code)
        return Message("unknown_language", en: "unknown language \(q): expected \"zh\" or \"en\"", zh: "未知的语言\(q)：应为\"zh\"或\"en\"")
    }
}

/// The messages of `compare` and its pacing profiles.
extension Messages {
    static func badActualPeriod(_ row: Int, _ period: String) -> Message {
        Message("bad_actual_period", en: "actual value \(row) has period \(period), expected one such as \"2023-06\", \"2023-Q2\" or \"2023\"",
                zh: "第\(row)个实际值的期间是\(period)，应为\"2023-06\"、\"2023-Q2\"或\"2023\"这样的期间")
    }
    static func unknownProfile(_ id: String, _ name: String) -> Message {
        Message("unknown_profile", en: "indicator '\(id)' has profile '\(name)', which is not a profile of 'compare'",
                zh: "指标'\(id)'的进度曲线'\(name)'不是'compare'的进度曲线")
    }
    static let profilesHint = Localized(zh: "进度曲线有 linear、year_end 和 point；季节性曲线用表给出：compare ACTUALS profiles TABLE",
                                        en: "profiles are linear, year_end and point; a seasonal one comes in a table: compare ACTUALS profiles TABLE")
    static let profileTableHint = Localized(zh: "进度曲线有 linear、year_end、point 和曲线表中的曲线",
                                            en: "the profiles are linear, year_end, point and those of the profile table")
    static func notPaceable(_ id: String, _ profile: String) -> Message {
        Message("not_paceable", en: "indicator '\(id)' is not a count or an amount, so it cannot be paced by profile '\(profile)'",
                zh: "指标'\(id)'不是数量或金额，不能按进度曲线'\(profile)'计算序时进度")
    }
    static let pointHint = Localized(zh: "增长率或比重按原值比较（point），或只在到期时比较（year_end）",
                                     en: "a growth rate or a share is compared as it is (point) or only when due (year_end)")
    static func badProfileRow(_ row: Int, _ problem: ProfileProblem) -> Message {
        let (en, zh): (String, String)
        switch problem {
        case .noName: (en, zh) = ("has no profile name", "没有曲线名称")
        case .builtIn(let n): (en, zh) = ("redefines the built-in profile '\(n)'", "重新定义了内置曲线'\(n)'")
        case .month(let m): (en, zh) = ("has month \(m), expected a whole number from 1 to 12", "的月份是\(m)，应为1到12的整数")
        case .share(let s): (en, zh) = ("has share \(s), expected a number of at least 0", "的份额是\(s)，应为不小于0的数字")
        case .twice(let m, let n): (en, zh) = ("gives month \(m) of profile '\(n)' a second time", "第二次给出曲线'\(n)'的\(m)月")
        }
        return Message("bad_profile_row", en: "profile row \(row) \(en)", zh: "曲线表第\(row)行\(zh)")
    }
    enum ProfileProblem { case noName, builtIn(String), month(String), share(String), twice(Int, String) }
    static func emptyProfile(_ name: String) -> Message {
        Message("empty_profile", en: "profile '\(name)' has no share above 0", zh: "曲线'\(name)'没有大于0的份额")
    }
    static func lacksColumn(_ what: Localized, _ column: String) -> Message {
        Message("missing_column", en: "\(what.en) lack the column '\(column)'", zh: "\(what.zh)缺少列'\(column)'")
    }
    static func compareNeeds(_ names: [String]) -> Localized {
        let list = names.joined(separator: ", ")
        return Localized(zh: "'compare'需要列 \(list)", en: "'compare' needs columns \(list)")
    }
    static let compareTargets = Localized(zh: "流入'compare'的目标", en: "the targets flowing into 'compare'")
    static let compareActuals = Localized(zh: "实际值", en: "the actual values")
    static let compareProfiles = Localized(zh: "进度曲线表", en: "the profiles")
}

/// The messages of reading fields and elements.
extension Messages {
    static func fieldOfList(_ name: String) -> Message {
        Message("field_of_list", en: "cannot read field '\(name)' of a list", zh: "不能读取列表的字段'\(name)'")
    }
    static func fieldOf(_ name: String, _ v: Value) -> Message {
        Message("field_of_value", en: "cannot read field '\(name)' of a \(v.typeName)", zh: "不能读取\(type(of: v).zh)的字段'\(name)'")
    }
    static func wholeIndex(_ d: Double) -> Message {
        let n = Formatter.number(d)
        return Message("index_not_whole", en: "index must be a whole number, found \(n)", zh: "下标必须是整数，实际是\(n)")
    }
    static func cannotIndex(_ v: Value, _ i: Value) -> Message {
        Message("cannot_index", en: "cannot index a \(v.typeName) with a \(i.typeName)", zh: "不能用\(type(of: i).zh)作\(type(of: v).zh)的下标")
    }
}
