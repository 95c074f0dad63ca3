import Foundation

/// Gives each distinct byte string of a column its dictionary code without making a
/// `String` for every cell: an open-addressing hash table over the bytes, so only the
/// first occurrence of a value allocates.
struct ByteInterner {
    /// The column's strings; codes index into it.
    let dictionary = StringDictionary()
    /// The bytes of every distinct entry, one after another.
    private var arena: [UInt8] = []
    /// Entry `e` is `arena[starts[e]..<starts[e + 1]]`.
    private var starts: [Int] = [0]
    private var codes: [Int32] = []
    private var hashes: [UInt64] = []
    /// Entry numbers by hash, -1 for empty; the count is a power of two.
    private var slots: [Int32] = []

    /// The code of the `count` bytes at `p`, which must be valid UTF-8.
    mutating func code(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        if slots.isEmpty { slots = Array(repeating: -1, count: 64) }
        let h = ByteInterner.hash(p, count)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { break }
            if hashes[e] == h && starts[e + 1] - starts[e] == count
                && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + starts[e], p, count) == 0 }) {
                return codes[e]
            }
            s = (s + 1) & mask
        }
        // Canonically equivalent spellings share a code: the dictionary compares Strings.
        let code = dictionary.intern(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        let e = Int32(codes.count)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
        starts.append(arena.count)
        codes.append(code)
        hashes.append(h)
        slots[s] = e
        if codes.count * 2 > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (e, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while bigger[s] >= 0 { s = (s + 1) & mask }
            bigger[s] = Int32(e)
        }
        slots = bigger
    }

    /// FNV-1a, then a final mix so that the low bits used for slots depend on every byte.
    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<count { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        return h ^ (h >> 33)
    }
}
