/// Reads numbers as analysts write them in cells and strings: `42`, `-3.5`, `1,234`,
/// `2.5e3`, `7%` (0.07, a percentage), `5000万`, `27亿`, `1.5万亿`.
enum NumberText {
    static func parse(_ text: Substring) -> Value? {
        var s = text.trimmingWhitespace()
        guard !s.isEmpty else { return nil }
        var scale = 1.0
        var divisor = 1.0
        var style = NumberStyle.plain
        // A percentage is its decimal over 100, rounded once (``percentValue``), as the
        // lexer reads it, so that a cell "76.4%" equals the literal 76.4% exactly.
        if s.hasSuffix("%") { s.removeLast(); divisor = 100; style = .percent }
        else if s.hasSuffix("万亿") { s.removeLast(2); scale = 1e12 }
        else if s.hasSuffix("亿") { s.removeLast(); scale = 1e8 }
        else if s.hasSuffix("万") { s.removeLast(); scale = 1e4 }
        // The infinities as iql's writers spell them: `inf`, `-inf`, and `inf%` for a percentage.
        if s == "inf" || s == "+inf" || s == "-inf" { return Value.num(s == "-inf" ? -.infinity : .infinity, style) }
        // Thousands separators: only in the integer part, in groups of three.
        if s.contains(",") {
            let intPart = s.split(separator: ".", maxSplits: 1)[0]
            let groups = intPart.split(separator: ",", omittingEmptySubsequences: false)
            guard groups.count > 1, (1...3).contains(groups[0].trimmingPrefix("-").count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            s.removeAll { $0 == "," }
        }
        guard let first = s.first, first.isASCII, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        guard s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        if divisor == 100 {
            guard let exact = percentValue(s), exact.isFinite else { return nil }
            return .percent(exact)
        }
        guard let d = Double(s), d.isFinite else { return nil }
        return Value.num(d * scale / divisor, style)
    }

    /// The decimal `text` divided by 100 and rounded once, as every percentage is read
    /// (literals, cells, `number()`): `41.66666666666667` gives exactly the double
    /// `5 / 12`, which dividing the rounded 41.666… by 100 would miss.
    static func percentValue(_ text: Substring) -> Double? {
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let exponent = Int(text[text.index(after: e)...]) else { return nil }
            return Double("\(text[..<e])e\(exponent - 2)")
        }
        return Double(text + "e-2")
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return s
    }
}

extension Value {
    /// A number read from text as analysts write it (`42`, `1,234`, `7%`, `5000万`, `27亿`);
    /// nil when the text is not a number.
    public init?(numberText text: String) {
        guard let v = NumberText.parse(Substring(text)) else { return nil }
        self = v
    }
}
