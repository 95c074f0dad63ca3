import CIQLSupport
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal display width of text, by the C library's `wcwidth`.
///
/// `wcwidth` answers by the C locale of the calling thread. Rather than change the
/// process-wide locale (a library must not), each call switches only the current
/// thread to a UTF-8 locale with `uselocale` and restores it afterwards.
enum TextWidth {
    // A locale_t is an opaque pointer the C library never changes once made; it is made
    // once and only read (by uselocale) after, so sharing it between threads is safe.
    nonisolated(unsafe) private static let utf8Locale: locale_t? = {
        newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) ?? newlocale(LC_CTYPE_MASK, "en_US.UTF-8", nil)
    }()

    /// Columns that `s` takes on a terminal: CJK characters count two, combining marks zero.
    static func of(_ s: String) -> Int {
        var ascii = true
        for b in s.utf8 where b >= 0x80 { ascii = false; break }
        if ascii { return s.utf8.count }
        return withUTF8Locale {
            var total = 0
            for scalar in s.unicodeScalars {
                let w = iql_wcwidth(scalar.value)
                total += w < 0 ? 1 : Int(w)
            }
            return total
        }
    }

    /// Width of one scalar.
    static func of(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value < 0x80 { return 1 }
        return withUTF8Locale {
            let w = iql_wcwidth(scalar.value)
            return w < 0 ? 1 : Int(w)
        }
    }

    /// The longest prefix of `s` that fits in `width` columns, with `…` when cut.
    static func truncate(_ s: String, to width: Int) -> String {
        if of(s) <= width { return s }
        guard width >= 1 else { return "" }
        var out = "", used = 0
        for scalar in s.unicodeScalars {
            let w = of(scalar)
            if used + w > width - 1 { break }
            out.unicodeScalars.append(scalar)
            used += w
        }
        return out + "…"
    }

    private static func withUTF8Locale<T>(_ body: () -> T) -> T {
        guard let loc = utf8Locale else { return body() }
        let previous = uselocale(loc)
        defer { uselocale(previous) }
        return body()
    }
}
