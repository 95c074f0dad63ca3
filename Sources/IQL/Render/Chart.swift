import Foundation

/// A chart of a table's column: what the `chart` function (and stage) makes, and what
/// the renderers draw — as block characters in a terminal, as inline SVG in an HTML page.
///
/// Today one kind: horizontal bars, one per row, labelled by one column and measured by
/// another. A bar keeps the row's `status` (when the table has that column) so both
/// drawings colour it as the HTML table colours statuses.
public struct Chart: Sendable, Equatable {
    /// The kinds of chart iql draws.
    public enum Kind: String, Sendable, CaseIterable {
        /// Horizontal bars, one per row.
        case bar
    }

    /// One bar: its label, its value (nil for null: no bar is drawn) and the row's status.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double?
        public var status: String?

        public init(label: String, value: Double?, status: String? = nil) {
            self.label = label
            self.value = value
            self.status = status
        }
    }

    public var kind: Kind
    /// The names of the label and value columns, for the title.
    public var labelName: String
    public var valueName: String
    /// How the values are shown (`.percent` for a percentage column).
    public var style: NumberStyle
    public var bars: [Bar]

    public init(kind: Kind, labelName: String, valueName: String, style: NumberStyle = .plain, bars: [Bar]) {
        self.kind = kind
        self.labelName = labelName
        self.valueName = valueName
        self.style = style
        self.bars = bars
    }

    /// `attainment by name`: the chart's title.
    public var title: String { "\(valueName) by \(labelName)" }

    /// Why a chart cannot be made; `argument` is the offending argument of `chart(t, kind, label, value)`.
    struct Failure: Error {
        let argument: Int
        let message: Message
        var hint: Localized?
    }

    /// The chart of `table`'s column `value` by its column `label`.
    /// - Throws: ``Failure`` for an unknown kind or column, or a value column that is not numeric.
    static func make(_ table: Table, kind: String, label: String, value: String) throws -> Chart {
        guard let k = Kind(rawValue: kind) else {
            throw Failure(argument: 1, message: Messages.unknownChartKind(kind), hint: Messages.chartKindsHint)
        }
        func column(_ name: String, _ argument: Int) throws -> Column {
            guard let i = table.index(of: name) else {
                throw Failure(argument: argument, message: Messages.unknownColumn(name),
                              hint: closest(to: name, in: table.names).map(Messages.didYouMean) ?? Messages.columnsHint(table.names))
            }
            return table.columns[i]
        }
        let labels = try column(label, 2), values = try column(value, 3)
        let statuses = table.index(of: "status").map { table.columns[$0] }
        var bars: [Bar] = []
        bars.reserveCapacity(table.rowCount)
        var percent = false, plain = false
        for i in 0..<table.rowCount {
            let v = values[i]
            switch v {
            case .null: break
            case .percent: percent = true
            case .number: plain = true
            default: throw Failure(argument: 3, message: Messages.chartValueNotNumber(value, row: i + 1, v))
            }
            let l = labels[i]
            bars.append(Bar(label: l.isNull ? "" : Formatter.cell(l), value: v.doubleValue, status: statuses?[i].stringValue))
        }
        return Chart(kind: k, labelName: label, valueName: value, style: percent && !plain ? .percent : .plain, bars: bars)
    }

    /// A bar's value as the table renderer shows it.
    func valueText(_ bar: Bar) -> String {
        bar.value.map { Formatter.cell(Value.num($0, style)) } ?? "null"
    }

    /// The range the bars span, always including zero.
    var span: (low: Double, high: Double) {
        let values = bars.compactMap(\.value)
        return (min(0, values.min() ?? 0), max(0, values.max() ?? 0))
    }
}

/// Colours of the status codes `compare` gives, one palette for the HTML table, the SVG
/// bars and the terminal's bars.
enum StatusPalette {
    /// The statuses that are coloured, with their CSS colour and ANSI SGR code.
    static let colors: [String: (css: String, ansi: String)] = [
        "met": ("#1a7f37", "32"),
        "ahead": ("#2da44e", "92"),
        "on_track": ("#0969da", "34"),
        "behind": ("#cf222e", "31"),
        "pending": ("#9a6700", "33"),
        "no_data": ("#6e7781", "90"),
    ]
    /// A bar without a status.
    static let bar = (css: "#4f6bed", ansi: "36")
}

/// The `chart` function, appended to ``Builtins/all``; the `chart` stage makes the same value.
extension Builtins {
    static let charts: [Builtin] = [
        Builtin("chart", ["table", "kind", "label", "value"],
                "a chart of a table's column, drawn in the terminal with block characters and in --format html as SVG: kind \"bar\" draws one horizontal bar per row, labelled by the column `label`, as long as the number in the column `value` (bars are coloured by a `status` column when there is one): chart(t, \"bar\", \"name\", \"attainment\")") { c in
            guard let table = c[0].asTable else { throw c.fail(0, Messages.expected(Want.table, c[0])) }
            func name(_ i: Int) throws -> String {
                guard let s = try c.string(i) else { throw c.fail(i, Messages.expected(Want.string, c[i])) }
                return s
            }
            do {
                return .chart(try Chart.make(table, kind: try name(1), label: try name(2), value: try name(3)))
            } catch let f as Chart.Failure {
                throw c.fail(f.argument, f.message, hint: f.hint)
            }
        },
    ]
}
