/// The language people read iql's words in: status labels, units and figures.
/// Codes that scripts test (`"behind"`) never change with it.
public enum Language: String, Sendable, CaseIterable {
    /// Chinese: `落后序时进度`, `1.9个百分点`, `5000万元`.
    case zh
    /// English: `behind pace`, `1.9 pp`, `50 million yuan`.
    case en

    /// The language a code names: `zh`, `en`, or a locale such as `zh_CN.UTF-8` or
    /// `en_US`; nil for any other.
    public init?(code: String) {
        let lower = code.lowercased()
        if lower.hasPrefix("zh") { self = .zh } else if lower.hasPrefix("en") { self = .en } else { return nil }
    }

    /// The language of a `LANG` environment value: Chinese when it starts with `zh`,
    /// English otherwise (also when unset, as in CI).
    public static func fromLocale(_ lang: String?) -> Language {
        (lang ?? "").lowercased().hasPrefix("zh") ? .zh : .en
    }
}

/// One text in both languages. Every entry of the catalog is one of these, so an
/// entry cannot lack a language. Pieces of messages (a type's name, "a number",
/// a hint) are `Localized` too, and entries fill them in language by language.
public struct Localized: Sendable, Equatable, CustomStringConvertible {
    /// The Chinese text.
    public let zh: String
    /// The English text.
    public let en: String

    package init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The same text in both languages: code, a name, a value quoted from the source.
    init(code: String) { self.init(zh: code, en: code) }

    /// The text in `language`.
    public func text(_ language: Language) -> String { language == .zh ? zh : en }

    /// The English text.
    public var description: String { en }
}

/// A catalog entry with its arguments filled in: a stable ID that scripts and hosts
/// may match (`unknown_name`), and the text in both languages.
public struct Message: Sendable, Equatable, CustomStringConvertible {
    /// The entry's ID, the same in every language and every release.
    public let id: String
    /// The text in both languages.
    public let text: Localized

    init(_ id: String, en: String, zh: String) {
        self.id = id
        self.text = Localized(zh: zh, en: en)
    }

    /// A message written by a host (a ``HostFunctionError``) or another program (SQLite):
    /// iql passes it on as it is, in both languages.
    init(foreign id: String, _ text: String) {
        self.id = id
        self.text = Localized(code: text)
    }

    /// The text in `language`.
    public func text(_ language: Language) -> String { text.text(language) }

    /// The English text.
    public var description: String { text.en }
}

/// The words of the report: status labels and units. Diagnostics are the entries of
/// ``Messages``, in the files of this folder.
enum Catalog {
    /// The label of a `compare` status: `落后序时进度` / `behind pace`. The switch is
    /// exhaustive, so a new status cannot be added without its label.
    static func label(_ status: ComparisonStatus) -> Localized {
        switch status {
        case .met: Localized(zh: "已完成目标", en: "target met")
        case .ahead: Localized(zh: "超序时进度", en: "ahead of pace")
        case .onTrack: Localized(zh: "符合序时进度", en: "on pace")
        case .behind: Localized(zh: "落后序时进度", en: "behind pace")
        case .pending: Localized(zh: "未到考核时点", en: "not yet due")
        case .noData: Localized(zh: "暂无数据", en: "no data")
        }
    }

    /// Percentage points after a number: `1.9个百分点` / `1.9 pp`.
    static let points = Localized(zh: "个百分点", en: " pp")

    /// A unit of the plan in English, for figures: 斤 → `jin`; the counting words
    /// (个, 户, 家, 名, 座, 项) have none, since English counts bare (`226`).
    /// Units not listed stay as written.
    static func englishUnit(_ unit: String) -> String {
        switch unit {
        case "元": "yuan"
        case "斤": "jin"
        case "亩": "mu"
        case "吨": "tonnes"
        case "个", "户", "家", "名", "座", "项": ""
        default: unit
        }
    }
}
