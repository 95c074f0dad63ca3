/// A formula over doubles, reading its arguments from a buffer.
typealias Arithmetic = (UnsafePointer<Double>) -> Double

/// An expression compiled once, to be evaluated many times with different arguments:
/// what a host uses to check a formula for every record it touches.
///
/// ```swift
/// let f = try engine.expression("(v - t) / t * 100", parameters: ["v", "t"])
/// let pct = try f.evaluate(6.5, 7)     // -7.142857…
/// ```
///
/// The expression sees its parameters, the engine's globals and the builtins. Each
/// evaluation runs under the engine's lock and limits, like ``Engine/run(_:parameters:limits:emit:)``.
/// @unchecked: `code` is filled in and read only under the engine's lock; the rest is immutable.
public final class CompiledExpression: @unchecked Sendable {
    private let engine: Engine
    private let expr: Expr
    private let file: SourceFile
    /// The closures for the general path; compiled on first use when the arithmetic
    /// form exists (it already proved every name is a parameter). Guarded by the
    /// engine's lock.
    private var code: Code?
    /// Whether the expression is straight-line: no calls, lambdas or pipelines.
    private let straight: Bool
    /// The expression as a function of plain doubles, when it is only arithmetic on
    /// parameters and number literals (NaN stands for null, as in number columns).
    private let arithmetic: Arithmetic?
    /// The parameter names, in the order arguments are given.
    public let parameters: [String]

    init(engine: Engine, expr: Expr, file: SourceFile, code: Code?, parameters: [String], straight: Bool, arithmetic: Arithmetic?) {
        self.engine = engine
        self.expr = expr
        self.file = file
        self.code = code
        self.straight = straight
        self.arithmetic = arithmetic
        self.parameters = parameters
    }

    /// Evaluates with one value per parameter, in order.
    /// - Throws: ``IQLError`` for a wrong argument count or any runtime error.
    public func evaluate(_ arguments: [Value]) throws -> Value {
        guard arguments.count == parameters.count else {
            throw IQLError(Diagnostic(.type, Messages.expressionArity(parameters.count, arguments.count), at: nil))
        }
        let frame = Frame(locals: arguments, parent: nil)
        return try engine.withContext(prepare: !straight) { ctx in
            let c: Code
            if let done = code { c = done } else {
                c = try Engine.closures(expr, file, parameters, ctx)
                code = c
            }
            return try c(frame)
        }
    }

    /// Evaluates with numbers; the result must be a number (null gives NaN).
    /// - Throws: ``IQLError`` when the result is not a number, or for any runtime error.
    public func evaluate(_ numbers: Double...) throws -> Double {
        if let arithmetic, numbers.count == parameters.count {
            // Pure arithmetic touches no engine state: no lock, no boxing, no allocation.
            return numbers.withUnsafeBufferPointer { arithmetic($0.baseAddress!) }
        }
        let v = try evaluate(numbers.map { Value.num($0) })
        if v.isNull { return .nan }
        guard let d = v.doubleValue else {
            throw IQLError(Diagnostic(.type, Messages.expected(Want.numberFromExpression, v), at: nil))
        }
        return d
    }
}

extension Engine {
    /// Compiles one expression whose free names include `parameters`, bound at each
    /// evaluation. Compiling once and evaluating many times skips parsing and name
    /// resolution on every call.
    /// - Throws: ``IQLError`` with syntax errors, or an unknown name.
    public func expression(_ source: String, parameters: [String] = [], name: String = "<expr>") throws -> CompiledExpression {
        let key = ExpressionCache.Key(source: source, parameters: parameters, name: name)
        if let cached = cachedExpression(key) { return cached }
        let file = SourceFile(name: name, text: source)
        // One expression parsed directly; anything else (a `let`, two statements, a
        // syntax error) goes through the program parser, which words every message.
        let e: Expr
        if let single = Parser.parseExpression(file) {
            e = single
        } else {
            let program = try Parser.parse(file)
            guard program.statements.count == 1, case .expr(let only) = program.statements[0] else {
                throw IQLError(Diagnostic(.syntax, Messages.oneExpression, at: SourceLocation(file: file, range: SourceRange(0, file.bytes.count))))
            }
            e = only
        }
        let arithmetic = Self.arithmetic(e, parameters)
        // The arithmetic form is straight-line by construction.
        let straight = arithmetic != nil || Self.isStraightLine(e)
        // Without the arithmetic form, compile now so that unknown names are reported here.
        let code = arithmetic != nil ? nil : try withContext(prepare: !straight) { ctx in
            try Self.closures(e, file, parameters, ctx)
        }
        let compiled = CompiledExpression(engine: self, expr: e, file: file, code: code, parameters: parameters,
                                          straight: straight, arithmetic: arithmetic)
        if arithmetic != nil { keepExpression(compiled, key) }
        return compiled
    }

    static func closures(_ e: Expr, _ file: SourceFile, _ parameters: [String], _ ctx: Context) throws -> Code {
        try Compiler(ctx: ctx, file: file).compile(e, Scope(.function(parameters), parent: Scope.root()))
    }

    /// Compiles `+ - * /`, negation, parentheses, parameters and plain number literals
    /// to closures over doubles; nil for anything else. Division by zero is NaN (null),
    /// as everywhere in iql.
    static func arithmetic(_ e: Expr, _ parameters: [String]) -> Arithmetic? {
        switch ArithmeticOperand(e, parameters) {
        case nil: return nil
        case .parameter(let i): return { $0[i] }
        case .literal(let d): return { _ in d }
        case .code(let f): return f
        }
    }
    /// True when evaluating `e` can neither call a function nor run a stage, so it
    /// always ends after a few steps.
    static func isStraightLine(_ e: Expr) -> Bool {
        switch e.kind {
        case .number, .string, .bool, .null, .name, .param:
            if case .string(let parts) = e.kind {
                return parts.allSatisfy { if case .expr(let x) = $0 { return isStraightLine(x) }; return true }
            }
            return true
        case .list(let xs): return xs.allSatisfy(isStraightLine)
        case .record(let fs): return fs.allSatisfy { isStraightLine($0.value) }
        case .unary(_, let x), .member(let x, _): return isStraightLine(x)
        case .binary(_, let a, let b), .index(let a, let b): return isStraightLine(a) && isStraightLine(b)
        case .ifThen(let a, let b, let c): return isStraightLine(a) && isStraightLine(b) && isStraightLine(c)
        case .call, .lambda, .pipeline: return false
        }
    }
}

/// One operand of the arithmetic form. A parameter or a literal stays an operand, read
/// in place by the operator closure above it, so that `(v - t) / t * 100` compiles to
/// three closures instead of seven: each closure is an allocation on every compile
/// (a host may compile per record) and an indirect call on every evaluation.
private enum ArithmeticOperand {
    case parameter(Int)
    case literal(Double)
    case code(Arithmetic)

    init?(_ e: Expr, _ parameters: [String]) {
        switch e.kind {
        case .number(let d, .plain): self = .literal(d)
        case .name(let n):
            guard let i = parameters.lastIndex(of: n) else { return nil }
            self = .parameter(i)
        case .unary(.negate, let x):
            switch ArithmeticOperand(x, parameters) {
            case nil: return nil
            case .parameter(let i): self = .code { -$0[i] }
            // Negating at compile time gives the very double negating later would.
            case .literal(let d): self = .literal(-d)
            case .code(let f): self = .code { -f($0) }
            }
        case .binary(let op, let a, let b):
            guard let aop = ArithmeticOp(op), let x = ArithmeticOperand(a, parameters),
                  let y = ArithmeticOperand(b, parameters) else { return nil }
            // One specialisation per operator, so that the hot path has no switch.
            switch aop {
            case .add: self = .combining(Add.self, x, y)
            case .sub: self = .combining(Subtract.self, x, y)
            case .mul: self = .combining(Multiply.self, x, y)
            case .div: self = .combining(Divide.self, x, y)
            }
        default: return nil
        }
    }

    /// `x op y`, one closure reading parameters and literals directly. Two literals
    /// fold to one: the operation done now gives the very double it would give later.
    private static func combining<K: ArithmeticKernel>(_: K.Type, _ x: Self, _ y: Self) -> Self {
        switch (x, y) {
        case let (.literal(a), .literal(b)): .literal(K.apply(a, b))
        case let (.parameter(i), .parameter(j)): .code { K.apply($0[i], $0[j]) }
        case let (.parameter(i), .literal(b)): .code { K.apply($0[i], b) }
        case let (.literal(a), .parameter(j)): .code { K.apply(a, $0[j]) }
        case let (.code(f), .parameter(j)): .code { K.apply(f($0), $0[j]) }
        case let (.parameter(i), .code(g)): .code { K.apply($0[i], g($0)) }
        case let (.code(f), .literal(b)): .code { K.apply(f($0), b) }
        case let (.literal(a), .code(g)): .code { K.apply(a, g($0)) }
        case let (.code(f), .code(g)): .code { K.apply(f($0), g($0)) }
        }
    }
}

/// An arithmetic operator as a type, so that each of ``ArithmeticOperand``'s closures
/// is specialised to one operator (``ArithmeticOp/apply(_:_:)`` says what it computes).
private protocol ArithmeticKernel {
    static func apply(_ x: Double, _ y: Double) -> Double
}
private enum Add: ArithmeticKernel {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { ArithmeticOp.add.apply(x, y) }
}
private enum Subtract: ArithmeticKernel {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { ArithmeticOp.sub.apply(x, y) }
}
private enum Multiply: ArithmeticKernel {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { ArithmeticOp.mul.apply(x, y) }
}
private enum Divide: ArithmeticKernel {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { ArithmeticOp.div.apply(x, y) }
}
