/// The messages of `iql extract` and `extract_plan`: reading a work report, and the rows
/// a person should review.
extension Messages {
    static func reportYearUnknown(_ name: String) -> Message {
        Message("report_year_unknown",
                en: "cannot tell which year '\(name)' plans: no heading such as '二、2023年工作安排' and no phrase such as '2023年政府工作报告'",
                zh: "无法判断'\(name)'规划的是哪一年：没有'二、2023年工作安排'这样的标题，也没有'2023年政府工作报告'这样的说法")
    }
    static let reportYearHint = Localized(zh: "请给出年份：iql extract REPORT --year 2023，或 extract_plan(path, year: 2023)",
                                          en: "give the year: iql extract REPORT --year 2023, or extract_plan(path, year: 2023)")
    static func reviewFigure(_ figure: String, due: String) -> Localized {
        Localized(zh: "\(figure)，期限 \(due)", en: "\(figure), due \(due)")
    }
    static func reviewTarget(_ name: String, _ figure: Localized, _ why: String) -> Message {
        Message("review_target", en: "review target '\(name)': \(figure.en) (rule \(why))", zh: "请核对目标'\(name)'：\(figure.zh)（规则 \(why)）")
    }
    static func reviewProject(_ name: String, _ stage: String, _ why: String) -> Message {
        Message("review_project", en: "review project '\(name)': \(stage) (rule \(why))", zh: "请核对项目'\(name)'：\(stage)（规则 \(why)）")
    }
    static func reviewRelative(_ name: String, _ base: String) -> Message {
        Message("review_relative", en: "review target '\(name)': tracks '\(base)', which is no target of this report (relative_to left empty)",
                zh: "请核对目标'\(name)'：它跟踪的'\(base)'不是本报告的目标（relative_to 留空）")
    }
    static func docxNotZip(_ error: Error) -> Localized {
        Localized(zh: "它不是可读的 ZIP 压缩包（\(error)）", en: "it is not a readable ZIP archive (\(error))")
    }
    static let docxNoDocument = Localized(zh: "它没有 word/document.xml，所以不是 Word .docx 文档",
                                          en: "it has no word/document.xml, so it is not a Word .docx document")
    static func docxTooLarge(_ mb: Int) -> Localized {
        Localized(zh: "它的文档大于 \(mb) MB", en: "its document is larger than \(mb) MB")
    }
    static func docxUnpackable(_ error: Error) -> Localized {
        Localized(zh: "它的文档无法解压（\(error)）", en: "its document cannot be unpacked (\(error))")
    }
    static func docxUnpacksTooLarge(_ mb: Int) -> Localized {
        Localized(zh: "它的文档无法解压（解压后超过 \(mb) MB）", en: "its document cannot be unpacked (it unpacks to more than \(mb) MB)")
    }
    static func docxMalformed(_ line: Int, _ column: Int, _ why: Localized) -> Localized {
        Localized(zh: "word/document.xml 在第\(line)行第\(column)列不是格式正确的 XML：\(why.zh)", en: "word/document.xml is not well-formed XML at line \(line), column \(column): \(why.en)")
    }
}
