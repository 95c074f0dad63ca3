import Foundation

/// File name patterns in a path (`data/actuals-*.csv`), as the shell reads them:
/// `*` any characters of one name, `?` one character, `[…]` one of a set.
enum FileGlob {
    /// Whether `path` holds a pattern rather than naming one file.
    static func isPattern(_ path: String) -> Bool {
        path.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The files (not directories) that match, sorted by file name, then by path.
    static func matches(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            guard let p = g.gl_pathv[i] else { continue }
            let path = String(cString: p)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { out.append(path) }
        }
        return out.sorted {
            let (a, b) = (($0 as NSString).lastPathComponent, ($1 as NSString).lastPathComponent)
            return a != b ? a < b : $0 < $1
        }
    }
}
