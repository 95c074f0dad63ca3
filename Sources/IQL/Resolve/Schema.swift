/// The columns of a table as known before running: their names, in order. What
/// `--check` carries through a pipeline's stages to find unknown columns.
struct Schema: Equatable {
    var names: [String]

    init(_ names: [String]) { self.names = names }
    init(_ t: Table) { names = t.names }

    /// The schema of a literal list of records: columns in order of first appearance.
    init?(literal e: Expr) {
        guard case .list(let items) = e.kind, !items.isEmpty else { return nil }
        var names: [String] = []
        for item in items {
            guard case .record(let fields) = item.kind else { return nil }
            for f in fields where !names.contains(f.name) { names.append(f.name) }
        }
        self.names = names
    }

    /// With `name` added at the end, or kept in place when present.
    func adding(_ name: String) -> Schema {
        names.contains(name) ? self : Schema(names + [name])
    }
}

/// A stage whose output columns follow from its input's before running. A stage
/// without this conformance (compare, `f(x)`) ends what `--check` knows of the
/// pipeline; its expressions are still checked, with its columns taken as unknown.
protocol SchemaStage {
    /// Checks the stage's expressions against `input` and reports the output's columns,
    /// or nil when they are not known.
    func schema(_ input: Schema, _ checker: inout Checker) -> Schema?
}
