import Foundation

/// A work report cut into the clauses that state targets and projects, each with the
/// section and sub-heading it stands under.
///
/// Lines are paragraphs. `一、…` starts a part (a part that reviews the past is
/// skipped), `(一)…。` a section, and a short sentence naming a topic (突出投资拉动。,
/// 医药产业着力强链建群。) a sub-heading. `主要预期目标是:` opens the headline targets for
/// the rest of its paragraph. Clauses end at `,;:。` (ASCII or full-width) and at a `、`
/// that follows a figure (开工建设项目50个、投产达效项目30个), never inside “quotes” or brackets.
struct ReportOutline {
    struct Clause {
        /// The clause verbatim.
        let text: String
        /// Byte offset of the clause in the report text.
        let start: Int
        let section: String?
        /// The topic of the sub-heading above the clause, if any.
        let headingTopic: String?
        /// Whether the report stops inside this clause (an excerpt cut off mid-word).
        let truncated: Bool
        /// The clause before it in the same sentence, when a `、` joins them (力争上半年A达到80%、B全部复工:
        /// the time words of the first hold for the second).
        let joinedTo: String?
        /// Whether the clause follows `其中` in its sentence: its target is a part of the one before.
        let afterSubtotal: Bool
        /// Which sentence of the report the clause is in.
        let sentence: Int
    }

    private(set) var clauses: [Clause] = []
    /// The year of the plan, from a part heading such as `二、2023年工作安排`.
    private(set) var year: Int?

    static let headlineSection = "主要预期目标"

    init(text: String) {
        // Where the text stops, and whether it stops at the end of a sentence: a clause
        // running to an unpunctuated end was cut off (an excerpt ending in 3000名以).
        var trimmed = Substring(text)
        while let c = trimmed.last, c.isWhitespace { trimmed.removeLast() }
        let textEnd = trimmed.utf8.count
        let cutOff = trimmed.last.map { !Punctuation.sentenceEnds.contains($0) && $0 != ";" && $0 != "\u{FF1B}" } ?? false
        var section: String?
        var skipping = false
        var sentenceNumber = 0
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var body = Substring(line)
            var bodyStart = offset
            offset += line.utf8.count + 1
            while let c = body.last, c.isWhitespace { body.removeLast() }
            while let c = body.first, c.isWhitespace {
                bodyStart += String(c).utf8.count
                body.removeFirst()
            }
            if body.isEmpty { continue }
            if let title = Self.partTitle(body) {
                skipping = TargetRules.pastPartWords.contains { title.contains($0) }
                section = nil
                if !skipping, year == nil, let y = Self.yearMentioned(title) { year = y }
                continue
            }
            if skipping { continue }
            var paragraphSection = section
            var sentences: [(Substring, Int)]
            if let rest = Self.sectionMarker(body) {
                // (一)着力稳定经济增长。 The first sentence after the marker is the title.
                sentences = Self.sentences(rest, start: bodyStart + body.utf8.count - rest.utf8.count)
                let title = sentences.isEmpty ? "" : String(sentences.removeFirst().0.prefix { !Punctuation.clauseEnds.contains($0) })
                section = title.isEmpty ? nil : title
                paragraphSection = section
            } else {
                sentences = Self.sentences(body, start: bodyStart)
            }
            var topic: String?
            for (whole, wholeStart) in sentences {
                // 一是…, 1. …, (1)…: the enumerator belongs to neither heading nor clause.
                let sentence = whole.dropFirst(Self.enumeratorLength(whole))
                let sentenceStart = wholeStart + whole.utf8.count - sentence.utf8.count
                if let topicWord = Self.subHeading(sentence) {
                    topic = topicWord
                    continue
                }
                var pieces = Self.clauses(sentence, start: sentenceStart)
                // 主要预期目标是: the clauses after the colon are the headline targets.
                if let k = pieces.firstIndex(where: { $0.0.contains("预期目标") }) {
                    paragraphSection = Self.headlineSection
                    pieces.removeFirst(k + 1)
                }
                sentenceNumber += 1
                var afterSubtotal = false
                for (k, (clause, clauseStart, joined)) in pieces.enumerated() {
                    if TargetRules.subtotalWords.contains(String(clause)) { afterSubtotal = true; continue }
                    let truncated = cutOff && clauseStart + clause.utf8.count == textEnd
                    clauses.append(Clause(text: String(clause), start: clauseStart, section: paragraphSection,
                                          headingTopic: topic, truncated: truncated,
                                          joinedTo: joined && k > 0 ? String(pieces[k - 1].0) : nil,
                                          afterSubtotal: afterSubtotal, sentence: sentenceNumber))
                }
            }
        }
        if year == nil { year = Self.plannedYear(text) }
    }

    /// `二、2023年工作安排` → `2023年工作安排`.
    static func partTitle(_ line: Substring) -> Substring? {
        let numeral = line.prefix { "一二三四五六七八九十".contains($0) }
        guard !numeral.isEmpty else { return nil }
        let rest = line.dropFirst(numeral.count)
        guard rest.first == "、" else { return nil }
        return rest.dropFirst()
    }

    /// The text after `(一)` or `(一)` at the start of a line.
    static func sectionMarker(_ line: Substring) -> Substring? {
        guard let open = line.first, Punctuation.openParens.contains(open) else { return nil }
        let numeral = line.dropFirst().prefix { "一二三四五六七八九十".contains($0) }
        guard !numeral.isEmpty else { return nil }
        let after = line.dropFirst(1 + numeral.count)
        guard let close = after.first, Punctuation.closeParens.contains(close) else { return nil }
        return after.dropFirst()
    }

    /// Characters of an enumerator opening a sentence: `一是`, `1.`, `1、`, `(1)`, `(1)`.
    static func enumeratorLength(_ s: Substring) -> Int {
        let numeral = s.prefix { "一二三四五六七八九十".contains($0) }
        if !numeral.isEmpty, s.dropFirst(numeral.count).first == "是" { return numeral.count + 1 }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let next = s.dropFirst(digits.count).first, ".、．".contains(next) {
            // 1.5万亩 is a figure, not an enumerator.
            let after = s.dropFirst(digits.count + 1).first
            return after.map { $0.isASCII && $0.isNumber } == true ? 0 : digits.count + 1
        }
        if let open = s.first, Punctuation.openParens.contains(open) {
            let inner = s.dropFirst().prefix { $0.isASCII && $0.isNumber }
            if !inner.isEmpty, let close = s.dropFirst(1 + inner.count).first, Punctuation.closeParens.contains(close) { return inner.count + 2 }
        }
        return 0
    }

    /// The topic a short sentence names when it is a sub-heading: at most 12 characters,
    /// no inner punctuation or figure, a topic keyword (``TargetRules/topics``).
    static func subHeading(_ sentence: Substring) -> String? {
        var s = sentence
        if let last = s.last, Punctuation.sentenceEnds.contains(last) { s.removeLast() }
        // ASCII digits only: Unicode counts 参 and 零 as numerals too.
        guard s.count <= 12, !s.contains(where: { Punctuation.clauseEnds.contains($0) || Punctuation.enumeration.contains($0) || Punctuation.opens.contains($0) || $0 == "\"" || ($0.isASCII && $0.isNumber) }) else { return nil }
        // 启动科技创新行动。 is a project, not a heading; 深入推进乡村建设。 is a heading.
        let names = ProjectExtractor.shared.projects(in: String(s)).map(\.name)
        if names.contains(where: { ProjectExtractor.suffix(of: $0).map { $0 != "建设" } ?? true }) { return nil }
        return TargetRules.topics.first { s.contains($0.keyword) }?.topic
    }

    /// Sentences of a paragraph, ending at 。!? (each keeps its end mark), with byte offsets.
    static func sentences(_ body: Substring, start: Int) -> [(Substring, Int)] {
        var out: [(Substring, Int)] = []
        var from = body.startIndex
        var offset = start
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            i = body.index(after: i)
            if Punctuation.sentenceEnds.contains(c) {
                out.append((body[from..<i], offset))
                offset += body[from..<i].utf8.count
                from = i
            }
        }
        if from < body.endIndex { out.append((body[from...], offset)) }
        return out
    }

    /// The clauses of a sentence, without their punctuation, with byte offsets and whether
    /// a `、` (rather than a comma or colon) separates each from the one before.
    static func clauses(_ sentence: Substring, start: Int) -> [(Substring, Int, Bool)] {
        var out: [(Substring, Int, Bool)] = []
        var joined = false
        var depth = 0
        var from = sentence.startIndex
        var fromOffset = start
        var i = sentence.startIndex
        func emit(_ end: String.Index) {
            let piece = sentence[from..<end]
            if !piece.isEmpty { out.append((piece, fromOffset, joined)) }
        }
        while i < sentence.endIndex {
            let c = sentence[i]
            let next = sentence.index(after: i)
            switch c {
            case _ where Punctuation.opens.contains(c): depth += 1
            case _ where Punctuation.closes.contains(c): depth = max(0, depth - 1)
            case _ where depth == 0 && Punctuation.clauseEnds.contains(c):
                emit(i)
                fromOffset += sentence[from..<next].utf8.count
                from = next
                joined = false
            case "、" where depth == 0:
                // 开工建设项目50个、投产达效项目30个: a 、 after a whole target ends it;
                // 分别增长20%、30% does not (a figure follows).
                let nextIsFigure = next < sentence.endIndex && ReportNumber.read(sentence[next...].prefix(1)) != nil
                if !nextIsFigure && Self.endsWithFigure(sentence[from..<i]) {
                    emit(i)
                    fromOffset += sentence[from..<next].utf8.count
                    from = next
                    joined = true
                }
            default: break
            }
            i = next
        }
        emit(sentence.endIndex)
        return out
    }

    private static let figureEnd: NSRegularExpression = {
        let units = TargetRules.units.map { NSRegularExpression.escapedPattern(for: $0.unit) }.joined(separator: "|")
        let dirs = TargetRules.directionWords.map(\.word).joined(separator: "|")
        return try! NSRegularExpression(pattern: "[0-9](?:万亿|亿|万)?(?:\(units))(?:\(dirs))?$")
    }()

    static func endsWithFigure(_ s: Substring) -> Bool {
        // The figure, unit and direction word take a few characters at the end.
        let ns = String(s.suffix(24)) as NSString
        return figureEnd.firstMatch(in: ns as String, range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// The first `20XX年` in a heading.
    static func yearMentioned(_ s: Substring) -> Int? {
        let chars = Array(s)
        guard chars.count >= 5 else { return nil }
        for i in 0...(chars.count - 5) where chars[i] == "2" && chars[i + 4] == "年" {
            if let y = Int(String(chars[i..<(i + 4)])), (2000...2099).contains(y) { return y }
        }
        return nil
    }

    /// For a report with no dated part heading, the year of a phrase that names the plan
    /// (`江川市2024年政府工作报告`, `2024年主要预期目标`; ``TargetRules/planYearWords``).
    /// Other years in the text (2035年远景目标, 2022年的成绩) do not count: nil rather than a guess.
    static func plannedYear(_ text: String) -> Int? {
        for line in text.split(separator: "\n") {
            var s = Substring(line)
            while let y = yearMentioned(s), let r = s.range(of: "\(y)年") {
                let after = s[r.upperBound...]
                if TargetRules.planYearWords.contains(where: { after.hasPrefix($0) }) { return y }
                s = after
            }
        }
        return nil
    }
}

/// The punctuation of reports, ASCII and full-width. Full-width characters are written as
/// escapes (，is \u{FF0C}): editors and tools fold them to ASCII without a trace.
enum Punctuation {
    /// End a sentence: 。 ! ！ ? ？
    static let sentenceEnds: Set<Character> = ["\u{3002}", "!", "\u{FF01}", "?", "\u{FF1F}"]
    /// End a clause: the sentence ends and , ， ; ； : ：
    static let clauseEnds: Set<Character> = sentenceEnds.union([",", "\u{FF0C}", ";", "\u{FF1B}", ":", "\u{FF1A}"])
    /// Open and close what a clause does not end inside: “” ( ) （ ） 《》 「」
    static let opens: Set<Character> = ["\u{201C}", "(", "\u{FF08}", "\u{300A}", "\u{300C}"]
    static let closes: Set<Character> = ["\u{201D}", ")", "\u{FF09}", "\u{300B}", "\u{300D}"]
    /// Parentheses around a section's numeral: (一) （一）
    static let openParens: Set<Character> = ["(", "\u{FF08}"]
    static let closeParens: Set<Character> = [")", "\u{FF09}"]
    /// Separate the coordinated parts of a name: 、 , ，
    static let enumeration: Set<Character> = ["\u{3001}", ",", "\u{FF0C}"]
}
