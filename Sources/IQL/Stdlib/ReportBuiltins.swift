/// Functions that write figures and statuses the way a progress report does, in the
/// engine's language (``Engine/language``) or the one given with `lang:`.
extension Builtins {
    static let report: [Builtin] = [
        Builtin("figure", ["x", "unit", "digits", "lang"], min: 2,
                "a figure with its unit, in 万 and 亿 (English: million, billion), digits rounded to at most `digits` decimals when given: figure(27亿, \"斤\") is \"27亿斤\", figure(226, \"个\") \"226个\", figure(6.1%, \"%\") \"6.1%\"") { c in
            guard let x = try c.number(0) else { return .null }
            return .string(Formatter.figure(x, unit: try c.string(1), digits: try c.digits(2), language: try c.language(3)))
        },
        Builtin("yuan", ["x", "digits", "lang"], min: 1,
                "an amount of money in 万元 or 亿元 (English: million or billion yuan): yuan(5000万) is \"5000万元\", yuan(1.234亿, 1) \"1.2亿元\"") { c in
            guard let x = try c.number(0) else { return .null }
            return .string(Formatter.figure(x, unit: "元", digits: try c.digits(1), language: try c.language(2)))
        },
        Builtin("pct", ["x", "digits"], min: 1,
                "a number as a percentage, with exactly `digits` decimals when given: pct(6.14%, 1) is \"6.1%\", pct(0.06, 1) \"6.0%\", pct(8%) \"8%\"") { c in
            guard let x = try c.number(0) else { return .null }
            return .string(Formatter.percent(x, digits: try c.digits(1)))
        },
        Builtin("points", ["x", "digits", "lang"], min: 1,
                "a difference of percentages in percentage points (English: pp), with exactly `digits` decimals when given: points(8% - 6.1%) is \"1.9个百分点\", points(1.25%, 1, lang: \"en\") \"1.3 pp\"") { c in
            guard let x = try c.number(0) else { return .null }
            return .string(Formatter.points(x, digits: try c.digits(1), language: try c.language(2)))
        },
        Builtin("label", ["status", "lang"], min: 1,
                "the label of a status code of 'compare' (met, ahead, on_track, behind, pending, no_data): label(\"behind\") is \"落后序时进度\" in Chinese, \"behind pace\" in English") { c in
            guard let code = try c.string(0) else { return .null }
            guard let status = ComparisonStatus(rawValue: code) else {
                let codes = ComparisonStatus.allCases.map(\.rawValue)
                throw c.fail(0, Messages.unknownStatus(code, codes),
                             hint: closest(to: code, in: codes).map(Messages.didYouMean))
            }
            return .string(Catalog.label(status).text(try c.language(1)))
        },
        Builtin("lang", [], "the language of labels and figures, \"zh\" or \"en\" (set by --lang, :lang or the host): if lang() == \"zh\" then \"目标\" else \"target\"") { c in
            .string(c.ctx.language.rawValue)
        },
    ]
}

extension CallSite {
    /// The `digits` argument at `i` (0 to 10), nil when not given.
    func digits(_ i: Int) throws -> Int? {
        guard let d = try integer(i) else { return nil }
        guard (0...10).contains(d) else { throw fail(i, Messages.digitsOutOfRange(d)) }
        return d
    }

    /// The `lang:` argument at `i`, or the engine's language when not given.
    func language(_ i: Int) throws -> Language {
        guard let code = try string(i) else { return ctx.language }
        guard let l = Language(code: code) else { throw fail(i, Messages.unknownLanguage(code)) }
        return l
    }
}
