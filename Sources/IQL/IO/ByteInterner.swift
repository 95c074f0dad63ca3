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
    /// Per slot, the high half of an entry's hash over its number plus one (0 for an
    /// empty slot); the count is a power of two. The hash bits in the slot settle
    /// almost every probe without reading the entry, whose arrays are far apart in
    /// memory: a column of millions of distinct values would otherwise pay a cache
    /// miss for each of them.
    private var slots: [UInt64] = []
    /// Whether an entry holds a character outside ``isStable(_:_:)``'s.
    private var sawUnstable = false

    /// The code of the `count` bytes at `p`, which must be valid UTF-8.
    mutating func code(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        if slots.isEmpty { slots = Array(repeating: 0, count: 64) }
        let h = ByteInterner.hash(p, count)
        let tag = h & 0xFFFF_FFFF_0000_0000
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var s = Int(truncatingIfNeeded: h) & mask
            while true {
                let slot = slots[s]
                if slot == 0 { position = s; return nil }
                if slot & 0xFFFF_FFFF_0000_0000 == tag {
                    let e = Int(slot & 0xFFFF_FFFF) - 1
                    if starts[e + 1] - starts[e] == count
                        && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + starts[e], p, count) == 0 }) {
                        return codes[e]
                    }
                }
                s = (s + 1) & mask
            }
        }
        if let found { return found }
        // Canonically equivalent spellings share a code. Two different byte strings of
        // normalisation-stable characters are never equivalent, so only the others need
        // the dictionary's String comparison; once one of those is in, every new entry
        // does (a stable spelling may be equivalent to it: U+F900 is U+8C48).
        let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        let code: Int32
        if !sawUnstable && ByteInterner.isStable(p, count) {
            code = dictionary.appendDistinct(text)
        } else {
            sawUnstable = true
            code = dictionary.intern(text)
        }
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
        starts.append(arena.count)
        codes.append(code)
        hashes.append(h)
        slots[position] = tag | UInt64(codes.count)
        if codes.count * 2 > slots.count { grow() }
        return code
    }

    /// The empty slot the last missed lookup ended at.
    private var position = 0

    private mutating func grow() {
        var bigger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (e, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while bigger[s] != 0 { s = (s + 1) & mask }
            bigger[s] = h & 0xFFFF_FFFF_0000_0000 | UInt64(e + 1)
        }
        slots = bigger
    }

    /// Whether the UTF-8 bytes hold only characters that are their own normal form in
    /// any context (no canonical decomposition, combining class 0, never part of a
    /// composition): ASCII, CJK punctuation (U+3000–3029, U+3030–303F), the CJK
    /// ideographs U+3400–9FFF, general punctuation U+2010–2027 and the fullwidth forms
    /// U+FF01–FFEF. Such a string is in NFC, and two of them are equal as Strings only
    /// when their bytes are.
    @inline(__always)
    static func isStable(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i < count {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            guard b & 0xF0 == 0xE0, i + 2 < count else { return false }
            let scalar = (UInt32(b & 0x0F) << 12) | (UInt32(p[i + 1] & 0x3F) << 6) | UInt32(p[i + 2] & 0x3F)
            switch scalar {
            case 0x3400...0x9FFF, 0x3000...0x3029, 0x3030...0x303F, 0x2010...0x2027, 0xFF01...0xFFEF: i += 3
            default: return false
            }
        }
        return true
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
