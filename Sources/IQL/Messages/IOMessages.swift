import Glibc

/// The messages of files: reading, writing, encodings, CSV, JSON, SQLite, Excel, charts,
/// and the tables a host or `--data` defines.
extension Messages {
    // MARK: Files

    static func cannotRead(_ path: String, _ why: Localized) -> Message {
        Message("cannot_read", en: "cannot read '\(path)': \(why.en)", zh: "无法读取'\(path)'：\(why.zh)")
    }
    static func cannotWrite(_ path: String, _ why: Localized) -> Message {
        Message("cannot_write", en: "cannot write '\(path)': \(why.en)", zh: "无法写入'\(path)'：\(why.zh)")
    }
    static func readingWith(_ function: String, _ path: String) -> Localized {
        Localized(zh: "用 \(function) 读取'\(path)'时", en: "while reading '\(path)' with \(function)")
    }
    /// Why a file operation failed, as the C library says it (`no such file or directory`),
    /// in Chinese for the errors people meet.
    static func systemError(_ code: Int32) -> Localized {
        let s = String(cString: strerror(code))
        let en = s.prefix(1).lowercased() + s.dropFirst()
        switch code {
        case ENOENT: return Localized(zh: "没有这个文件或目录", en: en)
        case EACCES, EPERM: return Localized(zh: "没有权限", en: en)
        case EISDIR: return Localized(zh: "这是一个目录", en: en)
        case ENOTDIR: return Localized(zh: "路径中有一段不是目录", en: en)
        case ENOSPC: return Localized(zh: "磁盘空间不足", en: en)
        case EROFS: return Localized(zh: "文件系统是只读的", en: en)
        default: return Localized(zh: "系统错误：\(en)", en: en)
        }
    }
    static let isDirectory = Localized(zh: "这是一个目录", en: "it is a directory")
    static let nulInPath = Message("nul_in_path", en: "a file path cannot contain a NUL character (\\u{0})", zh: "文件路径不能含有 NUL 字符（\\u{0}）")
    static let notRegularFile = Localized(zh: "它不是普通文件（FIFO、设备或套接字从不替换）",
                                          en: "it is not a regular file (a FIFO, device or socket is never replaced)")
    static let readOnlyFile = Localized(zh: "文件是只读的", en: "the file is read-only")
    static func largerThanBudget(_ budget: Int) -> Localized {
        Localized(zh: "它超过了内存预算\(Messages.bytes(budget))", en: "it is larger than the memory budget of \(Messages.bytes(budget))")
    }
    static func noFileMatches(_ pattern: String) -> Message {
        Message("no_file_matches", en: "no file matches '\(pattern)'", zh: "没有文件匹配'\(pattern)'")
    }
    static let globHint = Localized(zh: "'*'代表名称中的任意字符，'?'代表一个字符；请检查文件夹和拼写",
                                    en: "'*' stands for any characters of one name and '?' for one; check the folder and the spelling")
    static func unknownFormat(_ path: String) -> Message {
        Message("unknown_format", en: "cannot tell the format of '\(path)' from its name", zh: "无法从名称判断'\(path)'的格式")
    }
    static let formatHint = Localized(zh: "请用以 .csv、.tsv、.json、.jsonl、.xlsx、.db 或 .sqlite 结尾的文件",
                                      en: "use a file ending in .csv, .tsv, .json, .jsonl, .xlsx, .db or .sqlite")
    static func badTableName(_ name: String) -> Message {
        Message("bad_table_name", en: "'\(name)' cannot name a table: use letters, digits and '_', not starting with a digit",
                zh: "'\(name)'不能用作表名：请用字母、数字和'_'，不以数字开头")
    }
    static func badDataOption(_ option: String) -> Message {
        Message("bad_data_option", en: "expected --data NAME=PATH, found '\(option)'", zh: "应为 --data 名称=路径，实际是'\(option)'")
    }
    static func reservedTableName(_ name: String) -> Message {
        Message("reserved_table_name", en: "'\(name)' is a reserved word and cannot name a table", zh: "'\(name)'是保留字，不能用作表名")
    }
    static func reservedTableNameHint(_ name: String) -> Localized {
        Localized(zh: "请换一个名称，例如 \(name)_data", en: "choose another name, such as \(name)_data")
    }
    static let dataOptionHint = Localized(zh: "例如 --data sales=data/sales.csv，或 --data p=plan.db:projects",
                                          en: "for example --data sales=data/sales.csv, or --data p=plan.db:projects")

    // MARK: Encodings

    static let notUTF8Hint = Localized(zh: "如果文件是 GB18030 或 GBK（国内 Excel 的保存方式），请加 encoding: \"gb18030\"",
                                       en: "if the file is GB18030 or GBK (as Excel saves it in China), pass encoding: \"gb18030\"")
    static func mixedEncodings(_ what: Localized) -> Message {
        Message("mixed_encodings", en: "\(what.en): the file mixes encodings", zh: "\(what.zh)：文件混用了不同的编码")
    }
    static let invalidAmongUTF8 = Localized(zh: "这个字节不是有效的 UTF-8，但文件的其他行是 UTF-8",
                                            en: "this byte is not valid UTF-8, but other lines of the file are UTF-8")
    static let utf8AmongInvalid = Localized(zh: "这一行是 UTF-8，但文件的其他行不是",
                                            en: "this line is UTF-8, but other lines of the file are not")
    static let encodingArgumentHint = Localized(zh: "请先修正编码不同的那些行，再加 encoding: \"utf-8\" 或 encoding: \"gb18030\" 按其中一种读取",
                                                en: "pass encoding: \"utf-8\" or encoding: \"gb18030\" to read it as one, after fixing the lines that are not")
    static let neitherEncodingHint = Localized(zh: "文件既不是 UTF-8 也不是 GB18030；" + encodingArgumentHint.zh,
                                               en: "the file is neither UTF-8 nor GB18030; " + encodingArgumentHint.en)
    static let notChineseEither = Message("undecodable", en: "this byte is not valid UTF-8, and the file does not look like GB18030 Chinese text either (Latin-1?)",
                                          zh: "这个字节不是有效的 UTF-8，而文件看起来也不像 GB18030 编码的中文（是 Latin-1 吗？）")
    static let convertHint = Localized(zh: "请把文件转换为 UTF-8；如果它是 GB18030，请加 encoding: \"gb18030\"",
                                       en: "convert the file to UTF-8, or pass encoding: \"gb18030\" if it is GB18030")
    static func undecodable(_ encoding: String) -> Message {
        Message("undecodable", en: "this byte is not valid \(encoding)", zh: "这个字节不是有效的 \(encoding)")
    }
    static let truncatedGB18030 = Message("undecodable", en: "the file ends in the middle of a GB18030 character",
                                          zh: "文件在一个 GB18030 字符中间结束")
    static func noConverter(_ why: Localized) -> Localized {
        Localized(zh: "本系统不能转换 GB18030（iconv：\(why.zh)）", en: "this system cannot convert GB18030 (iconv: \(why.en))")
    }
    static func noEncoder(_ why: Localized) -> Localized {
        Localized(zh: "本系统不能转换为 GB18030（iconv：\(why.zh)）", en: "this system cannot convert to GB18030 (iconv: \(why.en))")
    }
    static func unencodable(_ why: Localized) -> Localized {
        Localized(zh: "iconv 无法把文本转换为 GB18030（\(why.zh)）", en: "iconv could not convert the text to GB18030 (\(why.en))")
    }
    static func unknownEncoding(_ name: String) -> Message {
        Message("unknown_encoding", en: "unknown encoding \"\(name)\"", zh: "未知的编码\"\(name)\"")
    }
    static let encodingHint = Localized(zh: "请用\"utf-8\"或\"gb18030\"（也能读 GBK 和 GB2312）",
                                        en: "use \"utf-8\" or \"gb18030\" (which also reads GBK and GB2312)")

    // MARK: CSV

    static func typesUnknownColumn(_ column: String) -> Message {
        Message("types_unknown_column", en: "types: names the column '\(column)', which the file does not have",
                zh: "types: 指定了列'\(column)'，但文件中没有这一列")
    }
    static func itsColumns(_ names: [String]) -> Localized {
        Localized(zh: "文件的列有：\(names.joined(separator: "、"))", en: "its columns are \(names.joined(separator: ", "))")
    }
    static func misfitCell(_ column: String, _ type: String, _ want: Localized) -> Message {
        Message("misfit_cell", en: "column '\(column)' is read as \(type) (types:), but this cell is not \(want.en)",
                zh: "列'\(column)'按 \(type) 读取（types:），但这个单元格不是\(want.zh)")
    }
    static let pinToTextHint = Localized(zh: "把它指定为 \"text\"，即可按原样保留每个单元格", en: "pin it to \"text\" to keep every cell as written")
    static func badColumnType(_ name: String, _ found: String) -> Message {
        Message("bad_column_type", en: "the type of column '\(name)' must be \"text\", \"number\" or \"boolean\", found \(found)",
                zh: "列'\(name)'的类型必须是 \"text\"、\"number\" 或 \"boolean\"，实际是\(found)")
    }
    static let unterminatedQuote = Message("unterminated_quote", en: "unterminated quoted field: the quote opened here is never closed",
                                           zh: "带引号的字段没有结束：这里打开的引号没有闭合")
    static let unterminatedQuoteHint = Localized(zh: "带引号的字段中的引号要写两次：\"\"", en: "a quote inside a quoted field is written twice: \"\"")
    static func afterClosingQuote(_ found: String) -> Message {
        Message("after_closing_quote", en: "unexpected \(found) after the closing quote of a field", zh: "字段的结束引号之后出现了意外的\(found)")
    }
    static func tooManyFields(_ found: Int, _ expected: Int) -> Message {
        Message("too_many_fields", en: "this row has \(found) fields, but the header names \(expected) column\(expected == 1 ? "" : "s")",
                zh: "这一行有\(found)个字段，但表头只有\(expected)列")
    }
    static let delimiterChoice = Message("bad_delimiter", en: "expected one ASCII character as the delimiter, such as \",\", \";\" or \"\\t\"",
                                         zh: "分隔符应为一个 ASCII 字符，如\",\"、\";\"或\"\\t\"")
    static func hostDelimiter(_ delimiter: String) -> Message {
        Message("bad_delimiter", en: "the CSV delimiter must be one ASCII character, found '\(delimiter)'",
                zh: "CSV 分隔符必须是一个 ASCII 字符，实际是'\(delimiter)'")
    }

    // MARK: JSON

    static func json(_ problem: JSONProblem) -> Message {
        switch problem {
        case .arrayNotClosed: Message("json_syntax", en: "the array is not closed: expected ',' or ']' before the end of the file",
                                      zh: "数组没有闭合：文件结束前应为','或']'")
        case .afterRow: Message("json_syntax", en: "expected ',' or ']' after a row", zh: "一行之后应为','或']'")
        case .trailing: Message("json_syntax", en: "unexpected text after the array of rows", zh: "行数组之后有多余的文本")
        case .valueAtEnd: Message("json_syntax", en: "expected a value before the end of the file", zh: "文件结束前应为一个值")
        case .value: Message("json_syntax", en: "expected a JSON value", zh: "应为 JSON 值")
        case .key: Message("json_syntax", en: "expected a key in quotes", zh: "应为带引号的键")
        case .colon(let key): Message("json_syntax", en: "expected ':' after the key \"\(key)\"", zh: "键\"\(key)\"之后应为':'")
        case .inObject: Message("json_syntax", en: "expected ',' or '}' in an object", zh: "对象中应为','或'}'")
        case .inArray: Message("json_syntax", en: "expected ',' or ']' in an array", zh: "数组中应为','或']'")
        case .tooDeep(let depth): Message("json_too_deep", en: "arrays and objects are nested more than \(depth) deep",
                                          zh: "数组和对象的嵌套超过\(depth)层")
        case .notANumber(let text, let why): Message("json_syntax", en: "'\(text)' is not a JSON number: \(why.text.en)",
                                                     zh: "'\(text)'不是 JSON 数字：\(why.text.zh)")
        case .controlCharacter(let c):
            Message("json_syntax", en: "a control character (U+\(String(format: "%04X", Int(c)))) must be escaped in a JSON string, as \\u\(String(format: "%04x", Int(c)))",
                    zh: "JSON 文本中的控制字符（U+\(String(format: "%04X", Int(c)))）必须转义，写作 \\u\(String(format: "%04x", Int(c)))")
        case .unterminatedString: Message("json_syntax", en: "unterminated string: the quote opened here is never closed",
                                          zh: "文本没有结束：这里打开的引号没有闭合")
        case .loneSurrogate: Message("json_syntax", en: "lone surrogate in a \\u escape", zh: "\\u 转义中有落单的代理项")
        case .unknownEscape(let e): Message("json_syntax", en: "unknown escape '\\\(e)' in a string", zh: "文本中有未知的转义'\\\(e)'")
        case .hexDigits: Message("json_syntax", en: "expected four hex digits after \\u", zh: "\\u 之后应为四位十六进制数字")
        case .row(let v): Message("json_row", en: "expected an object for each row, found \(v.typeName)",
                                  zh: "每一行应为对象，实际是\(type(of: v).zh)")
        }
    }
    /// Why a JSON number breaks RFC 8259's grammar.
    enum NumberFault {
        case digit, leadingZeros, digitAfterPoint, exponentDigit, outOfRange
        var text: Localized {
            switch self {
            case .digit: Localized(zh: "应为数字", en: "expected a digit")
            case .leadingZeros: Localized(zh: "不允许有前导零", en: "leading zeros are not allowed")
            case .digitAfterPoint: Localized(zh: "'.'之后应为数字", en: "expected a digit after '.'")
            case .exponentDigit: Localized(zh: "指数中应为数字", en: "expected a digit in the exponent")
            case .outOfRange: Localized(zh: "超出范围", en: "out of range")
            }
        }
    }
    enum JSONProblem {
        case arrayNotClosed, afterRow, trailing, valueAtEnd, value, key, colon(String), inObject, inArray, tooDeep(Int)
        case notANumber(String, NumberFault), controlCharacter(UInt8), unterminatedString, loneSurrogate, unknownEscape(String), hexDigits, row(Value)
    }

    // MARK: SQLite

    static func damagedDatabase(_ problem: String?) -> Localized {
        Localized(zh: "数据库已损坏（\(problem ?? "quick_check 未通过")）", en: "the database is damaged (\(problem ?? "quick_check failed"))")
    }
    static let notSQLite = Localized(zh: "它不是 SQLite 数据库（开头的字节不是 SQLite 的文件头）",
                                     en: "it is not an SQLite database (its first bytes are not SQLite's header)")
    static func truncatedDatabase(_ expected: UInt64, _ size: UInt64) -> Localized {
        Localized(zh: "数据库被截断了：文件头写着\(expected)字节，文件只有\(size)字节",
                  en: "the database is truncated: its header says \(expected) bytes, the file has \(size)")
    }
    static let sqliteQuery = Message("sqlite_query", en: "expected a table name or a SELECT statement", zh: "应为表名或 SELECT 语句")
    static func sqlite(_ message: String) -> Message { Message(foreign: "sqlite_error", "SQLite: \(message)") }

    // MARK: Excel

    static func notAWorkbook(_ path: String, _ why: Localized) -> Message {
        Message("not_a_workbook", en: "'\(path)' is not an Excel workbook: \(why.en)", zh: "'\(path)'不是 Excel 工作簿：\(why.zh)")
    }
    static let notAZip = Localized(zh: "它不是 zip 压缩包", en: "it is not a zip archive")
    static func noPart(_ part: String) -> Localized { Localized(zh: "它没有部件 \(part)", en: "it has no part \(part)") }
    static let noWorkbookPart = Localized(zh: "它没有 xl/workbook.xml", en: "it has no xl/workbook.xml")
    static let noSheet = Localized(zh: "它没有工作表", en: "it has no sheet")
    static let workbookHint = Localized(zh: "read_xlsx 读取 .xlsx 文件（Excel 2007 及以后）；.xls 或 .csv 文件请先另存为 .xlsx，或用 read_csv",
                                        en: "read_xlsx reads .xlsx files (Excel 2007 and later); save an .xls or .csv file as .xlsx first, or use read_csv")
    static func damagedWorkbook(_ path: String, _ part: String) -> Message {
        Message("damaged_workbook", en: "'\(path)' is damaged: its part \(part) cannot be unpacked", zh: "'\(path)'已损坏：部件 \(part) 无法解压")
    }
    static func workbookPartTooLarge(_ path: String, _ part: String, _ limit: Int) -> Message {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit) bytes"
        let zhSize = limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit)字节"
        return Message("workbook_part_too_large", en: "'\(path)' is refused: its part \(part) unpacks to more than " + size,
                       zh: "拒绝读取'\(path)'：部件 \(part) 解压后超过" + zhSize)
    }
    static func missingSharedString(_ cell: String, _ index: String) -> Message {
        Message("missing_shared_string", en: "cell \(cell) refers to shared string \(index), which the workbook does not have",
                zh: "单元格 \(cell) 引用的共享字符串 \(index) 在工作簿中不存在")
    }
    static func badNumericCell(_ cell: String, _ text: String) -> Message {
        Message("bad_numeric_cell", en: "cell \(cell) is numeric but holds '\(text)'", zh: "单元格 \(cell) 是数字类型，却存着'\(text)'")
    }
    static func malformedWorkbookXML(_ path: String, _ part: String, _ line: Int, _ column: Int) -> Message {
        Message("damaged_workbook", en: "'\(path)' is damaged: its part \(part) is not well-formed XML (line \(line), column \(column))",
                zh: "'\(path)'已损坏：部件 \(part) 不是格式正确的 XML（第\(line)行第\(column)列）")
    }
    static func noSuchSheet(_ path: String, _ sheet: String) -> Message {
        Message("no_such_sheet", en: "'\(path)' has no sheet \"\(sheet)\"", zh: "'\(path)'中没有工作表\"\(sheet)\"")
    }
    static func sheetsHint(_ sheets: [String]) -> Localized {
        let list = sheets.map { "\"\($0)\"" }.joined(separator: ", ")
        return Localized(zh: "它的工作表：" + list, en: "its sheets: " + list)
    }
    static func xlsxTooManyRows(_ n: Int) -> Message {
        Message("xlsx_too_many_rows", en: "a sheet holds at most \(XLSXWriter.maxRows - 1) rows below its header; this table has \(n)",
                zh: "一个工作表在表头下最多容纳\(XLSXWriter.maxRows - 1)行；这个表有\(n)行")
    }
    static func xlsxTooManyColumns(_ n: Int) -> Message {
        Message("xlsx_too_many_columns", en: "a sheet holds at most \(XLSXWriter.maxColumns) columns; this table has \(n)",
                zh: "一个工作表最多容纳\(XLSXWriter.maxColumns)列；这个表有\(n)列")
    }
    static func xlsxCellTooLong(row: Int, column: String, _ n: Int) -> Message {
        Message("xlsx_cell_too_long", en: "the cell in row \(row) of column '\(column)' has \(n) characters; an Excel cell holds at most \(XLSXWriter.maxCellCharacters)",
                zh: "列'\(column)'第\(row)行的单元格有\(n)个字符；Excel 单元格最多容纳\(XLSXWriter.maxCellCharacters)个")
    }
    static func unpackable(_ error: Error?) -> Message {
        guard let error else { return Message("xlsx_pack_failed", en: "the workbook could not be packed", zh: "工作簿无法打包") }
        return Message("xlsx_pack_failed", en: "the workbook could not be packed (\(error))", zh: "工作簿无法打包（\(error)）")
    }

    // MARK: XML (the parts of .xlsx and .docx files; XMLTokenizer)

    static func xmlUnclosedElement(_ name: String) -> Localized {
        Localized(zh: "文档在元素 <\(name)> 关闭之前就结束了", en: "the document ends before element <\(name)> is closed")
    }
    static let xmlNoRoot = Localized(zh: "文档中没有元素", en: "the document has no element")
    static func xmlUnclosed(_ opener: String, _ closer: String) -> Localized {
        Localized(zh: "'\(opener)' 缺少结尾的 '\(closer)'", en: "'\(opener)' is never closed by '\(closer)'")
    }
    static let xmlDoubleHyphenInComment = Localized(zh: "注释中出现了 '--'", en: "'--' inside a comment")
    static let xmlTextOutsideRoot = Localized(zh: "根元素之外有文本", en: "text outside the root element")
    static let xmlDoctype = Localized(zh: "不接受文档类型声明（<!DOCTYPE>）", en: "a document type declaration (<!DOCTYPE>) is not accepted")
    static let xmlBadMarkup = Localized(zh: "无法识别的 '<!' 标记", en: "unknown markup after '<!'")
    static func xmlUnclosedTag(_ name: String) -> Localized {
        Localized(zh: "标签 <\(name)> 没有以 '>' 结束", en: "tag <\(name)> is not ended by '>'")
    }
    static func xmlBadTag(_ name: String) -> Localized {
        Localized(zh: "标签 <\(name)> 格式错误", en: "tag <\(name)> is malformed")
    }
    static func xmlAttributeWithoutValue(_ name: String) -> Localized {
        Localized(zh: "属性 \(name) 缺少带引号的值", en: "attribute \(name) has no quoted value")
    }
    static func xmlLessThanInAttribute(_ name: String) -> Localized {
        Localized(zh: "属性 \(name) 的值中有 '<'", en: "'<' in the value of attribute \(name)")
    }
    static func xmlDuplicateAttribute(_ name: String) -> Localized {
        Localized(zh: "属性 \(name) 重复", en: "attribute \(name) is repeated")
    }
    static func xmlSecondRoot(_ name: String) -> Localized {
        Localized(zh: "根元素之后还有元素 <\(name)>", en: "element <\(name)> after the root element")
    }
    static func xmlUnexpectedEndTag(_ name: String) -> Localized {
        Localized(zh: "结束标签 </\(name)> 没有对应的开始标签", en: "end tag </\(name)> closes no element")
    }
    static func xmlMismatchedEndTag(_ expected: String, _ found: String) -> Localized {
        Localized(zh: "应为 </\(expected)>，实际为 </\(found)>", en: "expected </\(expected)>, found </\(found)>")
    }
    static let xmlBadReference = Localized(zh: "无效的实体或字符引用（'&' 应写作 '&amp;'）", en: "an invalid entity or character reference ('&' is written '&amp;')")
    static let xmlBadName = Localized(zh: "此处应为名称", en: "a name was expected")
    static func xmlControlCharacter(_ code: Int) -> Localized {
        let hex = String(code, radix: 16, uppercase: true)
        return Localized(zh: "控制字符 U+\(String(repeating: "0", count: 4 - hex.count) + hex)", en: "control character U+\(String(repeating: "0", count: 4 - hex.count) + hex)")
    }
    static let xmlInvalidUTF8 = Localized(zh: "不是有效的 UTF-8", en: "not valid UTF-8")

    // MARK: Charts

    static func unknownChartKind(_ kind: String) -> Message {
        Message("unknown_chart_kind", en: "unknown chart kind \"\(kind)\"", zh: "未知的图表类型\"\(kind)\"")
    }
    static var chartKindsHint: Localized {
        let kinds = Chart.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return Localized(zh: "图表类型：" + kinds, en: "chart kinds: " + kinds)
    }
    static func chartValueNotNumber(_ column: String, row: Int, _ v: Value) -> Message {
        Message("chart_value_not_number", en: "a chart measures numbers, but row \(row) of column '\(column)' holds a \(v.typeName)",
                zh: "图表度量数字，但列'\(column)'第\(row)行是\(type(of: v).zh)")
    }

    // MARK: Host tables

    static func hostColumnTwice(_ name: String) -> Message {
        Message("duplicate_column", en: "column '\(name)' is given twice", zh: "列'\(name)'给了两次")
    }
    static func hostColumnLengths(_ name: String, _ count: Int, _ first: String, _ firstCount: Int) -> Message {
        Message("column_lengths", en: "column '\(name)' has \(count) rows but column '\(first)' has \(firstCount)",
                zh: "列'\(name)'有\(count)行，但列'\(first)'有\(firstCount)行")
    }
    static func rowNotEncodable(_ row: Int, _ error: Error) -> Message {
        Message("row_not_encodable", en: "row \(row) could not be encoded: \(error)", zh: "第\(row)行无法编码：\(error)")
    }
    static func fieldTwice(_ row: Int, _ name: String) -> Message {
        Message("duplicate_field", en: "row \(row) encodes field '\(name)' twice", zh: "第\(row)行把字段'\(name)'编码了两次")
    }
    static let rowShape = Message("row_shape", en: "a table row must encode as a struct or a dictionary with string keys",
                                  zh: "表的一行必须编码为结构体或以文本为键的字典")
    static let oneExpression = Message("one_expression", en: "expected exactly one expression", zh: "应为恰好一个表达式")
}
