/// Dense group numbers for rows of key columns: the basis of `group` and `distinct`.
///
/// Each key column first becomes a small integer per row — a string's dictionary code,
/// a boolean's byte, a number's slot in a hash table — so rows are compared as Ints,
/// never as arrays of values. Groups are numbered in order of first appearance.
struct KeyIndex {
    /// Group number of each row.
    private(set) var groupOfRow: [Int] = []
    /// The first row of each group (whose key values are the group's key).
    private(set) var firstRow: [Int] = []

    init(_ columns: [Column], rows: Int, _ workers: Parallel = .serial) {
        // One string or boolean key (the usual case): its codes are the ids already
        // (unless the dictionary, which a reader's columns may share, dwarfs the rows).
        if columns.count == 1 {
            switch columns[0].storage {
            case .string(let codes, let dict) where dict.count < max(1024, rows * 2):
                codes.withUnsafeBufferPointer { c in numberDensely(dict.count + 1, rows, workers) { Int(c[$0]) + 1 } }
                return
            case .bool(let a):
                a.withUnsafeBufferPointer { b in numberDensely(3, rows, workers) { Int(b[$0]) + 1 } }
                return
            default: break
            }
        }
        var ids = [Int](repeating: 0, count: rows)
        var cardinality = 1
        for col in columns {
            let (colIds, card) = KeyIndex.ids(col, rows)
            // Combine into one number while it fits; renumber densely when it would not.
            if cardinality.multipliedReportingOverflow(by: card).overflow || cardinality * card > 1 << 40 {
                (ids, cardinality) = KeyIndex.renumber(ids)
            }
            for i in 0..<rows { ids[i] = ids[i] * card + colIds[i] }
            cardinality *= card
        }
        if cardinality <= max(1024, rows * 2) {
            ids.withUnsafeBufferPointer { k in numberDensely(cardinality, rows, workers) { k[$0] } }
        } else {
            groupOfRow = [Int](repeating: 0, count: rows)
            var slot: [Int: Int] = [:]
            for i in 0..<rows {
                let k = ids[i]
                if let g = slot[k] { groupOfRow[i] = g } else {
                    slot[k] = firstRow.count
                    groupOfRow[i] = firstRow.count
                    firstRow.append(i)
                }
            }
        }
    }

    var groupCount: Int { firstRow.count }

    /// Numbers the groups of ids `0..<cardinality` in order of first appearance. With
    /// few distinct ids, each morsel lists the rows where ids new to it first appear,
    /// the lists are merged in morsel order (so the numbering is that of one pass),
    /// and every row then looks its group up, morsels in parallel.
    @inline(__always)
    private mutating func numberDensely(_ cardinality: Int, _ rows: Int, _ workers: Parallel, _ id: (Int) -> Int) {
        var slot = [Int](repeating: -1, count: cardinality)
        if cardinality <= Morsels.size && workers.threads > 1 {
            let firsts = try! workers.map(rows: rows) { _, r -> [Int] in
                var seen = [Bool](repeating: false, count: cardinality)
                var out: [Int] = []
                for i in r where !seen[id(i)] { seen[id(i)] = true; out.append(i) }
                return out
            }
            for f in firsts {
                for i in f where slot[id(i)] < 0 { slot[id(i)] = firstRow.count; firstRow.append(i) }
            }
            groupOfRow = slot.withUnsafeBufferPointer { s in workers.fill(rows) { out, r in for i in r { out[i] = s[id(i)] } } }
        } else {
            groupOfRow = [Int](repeating: 0, count: rows)
            for i in 0..<rows {
                let k = id(i)
                if slot[k] < 0 { slot[k] = firstRow.count; firstRow.append(i) }
                groupOfRow[i] = slot[k]
            }
        }
    }

    /// Row indices of each group, in row order.
    var members: [[Int]] {
        var out = [[Int]](repeating: [], count: firstRow.count)
        for (i, g) in groupOfRow.enumerated() { out[g].append(i) }
        return out
    }

    /// Per-row ids of one column and how many ids there are. Null is an id of its own
    /// (nulls group together, as structural equality says).
    private static func ids(_ col: Column, _ rows: Int) -> ([Int], Int) {
        switch col.storage {
        case .string(let codes, let dict):
            return (codes.map { Int($0) + 1 }, dict.count + 1)
        case .bool(let a):
            return (a.map { Int($0) + 1 }, 3)
        case .number(let a):
            var seen: [UInt64: Int] = [:]
            let ids = a.map { d -> Int in
                let bits = numberKey(d)
                if let k = seen[bits] { return k }
                seen[bits] = seen.count
                return seen.count - 1
            }
            return (ids, max(1, seen.count))
        case .date(let a):
            var seen: [Int32: Int] = [:]
            let ids = a.map { d -> Int in
                if let k = seen[d] { return k }
                seen[d] = seen.count
                return seen.count - 1
            }
            return (ids, max(1, seen.count))
        case .any(let vs):
            var seen: [Value: Int] = [:]
            let ids = vs.map { v -> Int in
                if let k = seen[v] { return k }
                seen[v] = seen.count
                return seen.count - 1
            }
            return (ids, max(1, seen.count))
        }
    }

    /// Bits that are equal exactly when two numbers are the same key: -0 and 0 are one
    /// key, and every NaN (null) is one key.
    static func numberKey(_ d: Double) -> UInt64 {
        d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d.bitPattern)
    }

    private static func renumber(_ ids: [Int]) -> ([Int], Int) {
        var seen: [Int: Int] = [:]
        let out = ids.map { k -> Int in
            if let d = seen[k] { return d }
            seen[k] = seen.count
            return seen.count - 1
        }
        return (out, max(1, seen.count))
    }
}
