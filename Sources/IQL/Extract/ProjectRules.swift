/// The rules that find named projects in a work report's clauses, as tables.
///
/// A project clause is a verb of the built-in dataset's stage vocabulary (README "The
/// built-in dataset", NOTES.md) and one or more names: 启动A、B等一批产业项目, X建成通车,
/// 加快推进Y前期工作. `ProjectExtractor` applies these rows; each has a test.
enum ProjectRules {
    /// Where a verb stands: before the names (启动X), after them (X建成通车), or around
    /// them (把X打造成为…, `word` is the opener and `closer` what follows the name).
    enum Position: Sendable { case lead, trail, frame(closer: String) }

    /// One project verb and the stage it gives.
    struct Verb: Sendable {
        let word: String
        let stage: String
        let position: Position
        /// `review` for verbs that as often take goals and slogans as projects (打造, 推动).
        let confidence: TargetRules.Confidence
    }

    /// Longest first within each position, so that 加快启动 wins over 加快.
    static let verbs: [Verb] = [
        Verb(word: "开工建设", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "加快启动", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "新开工", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "启动", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "开工", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "新建", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "引进", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "重启", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "举办", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "建立", stage: "新建", position: .lead, confidence: .high),
        Verb(word: "建成投用", stage: "建成", position: .lead, confidence: .high),
        Verb(word: "建成", stage: "建成", position: .lead, confidence: .high),
        Verb(word: "高质量建设", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "加快推进", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "做深做实", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "加快建设", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "续建", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "实施", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "推进", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "加快", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "开展", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "推行", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "落实", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "抓好", stage: "在建", position: .lead, confidence: .high),
        Verb(word: "推动", stage: "在建", position: .lead, confidence: .review),
        Verb(word: "打造", stage: "在建", position: .lead, confidence: .review),
        Verb(word: "建设", stage: "在建", position: .lead, confidence: .review),
        Verb(word: "建成通车", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "建成运营", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "建成投产", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "竣工投用", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "投入运营", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "建成", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "投产", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "通车", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "竣工", stage: "建成", position: .trail, confidence: .high),
        Verb(word: "把", stage: "在建", position: .frame(closer: "打造成"), confidence: .review),
    ]

    /// Adverbs that may stand before a verb (重点实施, 持续推进, 积极推行).
    static let adverbs = [
        "多措并举", "进一步", "重点", "持续", "积极", "深入", "大力", "全力", "扎实", "着力", "全面", "稳步",
        "继续", "努力", "力争", "加速", "年内", "年底前",
    ]

    /// Words after the names that describe the work, not the project (X建设, X前期工作,
    /// X等项目落地): cut off, and the stage they imply, if any. A cut tail also marks the
    /// words before it as names (加快A、B建设).
    static let tails: [(word: String, stage: String?)] = [
        ("前期工作", "前期"), ("项目前期", "前期"), ("项目落地", "新建"), ("落地", "新建"), ("项目建设", nil),
        ("产业化进程", nil), ("建设", nil), ("项目", nil), ("进程", nil), ("开发", nil), ("创建", nil),
    ]

    /// What a project's name ends with. A name that ends otherwise is kept only when the
    /// clause marks its items as names (等…项目, a cut tail) or it is quoted whole.
    static let suffixes = [
        "产业园", "园区", "园", "基地", "分中心", "中心", "工程", "行动", "计划", "活动", "平台", "高铁", "铁路",
        "高速", "公路", "机场", "电站", "景区", "度假区", "小镇", "公园", "博物馆", "廊道", "试点", "责任制", "制",
        "培育库", "库", "生产线", "区", "新城", "山城", "检疫场", "场", "港", "馆", "大通道", "通道", "论坛",
        "大桥", "博览会", "节", "期",
        "建设",
    ]

    /// After 等, words that say the list before it names projects (等一批重大工程, 等项目).
    static let listMarkers = ["项目", "工程"]

    /// Verbs inside a name after the builders (省市共建X, 校地合建X): the name is X.
    static let innerVerbs = ["共建", "合建", "联建"]

    /// A name with one of these is a description or a class of things, not a project.
    static let notNameWords = ["的", "一批", "一系列"]

    /// Separators of the names in one clause. 和 separates names only after a word that
    /// ends a name (数据存储中心和数字环保, not 审评和检验通化分中心).
    static let separators = ["、", "及"]
    static let joiningWords = ["和"]

    /// Figures a project carries in its name, for `note`: a number (Arabic or Chinese,
    /// 第七届) before one of these.
    static let noteUnits = ["万吨", "吨", "A级", "级", "期", "年", "届", "头"]
}
