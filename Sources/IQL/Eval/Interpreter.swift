import Foundation

/// Interpreter: runs a ``Program``'s statements against a ``Context``, reporting the
/// value of each expression statement to `emit`.
struct Interpreter {
    unowned let ctx: Context

    func run(_ program: Program, emit: (Value) throws -> Void) throws {
        let compiler = Compiler(ctx: ctx, file: program.file)
        let root = Scope.root()
        for statement in program.statements {
            switch statement {
            case .let(let name, let value, _):
                ctx.globals.define(name, try compiler.compile(value, root)(Frame.top))
            case .fn(let name, let params, let body, _):
                ctx.globals.define(name, .function(Function(name: name, user: UserFunction(params: params, body: body, file: program.file, scope: root, frame: nil, owner: ctx))))
            case .import(let path, let range):
                try importFile(path, from: program.file, at: range)
            case .expr(let e):
                try emit(try compiler.compile(e, root)(Frame.top))
            }
        }
    }

    /// `import "lib.iql"`: runs the `let` and `fn` statements of a file, found relative
    /// to the importing file; its expression statements are not run.
    private func importFile(_ path: String, from file: SourceFile, at range: SourceRange) throws {
        let (full, definitions) = try Interpreter.definitions(ofImport: path, from: file, at: range, files: ctx.files, importing: ctx.importing)
        ctx.importing.append(full)
        defer { ctx.importing.removeLast() }
        try run(definitions) { _ in }
    }

    /// The `let`, `fn` and `import` statements of the file `import "path"` in `file`
    /// names, and its resolved path; `importing` holds the files being imported (a
    /// cycle is an error). `--check` reads imports through this too, so that it
    /// refuses and resolves exactly what running does.
    static func definitions(ofImport path: String, from file: SourceFile, at range: SourceRange,
                            files: FileAccess, importing: [String]) throws -> (full: String, program: Program) {
        let loc = SourceLocation(file: file, range: range)
        let base = file.name.hasPrefix("<") ? FileManager.default.currentDirectoryPath : (file.name as NSString).deletingLastPathComponent
        let joined = path.hasPrefix("/") ? path : (base.isEmpty ? path : base + "/" + path)
        let full = try files.check(joined, "import", at: loc)
        if importing.contains(full) {
            throw Diagnostic(.runtime, Messages.importCycle(path), at: loc)
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw Diagnostic(.io, Messages.importMissing(path), at: loc)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(.io, Messages.importNotText(path), at: loc)
        }
        let program = try Parser.parse(SourceFile(name: joined, text: text))
        return (full, Program(file: program.file, statements: program.statements.filter {
            if case .expr = $0 { return false }
            return true
        }))
    }
}
