import Foundation

/// A work report read into the two tables of the built-in dataset: its targets
/// (`indicators`) and its named projects (`projects`).
///
/// The columns are those of the built-in tables (README "The built-in dataset"), then
/// `city`, `year`, `confidence` (`high`, or `review` where a person should check the
/// row) and `why` (the rule that matched and the words it read). Every `source` is the
/// clause of the report verbatim. `name_en` is left empty: it needs a translator.
///
/// ```swift
/// let plan = try Engine.extractPlan(text: report, city: "通化市", year: 2023)
/// engine.define("indicators", plan.indicators)
/// for d in plan.reviews { print(d) }    // report.txt:4:57: warning: review target …
/// ```
public struct PlanExtraction: Sendable {
    /// One row per target, in the built-in `indicators` schema plus the four columns above.
    public let indicators: Table
    /// One row per named project or programme, in the built-in `projects` schema plus the four columns above.
    public let projects: Table
    /// One warning per `review` row: the row, the rule, and the clause underlined in the report.
    public let reviews: [Diagnostic]

    static let indicatorColumns = ["id", "name", "name_en", "section", "topic", "kind", "unit", "target", "direction",
                                   "relative_to", "due", "profile", "part_of", "source", "city", "year", "confidence", "why"]
    static let projectColumns = ["id", "name", "name_en", "section", "topic", "stage", "note", "source",
                                 "city", "year", "confidence", "why"]

    /// The record `{indicators: …, projects: …}` that `extract_plan` returns.
    public var record: Value {
        .record(Record(names: ["indicators", "projects"], values: [.table(indicators), .table(projects)]))
    }

    /// Reads a report's text. `name` is the report as messages show it.
    /// - Throws: ``Diagnostic`` when neither `year` is given nor a heading such as
    ///   `二、2023年工作安排` (or a phrase such as `2023年政府工作报告`) dates the report.
    init(text: String, name: String, city: String?, year: Int?) throws {
        let file = SourceFile(name: name, text: text)
        let outline = ReportOutline(text: text)
        guard let year = year ?? outline.year else {
            throw Diagnostic(.io, Messages.reportYearUnknown(name), at: nil, hint: Messages.reportYearHint)
        }
        let cityValue = city.map(Value.string) ?? .null
        var ind = Rows(Self.indicatorColumns)
        var proj = Rows(Self.projectColumns)
        var reviews: [Diagnostic] = []
        var usedIds = Set<String>()
        var pendingRelative: [(row: Int, base: String, clause: ReportOutline.Clause)] = []
        // The last target before a 其中 of its sentence: what the targets after it are parts of.
        var whole: (sentence: Int, id: String, unit: String)?
        func location(_ c: ReportOutline.Clause) -> SourceLocation {
            SourceLocation(file: file, range: SourceRange(c.start, c.start + c.text.utf8.count))
        }
        func unique(_ id: String) -> String {
            var candidate = id, k = 2
            while usedIds.contains(candidate) { candidate = "\(id)_\(k)"; k += 1 }
            usedIds.insert(candidate)
            return candidate
        }

        for clause in outline.clauses {
            let targets = TargetExtractor.shared.targets(in: clause.text, truncated: clause.truncated, joinedTo: clause.joinedTo)
            for t in targets {
                let id = unique(Self.indicatorId(t, number: ind.count + 1))
                let due = t.dueMonth.map { String(format: "%d-%02d", year, $0) } ?? "\(year)"
                let target: Value = t.target.map { t.unit == "%" ? .percent($0) : .number($0) } ?? .null
                let confidence = t.confidence
                if let base = t.base { pendingRelative.append((ind.count, base, clause)) }
                var partOf = Value.null
                if clause.afterSubtotal, let w = whole, w.sentence == clause.sentence, w.unit == t.unit {
                    partOf = .string(w.id)
                } else if !clause.afterSubtotal {
                    whole = (clause.sentence, id, t.unit)
                }
                ind.append([.string(id), .string(t.name), .null, Self.text(clause.section),
                            Self.text(Self.topic(of: t.name, clause)), .string(t.kind), .string(t.unit), target,
                            .string(t.direction), .null, .string(due), .string(Self.profile(t.kind)), partOf,
                            .string(clause.text), cityValue, .number(Double(year)), .string(confidence.rawValue), .string(t.why)])
                if confidence == .review {
                    reviews.append(Self.review(Messages.reviewTarget(t.name, Self.figure(t, due: due), t.why), at: location(clause)))
                }
            }
            if !targets.isEmpty { continue }
            for p in ProjectExtractor.shared.projects(in: clause.text) {
                proj.append([.string(unique("project_\(proj.count + 1)")), .string(p.name), .null, Self.text(clause.section),
                             Self.text(Self.topic(of: p.name, clause)), .string(p.stage), Self.text(p.note),
                             .string(clause.text), cityValue, .number(Double(year)),
                             .string(p.confidence.rawValue), .string(p.why)])
                if p.confidence == .review {
                    reviews.append(Self.review(Messages.reviewProject(p.name, p.stage, p.why), at: location(clause)))
                }
            }
        }
        // 与经济增长同步: the tracked indicator is the row of the same standard indicator.
        let ids = ind.column("id").compactMap(\.stringValue)
        for (row, base, clause) in pendingRelative {
            let stem = Self.idStem(base)
            if let tracked = ids.first(where: { id in stem.map { id.hasPrefix($0 + "_") || id == $0 } ?? false }) {
                ind.set(row, "relative_to", .string(tracked))
            } else {
                ind.set(row, "confidence", .string(TargetRules.Confidence.review.rawValue))
                let name = ind.value(row, "name").stringValue ?? ""
                reviews.append(Self.review(Messages.reviewRelative(name, base), at: location(clause)))
            }
        }
        reviews.sort { ($0.location?.range.start ?? 0) < ($1.location?.range.start ?? 0) }
        self.indicators = ind.table
        self.projects = proj.table
        self.reviews = reviews
    }

    /// Writes `indicators.csv` and `projects.csv` into `directory`, each replaced whole
    /// or not at all (both are rendered before either is written). Targets are written
    /// in base units as the built-in data files have them (7% as 0.07).
    /// - Throws: ``IQLError`` naming the file that could not be written.
    public func write(toDirectory directory: String) throws {
        let renderer = Renderer(format: .csv, maxRows: 0)
        let plain = indicators.values(of: "target")!.map { v in v.doubleValue.map(Value.number) ?? .null }
        let files = [("indicators.csv", renderer.render(.table(indicators.setting("target", Column(.any(plain)))))),
                     ("projects.csv", renderer.render(.table(projects)))]
        for (file, text) in files {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            do {
                try AtomicFile.write(text, to: path)
            } catch let f as AtomicFile.Failure {
                throw IQLError(Diagnostic(.io, Messages.cannotWrite(path, f.reason), at: nil))
            }
        }
    }

    // MARK: Row details

    private static func review(_ message: Message, at loc: SourceLocation) -> Diagnostic {
        var d = Diagnostic(.review, message, at: loc)
        d.severity = .warning
        return d
    }

    private static func text(_ s: String?) -> Value { s.map(Value.string) ?? .null }

    /// How `compare` paces a target, as it does by default: counts and amounts spread
    /// over the year (`linear`), growth, rates and relative targets compared as they stand
    /// (`point`). Only a person knows where only the year's final figure counts (`year_end`).
    static func profile(_ kind: String) -> String {
        kind == "count" || kind == "amount" ? "linear" : "point"
    }

    /// `growth 7% about, due 2023`, as a review message shows a target.
    private static func figure(_ t: ExtractedTarget, due: String) -> Localized {
        let value = t.target.map { t.unit == "%" ? Formatter.inline(.percent($0)) : Formatter.number($0) + " " + t.unit } ?? "null"
        return Messages.reviewFigure("\(t.kind) \(value) \(t.direction)", due: due)
    }

    /// The topic of a row: a keyword of its name that always decides (肉牛 → 畜牧), else
    /// the sub-heading's, else a keyword of its name, else of its section's title.
    static func topic(of name: String, _ clause: ReportOutline.Clause) -> String? {
        let upper = name.uppercased()
        if let t = TargetRules.topics.first(where: { $0.always && upper.contains($0.keyword) }) { return t.topic }
        if let h = clause.headingTopic { return h }
        if let t = TargetRules.topics.first(where: { upper.contains($0.keyword) }) { return t.topic }
        if let s = clause.section, let t = TargetRules.topics.first(where: { s.contains($0.keyword) }) { return t.topic }
        return nil
    }

    static func idStem(_ name: String) -> String? {
        let upper = name.uppercased()
        return TargetRules.idStems.first { upper.hasPrefix($0.term.uppercased()) || upper.hasSuffix($0.term.uppercased()) }?.stem
    }

    /// `gdp_growth` for a standard indicator (``TargetRules/idStems``), else `target_N`.
    static func indicatorId(_ t: ExtractedTarget, number: Int) -> String {
        guard let stem = idStem(t.name) else { return "target_\(number)" }
        switch t.kind {
        case "growth", "relative": return stem + "_growth"
        case "rate": return stem.hasSuffix("_rate") ? stem : stem + "_rate"
        default: return stem
        }
    }
}

/// Rows of a table under construction, by column name.
private struct Rows {
    let names: [String]
    private var columns: [[Value]]
    init(_ names: [String]) {
        self.names = names
        columns = Array(repeating: [], count: names.count)
    }
    var count: Int { columns.first?.count ?? 0 }
    mutating func append(_ row: [Value]) {
        for (k, v) in row.enumerated() { columns[k].append(v) }
    }
    func column(_ name: String) -> [Value] { columns[names.firstIndex(of: name)!] }
    func value(_ row: Int, _ name: String) -> Value { column(name)[row] }
    mutating func set(_ row: Int, _ name: String, _ v: Value) { columns[names.firstIndex(of: name)!][row] = v }
    var table: Table {
        // A target column mixing percentages and plain numbers keeps each value's own display.
        Table(names: names, columns: zip(names, columns).map { $0 == "target" ? Column(.any($1)) : Column($1) }, rowCount: count)
    }
}

extension Engine {
    /// Reads the targets and projects of a work report held as text (see ``PlanExtraction``).
    /// Needs no file access: it reads only `text`.
    /// - Parameters:
    ///   - name: the report as messages name it (review warnings are located in `text`).
    ///   - city: the `city` column of every row; null when nil.
    ///   - year: the plan's year; when nil, read from a heading such as `二、2023年工作安排`.
    /// - Throws: ``IQLError`` when the year is neither given nor found in the text.
    public static func extractPlan(text: String, name: String = "<report>", city: String? = nil, year: Int? = nil) throws -> PlanExtraction {
        do {
            return try PlanExtraction(text: text, name: name, city: city, year: year)
        } catch let d as Diagnostic {
            throw IQLError(d)
        }
    }

    /// Reads a work report file: UTF-8 or GB18030 text, an HTML page or a Word `.docx`
    /// (see ``extractPlan(text:name:city:year:)``). The host reads the file itself, so
    /// the engine's ``fileAccess`` does not apply; scripts use `extract_plan(path)`,
    /// which it does. For HTML and Word files, review warnings point into the text
    /// read from them, one paragraph per line.
    /// - Throws: ``IQLError`` when the file cannot be read or decoded, or as the text form.
    public static func extractPlan(path: String, city: String? = nil, year: Int? = nil) throws -> PlanExtraction {
        do {
            let raw = try DataFile.bytes(atPath: path, shown: path, at: nil)
            let text = try ReportReader.text(raw, name: path)
            return try PlanExtraction(text: text, name: path, city: city, year: year)
        } catch let d as Diagnostic {
            throw IQLError(d)
        }
    }
}

extension Builtins {
    /// Reading work reports into plan tables.
    static let extract: [Builtin] = [
        Builtin("extract_plan", ["path", "city", "year"], min: 1,
                "the targets and projects of a work report (text in UTF-8 or GB18030, HTML or Word .docx) as a record {indicators, projects} in the built-in tables' columns, plus city, year, confidence and why: extract_plan(\"report.txt\", city: \"通化市\").indicators") { c in
            let (path, full) = try c.dataPath(0, "extract_plan")
            let city = try c.string(1)
            let year = try c.integer(2)
            let raw = try DataFile.bytes(atPath: full, shown: path, at: c.location(0))
            return try c.reading(path, "extract_plan") {
                let plan = try PlanExtraction(text: try ReportReader.text(raw, name: path), name: path, city: city, year: year)
                try c.countRow(plan.indicators.rowCount + plan.projects.rowCount)
                return plan.record
            }
        },
    ]
}
