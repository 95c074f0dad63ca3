#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output text built as UTF-8 bytes: every writer (the CSV, JSON, Markdown and HTML
/// renderers, `write_csv` and the others, the xlsx sheet) appends numbers, text and
/// escapes straight into one byte array, instead of concatenating a `String` per cell,
/// which cost about ten times as much.
///
/// With a `flush` the bytes are handed over whenever a block of ``blockSize`` is full
/// (standard output gets a large table in pieces, not held whole); without one they
/// are kept until the writer takes ``bytes``.
struct ByteOutput {
    static let blockSize = 1 << 20
    private(set) var bytes: [UInt8] = []
    private let flush: (([UInt8]) -> Void)?

    init(reserving capacity: Int = 0, flush: (([UInt8]) -> Void)? = nil) {
        self.flush = flush
        bytes.reserveCapacity(flush == nil ? capacity : ByteOutput.blockSize + 4096)
    }

    /// Hands a full block to `flush`, if there is one. Writers call it between rows.
    @inline(__always)
    mutating func rowDone() {
        if let flush, bytes.count >= ByteOutput.blockSize {
            flush(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Hands what is left to `flush`.
    mutating func finish() {
        if let flush, !bytes.isEmpty {
            flush(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

    @inline(__always) mutating func ascii(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ b: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: b) }

    /// The decimal digits of `n`.
    mutating func integer(_ n: Int) {
        if n < 0 {
            byte(UInt8(ascii: "-"))
            // The magnitude as unsigned, so that Int.min has one too.
            unsigned(UInt(bitPattern: 0 &- n))
        } else {
            unsigned(UInt(n))
        }
    }

    mutating func unsigned(_ n: UInt) {
        if n < 10 { byte(0x30 + UInt8(n)); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var i = 20, v = n
            while v > 0 { i -= 1; buf[i] = 0x30 + UInt8(v % 10); v /= 10 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<20]))
        }
    }

    /// `n` with at least `width` digits, zeros in front (the parts of a date).
    mutating func padded(_ n: Int, _ width: Int) {
        var digits = 1, v = abs(n)
        while v >= 10 { digits += 1; v /= 10 }
        if n < 0 { byte(UInt8(ascii: "-")) }
        for _ in digits..<max(digits, width) { byte(0x30) }
        unsigned(UInt(abs(n)))
    }

    /// A date as `YYYY-MM-DD`, as ``CalendarDate/description`` spells it.
    mutating func date(_ days: Int32) {
        let (y, m, d) = CalendarDate.daysToCivil(days)
        padded(y, 4); byte(UInt8(ascii: "-")); padded(m, 2); byte(UInt8(ascii: "-")); padded(d, 2)
    }

    /// The shortest text that reads back as exactly `d` (``Formatter/exactNumber(_:)``).
    mutating func exactNumber(_ d: Double) {
        if d.isNaN { ascii("null"); return }
        if d.isInfinite { d < 0 ? ascii("-inf") : ascii("inf"); return }
        // Below 2^53 an integer's shortest round-trip digits are its own: its neighbours
        // are at most 1 away, so no shorter decimal reads back as it.
        if d == d.rounded(.towardZero) && abs(d) < 9_007_199_254_740_992 { integer(Int(d)); return }
        ShortestDigits(d).spell(shift: 0, into: &self)
    }

    /// The percentage that reads back as exactly `d` (``Formatter/exactPercent(_:)``); for NaN `null`.
    mutating func exactPercent(_ d: Double) {
        if d.isNaN { ascii("null"); return }
        if d.isInfinite { d < 0 ? ascii("-inf%") : ascii("inf%"); return }
        ShortestDigits(d).spell(shift: 2, into: &self)
        byte(UInt8(ascii: "%"))
    }

    /// A number or percentage as a file must hold it: exactly, percentages as such; null as nothing.
    mutating func exact(_ d: Double, percent: Bool) {
        if d.isNaN { return }
        if percent { exactPercent(d) } else { exactNumber(d) }
    }

    /// Shortest readable form, 15 significant digits at most (``Formatter/number(_:)``).
    mutating func number(_ d: Double) {
        if d.isNaN { ascii("null"); return }
        if d.isInfinite { d < 0 ? ascii("-inf") : ascii("inf"); return }
        if d == 0 { byte(0x30); return }
        if d == d.rounded() && abs(d) < 1e15 { integer(Int(d)); return }
        // `%.15g`, then without trailing zeros and with a plain exponent (1.5e+20 → 1.5e20).
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buf in
            let n = withVaList([d]) { vsnprintf(buf.baseAddress!, 40, "%.15g", $0) }
            let text = UnsafeRawBufferPointer(start: buf.baseAddress!, count: Int(n)).bindMemory(to: UInt8.self)
            let e = text.firstIndex(of: UInt8(ascii: "e")) ?? text.count
            var end = e
            if text[..<e].contains(UInt8(ascii: ".")) {
                while text[end - 1] == 0x30 { end -= 1 }
                if text[end - 1] == UInt8(ascii: ".") { end -= 1 }
            }
            append(UnsafeBufferPointer(rebasing: text[..<end]))
            guard e < text.count else { return }
            byte(UInt8(ascii: "e"))
            var k = e + 1
            if text[k] == UInt8(ascii: "+") { k += 1 } else if text[k] == UInt8(ascii: "-") { byte(UInt8(ascii: "-")); k += 1 }
            while k < text.count - 1 && text[k] == 0x30 { k += 1 }
            append(UnsafeBufferPointer(rebasing: text[k...]))
        }
    }

    /// A fraction shown as a percentage (``Formatter/percent(_:)``): 0.07 → `7%`.
    mutating func percent(_ d: Double) {
        if d.isNaN { ascii("null"); return }
        // At most four decimals of a percentage point: 0.07 shows 7% (not
        // 7.000000000000001%) and 5/12 shows 41.6667%, while 0.125% stays exact.
        number((d * 100 * 10_000).rounded() / 10_000)
        byte(UInt8(ascii: "%"))
    }

    /// `s` in double quotes with quote, backslash, newline, tab and return escaped as
    /// iql and JSON both write them; other control characters as JSON (`\u0001`) or
    /// iql (`\u{1}`) spells them.
    mutating func quoted(_ s: String, json: Bool) {
        byte(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { text in
            var start = 0
            for (i, b) in text.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                append(UnsafeBufferPointer(rebasing: text[start..<i]))
                start = i + 1
                switch b {
                case UInt8(ascii: "\""): ascii("\\\"")
                case UInt8(ascii: "\\"): ascii("\\\\")
                case 0x0A: ascii("\\n")
                case 0x09: ascii("\\t")
                case 0x0D: ascii("\\r")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    hex.withUTF8Buffer { digits in
                        if json {
                            ascii("\\u00"); byte(digits[Int(b >> 4)]); byte(digits[Int(b & 15)])
                        } else {
                            ascii("\\u{")
                            if b >= 16 { byte(digits[Int(b >> 4)]) }
                            byte(digits[Int(b & 15)]); byte(UInt8(ascii: "}"))
                        }
                    }
                }
            }
            append(UnsafeBufferPointer(rebasing: text[start...]))
        }
        byte(UInt8(ascii: "\""))
    }

    @inline(__always) mutating func jsonString(_ s: String) { quoted(s, json: true) }

    /// `s` with each byte `escape` names replaced by its text: the escapes of CSV,
    /// Markdown, HTML and XML, which all replace ASCII bytes, so that UTF-8 is copied
    /// through in runs between them.
    @inline(__always)
    mutating func escaping(_ s: String, _ escape: (UInt8) -> StaticString?) {
        var s = s
        s.withUTF8 { text in
            var start = 0
            for i in 0..<text.count {
                guard let replacement = escape(text[i]) else { continue }
                append(UnsafeBufferPointer(rebasing: text[start..<i]))
                ascii(replacement)
                start = i + 1
            }
            append(UnsafeBufferPointer(rebasing: text[start...]))
        }
    }
}

/// `d` as `digits × 10^exponent`, with the fewest digits that read back as `d` (Swift's
/// `description` finds them), without trailing zeros; read from the description's bytes.
struct ShortestDigits {
    var negative = false
    /// At most 17 significant digits, as ASCII, in a fixed buffer (no allocation per number).
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var count = 0
    var exponent = 0

    init(_ d: Double) {
        if d == 0 { count = 1; setDigit(0, 0x30); return }
        var text = d.description
        text.withUTF8 { s in
            var i = 0, end = s.count, pointAt = -1, exp = 0
            if let e = s.firstIndex(of: UInt8(ascii: "e")) {
                end = e
                var k = e + 1, sign = 1
                if s[k] == UInt8(ascii: "-") { sign = -1; k += 1 } else if s[k] == UInt8(ascii: "+") { k += 1 }
                while k < s.count { exp = exp * 10 + Int(s[k] - 0x30); k += 1 }
                exp *= sign
            }
            if s[0] == UInt8(ascii: "-") { negative = true; i = 1 }
            var afterPoint = 0
            for k in i..<end {
                let b = s[k]
                if b == UInt8(ascii: ".") { pointAt = k; continue }
                if pointAt >= 0 { afterPoint += 1 }
                if count == 0 && b == 0x30 { continue }   // leading zeros
                setDigit(count, b)
                count += 1
            }
            exponent = exp - afterPoint
        }
        while count > 1 && digit(count - 1) == 0x30 { count -= 1; exponent += 1 }
        if count == 0 { count = 1; setDigit(0, 0x30) }
    }

    func digit(_ k: Int) -> UInt8 {
        withUnsafeBytes(of: digits) { $0[k] }
    }

    mutating func setDigit(_ k: Int, _ b: UInt8) {
        withUnsafeMutableBytes(of: &digits) { $0[k] = b }
    }

    /// Decimal text of `digits × 10^(exponent + shift)`: positional while that stays
    /// short (up to 21 integer digits, or 8 zeros after the point), else `1.5e300`.
    func spell(shift: Int, into out: inout ByteOutput) {
        let exponent = self.exponent + shift
        if count == 1 && digit(0) == 0x30 { out.byte(0x30); return }
        if negative { out.byte(UInt8(ascii: "-")) }
        let whole = count + exponent   // digits before the point
        withUnsafeBytes(of: digits) { raw in
            let ds = raw.bindMemory(to: UInt8.self)
            let all = UnsafeBufferPointer(rebasing: ds[0..<count])
            if exponent >= 0 && whole <= 21 {
                out.append(all)
                for _ in 0..<exponent { out.byte(0x30) }
            } else if exponent < 0 && whole > 0 {
                out.append(UnsafeBufferPointer(rebasing: ds[0..<whole]))
                out.byte(UInt8(ascii: "."))
                out.append(UnsafeBufferPointer(rebasing: ds[whole..<count]))
            } else if exponent < 0 && whole >= -8 {
                out.ascii("0.")
                for _ in 0 ..< -whole { out.byte(0x30) }
                out.append(all)
            } else {
                out.byte(ds[0])
                if count > 1 {
                    out.byte(UInt8(ascii: "."))
                    out.append(UnsafeBufferPointer(rebasing: ds[1..<count]))
                }
                out.byte(UInt8(ascii: "e"))
                out.integer(whole - 1)
            }
        }
    }
}
