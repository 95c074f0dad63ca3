/// How each stage changes the columns of the table flowing through it, for `--check`.

extension Where: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        c.check(predicate, columns: input)
        return input
    }
}

extension Select: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for b in bindings { c.check(b.value, columns: input) }
        return Schema(bindings.map(\.name))
    }
}

extension Derive: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        var out = input
        for b in bindings {
            c.check(b.value, columns: out)
            out = out.adding(b.name)
        }
        return out
    }
}

extension Sort: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for k in keys { c.check(k.value, columns: input) }
        return input
    }
}

extension Slice: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        c.check(count, columns: nil)
        for b in by { c.check(b.value, columns: input) }
        return input
    }
}

extension Distinct: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for b in columns { c.check(b.value, columns: input) }
        return columns.isEmpty ? input : Schema(columns.map(\.name))
    }
}

extension Group: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for k in keys { c.check(k.value, columns: input) }
        // Aggregate arguments read the input's columns; the rest sees the keys (a bare
        // column there is reported when the query runs, with its own message).
        let visible = Schema(input.names + keys.map(\.name).filter { !input.names.contains($0) })
        for a in aggregates { c.check(a.value, columns: visible) }
        return Schema(keys.map(\.name) + aggregates.map(\.name))
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
        var names = input.names
        let dropped: Set<String>
        if case .columns(let keys) = condition { dropped = Set(keys.map(\.name)) } else { dropped = [] }
        for n in right.names where !dropped.contains(n) {
            var name = n
            while names.contains(name) { name += "_right" }
            names.append(name)
        }
        return Schema(names)
    }
}

extension WindowStage: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for b in by { c.check(b.value, columns: input) }
        for k in sort { c.check(k.value, columns: input) }
        // Each column sees the ones before it, as in derive.
        var out = input
        for b in bindings {
            c.check(b.value, columns: out)
            out = out.adding(b.name)
        }
        return out
    }
}

extension Append: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        guard let other = c.tableSchema(table) else { return nil }
        return Schema(input.names + other.names.filter { !input.names.contains($0) })
    }
}

extension Unpivot: SchemaStage {
    func schema(_ input: Schema, _ c: inout Checker) -> Schema? {
        for col in columns { c.column(col.name, col.range, in: input, side: "input") }
        let listed = Set(columns.map(\.name))
        return Schema(input.names.filter { !listed.contains($0) } + [nameColumn.name, valueColumn.name])
    }
}
