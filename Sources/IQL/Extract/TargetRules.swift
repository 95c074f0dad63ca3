/// The rules that find targets in a work report's clauses, as tables.
///
/// A reader of work reports is mostly vocabulary: which words state a growth rate,
/// which units count things, which words make a target a floor or a ceiling. That
/// vocabulary lives here as rows, so that a new form is a new row (and a new test in
/// `ExtractRuleTests`), not a new code path. `TargetExtractor` only applies them.
enum TargetRules {
    /// How sure a rule is of what it read: `high` rows can be taken as they are,
    /// `review` rows need a person to confirm them.
    enum Confidence: String, Sendable { case high, review }

    /// One target pattern: a regular expression over a clause (quoted text masked) with
    /// the placeholders below, the kind of target it states, and its confidence.
    ///
    /// Placeholders: `{name}` the indicator (shortest text that lets the rest match),
    /// `{rise}` a growth word (``riseWords``), `{mid}` an optional linking word
    /// (``linkWords``), `{num}` and `{num2}` a figure (``number``), `{unit}` a unit
    /// (``units``), `{countunit}` a unit that counts things, `{dir}` an optional
    /// direction word after the figure (``directionWords``), `{lead}` adverbs and a verb
    /// that open a clause (``leadWords``), `{dash}` a range dash, `{base}` the indicator a
    /// relative target tracks, `{names}`/`{nums}` coordinated indicators and figures, `{verb}`
    /// a verb of one to three characters.
    struct Pattern: Sendable {
        let id: String
        let pattern: String
        /// nil: by the unit (``units``), `growth` when a `{rise}` word matched.
        let kind: String?
        let confidence: Confidence
        /// The unit when the pattern writes it out (`%` after a growth figure), else `{unit}` says it.
        var unit: String? = nil
        /// The target when the pattern states it in words (全部 is 100%), in base units.
        var value: Double? = nil
        /// The name built from the groups, when the name is not the `{name}` group as it
        /// stands: `{name}{verb}率` makes 续建项目全部复工 the rate 续建项目复工率.
        var naming: String? = nil
    }

    /// Tried in order; the first that matches a clause wins.
    static let patterns: [Pattern] = [
        // 城乡居民收入增长与经济增长基本同步 / 居民收入增长和经济增长同步
        Pattern(id: "relative", pattern: "^{name}{rise}?[与和]{base}(?:基本)?同步$", kind: "relative", confidence: .high),
        // 接待游客和旅游收入分别增长20%、30%: one row per indicator.
        Pattern(id: "split", pattern: "^{names}分别{rise}?{mid}{nums}{dir}$", kind: nil, confidence: .high),
        // 地区生产总值增长6%—7%
        Pattern(id: "growth_range", pattern: "^{name}{rise}{mid}{num}%?{dash}{num2}%{dir}$", kind: "growth", confidence: .review, unit: "%"),
        // 地区生产总值增长7%左右 / 单位GDP能耗降低2.5%
        Pattern(id: "growth", pattern: "^{name}{rise}{mid}{num}%{dir}$", kind: "growth", confidence: .high, unit: "%"),
        // 城镇调查失业率控制在5%—5.5%
        Pattern(id: "value_range", pattern: "^{name}{mid}{num}{unit}?{dash}{num2}{unit}{dir}$", kind: nil, confidence: .review),
        // 开工率达到80% / 建设高标准农田17万亩 / 粮食总产量保持27亿斤以上 / 亿元以上项目161个
        Pattern(id: "value", pattern: "^{name}{mid}{num}{unit}{dir}$", kind: nil, confidence: .high),
        // 续建项目全部复工: all of them, a rate of 100%.
        Pattern(id: "all", pattern: "^{name}全部{verb}$", kind: "rate", confidence: .review, unit: "%", value: 1, naming: "{name}{verb}率"),
        // 推进35个产值亿元以上产品扩大市场: the figure first, the name after it.
        Pattern(id: "count_first", pattern: "^{lead}{num}{countunit}{name_after}$", kind: "count", confidence: .review),
    ]

    /// Words that state growth; `sign` -1 for a decline (下降2% is growth of -2%, a ceiling).
    static let riseWords: [(word: String, sign: Double)] = [
        ("同比增长", 1), ("增长", 1), ("增速", 1), ("增幅", 1), ("涨幅", 1), ("提高", 1),
        ("下降", -1), ("降低", -1),
    ]

    /// Words between the indicator and its figure, with the direction they give.
    static let linkWords: [(word: String, direction: String?)] = [
        ("不低于", "at_least"), ("不少于", "at_least"), ("达到", "at_least"), ("超过", "at_least"),
        ("突破", "at_least"), ("超", "at_least"), ("保持在", nil), ("稳定在", nil), ("保持", nil),
        ("控制在", "at_most"), ("不超过", "at_most"), ("不高于", "at_most"), ("为", nil),
    ]

    /// Words after the figure, with the direction they give.
    static let directionWords: [(word: String, direction: String)] = [
        ("左右", "about"), ("上下", "about"), ("以上", "at_least"), ("以内", "at_most"), ("以下", "at_most"),
    ]

    /// A target with no direction word is a floor (the report's 增长8% means at least 8%).
    static let defaultDirection = "at_least"

    /// A clause of one of these words makes the targets after it in its sentence parts
    /// of the target before it (实施…项目226个,其中:亿元以上项目161个): their `part_of`.
    static let subtotalWords = ["其中"]

    /// Words that move a target's due date from the end of the year; `month` nil keeps the year.
    static let dueWords: [(word: String, month: Int?)] = [
        ("上半年", 6), ("第一季度", 3), ("一季度", 3), ("前三季度", 9), ("年底前", nil), ("年内", nil), ("全年", nil),
    ]

    /// Units a target is stated in, longest first within each group: `count` units count
    /// things (个, 户, 名), `amount` units measure (亩, 斤, 元), `%` is a rate.
    static let units: [(unit: String, kind: String)] = [
        ("%", "rate"),
        ("人次", "count"), ("个", "count"), ("户", "count"), ("家", "count"), ("名", "count"), ("座", "count"),
        ("项", "count"), ("所", "count"), ("人", "count"), ("套", "count"), ("台", "count"), ("辆", "count"),
        ("处", "count"), ("条", "count"), ("栋", "count"), ("件", "count"), ("张", "count"),
        ("微克/立方米", "amount"), ("平方米", "amount"), ("立方米", "amount"), ("千瓦时", "amount"), ("千瓦", "amount"), ("公顷", "amount"),
        ("公里", "amount"), ("亩", "amount"), ("斤", "amount"), ("吨", "amount"), ("元", "amount"), ("标箱", "amount"),
    ]

    /// Adverbs and verbs that may open a target clause (力争, 实施, 新增, …): the
    /// `count_first` pattern needs one, and they are trimmed off the front of names.
    static let leadWords: [String] = [
        "力争", "确保", "争取", "全年", "今年", "年内", "年底前", "上半年", "重点", "累计", "实现", "完成",
        "新增", "新培育", "实施", "建成", "建设", "改造", "申报", "创建", "引进", "培育", "推进", "促进", "支持", "打造",
        "认定", "招引", "签约", "提升", "带动",
    ]

    /// Dashes that join the two ends of a range (6%—7%).
    static let dashes = ["—", "–", "－", "-", "~", "～", "至", "到"]

    /// A figure: Arabic digits or Chinese numerals, with 万, 亿 or 万亿. The look-behinds
    /// keep a figure whole (the 0 of 10 is not a figure of its own).
    static let number = "(?:(?<![0-9.])[0-9]+(?:\\.[0-9]+)?|(?<![零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九十百千]+)(?:万亿|亿|万)?"

    /// A longer clause states no target: target clauses are short (the longest of the
    /// built-in report has 21 characters), and matching costs the square of the length.
    static let maxClauseLength = 120

    /// Words after `20XX年` that say it is the year the report plans, when no part heading
    /// dates it: 2024年政府工作报告, 2024年工作安排, 2024年主要预期目标.
    static let planYearWords = ["政府工作报告", "工作安排", "工作任务", "重点工作", "主要任务", "主要预期目标", "经济社会发展"]

    /// Words that make a report part a review of the past, whose figures are not targets.
    static let pastPartWords = ["回顾", "过去"]

    /// Sub-headings and indicator names → topic, first match wins. `always` keywords
    /// decide a row's topic even under a sub-heading of another topic (肉牛 under 农特产业).
    static let topics: [(keyword: String, topic: String, always: Bool)] = [
        ("医药", "医药", false), ("旅游", "旅游", false), ("人参", "人参", false), ("冶金", "冶金", false),
        ("优势产业", "优势产业", false), ("服务业", "服务业", false), ("肉牛", "畜牧", true), ("畜牧", "畜牧", true), ("牧业", "畜牧", true), ("牛羊", "畜牧", true),
        ("人才", "人才", true), ("生产总值", "经济", false), ("GDP", "经济", false), ("工业", "工业", false),
        ("投资", "投资", false), ("消费", "消费", false), ("零售", "消费", false),
        ("商贸", "消费", false), ("财政", "财政", false), ("居民收入", "收入", false), ("可支配收入", "收入", false), ("粮食", "粮食", false),
        ("乡村", "乡村建设", false), ("农", "农业", false), ("科技", "科技", false), ("创新", "科技", false),
        ("就业", "就业", false), ("失业", "就业", false), ("物价", "物价", false), ("价格", "物价", false),
        ("能耗", "生态", false), ("生态", "生态", false), ("空气质量", "生态", false), ("外贸", "开放", false),
        ("进出口", "开放", false),
    ]

    /// Standard statistical indicators → the stem of their `id`, so that the same
    /// indicator has the same id in every city's table (`gdp_growth`); other rows get
    /// `target_N`. A term names the indicator when the name starts or ends with it
    /// (case-insensitively): 全市地区生产总值, 规模以上工业增加值, but not 占地区生产总值比重.
    static let idStems: [(term: String, stem: String)] = [
        ("能耗", "energy_intensity"), ("失业率", "unemployment"), ("居民消费价格", "cpi"),
        ("服务业增加值", "services_value_added"), ("规模以上工业", "industrial_output"),
        ("固定资产投资", "fixed_asset_investment"), ("社会消费品零售总额", "retail_sales"),
        ("一般公共预算收入", "fiscal_revenue"), ("财政收入", "fiscal_revenue"),
        ("居民人均可支配收入", "resident_income"), ("居民收入", "resident_income"), ("城镇新增就业", "new_urban_jobs"),
        ("粮食总产量", "grain_output"), ("粮食产量", "grain_output"), ("进出口总额", "foreign_trade"), ("进出口", "foreign_trade"),
        ("地区生产总值", "gdp"), ("国内生产总值", "gdp"), ("生产总值", "gdp"), ("GDP", "gdp"), ("经济增长", "gdp"),
    ]
}
