/// How deeply lists, records and tables nest inside a value.
///
/// Printing, comparing, hashing and destroying a value recurse once per level, on the
/// stack of whatever thread does it, so no value may nest deeper than
/// ``Limits/nesting``: the places that wrap values in a new level (list and record
/// literals, builtin and function results, readers) check with ``Value/nests(deeperThan:)``,
/// which itself walks with a stack of its own and stops as soon as it knows.
extension Value {
    /// Whether the value is a list, record or table.
    var isContainer: Bool {
        switch self {
        case .list, .record, .table: return true
        default: return false
        }
    }

    /// Whether lists, records and tables nest more than `limit` levels deep: `[]` is one
    /// level, `[[1]]` two, a table's cells one level below its rows.
    func nests(deeperThan limit: Int) -> Bool {
        var pending: [(Value, Int)] = [(self, 1)]
        while let (v, d) = pending.popLast() {
            switch v {
            case .list(let xs):
                if d > limit { return true }
                for x in xs where x.isContainer { pending.append((x, d + 1)) }
            case .record(let r):
                if d > limit { return true }
                for x in r.values where x.isContainer { pending.append((x, d + 1)) }
            case .table(let t):
                if d > limit { return true }
                for c in t.columns {
                    guard case .any(let cells) = c.storage else { continue }
                    for x in cells where x.isContainer { pending.append((x, d + 2)) }
                }
            default:
                continue
            }
        }
        return false
    }
}

extension Value {
    /// About how many bytes the value holds, one level deep (what the memory budget
    /// charges when many values are kept together): the value itself, a string's
    /// bytes, a list's or record's slots, a table's cells.
    var estimatedBytes: Int {
        let slot = MemoryLayout<Value>.stride
        switch self {
        case .string(let s): return slot + s.utf8.count
        case .list(let xs): return slot + xs.count * slot
        case .record(let r): return slot + r.values.count * slot
        case .table(let t): return slot + t.rowCount * t.columns.count * 8
        default: return slot
        }
    }
}
