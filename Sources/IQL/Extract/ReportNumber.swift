/// Figures as work reports write them: `7%`, `5000万`, `27亿`, `1.3万亿` (read by
/// ``NumberText``, as cells and strings are) and Chinese numerals (`两`, `三`, `二十`,
/// `一千二百`, `五万`).
enum ReportNumber {
    /// The value of a figure without its unit, and whether it was written in Chinese
    /// numerals. Nil when the text is not a figure, or is a numeral used as a word:
    /// a bare 百, 千 or 万 (百户企业, 千头肉牛, 万发拨子) names, it does not count.
    static func read(_ text: Substring) -> (value: Double, chinese: Bool)? {
        if let first = text.first, first.isASCII {
            return NumberText.parse(text)?.doubleValue.map { ($0, false) }
        }
        guard let first = text.first, !"百千万亿".contains(first) else { return nil }
        var total = 0.0, section = 0.0, digit = 0.0
        var sawDigit = false
        for ch in text {
            if let d = digits[ch] {
                digit = d
                sawDigit = true
            } else if let u = smallUnits[ch] {
                // 十二 is 12: a 十 with no digit before it counts as one ten.
                section += (digit == 0 && !sawDigit ? 1 : digit) * u
                digit = 0
                sawDigit = false
            } else if let u = largeUnits[ch] {
                total = (total + section + digit) * u
                section = 0
                digit = 0
                sawDigit = false
            } else {
                return nil
            }
        }
        return (total + section + digit, true)
    }

    private static let digits: [Character: Double] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    private static let smallUnits: [Character: Double] = ["十": 10, "百": 100, "千": 1000]
    private static let largeUnits: [Character: Double] = ["万": 1e4, "亿": 1e8]
}
