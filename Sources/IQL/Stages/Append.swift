/// `append OTHER`: the rows of the table flowing in, then those of OTHER, columns
/// matched by name. `a + b` on two tables and `read_csv("dir/*.csv")` append with the
/// same function, ``Table/appending(_:)``.
struct Append: StageNode {
    let table: Expr

    static let definition = StageDefinition(
        name: "append", word: "append", syntax: "T | append OTHER",
        summary: "the rows of T, then the rows of OTHER; columns matched by name (all of both, T's first), missing cells null; a + b does the same",
        example: "indicators | where topic == \"医药\" | append (indicators | where topic == \"旅游\")",
        parse: { p in p.advance(); return Append(table: try p.parsePostfix()) })

    var expressions: [(expr: Expr, perRow: Bool)] { [(table, false)] }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        let other = try env.value(table)
        guard let o = other.asTable else { throw env.error(Messages.expected(Want.tableToAppend, other), table.range) }
        return .table(try env.compiler.ctx.append([t, o], env.range, env.compiler.file))
    }
}

extension Table {
    /// The rows of `tables`, one after another. The columns are the union of theirs by
    /// name, in order of first appearance; a table without a column gives nulls there.
    /// ``Context/append(_:_:_:)`` checks the row limit and the memory budget first.
    static func appending(_ tables: [Table]) -> Table {
        var names: [String] = []
        var seen = Set<String>()
        for t in tables { for n in t.names where seen.insert(n).inserted { names.append(n) } }
        let columns = names.map { name in
            Column.concatenate(tables.map { t in t.index(of: name).map { t.columns[$0] } ?? Column.nulls(t.rowCount) })
        }
        return Table(names: names, columns: columns, rowCount: tables.reduce(0) { $0 + $1.rowCount })
    }
}

extension Column {
    /// The rows of `parts` one after another, in one column. Parts of one storage keep
    /// it (strings are recoded into one dictionary), so numbers stay doubles; a part
    /// with only nulls fits any; a percentage style stays only when every number part
    /// has it. Parts of different types give a mixed column, each value as it was.
    static func concatenate(_ parts: [Column]) -> Column {
        let total = parts.reduce(0) { $0 + $1.count }
        let typed = parts.filter { !$0.isAllNull }
        guard let first = typed.first else { return Column.nulls(total) }
        switch first.storage {
        case .number where typed.allSatisfy({ if case .number = $0.storage { return true }; return false }):
            var out: [Double] = []
            out.reserveCapacity(total)
            for p in parts {
                if case .number(let a) = p.storage { out += a } else { out += repeatElement(.nan, count: p.count) }
            }
            return Column(.number(out), style: typed.allSatisfy { $0.style == .percent } ? .percent : .plain)
        case .string(_, let firstDict) where typed.allSatisfy({ if case .string = $0.storage { return true }; return false }):
            let shared = typed.allSatisfy { if case .string(_, let d) = $0.storage { return d === firstDict }; return false }
            let dict = shared ? firstDict : StringDictionary()
            var out: [Int32] = []
            out.reserveCapacity(total)
            for p in parts {
                guard case .string(let codes, let d) = p.storage else { out += repeatElement(-1, count: p.count); continue }
                if shared { out += codes; continue }
                let recode = d.strings.map(dict.intern)
                out += codes.map { $0 < 0 ? -1 : recode[Int($0)] }
            }
            return Column(.string(out, dict))
        case .bool where typed.allSatisfy({ if case .bool = $0.storage { return true }; return false }):
            var out: [Int8] = []
            out.reserveCapacity(total)
            for p in parts {
                if case .bool(let a) = p.storage { out += a } else { out += repeatElement(-1, count: p.count) }
            }
            return Column(.bool(out))
        default:
            var out: [Value] = []
            out.reserveCapacity(total)
            for p in parts { out += p.values }
            return Column(.any(out))
        }
    }

    /// Whether every cell is null in mixed storage (what a missing column is).
    var isAllNull: Bool {
        if case .any(let vs) = storage { return vs.allSatisfy(\.isNull) }
        return false
    }
}
