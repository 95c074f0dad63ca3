/// Hash joins: `join T on key`, `join T on left.a == right.b and …`, `left join …`.
struct Joiner {
    let runner: StageRunner
    var compiler: Compiler { runner.compiler }

    /// The join of `l` and `r`; with `keeping`, only the output columns of those names
    /// are built (the rest of the pipeline reads no other).
    func join(_ kind: JoinKind, _ l: Table, _ r: Table, _ condition: JoinCondition, _ range: SourceRange, _ rightName: String?,
              keeping: Set<String>? = nil) throws -> Table {
        let (leftKeys, rightKeys, dropRight) = try keyColumns(l, r, condition)
        // Build on the right side, probe with the left: output keeps the left order.
        // One key column (the usual case) hashes plain values, not arrays of them.
        var leftIdx: [Int] = [], rightIdx: [Int] = []
        func probe(_ i: Int, _ matches: [Int]?) throws {
            if let matches {
                let rows = leftIdx.count + matches.count
                try compiler.ctx.checkRows(rows, range, compiler.file)
                // Two row indices per output row now, then a cell per column of each side.
                try compiler.ctx.checkMemory(rows &* (16 &+ 8 &* (l.columns.count + r.columns.count)), Messages.aJoin(rows), range, compiler.file)
                for j in matches { leftIdx.append(i); rightIdx.append(j) }
            } else if kind == .left {
                leftIdx.append(i); rightIdx.append(-1)
            }
        }
        try compiler.ctx.tick(count: l.rowCount + r.rowCount, range, compiler.file)
        if leftKeys.count == 1 {
            // One key column: each side's keys become Ints (a number's bits, or the right
            // side's string code), and rows with equal keys are chained through `next`
            // instead of each key owning an array.
            let lc = l.columns[leftKeys[0]], rc = r.columns[rightKeys[0]]
            let (leftIds, rightIds) = Joiner.keyIds(lc, rc)
            var head: [Int: Int] = [:]
            head.reserveCapacity(r.rowCount)
            var next = [Int](repeating: -1, count: r.rowCount)
            for j in stride(from: r.rowCount - 1, through: 0, by: -1) {
                guard let k = rightIds[j] else { continue } // null keys never match
                if let first = head[k] { next[j] = first }
                head[k] = j
            }
            var matches: [Int] = []
            for i in 0..<l.rowCount {
                guard let k = leftIds[i], var j = head[k] else { try probe(i, nil); continue }
                matches.removeAll(keepingCapacity: true)
                while j >= 0 { matches.append(j); j = next[j] }
                try probe(i, matches)
            }
        } else {
            var buckets: [[Value]: [Int]] = [:]
            for j in 0..<r.rowCount {
                let key = rightKeys.map { r.columns[$0][j] }
                if !key.contains(where: \.isNull) { buckets[key, default: []].append(j) }
            }
            for i in 0..<l.rowCount {
                let key = leftKeys.map { l.columns[$0][i] }
                try probe(i, key.contains(where: \.isNull) ? nil : buckets[key])
            }
        }
        var names = l.names
        var sources = l.columns.indices.map { (left: true, index: $0) }
        for (k, name) in r.names.enumerated() where !dropRight.contains(k) {
            var n = name
            while names.contains(n) { n += "_right" }
            names.append(n)
            sources.append((false, k))
        }
        let keep = ColumnFlow.keeps(names, keeping, compiler.ctx)
        let workers = compiler.ctx.kernels
        var cols: [Column] = []
        for (i, s) in sources.enumerated() where keep(i) {
            cols.append(s.left ? l.columns[s.index].gather(leftIdx, workers) : r.columns[s.index].gatherOrNull(rightIdx, workers))
        }
        return Table(names: names.indices.filter(keep).map { names[$0] }, columns: cols, rowCount: leftIdx.count)
    }

    /// Integer keys for one key column on each side, equal exactly when the values are
    /// equal; nil for null. Numbers use their bits (0 and -0 as one), strings the right
    /// dictionary's codes (a left string the right side lacks gets a key no right row has).
    static func keyIds(_ l: Column, _ r: Column) -> ([Int?], [Int?]) {
        func bits(_ d: Double) -> Int? { d.isNaN ? nil : Int(bitPattern: UInt(KeyIndex.numberKey(d))) }
        switch (l.storage, r.storage) {
        case (.number(let a), .number(let b)):
            return (a.map(bits), b.map(bits))
        case (.string(let a, let da), .string(let b, let db)):
            let translate = da.strings.map { db.code(of: $0).map(Int.init) ?? -1 }
            return (a.map { $0 < 0 ? nil : translate[Int($0)] }, b.map { $0 < 0 ? nil : Int($0) })
        default:
            // Mixed or other storage: number the distinct values of both sides together.
            var ids: [Value: Int] = [:]
            func id(_ v: Value) -> Int? {
                if v.isNull { return nil }
                if let k = ids[v] { return k }
                ids[v] = ids.count
                return ids.count - 1
            }
            let rightIds = (0..<r.count).map { id(r[$0]) }
            let leftIds = (0..<l.count).map { id(l[$0]) }
            return (leftIds, rightIds)
        }
    }

    /// Key column indices on each side, and which right columns to leave out of the result.
    private func keyColumns(_ l: Table, _ r: Table, _ condition: JoinCondition) throws -> ([Int], [Int], Set<Int>) {
        switch condition {
        case .columns(let names):
            var li: [Int] = [], ri: [Int] = []
            for (n, range) in names {
                guard let a = l.index(of: n) else {
                    throw compiler.error(.unknownName, Messages.unknownColumnIn(n, side: "left"), range, hint: closest(to: n, in: l.names).map(Messages.didYouMean))
                }
                guard let b = r.index(of: n) else {
                    throw compiler.error(.unknownName, Messages.unknownColumnIn(n, side: "right"), range, hint: closest(to: n, in: r.names).map(Messages.didYouMean))
                }
                li.append(a); ri.append(b)
            }
            return (li, ri, Set(ri))
        case .expr(let e):
            var li: [Int] = [], ri: [Int] = []
            try equalities(e, l, r, &li, &ri)
            return (li, ri, [])
        }
    }

    /// Collects `left.a == right.b` terms joined by `and`.
    private func equalities(_ e: Expr, _ l: Table, _ r: Table, _ li: inout [Int], _ ri: inout [Int]) throws {
        switch e.kind {
        case .binary(.and, let a, let b):
            try equalities(a, l, r, &li, &ri)
            try equalities(b, l, r, &li, &ri)
        case .binary(.eq, let a, let b):
            let x = try side(a, l, r), y = try side(b, l, r)
            switch (x.isLeft, y.isLeft) {
            case (true, false): li.append(x.index); ri.append(y.index)
            case (false, true): li.append(y.index); ri.append(x.index)
            default:
                throw compiler.error(.syntax, Messages.joinSides, e.range, hint: Messages.joinSidesHint)
            }
        default:
            throw compiler.error(.syntax, Messages.joinShape, e.range)
        }
    }

    private func side(_ e: Expr, _ l: Table, _ r: Table) throws -> (isLeft: Bool, index: Int) {
        guard case .member(let base, let col) = e.kind, case .name(let which) = base.kind, which == "left" || which == "right" else {
            throw compiler.error(.syntax, Messages.joinColumn, e.range)
        }
        let t = which == "left" ? l : r
        guard let i = t.index(of: col) else {
            throw compiler.error(.unknownName, Messages.unknownColumnIn(col, side: which), e.range, hint: closest(to: col, in: t.names).map(Messages.didYouMean))
        }
        return (which == "left", i)
    }
}
