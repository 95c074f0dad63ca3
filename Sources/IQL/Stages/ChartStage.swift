/// `chart bar LABEL, VALUE`: the table as a chart (Render/Chart.swift), which the
/// renderers draw: block characters in a terminal, SVG in `--format html`.
struct ChartStage: StageNode {
    let kind: (String, SourceRange)
    let label: (String, SourceRange)
    let value: (String, SourceRange)

    static let definition = StageDefinition(
        name: "chart", word: "chart", syntax: "T | chart bar LABEL, VALUE",
        summary: "a chart of the table: one horizontal bar per row, labelled by the column LABEL, as long as the number in VALUE; drawn in the terminal and as SVG in --format html",
        example: "indicators | where kind == \"growth\" | chart bar name, target",
        // `chart(t, "bar", …)` and `t | chart("bar", …)` are the function.
        starts: { p in if case .name = p.peekKind() { return true }; return false },
        parse: { p in
            p.advance()
            let kind = try p.expectName(Expect.chartKind)
            let label = try p.expectName(Expect.labelColumn)
            _ = try p.expect(.comma, Expect.commaValueColumn)
            let value = try p.expectName(Expect.valueColumn)
            return ChartStage(kind: kind, label: label, value: value)
        })

    var expressions: [(expr: Expr, perRow: Bool)] { [] }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        do {
            return .chart(try Chart.make(try env.table(input), kind: kind.0, label: label.0, value: value.0))
        } catch let f as Chart.Failure {
            // The function's arguments 1, 2, 3 are the stage's kind, label and value.
            throw env.error(f.message, [kind.1, label.1, value.1][f.argument - 1], hint: f.hint)
        }
    }
}
