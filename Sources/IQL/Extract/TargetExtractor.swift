import Foundation

/// One target read from a clause, before ids and topics are given.
struct ExtractedTarget {
    var name: String
    let kind: String
    let unit: String
    /// In base units (7% → 0.07, 17万亩 → 170000); nil for a relative target.
    let target: Double?
    let direction: String
    /// For a relative target, the words naming what it tracks (经济增长).
    let base: String?
    /// `nil` for the end of the year, else the month it is due by.
    let dueMonth: Int?
    let confidence: TargetRules.Confidence
    let why: String
}

/// Applies ``TargetRules/patterns`` to clauses.
struct TargetExtractor {
    private struct Compiled {
        let rule: TargetRules.Pattern
        let regex: NSRegularExpression
    }

    private let compiled: [Compiled]
    private let figure: NSRegularExpression

    static let shared = TargetExtractor()

    private init() {
        func alternation(_ words: [String]) -> String {
            words.sorted { $0.count > $1.count }.map(NSRegularExpression.escapedPattern).joined(separator: "|")
        }
        let units = alternation(TargetRules.units.map(\.unit))
        let countUnits = alternation(TargetRules.units.filter { $0.kind == "count" }.map(\.unit))
        // Direction words and the beginnings of them (以 of 以上): an excerpt may stop mid-word.
        var dirWords = Set(TargetRules.directionWords.map(\.word))
        for w in TargetRules.directionWords.map(\.word) where w.count > 1 { dirWords.insert(String(w.prefix(w.count - 1))) }
        let n = TargetRules.number
        let macros: [(String, String)] = [
            ("{name_after}", "(?<name>.+)"),
            ("{names}", "(?<names>.+?)"),
            ("{name}", "(?<name>.+?)"),
            ("{base}", "(?<base>.+?)"),
            ("{rise}", "(?<rise>\(alternation(TargetRules.riseWords.map(\.word))))"),
            ("{mid}", "(?<mid>\(alternation(TargetRules.linkWords.map(\.word))))?"),
            ("{nums}", "(?<nums>\(n)(?:\(units))?(?:[、和]\(n)(?:\(units))?)+)"),
            ("{num2}", "(?<num2>\(n))"),
            ("{num}", "(?<num>\(n))"),
            ("{countunit}", "(?<unit>\(countUnits))"),
            ("{unit}?", "(?:\(units))?"),
            ("{unit}", "(?<unit>\(units))"),
            ("{dir}", "(?<dir>\(alternation(Array(dirWords))))?"),
            ("{lead}", "(?<lead>(?:\(alternation(TargetRules.leadWords)))+)"),
            ("{dash}", "(?:\(alternation(TargetRules.dashes)))"),
            ("{verb}", "(?<verb>[^□0-9]{1,3})"),
        ]
        compiled = TargetRules.patterns.map { rule in
            var p = rule.pattern
            for (macro, expansion) in macros { p = p.replacingOccurrences(of: macro, with: expansion) }
            // The rules are fixed data with a test each: a bad pattern is a bug here.
            return Compiled(rule: rule, regex: try! NSRegularExpression(pattern: p))
        }
        figure = try! NSRegularExpression(pattern: "(?<num>\(n))(?<unit>\(units))?")
    }

    /// The targets a clause states; empty when it states none. `joinedTo` is the clause
    /// before it when a 、 joins them: its due words hold for this one too.
    func targets(in clause: String, truncated: Bool, joinedTo: String? = nil) -> [ExtractedTarget] {
        guard clause.count <= TargetRules.maxClauseLength else { return [] }
        let masked = Self.masked(clause)
        let range = NSRange(location: 0, length: (masked as NSString).length)
        for c in compiled {
            guard let m = c.regex.firstMatch(in: masked, range: range) else { continue }
            // Names as the report writes them; figures and words as matched (ASCII digits).
            func group(_ name: String) -> String? {
                let r = m.range(withName: name)
                guard r.location != NSNotFound else { return nil }
                return ((["name", "names", "base"].contains(name) ? clause : masked) as NSString).substring(with: r)
            }
            if let rows = read(c.rule, group, clause: clause, truncated: truncated, joinedTo: joinedTo), !rows.isEmpty { return rows }
        }
        return []
    }

    private func read(_ rule: TargetRules.Pattern, _ group: (String) -> String?, clause: String, truncated: Bool,
                      joinedTo: String?) -> [ExtractedTarget]? {
        var confidence = rule.confidence
        var why = [rule.id]
        // Direction: the word after the figure, else the linking word, else a floor.
        var direction = TargetRules.defaultDirection
        if let mid = group("mid"), let d = TargetRules.linkWords.first(where: { $0.word == mid })?.direction {
            direction = d
            why.append(mid)
        }
        if let dir = group("dir") {
            if let d = TargetRules.directionWords.first(where: { $0.word == dir }) {
                direction = d.direction
                why.append(dir)
            } else if truncated {
                // 3000名以: the report stops in the middle of the direction word.
                confidence = .review
                why.append("'\(dir)' cut off")
            } else {
                return nil
            }
        }
        let rise = group("rise")
        let sign = rise.flatMap { r in TargetRules.riseWords.first { $0.word == r }?.sign } ?? 1
        if let r = rise { why.append(r) }
        let stated = direction
        if sign < 0 {
            // 下降3%: growth of at most -3%; 下降3%以上 likewise.
            direction = ["at_least": "at_most", "at_most": "at_least"][direction] ?? direction
        }
        var due = TargetRules.dueWords.first { clause.contains($0.word) }
        if let d = due { why.append(d.word) }
        else if let before = joinedTo, let d = TargetRules.dueWords.first(where: { before.contains($0.word) }) {
            due = d
            why.append("\(d.word) of the clause before")
        }
        if rule.kind == "relative" {
            guard let name = group("name").map(Self.cleanName), !name.isEmpty, let base = group("base") else { return nil }
            return [ExtractedTarget(name: name, kind: "relative", unit: "%", target: nil, direction: "relative", base: base,
                                    dueMonth: due?.month, confidence: confidence, why: (why + ["同步"]).joined(separator: " · "))]
        }
        // The figures and names: one of each, or as many of each (分别).
        var figures: [(text: String, unit: String?)] = []
        var names: [String] = []
        if let nums = group("nums"), let joined = group("names") {
            let ns = nums as NSString
            for m in figure.matches(in: nums, range: NSRange(location: 0, length: ns.length)) {
                let u = m.range(withName: "unit")
                figures.append((ns.substring(with: m.range(withName: "num")), u.location == NSNotFound ? nil : ns.substring(with: u)))
            }
            names = Self.splitNames(Self.cleanName(joined))
            guard names.count == figures.count, names.count > 1 else { return nil }
            let lastUnit = figures.last?.unit
            figures = figures.map { ($0.text, $0.unit ?? lastUnit) }
        } else if let value = rule.value, let name = group("name") {
            // The figure is in words: 全部 is all of them.
            let named = (rule.naming ?? "{name}").replacingOccurrences(of: "{name}", with: Self.cleanName(name))
                .replacingOccurrences(of: "{verb}", with: group("verb") ?? "")
            let u = rule.unit ?? ""
            return [ExtractedTarget(name: named, kind: rule.kind ?? "rate", unit: u, target: value, direction: direction, base: nil,
                                    dueMonth: due?.month, confidence: confidence, why: why.joined(separator: " · "))]
        } else {
            guard let low = group("num"), let name = group("name") else { return nil }
            // A range 6%—7% is read as its bound: the low end of a floor, the high end of a
            // ceiling (控制在5%—5.5% is at most 5.5%; 下降3%—5% is a decline of at least 3%).
            let num = stated == "at_most" ? group("num2") ?? low : low
            let unit = group("unit") ?? rule.unit
            figures = [(num, unit)]
            names = [Self.cleanName(name)]
        }
        if group("num2") != nil { why.append("range") }
        var rows: [ExtractedTarget] = []
        for (name, fig) in zip(names, figures) {
            guard !name.isEmpty, let unit = fig.unit, let (value, chinese) = ReportNumber.read(Substring(fig.text)) else { return nil }
            var rowConfidence = confidence
            if chinese { rowConfidence = .review }
            let kind = rule.kind ?? (rise != nil ? "growth" : TargetRules.units.first { $0.unit == unit }?.kind ?? "amount")
            let base = unit == "%" ? value / 100 : value
            rows.append(ExtractedTarget(name: name, kind: kind, unit: unit, target: sign * base, direction: direction, base: nil,
                                        dueMonth: due?.month, confidence: rowConfidence,
                                        why: (why + (chinese ? ["Chinese numeral"] : [])).joined(separator: " · ")))
        }
        return rows
    }

    /// The clause as the patterns read it, code unit for code unit: the text inside
    /// “quotes” replaced by □ (a quoted name such as “双50” or “最后一公里” holds no target
    /// figure), and full-width digits, `%` and `.` (７．５％) as ASCII ones.
    static func masked(_ s: String) -> String {
        var units = Array(s.utf16)
        var depth = 0
        for i in units.indices {
            switch units[i] {
            case 0x201C: depth += 1
            case 0x201D: depth = max(0, depth - 1)
            case _ where depth > 0: units[i] = 0x25A1
            case 0xFF10...0xFF19, 0xFF05, 0xFF0E: units[i] -= 0xFEE0
            default: break
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The indicator's name without the verbs and due words before it: 力争年内运营、实现销售收入
    /// → 销售收入, 建设高标准农田 → 高标准农田. A name is never cut below two characters.
    static func cleanName(_ raw: String) -> String {
        var name = Substring(raw).trimmingWhitespace()
        // Of coordinated phrases, the last is the indicator when it starts with a verb.
        if let sep = name.lastIndex(where: { Punctuation.enumeration.contains($0) }) {
            let last = name[name.index(after: sep)...]
            if TargetRules.leadWords.contains(where: { last.hasPrefix($0) }) { name = last }
        }
        let words = (TargetRules.leadWords + TargetRules.dueWords.map(\.word)).sorted { $0.count > $1.count }
        var changed = true
        while changed {
            changed = false
            for w in words where name.hasPrefix(w) && name.count - w.count >= 2 {
                name = name.dropFirst(w.count)
                changed = true
                break
            }
        }
        return String(name)
    }

    /// 接待游客和旅游收入 → [接待游客, 旅游收入].
    static func splitNames(_ s: String) -> [String] {
        s.split(whereSeparator: { "和、及与".contains($0) }).map(String.init).filter { !$0.isEmpty }
    }
}
