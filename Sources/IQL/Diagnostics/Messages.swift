/// Every message text of iql, in one place, so wording stays consistent:
/// say what was expected and what was found, quote source in '…', name types.
enum Messages {
    static func unknownName(_ name: String) -> String { "unknown name '\(name)'" }
    static func unknownColumn(_ name: String) -> String { "unknown column '\(name)'" }
    static func unknownField(_ name: String) -> String { "record has no field '\(name)'" }
    static func unknownFunction(_ name: String) -> String { "unknown function '\(name)'" }
    static func didYouMean(_ s: String) -> String { "did you mean '\(s)'?" }
    static func binary(_ verb: String, _ a: Value, _ b: Value) -> String {
        "cannot \(verb) \(a.typeName) and \(b.typeName)"
    }
    static func expected(_ what: String, _ found: Value) -> String { "expected \(what), found \(found.typeName)" }
    static func notCallable(_ v: Value) -> String { "cannot call a \(v.typeName)" }
    static func arity(_ name: String, _ expected: String, _ found: Int) -> String {
        "'\(name)' takes \(expected), but \(found) \(found == 1 ? "was" : "were") given"
    }
    static func limit(_ name: String, _ detail: String) -> String {
        "evaluation stopped: limit '\(name)' exceeded (\(detail))"
    }
    /// A size for messages: `512 MiB`, `3.2 GiB`, `900 bytes`.
    static func bytes(_ n: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where n >= size { return "\(Formatter.number((Double(n) / Double(size) * 100).rounded() / 100)) \(name)" }
        return "\(n) bytes"
    }
    static let memoryHint = "the memory budget is Limits.memoryBytes (iql --max-memory)"
    static func notPermitted(_ what: String) -> String {
        "\(what) is not permitted: this engine was not granted file access"
    }
    static let foreignFunction = "this function was made by another engine and can only run there"
    static func notAggregated(_ name: String) -> String {
        "column '\(name)' is neither a group key nor inside an aggregate"
    }
}

/// The closest of `candidates` to `name` by edit distance, if close enough to suggest.
func closest(to name: String, in candidates: [String]) -> String? {
    let a = Array(name.lowercased())
    var best: (String, Int)? = nil
    for c in Set(candidates) where c != name {
        let d = editDistance(a, Array(c.lowercased()))
        let limit = max(1, min(3, (max(a.count, c.count) + 1) / 3))
        if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
    }
    return best?.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = prev
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
