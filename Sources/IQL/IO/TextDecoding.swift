import Foundation

/// The text encodings iql reads data files in.
enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    /// GB18030, a superset of GBK and GB2312: what Excel saves CSV files as in China.
    case gb18030 = "GB18030"

    /// The encoding called `name`, as an `encoding:` argument writes it.
    init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

/// Turns a data file's bytes into UTF-8, detecting GB18030 when not told the encoding.
enum TextDecoding {
    /// The file's text as UTF-8 bytes, without a byte-order mark.
    ///
    /// With no `encoding`, a file that is valid UTF-8 is UTF-8. Otherwise it is read
    /// as GB18030 only when every line that is not ASCII fails as UTF-8, the file
    /// decodes as GB18030 whole, and its characters look like Chinese text (most of
    /// them in GB2312's range, not a Latin-1 `ü` followed by an ASCII letter). A file
    /// that mixes UTF-8 lines with others, or looks like neither, is refused at its
    /// first offending byte: iql never guesses.
    static func utf8(_ raw: [UInt8], encoding: TextEncoding?, name: String) throws -> [UInt8] {
        var bytes = raw
        if encoding != .gb18030, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if encoding == .gb18030 {
            if bytes.starts(with: [0x84, 0x31, 0x95, 0x33]) { bytes.removeFirst(4) }
            return try gb18030(bytes, name: name)
        }
        let bad = bytes.withUnsafeBufferPointer(firstInvalidUTF8)
        guard let bad else { return bytes }
        func refuse(_ message: Message, at offset: Int, hint: Localized) -> Diagnostic {
            var d = bytes.withUnsafeBufferPointer {
                Diagnostic(.io, message, at: DataFile.location(offset, in: $0, name: name))
            }
            d.hintText = hint
            return d
        }
        if encoding == .utf8 { throw refuse(Messages.undecodable("UTF-8"), at: bad, hint: Messages.notUTF8Hint) }
        let census = bytes.withUnsafeBufferPointer(lineCensus)
        if let utf8Line = census.firstUTF8Line {
            // Some lines are UTF-8 and some are not: name the first line of the fewer kind.
            if census.utf8Lines >= census.otherLines {
                throw refuse(Messages.mixedEncodings(Messages.invalidAmongUTF8), at: bad, hint: Messages.encodingArgumentHint)
            }
            throw refuse(Messages.mixedEncodings(Messages.utf8AmongInvalid), at: utf8Line, hint: Messages.encodingArgumentHint)
        }
        let decoded: [UInt8]
        do {
            decoded = try gb18030(bytes, name: name)
        } catch var d as Diagnostic {
            d.hintText = Messages.neitherEncodingHint
            throw d
        }
        if let odd = bytes.withUnsafeBufferPointer(firstUnlikelyGB18030) {
            throw refuse(Messages.notChineseEither, at: odd, hint: Messages.convertHint)
        }
        return decoded
    }

    /// How the lines of a file that is not valid UTF-8 split: lines holding valid
    /// multi-byte UTF-8 (with a sequence of three or four bytes, which two-byte GB18030
    /// characters rarely form by chance) and lines that are not valid UTF-8.
    private static func lineCensus(_ p: UnsafeBufferPointer<UInt8>) -> (utf8Lines: Int, otherLines: Int, firstUTF8Line: Int?) {
        var utf8Lines = 0, otherLines = 0, first: Int? = nil
        var i = 0
        while i < p.count {
            var longSequenceAt: Int? = nil, invalid = false
            while i < p.count && p[i] != 0x0A {
                let len = sequenceLength(p, i)
                if len == 0 { invalid = true; i += 1; continue }
                if len >= 3 && longSequenceAt == nil { longSequenceAt = i }
                i += len
            }
            i += 1
            if invalid { otherLines += 1 } else if let at = longSequenceAt {
                utf8Lines += 1
                if first == nil { first = at }
            }
        }
        return (utf8Lines, otherLines, first)
    }

    /// The first byte of a GB18030 reading that is unlikely Chinese text, when they are
    /// common: two-byte characters whose second byte is an ASCII letter or sign
    /// (0x40…0x7E, where Latin-1 `ü` before `l` lands) outnumbering GB2312's
    /// characters (both bytes 0xA1…0xFE).
    private static func firstUnlikelyGB18030(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        var common = 0, unlikely = 0, first: Int? = nil
        var i = 0
        while i < p.count {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            guard i + 1 < p.count else { break }
            let t = p[i + 1]
            if t >= 0x30 && t <= 0x39 { i += 4; continue }   // four-byte GB18030
            if b >= 0xA1 && t >= 0xA1 { common += 1 } else if t < 0x7F {
                unlikely += 1
                if first == nil { first = i }
            }
            i += 2
        }
        return unlikely > common ? first : nil
    }

    /// Offset of the first byte that is not part of a well-formed UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = p.count
        while i < n {
            // ASCII runs eight bytes at a time.
            if i + 8 <= n {
                let word = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let len = sequenceLength(p, i)
            if len == 0 { return i }
            i += len
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0.
    @inline(__always)
    private static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && p[i + k] >= lo && p[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// GB18030 bytes as UTF-8, through iconv(3), which reports where decoding stops.
    static func gb18030(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        guard let cd = openConverter() else {
            throw Diagnostic(.io, Messages.cannotRead(name, Messages.noConverter(DataFile.systemError())), at: nil)
        }
        defer { iconv_close(cd) }
        var input = bytes
        // Two GB18030 bytes become at most three UTF-8 bytes; four become four.
        var output = [UInt8](repeating: 0, count: input.count + input.count / 2 + 16)
        var failure: (offset: Int, errno: Int32)?
        let written = input.withUnsafeMutableBufferPointer { ib -> Int in
            output.withUnsafeMutableBufferPointer { ob -> Int in
                var inPtr = ib.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = ib.count
                var outPtr = ob.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = ob.count
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                    failure = (ib.count - inLeft, errno)
                }
                return ob.count - outLeft
            }
        }
        if let (offset, code) = failure {
            let message = code == EINVAL ? Messages.truncatedGB18030 : Messages.undecodable("GB18030")
            let loc = bytes.withUnsafeBufferPointer { DataFile.location(offset, in: $0, name: name, decode: gb18030Lossy) }
            throw Diagnostic(.io, message, at: loc)
        }
        output.removeSubrange(written...)
        return output
    }

    /// GB18030 bytes as text, with U+FFFD for each byte that cannot be decoded; for error snippets.
    private static func gb18030Lossy(_ p: UnsafeBufferPointer<UInt8>) -> String {
        guard let cd = openConverter(), let base = p.baseAddress else { return String(decoding: p, as: UTF8.self) }
        defer { iconv_close(cd) }
        var out: [UInt8] = []
        var inPtr = UnsafeMutablePointer(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inLeft = p.count
        var buffer = [UInt8](repeating: 0, count: p.count * 2 + 16)
        while inLeft > 0 {
            var from: UnsafeMutablePointer<CChar>? = inPtr
            let produced = buffer.withUnsafeMutableBufferPointer { ob -> Int in
                var outPtr = ob.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = ob.count
                _ = iconv(cd, &from, &inLeft, &outPtr, &outLeft)
                return ob.count - outLeft
            }
            out.append(contentsOf: buffer[0..<produced])
            inPtr = from!
            if inLeft > 0 {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                inPtr += 1
                inLeft -= 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func openConverter(to: String = "UTF-8", from: String = "GB18030") -> iconv_t? {
        let cd = iconv_open(to, from)
        return Int(bitPattern: cd) == -1 ? nil : cd
    }

    /// UTF-8 `text` as bytes of `encoding` for a file, after a byte-order mark when `bom` is set
    /// (EF BB BF for UTF-8; 84 31 95 33 for GB18030, which the reader skips too).
    ///
    /// GB18030 maps every Unicode scalar, so encoding cannot fail on any text; iconv(3)
    /// is still checked, and a failure is reported rather than written as damaged bytes.
    static func encode(_ text: [UInt8], as encoding: TextEncoding, bom: Bool) throws -> [UInt8] {
        switch encoding {
        case .utf8:
            return bom ? [0xEF, 0xBB, 0xBF] + text : text
        case .gb18030:
            guard let cd = openConverter(to: "GB18030", from: "UTF-8") else {
                throw EncodeFailure(reason: Messages.noEncoder(DataFile.systemError()))
            }
            defer { iconv_close(cd) }
            var input = text
            // A scalar takes at most four bytes in GB18030, and at least as many in UTF-8 beyond ASCII.
            var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
            var failed: Int32? = nil
            let written = input.withUnsafeMutableBufferPointer { ib -> Int in
                output.withUnsafeMutableBufferPointer { ob -> Int in
                    var inPtr = ib.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                    var inLeft = ib.count
                    var outPtr = ob.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                    var outLeft = ob.count
                    if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 || inLeft != 0 { failed = errno }
                    return ob.count - outLeft
                }
            }
            if let code = failed { throw EncodeFailure(reason: Messages.unencodable(Messages.systemError(code))) }
            output.removeSubrange(written...)
            return (bom ? [0x84, 0x31, 0x95, 0x33] : []) + output
        }
    }

    /// Why text could not be encoded.
    struct EncodeFailure: Error {
        let reason: Localized
    }
}
