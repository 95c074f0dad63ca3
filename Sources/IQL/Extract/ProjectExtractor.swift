import Foundation

/// One project read from a clause, before ids and topics are given.
struct ExtractedProject {
    let name: String
    let stage: String
    let note: String?
    let confidence: TargetRules.Confidence
    let why: String
}

/// Applies ``ProjectRules`` to clauses.
struct ProjectExtractor {
    static let shared = ProjectExtractor()

    private let leadVerbs: [ProjectRules.Verb]
    private let trailVerbs: [ProjectRules.Verb]
    private let noteFigure: NSRegularExpression

    private init() {
        let byLength = ProjectRules.verbs.sorted { $0.word.count > $1.word.count }
        leadVerbs = byLength.filter { if case .lead = $0.position { return true }; return false }
        trailVerbs = byLength.filter { if case .trail = $0.position { return true }; return false }
        let units = ProjectRules.noteUnits.map(NSRegularExpression.escapedPattern).joined(separator: "|")
        noteFigure = try! NSRegularExpression(pattern: "第?(?:[0-9]+(?:\\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)(?:\(units))")
    }

    /// The projects a clause names; empty when it names none.
    func projects(in clause: String) -> [ExtractedProject] {
        var text = Substring(clause)
        var stripped = true
        while stripped {
            stripped = false
            for a in ProjectRules.adverbs where text.hasPrefix(a) && text.count > a.count {
                text = text.dropFirst(a.count)
                stripped = true
            }
        }
        var verb: ProjectRules.Verb?
        var object: Substring = ""
        for v in ProjectRules.verbs {
            if case .frame(let closer) = v.position, text.hasPrefix(v.word), let r = text.range(of: closer) {
                // 把龙兴里小镇打造成为文旅新地标: the name is what the frame holds.
                verb = v
                object = text[text.index(text.startIndex, offsetBy: v.word.count)..<r.lowerBound]
                break
            }
        }
        if verb == nil, let v = trailVerbs.first(where: { text.hasSuffix($0.word) && text.count > $0.word.count }) {
            // 集桓高速建成通车: the verb after the name gives the stage.
            verb = v
            object = text.dropLast(v.word.count)
            if let lead = leadVerbs.first(where: { object.hasPrefix($0.word) }) { object = object.dropFirst(lead.word.count) }
        }
        if verb == nil, let v = leadVerbs.first(where: { text.hasPrefix($0.word) && text.count > $0.word.count }) {
            verb = v
            object = text.dropFirst(v.word.count)
        }
        guard let verb else { return [] }
        var stage = verb.stage
        var why = [verb.word]
        var marked = false

        // 等…项目: the list before 等 names projects; what follows may still give the stage.
        if let deng = Self.firstOutsideQuotes(object, "等") {
            let after = object[object.index(after: deng)...]
            if after.isEmpty || ProjectRules.listMarkers.contains(where: { after.contains($0) }) {
                marked = true
                why.append("等")
            }
            if let tail = ProjectRules.tails.first(where: { after.hasSuffix($0.word) }), let s = tail.stage { stage = s; why.append(tail.word) }
            object = object[..<deng]
        } else {
            // X建设, X前期工作, X产业化进程: the work, not the name.
            for tail in ProjectRules.tails where object.hasSuffix(tail.word) && object.count > tail.word.count {
                let rest = object.dropLast(tail.word.count)
                // 和美乡村建设 keeps its 建设: a programme, where no facility is named before it.
                if ProjectRules.suffixes.contains(tail.word) && !Self.endsWithSuffix(Self.lastItem(rest)) { continue }
                object = rest
                marked = true
                if let s = tail.stage { stage = s }
                why.append(tail.word)
                break
            }
        }

        var rows: [ExtractedProject] = []
        let items = Self.items(object)
        for raw in items {
            var name = Self.afterInnerVerb(raw)
            var confidence = verb.confidence
            var itemWhy = why
            if items.count == 1, !Self.isQuotedWhole(name), !Self.endsWithSuffix(name), let cut = Self.cutAfterLastSuffix(name) {
                // 二道江石油装备产业园企业入驻: the name ends at its last facility word.
                name = cut
                confidence = .review
                itemWhy.append("cut after the name")
            }
            let accepted = Self.isQuotedWhole(name) || Self.endsWithSuffix(name) || marked
            guard accepted, name.count >= 2, !ProjectRules.notNameWords.contains(where: { name.contains($0) }) else { continue }
            if !marked && !Self.isQuotedWhole(name) { itemWhy.append("ends in '\(Self.suffix(of: name) ?? "")'") }
            let ns = name as NSString
            let notes = noteFigure.matches(in: name, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
            rows.append(ExtractedProject(name: name, stage: stage, note: notes.isEmpty ? nil : notes.joined(separator: "、"),
                                         confidence: confidence, why: itemWhy.joined(separator: " · ")))
        }
        return rows
    }

    /// The names in a list: split at 、 and 及, at 和 after a name's end, with
    /// “A”“B”计划 read as “A”计划 and “B”计划.
    static func items(_ object: Substring) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        var chars = Array(object)
        chars.append("\0")
        for (i, c) in chars.enumerated() {
            if c == "“" { depth += 1 }
            if c == "”" { depth = max(0, depth - 1) }
            let sep = depth == 0 && (ProjectRules.separators.contains(String(c))
                || (ProjectRules.joiningWords.contains(String(c)) && endsWithSuffix(current) && i + 1 < chars.count - 1))
            if sep || c == "\0" {
                out.append(contentsOf: distributeQuotes(current))
                current = ""
            } else {
                current.append(c)
            }
        }
        return out.filter { !$0.isEmpty }
    }

    /// “学子归巢”“学子兴企”计划 → [“学子归巢”计划, “学子兴企”计划]; “田长制”“林长制” → both.
    static func distributeQuotes(_ s: String) -> [String] {
        var quoted: [String] = []
        var rest = Substring(s)
        while rest.hasPrefix("“"), let close = rest.firstIndex(of: "”") {
            quoted.append(String(rest[...close]))
            rest = rest[rest.index(after: close)...]
        }
        guard quoted.count > 1, !rest.contains("“") else { return [s] }
        return quoted.map { $0 + rest }
    }

    static func isQuotedWhole(_ s: String) -> Bool {
        s.hasPrefix("“") && s.hasSuffix("”") && s.dropFirst().dropLast().firstIndex(of: "”") == nil
    }

    static func suffix<S: StringProtocol>(of s: S) -> String? {
        ProjectRules.suffixes.first { s.hasSuffix($0) }
    }

    static func endsWithSuffix<S: StringProtocol>(_ s: S) -> Bool { suffix(of: s) != nil }

    /// The last item of a list, for deciding whether a tail word belongs to it.
    static func lastItem(_ s: Substring) -> Substring {
        guard let i = s.lastIndex(where: { ProjectRules.separators.contains(String($0)) }) else { return s }
        return s[s.index(after: i)...]
    }

    /// The name up to its last facility word of two or more characters, when at most six
    /// characters follow it (二道江石油装备产业园企业入驻 → 二道江石油装备产业园); nil otherwise.
    /// Only a clause's single name is cut: in a list, 通化机场扩建 is a name of its own.
    static func cutAfterLastSuffix(_ s: String) -> String? {
        let chars = Array(s)
        for end in stride(from: chars.count - 1, through: 2, by: -1) where chars.count - end <= 6 {
            let head = String(chars[0..<end])
            if let suffix = suffix(of: head), suffix.count >= 2, !endsWithSuffix(String(chars[end...])) { return head }
        }
        return nil
    }

    /// 省市共建医疗器械审评和检验通化分中心 → 医疗器械审评和检验通化分中心: who builds it is not its name.
    static func afterInnerVerb(_ s: String) -> String {
        for v in ProjectRules.innerVerbs {
            if let r = s.range(of: v), s.distance(from: s.startIndex, to: r.lowerBound) <= 4, r.upperBound < s.endIndex {
                return String(s[r.upperBound...])
            }
        }
        return s
    }

    static func firstOutsideQuotes(_ s: Substring, _ c: Character) -> Substring.Index? {
        var depth = 0
        var i = s.startIndex
        while i < s.endIndex {
            switch s[i] {
            case "“": depth += 1
            case "”": depth = max(0, depth - 1)
            case c where depth == 0: return i
            default: break
            }
            i = s.index(after: i)
        }
        return nil
    }
}
