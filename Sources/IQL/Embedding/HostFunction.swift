/// A Swift type a host function can take as an argument. The engine converts each
/// argument before the host closure runs; a value that does not convert is an iql error
/// located at that argument in the query, so a host closure never sees a wrong type.
///
/// Conforming types: ``Value`` (any value), `Double`, `Int` (whole numbers), `String`,
/// `Bool`, ``CalendarDate``, ``Table`` (a table or a list of records), ``Record``, arrays of these (a list),
/// and optionals of these (which accept null and may be left out at the end of a call).
public protocol HostArgument: SendableMetatype {
    /// What the argument must be, as messages say it: `"a number"`.
    static var expectation: String { get }
    /// The argument as this type, or nil if the value does not convert.
    static func convert(_ value: Value) -> Self?
    /// Whether a call may leave the argument out (only trailing ones), passing null.
    static var isOptional: Bool { get }
}

extension HostArgument {
    /// Arguments are required unless the type says otherwise.
    public static var isOptional: Bool { false }
}

/// A Swift type a host function can return; the engine turns it into an iql value.
public protocol HostResult: SendableMetatype {
    /// The value iql sees.
    var iqlValue: Value { get }
}

extension Value: HostArgument, HostResult {
    /// Any value.
    public static var expectation: String { "a value" }
    /// Every value converts, null included.
    public static func convert(_ value: Value) -> Value? { value }
    /// A `Value` argument accepts null, so it may be left out at the end of a call.
    public static var isOptional: Bool { true }
    /// The value itself.
    public var iqlValue: Value { self }
}

extension Double: HostArgument, HostResult {
    /// A number or percentage.
    public static var expectation: String { "a number" }
    /// The number held; a percentage gives its fraction (`7%` is `0.07`).
    public static func convert(_ value: Value) -> Double? { value.doubleValue }
    /// A number; NaN is null.
    public var iqlValue: Value { Value.num(self) }
}

extension Int: HostArgument, HostResult {
    /// A whole number.
    public static var expectation: String { "a whole number" }
    /// The number held, if it is whole.
    public static func convert(_ value: Value) -> Int? { value.intValue }
    /// A number.
    public var iqlValue: Value { .number(Double(self)) }
}

extension String: HostArgument, HostResult {
    /// A string.
    public static var expectation: String { "a string" }
    /// The string held.
    public static func convert(_ value: Value) -> String? { value.stringValue }
    /// A string.
    public var iqlValue: Value { .string(self) }
}

extension CalendarDate: HostArgument, HostResult {
    /// A date.
    public static var expectation: String { "a date" }
    /// The date held.
    public static func convert(_ value: Value) -> CalendarDate? { value.dateValue }
    /// A date.
    public var iqlValue: Value { .date(self) }
}

extension Bool: HostArgument, HostResult {
    /// A boolean.
    public static var expectation: String { "a boolean" }
    /// The boolean held.
    public static func convert(_ value: Value) -> Bool? { value.boolValue }
    /// A boolean.
    public var iqlValue: Value { .bool(self) }
}

extension Table: HostArgument, HostResult {
    /// A table, or a list of records.
    public static var expectation: String { "a table" }
    /// The table held, or the table a list of records makes.
    public static func convert(_ value: Value) -> Table? { value.asTable }
    /// A table.
    public var iqlValue: Value { .table(self) }
}

extension Record: HostArgument, HostResult {
    /// A record.
    public static var expectation: String { "a record" }
    /// The record held.
    public static func convert(_ value: Value) -> Record? { value.recordValue }
    /// A record.
    public var iqlValue: Value { .record(self) }
}

extension Array: HostArgument where Element: HostArgument {
    /// A list of the element type.
    public static var expectation: String { "a list" }
    /// Every item converted, or nil if one does not convert (a table gives its rows).
    public static func convert(_ value: Value) -> [Element]? {
        guard let items = value.listValue else { return nil }
        var out: [Element] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let x = Element.convert(item) else { return nil }
            out.append(x)
        }
        return out
    }
}

extension Array: HostResult where Element: HostResult {
    /// A list.
    public var iqlValue: Value { .list(map(\.iqlValue)) }
}

extension Optional: HostArgument where Wrapped: HostArgument {
    /// The wrapped type's expectation, or null.
    public static var expectation: String { Wrapped.expectation + " or null" }
    /// nil for null, else the wrapped conversion.
    public static func convert(_ value: Value) -> Wrapped?? {
        if value.isNull { return .some(nil) }
        return Wrapped.convert(value).map { .some($0) }
    }
    /// Optional arguments accept null and may be left out at the end of a call.
    public static var isOptional: Bool { true }
}

extension Optional: HostResult where Wrapped: HostResult {
    /// Null for nil.
    public var iqlValue: Value { self?.iqlValue ?? .null }
}

/// An error a host function throws to report a problem in iql's words: the message
/// (and hint) appear located at the call in the query, as any iql error does.
///
/// ```swift
/// engine.register("rate", parameters: ["code"]) { (code: String) throws -> Double in
///     guard let r = rates[code] else { throw HostFunctionError("no exchange rate for '\(code)'") }
///     return r
/// }
/// ```
public struct HostFunctionError: Error, Sendable {
    /// What went wrong, shown as the error message.
    public var message: String
    /// A suggestion shown under the message, if any.
    public var hint: String?

    /// An error with this message and an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

extension Engine {
    /// Registers a Swift closure as an iql function, visible to every later query as a
    /// global (it replaces a global of that name, and shadows a builtin of that name).
    ///
    /// Arguments are checked and converted by the engine from the closure's parameter types
    /// (see ``HostArgument``): a wrong count or type is an iql error located at the call,
    /// never a crash. A function is usable as a pipeline stage: `t | f(x)` calls `f(t, x)`.
    ///
    /// ```swift
    /// engine.register("to_yuan", parameters: ["amount", "unit"]) { (amount: Double, unit: String?) in
    ///     unit == "万元" ? amount * 10_000 : amount
    /// }
    /// try engine.evaluate(#"to_yuan(3, "万元")"#)   // 30000
    /// ```
    ///
    /// - Parameters:
    ///   - name: the name queries call it by.
    ///   - parameters: parameter names, used by labelled calls (`f(unit: "元")`) and help;
    ///     default `arg1`, `arg2`, ….
    ///   - doc: one line of help text.
    ///   - body: the function. It runs on the thread evaluating the query, while the engine's
    ///     lock is held: it must not call back into the same engine. Errors it throws become iql
    ///     errors at the call: a ``HostFunctionError`` shows its message as is.
    public func register<each A: HostArgument, R: HostResult>(
        _ name: String, parameters: [String]? = nil, doc: String = "",
        _ body: @escaping @Sendable (repeat each A) throws -> R
    ) {
        var expectations: [String] = []
        var optional: [Bool] = []
        for t in repeat (each A).self {
            expectations.append(t.expectation)
            optional.append(t.isOptional)
        }
        let count = expectations.count
        let names = (0..<count).map { i in parameters.flatMap { i < $0.count ? $0[i] : nil } ?? "arg\(i + 1)" }
        // Trailing optional arguments may be left out.
        let required = (optional.lastIndex(of: false) ?? -1) + 1
        let builtin = Builtin(name, names, min: required, max: count, doc) { c in
            var i = 0
            func next<T: HostArgument>(_ type: T.Type) throws -> T {
                defer { i += 1 }
                guard let x = T.convert(c[i]) else { throw c.fail(i, Messages.expected(Want.host(T.expectation), c[i])) }
                return x
            }
            let result: R
            do {
                result = try body(repeat try next((each A).self))
            } catch let d as Diagnostic {
                throw d
            } catch {
                throw HostFunctionError.diagnostic(error, name, c)
            }
            return try HostFunctionError.checked(result.iqlValue, c)
        }
        define(name, .function(Function(builtin: builtin)))
    }
}

extension HostFunctionError {
    /// An error thrown by a host closure, as a diagnostic located at the call.
    static func diagnostic(_ error: Error, _ name: String, _ c: CallSite) -> Diagnostic {
        switch error {
        case let e as HostFunctionError:
            return c.error(.runtime, Message(foreign: "host_error", e.message), hint: e.hint.map(Localized.init(code:)))
        case let e as IQLError:
            guard let d = e.diagnostics.first else { return c.error(.runtime, Messages.hostFailed(name, error)) }
            return c.error(d.kind, d.entry, hint: d.hintText)
        case is CancellationError: return c.error(.cancelled, Messages.interrupted)
        default: return c.error(.runtime, Messages.hostFailed(name, error))
        }
    }

    /// A host function's result, held to the same size limits as iql's own values.
    static func checked(_ v: Value, _ c: CallSite) throws -> Value {
        switch v {
        case .string(let s): return try c.string(s)
        case .list(let xs): return try c.list(xs)
        case .table(let t):
            try c.ctx.checkRows(t.rowCount, c.range, c.compiler.file)
            return v
        default: return v
        }
    }
}
