import Foundation

/// What files an engine may read and write. The default grants nothing.
public struct FileAccess: Sendable, Equatable {
    /// Whether any file may be touched.
    public var allowed: Bool
    /// When not nil, only files under these directories.
    public var directories: [String]?

    /// File access: none by default; with `allowed`, every file, or only those under
    /// `directories` (paths are resolved, so `..` and symbolic links cannot leave them).
    public init(allowed: Bool = false, directories: [String]? = nil) {
        self.allowed = allowed
        self.directories = directories
    }

    /// No file access: the default for an embedded engine.
    public static let none = FileAccess()
    /// Any file the process can reach: what the CLI grants.
    public static let all = FileAccess(allowed: true)

    /// Resolves `path` and checks that it may be used; throws a located "not permitted" error otherwise.
    func check(_ path: String, _ what: String, at loc: SourceLocation?) throws -> String {
        guard allowed else { throw Diagnostic(.notPermitted, Messages.notPermitted(what), at: loc) }
        // The C library would end the path at the NUL; never read or write another file than the one named.
        if path.utf8.contains(0) { throw Diagnostic(.io, Messages.nulInPath, at: loc) }
        let full = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if let dirs = directories {
            let ok = dirs.contains { dir in
                let d = URL(fileURLWithPath: dir).standardizedFileURL.resolvingSymlinksInPath().path
                return full == d || full.hasPrefix(d.hasSuffix("/") ? d : d + "/")
            }
            if !ok {
                throw Diagnostic(.notPermitted, Messages.outsideDirectories(what, path), at: loc)
            }
        }
        return full
    }
}
