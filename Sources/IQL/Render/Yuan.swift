/// Amounts of money in 万 (10⁴) and 亿 (10⁸), the way Chinese planning documents
/// write them, so that 5000000000 reads 50亿 at a glance.
///
/// The grouping is exact: the digits are only shifted (123456789 → 1.23456789亿),
/// never rounded, so a displayed figure can be checked against the report. It applies
/// to whole numbers of at least 10,000 that are amounts of yuan: a cell of a row whose
/// `unit` column is `元`, or any cell of a column whose name ends in `元` or `_yuan`.
/// Ratios and counts are left alone even in those rows, since they stay below 10,000.
extension Formatter {
    /// `d` in 万 or 亿, or nil when it is not a whole number of at least 10,000.
    static func yuan(_ d: Double) -> String? {
        guard d.isFinite, d == d.rounded(), abs(d) >= 10_000, abs(d) < 1e15 else { return nil }
        return abs(d) >= 100_000_000 ? shifted(d, unit: "亿", places: 8) : shifted(d, unit: "万", places: 4)
    }
}

extension Renderer {
    /// The text of one cell of a box table, in 万/亿 when ``groupsYuan`` is on and the cell is an amount of yuan.
    func cellText(_ t: Table, column c: Int, row: Int) -> String {
        let v = t.columns[c][row]
        guard groupsYuan, let d = v.doubleValue, case .number = v else { return Formatter.cell(v) }
        let name = t.names[c]
        let inYuan = name.hasSuffix("元") || name.hasSuffix("_yuan")
            || t.index(of: "unit").map { t.columns[$0][row].stringValue == "元" } ?? false
        return inYuan ? Formatter.yuan(d) ?? Formatter.cell(v) : Formatter.cell(v)
    }
}
