/// How each stage changes the columns of the table flowing through it, and their
/// types where known, for `--check`.

extension Where: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        c.checkCondition(predicate, columns: input, Want.booleanFromWhere)
        var out = input
        out.hasRows = false
        return out
    }
}

extension Select: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        var out = Schema([], hasRows: input.hasRows)
        for b in bindings {
            c.check(b.value, columns: input)
            out = out.adding(b.name, c.type(of: b.value, columns: input))
        }
        return out
    }
}

extension Derive: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        c.deriving(bindings, over: input)
    }
}

extension Sort: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        c.checkSortKeys(keys, columns: input)
        return input
    }
}

extension Slice: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        c.check(count, columns: nil)
        for b in by { c.check(b.value, columns: input) }
        var out = input
        out.hasRows = false
        return out
    }
}

extension Distinct: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for b in columns { c.check(b.value, columns: input) }
        guard !columns.isEmpty else { return input }
        var out = Schema([], hasRows: input.hasRows)
        for b in columns { out = out.adding(b.name, c.type(of: b.value, columns: input)) }
        return out
    }
}

extension Group: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for k in keys { c.check(k.value, columns: input) }
        // Aggregate arguments read the input's columns; the rest sees the keys (a bare
        // column there is reported when the query runs, with its own message).
        // Types: an aggregate's arguments have the input's, a name outside them the key's.
        var out = Schema([], hasRows: input.hasRows)
        for k in keys { out = out.adding(k.name, c.type(of: k.value, columns: input)) }
        let visible = Schema(input.names + keys.map(\.name).filter { !input.names.contains($0) })
        let (arguments, outside) = (Schema(visible.names, types: input.types, hasRows: input.hasRows),
                                    Schema(visible.names, types: out.types, hasRows: input.hasRows))
        for a in aggregates { out = out.adding(a.name, c.checkAggregate(a.value, input: arguments, keys: outside)) }
        return out
    }
}

extension JoinStage: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        let right = c.tableSchema(table)
        switch condition {
        case .columns(let keys):
            for k in keys {
                c.column(k.name, k.range, in: input, side: "left")
                if let right { c.column(k.name, k.range, in: right, side: "right") }
            }
        case .expr(let e):
            c.joinCondition(e, left: input, right: right)
        }
        guard let right else { return nil }
        var out = input
        if kind == .inner { out.hasRows = false }
        let dropped: Set<String>
        if case .columns(let keys) = condition { dropped = Set(keys.map(\.name)) } else { dropped = [] }
        for n in right.names where !dropped.contains(n) {
            var name = n
            while out.names.contains(name) { name += "_right" }
            out = out.adding(name, right[n])
        }
        return out
    }
}

extension WindowStage: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for b in by { c.check(b.value, columns: input) }
        c.checkSortKeys(sort, columns: input)
        // Each column sees the ones before it, as in derive.
        return c.deriving(bindings, over: input)
    }
}

extension Append: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        guard let other = c.tableSchema(table) else { return nil }
        // A column keeps its type when both tables' agree (or only one has it).
        var out = Schema(input.names + other.names.filter { !input.names.contains($0) }, hasRows: input.hasRows || other.hasRows)
        for n in out.names {
            let (a, b) = (input.names.contains(n) ? input[n] : other[n], other.names.contains(n) ? other[n] : input[n])
            if a == b { out.types[n] = a }
        }
        return out
    }
}

extension Unpivot: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for col in columns { c.column(col.name, col.range, in: input, side: "input") }
        let listed = Set(columns.map(\.name))
        var out = Schema(input.names.filter { !listed.contains($0) }, types: input.types, hasRows: input.hasRows && !columns.isEmpty)
        out.types = out.types.filter { !listed.contains($0.key) }
        let valueTypes = Set(columns.map { input[$0.name] })
        return out.adding(nameColumn.name, .text).adding(valueColumn.name, valueTypes.count == 1 ? valueTypes.first! : nil)
    }
}

extension Checker {
    /// `input` with each binding added in turn, each checked against the columns before
    /// it: what `derive` and `window` do to a schema.
    mutating func deriving(_ bindings: [Binding], over input: Schema) -> Schema {
        var out = input
        for b in bindings {
            check(b.value, columns: out)
            out = out.adding(b.name, type(of: b.value, columns: out))
        }
        return out
    }
}
