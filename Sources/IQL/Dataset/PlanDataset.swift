/// The built-in dataset: the targets (`indicators`) and projects (`projects`) of part 二
/// of the 2023 work report in `data/report.txt`, built once and shared by every engine.
enum PlanDataset {
    static let indicators: Table = build(PlanData.indicatorsColumns, PlanData.indicatorsRows) { name, cell, row, header in
        guard name == "target", let text = cell, let d = Double(text) else { return cell.map(Value.string) ?? .null }
        // Targets of '%' indicators show as percentages: 0.07 prints as 7%.
        let unit = header.firstIndex(of: "unit").flatMap { row[$0] }
        return unit == "%" ? .percent(d) : .number(d)
    }

    static let projects: Table = build(PlanData.projectsColumns, PlanData.projectsRows) { _, cell, _, _ in
        cell.map(Value.string) ?? .null
    }

    /// The tables by name, as every session defines them; each is built when first read.
    static let tables: [(String, @Sendable () -> Table)] = [("indicators", { indicators }), ("projects", { projects })]

    private static func build(_ header: [String], _ rows: [[String?]], _ cell: (String, String?, [String?], [String]) -> Value) -> Table {
        var columns: [Column] = []
        for (k, name) in header.enumerated() {
            let values = rows.map { cell(name, $0[k], $0, header) }
            // A column mixing percentages and plain numbers keeps each value's own display.
            if name == "target" { columns.append(Column(.any(values))) } else { columns.append(Column(values)) }
        }
        return Table(names: header, columns: columns, rowCount: rows.count)
    }
}
