import Foundation
import Testing
@testable import IQL

/// Each row of the extraction rule tables (Sources/IQL/Extract/*Rules.swift) with a
/// clause that exercises it. `everyRuleHasATest` fails when a row is added without one.
@Suite struct ExtractRuleTests {
    struct Case: CustomStringConvertible {
        let clause: String
        let kind: String, unit: String, target: Double?, direction: String
        var due: Int? = nil
        var confidence: TargetRules.Confidence = .high
        var name: String? = nil
        var description: String { clause }
    }

    static func one(_ clause: String, truncated: Bool = false) -> ExtractedTarget? {
        let rows = TargetExtractor.shared.targets(in: clause, truncated: truncated)
        return rows.count == 1 ? rows[0] : nil
    }

    static func check(_ c: Case) {
        guard let t = one(c.clause) else { Issue.record("no single target in \(c.clause)"); return }
        #expect(t.kind == c.kind, "\(c)")
        #expect(t.unit == c.unit, "\(c)")
        if let want = c.target { #expect(abs((t.target ?? .nan) - want) <= 1e-9 * max(1, abs(want)), "\(c): \(t.target ?? .nan)") }
        else { #expect(t.target == nil, "\(c)") }
        #expect(t.direction == c.direction, "\(c)")
        #expect(t.dueMonth == c.due, "\(c)")
        #expect(t.confidence == c.confidence, "\(c)")
        if let n = c.name { #expect(t.name == n, "\(c): \(t.name)") }
    }

    // MARK: Target patterns

    static let patternCases: [String: Case] = [
        "relative": Case(clause: "城乡居民收入增长与经济增长基本同步", kind: "relative", unit: "%", target: nil, direction: "relative", name: "城乡居民收入"),
        "growth_range": Case(clause: "地区生产总值增长6%—7%", kind: "growth", unit: "%", target: 0.06, direction: "at_least", confidence: .review),
        "growth": Case(clause: "地区生产总值增长7%左右", kind: "growth", unit: "%", target: 0.07, direction: "about", name: "地区生产总值"),
        "value_range": Case(clause: "城镇调查失业率控制在5%—5.5%", kind: "rate", unit: "%", target: 0.055, direction: "at_most", confidence: .review),
        "value": Case(clause: "建设高标准农田17万亩", kind: "amount", unit: "亩", target: 170_000, direction: "at_least", name: "高标准农田"),
        "all": Case(clause: "续建项目全部复工", kind: "rate", unit: "%", target: 1, direction: "at_least", confidence: .review, name: "续建项目复工率"),
        "count_first": Case(clause: "推进35个产值亿元以上产品扩大市场", kind: "count", unit: "个", target: 35, direction: "at_least", confidence: .review),
    ]

    @Test(arguments: TargetRules.patterns.map(\.id).filter { $0 != "split" })
    func targetPattern(_ id: String) throws {
        let c = try #require(Self.patternCases[id], "no case for pattern \(id)")
        Self.check(c)
        #expect(Self.one(c.clause)?.why.hasPrefix(id) == true, "\(c) matched another rule")
    }

    @Test func splitGivesOneRowPerIndicator() {
        let rows = TargetExtractor.shared.targets(in: "接待游客和旅游收入分别增长20%、30%", truncated: false)
        #expect(rows.map(\.name) == ["接待游客", "旅游收入"])
        #expect(rows.map { $0.target ?? 0 } == [0.2, 0.3])
        #expect(rows.allSatisfy { $0.kind == "growth" && $0.why.hasPrefix("split") && $0.confidence == .high })
        let counts = TargetExtractor.shared.targets(in: "新建公办幼儿园和中小学分别达到12所、8所", truncated: false)
        #expect(counts.map { $0.target ?? 0 } == [12, 8])
        #expect(counts.allSatisfy { $0.unit == "所" && $0.kind == "count" })
    }

    @Test(arguments: TargetRules.riseWords.map(\.word))
    func riseWord(_ word: String) {
        let decline = TargetRules.riseWords.first { $0.word == word }!.sign < 0
        Self.check(Case(clause: "工业增加值\(word)8%", kind: "growth", unit: "%", target: decline ? -0.08 : 0.08,
                        direction: decline ? "at_most" : "at_least", name: "工业增加值"))
    }

    @Test(arguments: TargetRules.linkWords.map(\.word))
    func linkWord(_ word: String) {
        let direction = TargetRules.linkWords.first { $0.word == word }!.direction ?? "at_least"
        Self.check(Case(clause: "新开工项目\(word)45个", kind: "count", unit: "个", target: 45, direction: direction, name: "新开工项目"))
    }

    @Test(arguments: TargetRules.directionWords.map(\.word))
    func directionWord(_ word: String) {
        let direction = TargetRules.directionWords.first { $0.word == word }!.direction
        Self.check(Case(clause: "粮食总产量27亿斤\(word)", kind: "amount", unit: "斤", target: 2.7e9, direction: direction))
    }

    @Test func ceilingWithBothWords() {
        Self.check(Case(clause: "城镇调查失业率控制在5.5%以内", kind: "rate", unit: "%", target: 0.055, direction: "at_most"))
    }

    @Test(arguments: TargetRules.dueWords.map(\.word))
    func dueWord(_ word: String) {
        let month = TargetRules.dueWords.first { $0.word == word }!.month
        Self.check(Case(clause: "力争\(word)新建项目开工率达到80%", kind: "rate", unit: "%", target: 0.8, direction: "at_least",
                        due: month, name: "新建项目开工率"))
    }

    @Test(arguments: TargetRules.units.map(\.unit))
    func unit(_ unit: String) {
        let kind = TargetRules.units.first { $0.unit == unit }!.kind
        Self.check(Case(clause: "全年完成考核指标12\(unit)", kind: kind, unit: unit, target: unit == "%" ? 0.12 : 12, direction: "at_least",
                        name: "考核指标"))
    }

    @Test(arguments: TargetRules.leadWords)
    func leadWordIsTrimmedFromTheName(_ word: String) {
        #expect(TargetExtractor.cleanName("\(word)示范企业") == "示范企业")
        // A name is not cut below two characters.
        #expect(TargetExtractor.cleanName("\(word)园") == "\(word)园")
    }

    @Test(arguments: TargetRules.dashes)
    func rangeDash(_ dash: String) {
        Self.check(Case(clause: "地区生产总值增长6%\(dash)7%", kind: "growth", unit: "%", target: 0.06, direction: "at_least", confidence: .review))
    }

    // MARK: Numbers in the forms reports use

    @Test func figuresInEveryForm() {
        Self.check(Case(clause: "地区生产总值增长7%", kind: "growth", unit: "%", target: 0.07, direction: "at_least"))
        Self.check(Case(clause: "实施5000万元以上项目226个", kind: "count", unit: "个", target: 226, direction: "at_least", name: "5000万元以上项目"))
        Self.check(Case(clause: "固定资产投资达到5000万元", kind: "amount", unit: "元", target: 5e7, direction: "at_least"))
        Self.check(Case(clause: "粮食产量1.3万亿斤以上", kind: "amount", unit: "斤", target: 1.3e12, direction: "at_least"))
        Self.check(Case(clause: "引进高层次人才3000名", kind: "count", unit: "名", target: 3000, direction: "at_least", name: "高层次人才"))
        Self.check(Case(clause: "建设省级示范园区两个", kind: "count", unit: "个", target: 2, direction: "at_least", confidence: .review))
        Self.check(Case(clause: "新增科技型企业二十家以上", kind: "count", unit: "家", target: 20, direction: "at_least", confidence: .review))
        Self.check(Case(clause: "社会消费品零售总额增长7%以上", kind: "growth", unit: "%", target: 0.07, direction: "at_least"))
        Self.check(Case(clause: "单位GDP能耗下降3%—5%", kind: "growth", unit: "%", target: -0.03, direction: "at_most", confidence: .review))
    }

    @Test func fullWidthFigures() {
        Self.check(Case(clause: "社会消费品零售总额增长７．５％", kind: "growth", unit: "%", target: 0.075, direction: "at_least"))
        Self.check(Case(clause: "建设高标准农田１７万亩", kind: "amount", unit: "亩", target: 170_000, direction: "at_least"))
    }

    @Test func chineseNumerals() {
        let cases: [(String, Double?)] = [("两", 2), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("三百", 300), ("一千零五", 1005),
                                          ("一万二千", 12_000), ("五万", 50_000), ("两千", 2000), ("百", nil), ("千", nil), ("万", nil)]
        for (text, value) in cases { #expect(ReportNumber.read(Substring(text))?.value == value, "\(text)") }
        #expect(ReportNumber.read("1.3万亿")?.value == 1.3e12)
        #expect(ReportNumber.read("27亿")?.value == 2.7e9)
    }

    // MARK: What is not a target

    @Test(arguments: [
        "重点做好九个方面工作",          // a count of tasks, not a target
        "推动百个项目落地见效",          // 百 names a programme
        "支持“双50”百户企业成长壮大",    // a quoted name
        "打通金融服务“最后一公里”",      // a quoted slogan
        "重启祥元镁业5万吨镁合金产业园",  // a plant's capacity
        "扎实开展农村人居环境整治五年提升行动",
        "全面完成各项任务",              // no figure
        "问题全部整改到位到底",          // 全部 and no short verb
    ])
    func noTarget(_ clause: String) {
        #expect(TargetExtractor.shared.targets(in: clause, truncated: false).isEmpty, "\(clause)")
    }

    @Test func dueWordsHoldForAClauseJoinedByAnEnumerationComma() throws {
        let t = try #require(TargetExtractor.shared.targets(in: "续建项目全部复工", truncated: false, joinedTo: "力争上半年新建项目开工率达到80%").first)
        #expect(t.dueMonth == 6)
        #expect(TargetExtractor.shared.targets(in: "续建项目全部复工", truncated: false).first?.dueMonth == nil)
        let o = ReportOutline(text: "二、2024年工作安排\n力争上半年新建项目开工率达到80%、续建项目全部复工,网络零售额增长10%。\n")
        #expect(o.clauses.map(\.joinedTo) == [nil, "力争上半年新建项目开工率达到80%", nil])
    }

    @Test(arguments: TargetRules.subtotalWords)
    func targetsAfterASubtotalWordArePartsOfTheOneBefore(_ word: String) throws {
        let plan = try Engine.extractPlan(text: "二、2024年工作安排\n实施5000万元以上项目226个,\(word):亿元以上项目161个,10亿元以上项目24个。新增企业10户。\n")
        let t = plan.indicators
        #expect(t.values(of: "part_of") == [.null, .string("target_1"), .string("target_1"), .null])
        #expect(t.values(of: "profile") == Array(repeating: .string("linear"), count: 4))
    }

    @Test func directionWordCutOffAtTheEndOfAnExcerpt() throws {
        #expect(Self.one("引进高层次人才、紧缺型人才3000名以") == nil)
        let t = try #require(Self.one("引进高层次人才、紧缺型人才3000名以", truncated: true))
        #expect(t.target == 3000 && t.direction == "at_least" && t.confidence == .review)
        #expect(t.name == "高层次人才、紧缺型人才")
    }

    // MARK: Project verbs

    static func projects(_ clause: String) -> [ExtractedProject] { ProjectExtractor.shared.projects(in: clause) }

    @Test(arguments: ProjectRules.verbs.map(\.word))
    func projectVerb(_ word: String) throws {
        let verb = ProjectRules.verbs.first { $0.word == word }!
        let clause: String
        switch verb.position {
        case .lead: clause = "\(word)江川物流园"
        case .trail: clause = "江川物流园\(word)"
        case .frame(let closer): clause = "\(word)江川物流园\(closer)为区域枢纽"
        }
        let p = Self.projects(clause)
        #expect(p.map(\.name) == ["江川物流园"], "\(clause)")
        #expect(p.first?.stage == verb.stage, "\(clause)")
        #expect(p.first?.confidence == verb.confidence, "\(clause)")
    }

    @Test(arguments: ProjectRules.adverbs)
    func adverbBeforeAVerb(_ adverb: String) {
        #expect(Self.projects("\(adverb)实施江川物流园").map(\.name) == ["江川物流园"])
    }

    @Test(arguments: ProjectRules.tails.map(\.word))
    func tailIsCutAndMayGiveTheStage(_ tail: String) {
        let stage = ProjectRules.tails.first { $0.word == tail }!.stage ?? "在建"
        let p = Self.projects("加快江川物流园\(tail)")
        #expect(p.map(\.name) == ["江川物流园"], "\(tail)")
        #expect(p.first?.stage == stage, "\(tail)")
    }

    @Test(arguments: ProjectRules.suffixes)
    func nameEndsWithASuffix(_ suffix: String) {
        #expect(Self.projects("启动河东\(suffix)").map(\.name) == ["河东\(suffix)"], "\(suffix)")
    }

    @Test func aNameWithoutSuffixIsNoProject() {
        #expect(Self.projects("推进商品住宅供给侧结构性改革").isEmpty)
        #expect(Self.projects("推动康养与中医药、文旅融合发展").isEmpty)
        #expect(Self.projects("建设全省最具影响力的上市许可持有人转化制造中心").isEmpty)
        #expect(Self.projects("创建一批示范镇、示范村").isEmpty)
    }

    @Test(arguments: ProjectRules.listMarkers)
    func listBeforeAMarkerNamesProjects(_ marker: String) {
        #expect(Self.projects("实施数字乡村整市推进、通化机场扩建等一批\(marker)").map(\.name) == ["数字乡村整市推进", "通化机场扩建"])
        #expect(Self.projects("大力发展新材料、新能源等优势产业").isEmpty)
    }

    @Test(arguments: ProjectRules.separators + ProjectRules.joiningWords)
    func separator(_ sep: String) {
        #expect(Self.projects("推进江川物流园\(sep)河东产业园等项目").map(\.name) == ["江川物流园", "河东产业园"])
    }

    @Test func joiningWordInsideANameIsKept() {
        #expect(Self.projects("推进医疗器械审评和检验分中心").map(\.name) == ["医疗器械审评和检验分中心"])
    }

    @Test(arguments: ProjectRules.innerVerbs)
    func buildersBeforeAnInnerVerbAreNotTheName(_ verb: String) {
        #expect(Self.projects("推动省市\(verb)检验分中心").map(\.name) == ["检验分中心"])
    }

    @Test(arguments: ProjectRules.notNameWords)
    func descriptionsAreNoNames(_ word: String) {
        #expect(Self.projects("启动\(word)江川物流园").isEmpty)
    }

    @Test func quotedNames() {
        #expect(Self.projects("多措并举开展“双创”").map(\.name) == ["“双创”"])
        #expect(Self.projects("落实“学子归巢”“学子兴企”计划").map(\.name) == ["“学子归巢”计划", "“学子兴企”计划"])
        #expect(Self.projects("落实“田长制”“林长制”").map(\.name) == ["“田长制”", "“林长制”"])
    }

    @Test func aNameIsCutAfterItsFacilityWord() {
        let p = Self.projects("加快二道江石油装备产业园企业入驻进程")
        #expect(p.map(\.name) == ["二道江石油装备产业园"])
        #expect(p.first?.confidence == .review)
    }

    @Test(arguments: ProjectRules.noteUnits)
    func figuresInANameAreItsNote(_ unit: String) {
        #expect(Self.projects("启动河东5\(unit)物流园").first?.note == "5\(unit)")
        #expect(Self.projects("启动河东三\(unit)物流园").first?.note == "三\(unit)")
    }

    @Test func editionNote() {
        #expect(Self.projects("举办第七届长白山国际医药健康产业发展论坛").first?.note == "第七届")
    }

    // MARK: Outline

    @Test func headingsGiveSectionAndTopic() {
        let o = ReportOutline(text: "二、2024年工作安排\n(一)稳定经济增长。突出投资拉动。实施亿元以上项目120个。\n医药产业着力强链建群。医药产业产值增长8%。\n")
        #expect(o.year == 2024)
        #expect(o.clauses.map(\.text) == ["实施亿元以上项目120个", "医药产业产值增长8%"])
        #expect(o.clauses.map(\.section) == ["稳定经济增长", "稳定经济增长"])
        #expect(o.clauses.map(\.headingTopic) == ["投资", "医药"])
    }

    /// Full-width punctuation is written as escapes here: tools fold it to ASCII.
    @Test func fullWidthPunctuationSplitsAsASCIIDoes() {
        let (comma, semicolon, colon, open, close) = ("\u{FF0C}", "\u{FF1B}", "\u{FF1A}", "\u{FF08}", "\u{FF09}")
        let text = "二、2024年工作安排\n\(open)一\(close)稳定经济增长。主要预期目标是\(colon)地区生产总值增长7%左右\(comma)固定资产投资增长8%\(semicolon)网络零售额增长10%。\n\(open)2\(close)狠抓消费提质。社会消费品零售总额增长7%\u{FF01}\n"
        let o = ReportOutline(text: text)
        #expect(o.clauses.map(\.text) == ["地区生产总值增长7%左右", "固定资产投资增长8%", "网络零售额增长10%", "社会消费品零售总额增长7%"])
        #expect(o.clauses.map(\.section) == ["主要预期目标", "主要预期目标", "主要预期目标", "稳定经济增长"])
        #expect(o.clauses.last?.headingTopic == "消费")
        #expect(ReportOutline.subHeading("稳定大宗消费\(comma)扩大内需。") == nil)
        #expect(TargetExtractor.cleanName("力争年内运营\(comma)实现销售收入") == "销售收入")
    }

    @Test func aShortProjectSentenceIsNoHeading() {
        #expect(ReportOutline.subHeading("启动科技创新行动。") == nil)
        #expect(ReportOutline.subHeading("深入推进乡村建设。") == "乡村建设")
        #expect(ReportOutline.subHeading("推进科技重点项目攻坚。") == "科技")
    }

    @Test func enumeratorsOpenSubHeadingsAndClauses() {
        let o = ReportOutline(text: "二、2024年工作安排\n一是扩大有效投资。二是实施亿元以上项目120个。\n1.狠抓消费提质。(2)社会消费品零售总额增长7%。3、完成1.5万亩。\n")
        #expect(o.clauses.map(\.text) == ["实施亿元以上项目120个", "社会消费品零售总额增长7%", "完成1.5万亩"])
        #expect(o.clauses.map(\.headingTopic) == ["投资", "消费", "消费"])
        #expect(ReportOutline.enumeratorLength("1.5万亩") == 0)
    }

    @Test(arguments: TargetRules.topics.map(\.keyword))
    func topicKeywordMakesASubHeading(_ keyword: String) {
        let topic = TargetRules.topics.first { $0.keyword == keyword }!.topic
        #expect(ReportOutline.subHeading("狠抓\(keyword)。") == topic, "\(keyword)")
    }

    @Test func clausesEndAtATargetBeforeAnEnumerationComma() {
        let parts = ReportOutline.clauses("开工建设项目50个、投产达效项目30个;分别增长20%、30%,申报国家、省科技计划项目50个", start: 0).map { String($0.0) }
        #expect(parts == ["开工建设项目50个", "投产达效项目30个", "分别增长20%、30%", "申报国家、省科技计划项目50个"])
    }

    @Test(arguments: TargetRules.pastPartWords)
    func partReviewingThePastIsSkipped(_ word: String) {
        let o = ReportOutline(text: "一、2023年工作\(word)\n地区生产总值增长6%。\n二、2024年工作安排\n地区生产总值增长7%。\n")
        #expect(o.clauses.map(\.text) == ["地区生产总值增长7%"])
        #expect(o.year == 2024)
    }

    @Test func idStemsNameStandardIndicators() {
        #expect(PlanExtraction.idStem("全市地区生产总值") == "gdp")
        #expect(PlanExtraction.idStem("规模以上工业增加值") == "industrial_output")
        #expect(PlanExtraction.idStem("数字经济核心产业增加值占地区生产总值比重") == nil)
        for (term, stem) in TargetRules.idStems { #expect(PlanExtraction.idStem(term) != nil, "\(term) → \(stem)") }
    }

    /// Every rule id of the target table has a case above (split has its own test).
    @Test func everyRuleHasATest() {
        for p in TargetRules.patterns where p.id != "split" { #expect(Self.patternCases[p.id] != nil, "pattern \(p.id) has no test") }
    }
}
