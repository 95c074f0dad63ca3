import Foundation

/// Figures the way a Chinese work report writes them, and their English counterparts:
/// amounts in 万 and 亿 with their unit (`5000万元`, `27亿斤`; `50 million yuan`),
/// percentages to chosen digits (`6.1%`) and percentage points (`1.9个百分点`, `1.9 pp`).
///
/// A percentage point is not a value type of its own: a difference of two percentages
/// is a percentage (`8% - 6.1%` is `1.9%`, held as 0.019), and ``points(_:digits:language:)``
/// is how it reads in a sentence.
extension Formatter {
    /// `d` with the unit it counts: `figure(50000000, "元")` is `5000万元` in Chinese and
    /// `50 million yuan` in English; `%` shows a percentage (`93%`). Without `digits` the digits are
    /// only shifted, never rounded (`1.23456789亿`); with them, rounded to at most that many
    /// decimals, trailing zeros dropped (`27亿斤`, `12.94亿斤`).
    static func figure(_ d: Double, unit: String?, digits: Int?, language: Language) -> String {
        // Percentages round like every other figure here (93%, not 93.00%); pct() keeps zeros.
        if unit == "%" { return digits == nil ? percent(d) : trimmed(d * 100, digits) + "%" }
        switch language {
        case .zh:
            return wanYi(d, digits: digits) + (unit ?? "")
        case .en:
            let word = unit.map(Catalog.englishUnit) ?? ""
            return englishMagnitude(d, digits: digits) + (word.isEmpty ? "" : " " + word)
        }
    }

    /// A fraction as a percentage with exactly `digits` decimals, as statistics bulletins
    /// write them (`6.0%`); without `digits`, as iql shows percentages (`6.1%`, `41.6667%`).
    static func percent(_ d: Double, digits: Int?) -> String {
        guard let digits else { return percent(d) }
        return decimals(d * 100, digits) + "%"
    }

    /// A difference of percentages in percentage points: 0.019 → `1.9个百分点` / `1.9 pp`.
    static func points(_ d: Double, digits: Int?, language: Language) -> String {
        let n = digits.map { decimals(d * 100, $0) } ?? number((d * 100 * 10_000).rounded() / 10_000)
        return n + Catalog.points.text(language)
    }

    /// `d` in 万 (10⁴) or 亿 (10⁸) from 10,000 up; below that, as it is.
    static func wanYi(_ d: Double, digits: Int?) -> String {
        let (unit, scale): (String, Double) = abs(d) >= 100_000_000 ? ("亿", 1e8) : abs(d) >= 10_000 ? ("万", 1e4) : ("", 1)
        if digits == nil, let exact = shifted(d, unit: unit, places: unit == "亿" ? 8 : unit == "万" ? 4 : 0) { return exact }
        return trimmed(d / scale, digits) + unit
    }

    /// `d` in millions or billions from a million up, with thousands separators below.
    static func englishMagnitude(_ d: Double, digits: Int?) -> String {
        if abs(d) >= 1e9 { return trimmed(d / 1e9, digits) + " billion" }
        if abs(d) >= 1e6 { return trimmed(d / 1e6, digits) + " million" }
        let text = trimmed(d, digits)
        // Thousands separators on the whole part: 170000 → 170,000.
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let whole = body.prefix { $0 != "." }
        var grouped = ""
        for (i, ch) in whole.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        return (negative ? "-" : "") + String(grouped.reversed()) + body.dropFirst(whole.count)
    }

    /// A whole number with its decimal point moved `places` to the left, exactly
    /// (123456789, 8 → `1.23456789`), followed by `unit`; nil when `d` is not whole.
    static func shifted(_ d: Double, unit: String, places: Int) -> String? {
        guard d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        let n = Int64(d)
        var digits = String(n.magnitude)
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        var fraction = String(digits.suffix(places))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (n < 0 ? "-" : "") + digits.dropLast(places) + (fraction.isEmpty ? "" : "." + fraction) + unit
    }

    /// `d` rounded half away from zero to at most `digits` decimals, shortest form.
    private static func trimmed(_ d: Double, _ digits: Int?) -> String {
        guard let digits else { return number(d) }
        let p = pow(10.0, Double(digits))
        return number((clean(d) * p).rounded(.toNearestOrAwayFromZero) / p)
    }

    /// `d` rounded half away from zero with exactly `digits` decimals: 6 → `6.0`.
    private static func decimals(_ d: Double, _ digits: Int) -> String {
        let p = pow(10.0, Double(digits))
        let r = (clean(d) * p).rounded(.toNearestOrAwayFromZero) / p
        return String(format: "%.\(digits)f", r == 0 ? 0 : r)
    }

    /// `d` to 12 significant digits, so that 0.0195 × 100 (1.9500000000000002 or
    /// 1.9499999999999999) rounds as the 1.95 it stands for.
    private static func clean(_ d: Double) -> Double {
        guard d != 0, d.isFinite else { return d }
        return Double(String(format: "%.12g", d)) ?? d
    }
}
