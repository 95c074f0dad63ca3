/// The expressions ``Engine/expression(_:parameters:name:)`` compiled, by source text,
/// parameter names and name, so that a host that compiles the same formula for every
/// record parses it once. Bounded: past ``limit`` entries the least recently used goes.
///
/// Only expressions with the arithmetic form (`+ - * /`, negation and parentheses over
/// parameters and number literals) are kept: they read nothing from the engine — no
/// global, no `$parameter`, no builtin — so a cached one computes exactly what compiling
/// the text again would, whatever was defined or run in between.
/// Guarded by the engine's lock.
final class ExpressionCache {
    struct Key: Hashable {
        let source: String
        let parameters: [String]
        let name: String
    }

    /// The most entries kept; 0 keeps none.
    var limit: Int {
        didSet { trim() }
    }
    private var entries: [Key: (expression: CompiledExpression, used: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(limit: Int) { self.limit = limit }

    var count: Int { entries.count }

    func expression(for key: Key) -> CompiledExpression? {
        guard limit > 0, let hit = entries[key] else { return nil }
        clock += 1
        entries[key]!.used = clock
        return hit.expression
    }

    func keep(_ expression: CompiledExpression, for key: Key) {
        guard limit > 0 else { return }
        clock += 1
        entries[key] = (expression, clock)
        trim()
    }

    /// Drops the least recently used entries beyond the limit (a scan: the limit is small).
    private func trim() {
        while entries.count > limit, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
    }
}
