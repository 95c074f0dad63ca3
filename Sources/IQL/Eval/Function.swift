/// A callable value: a builtin, a host function, an `fn` definition or a lambda.
/// @unchecked: a function is immutable but for a user function's compiled body, which
/// is filled in and read only under the lock of the engine running it (Engine.withContext).
public final class Function: @unchecked Sendable {
    let name: String
    enum Body {
        case builtin(Builtin)
        case user(UserFunction)
    }
    let body: Body

    init(builtin: Builtin) {
        name = builtin.name
        body = .builtin(builtin)
    }

    init(name: String, user: UserFunction) {
        self.name = name
        body = .user(user)
    }

    var parameterNames: [String] {
        switch body {
        case .builtin(let b): return b.params
        case .user(let u): return u.params
        }
    }
}

/// An `fn` or lambda: parameters, body, and the scope it was written in.
/// The body is compiled on the first call, when every global it names exists,
/// which is what lets functions call each other recursively in any order.
///
/// Its code reads the globals, limits and counters of the engine it was made in, and
/// may only run under that engine's lock: a call from another engine (a host that
/// moved the value over with `define` or a parameter) is refused with an error.
final class UserFunction {
    let params: [String]
    let body: Expr
    let file: SourceFile
    private let scope: Scope?
    private let frame: Frame?
    private var code: Code?
    /// The context of the engine the function was made in; weak, since that engine's
    /// globals may hold this function.
    private weak var owner: Context?

    init(params: [String], body: Expr, file: SourceFile, scope: Scope, frame: Frame?, owner: Context) {
        self.owner = owner
        self.params = params
        self.body = body
        self.file = file
        self.scope = scope
        self.frame = frame
    }

    /// A lambda, whose body was compiled with the code around it.
    init(params: [String], body: Expr, file: SourceFile, code: @escaping Code, frame: Frame?, owner: Context) {
        self.owner = owner
        self.params = params
        self.body = body
        self.file = file
        self.scope = nil
        self.code = code
        self.frame = frame
    }

    func call(_ args: [Value], _ ctx: Context, at range: SourceRange, in callerFile: SourceFile) throws -> Value {
        guard owner === ctx else {
            throw Diagnostic(.runtime, Messages.foreignFunction, at: SourceLocation(file: callerFile, range: range),
                             hint: Messages.foreignFunctionHint)
        }
        try ctx.enter(range, callerFile)
        defer { ctx.leave() }
        let c: Code
        if let done = code {
            c = done
        } else {
            c = try Compiler(ctx: ctx, file: file).compile(body, Scope(.function(params), parent: scope ?? Scope.root()))
            code = c
        }
        do {
            return try c(Frame(locals: args, parent: frame))
        } catch var d as Diagnostic where d.kind != .cancelled && d.notes.count < UserFunction.callNotes {
            // The error points into the function; the innermost calls say how it got there
            // (a recursive call once, not once per level).
            if let last = d.notes.last?.location ?? d.location, last.file === callerFile, last.range == range { throw d }
            d.notes.append(.init(Messages.inTheCall, at: SourceLocation(file: callerFile, range: range)))
            throw d
        }
    }

    /// How many calls an error lists, innermost first (recursion would list a thousand).
    static let callNotes = 3
}

/// The values of one call's parameters, with a link to the frame the function was made in.
final class Frame: Sendable {
    let locals: [Value]
    let parent: Frame?
    init(locals: [Value], parent: Frame?) {
        self.locals = locals
        self.parent = parent
    }
    static let top = Frame(locals: [], parent: nil)
}

/// Compiled code: an expression turned into a closure once, run many times.
typealias Code = (Frame) throws -> Value

/// The current row of a stage: column readers capture this and read `row`.
final class RowCursor { var row = 0 }

/// What names mean where an expression is compiled.
final class Scope {
    enum Kind {
        case root
        /// Parameters of a function or lambda: slots of a ``Frame``.
        case function([String])
        /// The columns of the table flowing into a stage, read at the cursor's row.
        case columns(Table, RowCursor)
        /// The inside of `group … { … }`: keys are plain names, other columns must be aggregated.
        case group(GroupState)
    }
    let kind: Kind
    let parent: Scope?
    init(_ kind: Kind, parent: Scope?) {
        self.kind = kind
        self.parent = parent
    }
    static func root() -> Scope { Scope(.root, parent: nil) }

    /// Whether `name` here is a column of a stage (or a group key) rather than a
    /// parameter, variable or function.
    func namesColumn(_ name: String) -> Bool {
        var s: Scope? = self
        while let sc = s {
            switch sc.kind {
            case .function(let ps): if ps.contains(name) { return false }
            case .columns(let t, _): if t.index(of: name) != nil { return true }
            case .group(let g): if g.keyNames.contains(name) { return true }
            case .root: return false
            }
            s = sc.parent
        }
        return false
    }

    /// Every name visible here, for "did you mean" suggestions.
    func visibleNames(_ ctx: Context) -> [String] {
        var out: [String] = []
        var s: Scope? = self
        while let sc = s {
            switch sc.kind {
            case .function(let ps): out += ps
            case .columns(let t, _): out += t.names
            case .group(let g): out += g.keyNames
            case .root: out += ctx.globals.names + Builtins.names
            }
            s = sc.parent
        }
        return out
    }
}

/// The state of a `group` stage while its aggregates run.
final class GroupState {
    let input: Table
    let keyNames: [String]
    var keys: [[Value]] = []
    var members: [[Int]] = []
    var current = 0
    /// Whether an aggregate of a group with no rows is null (a `pivot` cell where no
    /// row falls: `count() ?? 0` then gives 0) rather than its value for no rows.
    var nullWhenEmpty = false
    init(input: Table, keyNames: [String]) {
        self.input = input
        self.keyNames = keyNames
    }
}
