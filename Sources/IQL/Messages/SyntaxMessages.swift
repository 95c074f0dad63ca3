/// The messages of the lexer and the parser, and what the parser expected
/// ("expected 'then' after the condition of 'if'").
extension Messages {
    // MARK: Lexer

    static let percentSign = Message("stray_percent", en: "'%' only marks a percentage after a number, as in 7%",
                                     zh: "'%'只用在数字后表示百分数，如 7%")
    static let remainderHint = Localized(zh: "求余数请用 mod(a, b)", en: "for the remainder of a division use mod(a, b)")
    static let singleQuotes = Message("single_quotes", en: "strings are written in double quotes, not single quotes",
                                      zh: "文本用双引号，不用单引号")
    static func unexpected(_ scalar: String) -> Message {
        Message("unexpected_character", en: "unexpected '\(scalar)'", zh: "意外的'\(scalar)'")
    }
    static let logicHint = Localized(zh: "iql 的逻辑运算写作'and'、'or'、'not'", en: "iql spells logic as 'and', 'or', 'not'")
    static func unexpectedFullWidth(_ scalar: String) -> Message {
        Message("full_width_character", en: "unexpected full-width '\(scalar)'", zh: "意外的全角字符'\(scalar)'")
    }
    static func unexpectedCharacter(_ scalar: String) -> Message {
        Message("unexpected_character", en: "unexpected character '\(scalar)'", zh: "意外的字符'\(scalar)'")
    }
    static let parameterName = Message("parameter_name", en: "expected a parameter name after '$'", zh: "'$'之后应为参数名")
    static func invalidNumber(_ text: String) -> Message {
        Message("invalid_number", en: "invalid number '\(text)'", zh: "无效的数字'\(text)'")
    }
    static func backtickHint(_ word: String) -> Localized {
        Localized(zh: "以数字开头的名称要加反引号：`\(word)`", en: "a name that starts with a digit needs backticks: `\(word)`")
    }
    static func numberTooLarge(_ text: String) -> Message {
        Message("number_too_large", en: "number '\(text)' is too large", zh: "数字'\(text)'太大")
    }
    static let unterminatedString = Message("unterminated_string", en: "unterminated string", zh: "文本没有结束")
    static let closeStringHint = Localized(zh: "用'\"'结束它", en: "close it with '\"'")
    static let unicodeEscapeBrace = Message("invalid_escape", en: "invalid escape: expected '{' after '\\u'",
                                            zh: "无效的转义：'\\u'之后应为'{'")
    static func notAScalar(_ hex: String) -> Message {
        Message("invalid_escape", en: "invalid unicode escape '\\u{\(hex)}': not a Unicode scalar value",
                zh: "无效的 Unicode 转义'\\u{\(hex)}'：不是 Unicode 标量值")
    }
    static let invalidUnicodeEscape = Message("invalid_escape", en: "invalid unicode escape: expected 1 to 6 hex digits and '}' after '\\u{'",
                                              zh: "无效的 Unicode 转义：'\\u{'之后应为1到6位十六进制数字和'}'")
    static let unicodeEscapeHint = Localized(zh: "例如 \\u{4E07}", en: "for example \\u{4E07}")
    static func controlCharacter(_ c: UInt8) -> Message {
        Message("control_character", en: "control character U+\(String(format: "%04X", Int(c))) in a string",
                zh: "文本中有控制字符 U+\(String(format: "%04X", Int(c)))")
    }
    static func controlCharacterHint(_ c: UInt8) -> Localized {
        Localized(zh: "请写成转义：\\u{\(String(c, radix: 16))}", en: "write it as an escape: \\u{\(String(c, radix: 16))}")
    }
    static func duplicateField(_ name: String) -> Message {
        Message("duplicate_field", en: "field '\(name)' is given twice in this record", zh: "这个记录中字段'\(name)'出现了两次")
    }
    static let duplicateFieldHint = Localized(zh: "每个字段在一个记录中只能出现一次；请给其中一个改名",
                                              en: "a record holds each field once; rename one of them")
    static let unterminatedInterpolation = Message("unterminated_interpolation", en: "unterminated interpolation '\\('",
                                                   zh: "插值'\\('没有结束")
    static func invalidEscape(_ e: String) -> Message {
        Message("invalid_escape", en: "invalid escape '\\\(e)'", zh: "无效的转义'\\\(e)'")
    }
    static let escapesHint = Localized(zh: "可用的转义有 \\n \\t \\\" \\\\ \\u{…} 和 \\(…)",
                                       en: "escapes are \\n \\t \\\" \\\\ \\u{…} and \\(…)")
    static let unterminatedBacktick = Message("unterminated_backtick", en: "unterminated backtick name", zh: "反引号名称没有结束")
    static let closeBacktickHint = Localized(zh: "在同一行用'`'结束它", en: "close it with '`' on the same line")
    static let emptyBacktick = Message("empty_backtick", en: "empty backtick name", zh: "反引号名称为空")
    static func writeString(_ text: String) -> Localized { Localized(zh: "写作 \"\(text)\"", en: "write \"\(text)\"") }

    // MARK: Parser

    /// How a token is named in "expected X, found Y" messages: `end of input` / `输入结尾`.
    static func token(_ k: Token.Kind) -> Localized {
        switch k {
        case .number: Localized(zh: "数字", en: "a number")
        case .string: Localized(zh: "文本", en: "a string")
        case .name(let n): Localized(code: "'\(n)'")
        case .keyword(let w): Localized(code: "'\(w.rawValue)'")
        case .param(let p): Localized(code: "'$\(p)'")
        case .op(let o): Localized(code: "'\(o.rawValue)'")
        case .newline: Localized(zh: "行尾", en: "end of line")
        case .eof: Localized(zh: "输入结尾", en: "end of input")
        case .error: Localized(zh: "无效的记号", en: "an invalid token")
        }
    }
    static func expectedFound(_ expected: Localized, _ found: Localized) -> Message {
        Message("expected_token", en: "expected \(expected.en), found \(found.en)", zh: "应为\(expected.zh)，实际是\(found.zh)")
    }
    static func expectedToClose(_ expected: Localized, _ opener: Localized, line: Int, _ found: Localized) -> Message {
        Message("unclosed_bracket", en: "expected \(expected.en) to close \(opener.en) at line \(line), found \(found.en)",
                zh: "应为\(expected.zh)来闭合第\(line)行的\(opener.zh)，实际是\(found.zh)")
    }
    static func openedHere(_ opener: Localized) -> Localized {
        Localized(zh: "\(opener.zh)在这里打开", en: "\(opener.en) opened here")
    }
    static func reservedWord(_ w: String) -> Localized {
        Localized(zh: "'\(w)'是保留字；要用作名称请加反引号：`\(w)`",
                  en: "'\(w)' is a reserved word; write `\(w)` in backticks to use it as a name")
    }
    static let compareHint = Localized(zh: "比较请用'=='", en: "to compare use '=='")
    static func nestedTooDeeply(_ depth: Int) -> Message {
        Message("nested_too_deeply", en: "expression nested too deeply (more than \(depth) levels)", zh: "表达式嵌套太深（超过\(depth)层）")
    }
    static let chainHint = Localized(zh: "比较不能连写；请用'and'连接", en: "comparisons do not chain; combine them with 'and'")
    static func lineStartsWithOperator(_ op: Localized) -> Message {
        Message("line_starts_with_operator", en: "a line cannot start with \(op.en): only '|' at the start of a line continues the statement above",
                zh: "一行不能以\(op.zh)开头：只有行首的'|'能接续上一行的语句")
    }
    static func continueLineHint(_ op: Localized) -> Localized {
        Localized(zh: "在上一行末尾写\(op.zh)，才能在这一行继续", en: "end the line above with \(op.en) to continue it on this line")
    }
    static let stageFollowsHint = Localized(zh: "管道阶段跟在表达式之后，如'indicators | where …'",
                                            en: "a pipeline stage follows an expression, as in 'indicators | where …'")
    static func stagesHint(_ words: String) -> Localized {
        Localized(zh: "阶段有 \(words)，或者是函数调用", en: "a stage is \(words) or a function call")
    }
    static let elseNullHint = Localized(zh: "没有其他值时写'else null'", en: "write 'else null' when there is no other value")
    static let emptyInterpolation = Message("empty_interpolation", en: "empty interpolation", zh: "插值为空")
    static func unknownStage(_ name: String) -> Message {
        Message("unknown_stage", en: "unknown stage '\(name)'", zh: "未知的阶段'\(name)'")
    }
    static func expectedStage(_ words: String) -> Message {
        Message("expected_stage", en: "expected a stage (\(words)) or a function call after '|'",
                zh: "'|'之后应为阶段（\(words)）或函数调用")
    }
    static func rangeOfRowsHint(_ stage: String) -> Localized {
        Localized(zh: "'\(stage)'接受行数，不接受范围：第3到5行写作'skip 2 | take 3'",
                  en: "'\(stage)' takes a number of rows, not a range: rows 3 to 5 are 'skip 2 | take 3'")
    }
    static let unnamedColumn = Message("unnamed_column", en: "a computed column needs a name", zh: "计算列需要名称")
    static let expectedBinding = Message("expected_binding", en: "expected 'name = expression'", zh: "应为'名称 = 表达式'")
    static func nameItHint(_ code: String) -> Localized {
        Localized(zh: "写作'name = \(code)'", en: "write it as 'name = \(code)'")
    }
    static func joinHint() -> Localized {
        Localized(zh: "写作 join T on key，或 join T on left.a == right.b", en: "join T on key, or join T on left.a == right.b")
    }
    static let pivotOneAggregateHint = Localized(zh: "再做一次 pivot，或把两个 pivot 按键连接",
                                                 en: "pivot again, or join two pivots on their keys")
    static let unpivotHint = Localized(zh: "unpivot a, b into name, value", en: "unpivot a, b into name, value")
}

/// What the parser expected, as in "expected 'then' after the condition of 'if'".
enum Expect {
    static func code(_ s: String) -> Localized { Localized(code: s) }
    static let endOfStatement = Localized(zh: "语句结尾", en: "end of statement")
    static let letName = Localized(zh: "'let'之后的名称", en: "a name after 'let'")
    static func assignAfterLet(_ name: String) -> Localized {
        Localized(zh: "'let \(name)'之后的'='", en: "'=' after 'let \(name)'")
    }
    static let functionName = Localized(zh: "'fn'之后的函数名", en: "a function name after 'fn'")
    static func parenAfterFn(_ name: String) -> Localized { Localized(zh: "'fn \(name)'之后的'('", en: "'(' after 'fn \(name)'") }
    static let parameterName = Localized(zh: "参数名", en: "a parameter name")
    static func assignBeforeBody(_ name: String) -> Localized {
        Localized(zh: "'fn \(name)'的函数体之前的'='", en: "'=' before the body of 'fn \(name)'")
    }
    static let importPath = Localized(zh: "'import'之后的文件路径文本", en: "a file path string after 'import'")
    static let nonComparison = Localized(zh: "比较以外的运算符", en: "an operator other than a comparison")
    static let operandTooDeep = Localized(zh: "操作数（嵌套太深）", en: "an operand (too deeply nested)")
    static let fieldAfterDot = Localized(zh: "'.'之后的字段名", en: "a field name after '.'")
    static let fieldName = Localized(zh: "字段名", en: "a field name")
    static func colonAfterField(_ name: String) -> Localized { Localized(zh: "字段'\(name)'之后的':'", en: "':' after field '\(name)'") }
    static let expression = Localized(zh: "表达式", en: "an expression")
    static let then = Localized(zh: "'if'条件之后的'then'", en: "'then' after the condition of 'if'")
    static let `else` = Localized(zh: "'else'：每个'if'都需要它", en: "'else': every 'if' needs one")
    static let interpolationEnd = Localized(zh: "结束插值的')'", en: "')' to end the interpolation")
    static let rowCount = Localized(zh: "行数", en: "a number of rows")
    static let aggregates = Localized(zh: "聚合", en: "the aggregates")
    static let columns = Localized(zh: "列", en: "the columns")
    static func brace(_ contents: Localized, _ stage: String, _ example: String) -> Localized {
        Localized(zh: "带有'\(stage)'的\(contents.zh)的'{'，如 \(example)", en: "'{' with \(contents.en) of '\(stage)', as in \(example)")
    }
    static let pivotBrace = Localized(zh: "带有每个单元格聚合的'{'，如 pivot stage by topic { count() }",
                                      en: "'{' with the aggregate of each cell, as in pivot stage by topic { count() }")
    static let pivotClose = Localized(zh: "'}'：pivot 的每个单元格只有一个聚合", en: "'}': a pivot has one aggregate per cell")
    static let unpivotColumn = Localized(zh: "要逆透视的列", en: "a column to unpivot")
    static let unpivotInto = Localized(zh: "'into'和两个新列的名称", en: "'into' and the names of the two new columns")
    static let namesColumn = Localized(zh: "存放列名的列的名称", en: "the name of the column that holds the column names")
    static let commaValuesColumn = Localized(zh: "','和存放值的列的名称，如 into name, value",
                                             en: "',' and the name of the column that holds the values, as in into name, value")
    static let valuesColumn = Localized(zh: "存放值的列的名称", en: "the name of the column that holds the values")
    static let on = Localized(zh: "要连接的表之后的'on'", en: "'on' after the table to join")
    static let keyColumn = Localized(zh: "键列", en: "a key column")
    static let chartKind = Localized(zh: "图表类型，如 bar", en: "a chart kind such as bar")
    static let labelColumn = Localized(zh: "给条形加标签的列", en: "the column that labels the bars")
    static let commaValueColumn = Localized(zh: "','和数值列", en: "',' and the column of the values")
    static let valueColumn = Localized(zh: "数值列", en: "the column of the values")
}
