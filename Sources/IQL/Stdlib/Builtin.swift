/// A function written in Swift: its name, parameters, help text and body.
struct Builtin: Sendable {
    let name: String
    let params: [String]
    let minArgs: Int
    let maxArgs: Int?
    /// One line of help followed by an example, shown by `:help NAME`.
    let doc: String
    let run: @Sendable (CallSite) throws -> Value

    init(_ name: String, _ params: [String], min: Int? = nil, max: Int?? = nil, _ doc: String, _ run: @escaping @Sendable (CallSite) throws -> Value) {
        self.name = name
        self.params = params
        self.minArgs = min ?? params.count
        self.maxArgs = max ?? params.count
        self.doc = doc
        self.run = run
    }

    var arityText: Localized {
        guard let m = maxArgs else { return Messages.arguments(atLeast: minArgs) }
        return m == minArgs ? Messages.arguments(m) : Messages.arguments(minArgs, to: m)
    }

    /// `name(a, b)` as shown in help.
    var signature: String { "\(name)(\(params.joined(separator: ", ")))" }
}

/// One call of a builtin: the arguments with their source ranges, and helpers that
/// convert them or fail with an error located at the offending argument.
struct CallSite {
    let compiler: Compiler
    let args: [Value]
    let argRanges: [SourceRange]
    let range: SourceRange

    var ctx: Context { compiler.ctx }
    var count: Int { args.count }
    subscript(i: Int) -> Value { i < args.count ? args[i] : .null }

    func fail(_ i: Int, _ message: Message, hint: Localized? = nil) -> Diagnostic {
        compiler.error(.type, message, i < argRanges.count ? argRanges[i] : range, hint: hint)
    }

    func error(_ kind: Diagnostic.Kind, _ message: Message, hint: Localized? = nil) -> Diagnostic {
        compiler.error(kind, message, range, hint: hint)
    }



    /// The number at `i`, nil for null.
    func number(_ i: Int) throws -> Double? {
        let v = self[i]
        if v.isNull { return nil }
        guard let d = v.doubleValue else { throw fail(i, Messages.expected(Want.number, v)) }
        return d
    }

    func string(_ i: Int) throws -> String? {
        let v = self[i]
        if v.isNull { return nil }
        guard case .string(let s) = v else { throw fail(i, Messages.expected(Want.string, v)) }
        return s
    }

    func integer(_ i: Int) throws -> Int? {
        guard let d = try number(i) else { return nil }
        guard d == d.rounded(), abs(d) < 1e15 else { throw fail(i, Messages.expectedWhole(d)) }
        return Int(d)
    }

    /// The date at `i`, nil for null.
    func date(_ i: Int) throws -> CalendarDate? {
        switch self[i] {
        case .null: return nil
        case .date(let d): return d
        case let v: throw fail(i, Messages.expected(Want.date, v), hint: Messages.dateSpellings)
        }
    }

    /// The period at `i`, nil for null: any spelling of one as text, a year as a number,
    /// or a date (its month). A spelling without its year (`上半年`) takes `year`, or
    /// the year of the engine's clock.
    func period(_ i: Int, year: Int? = nil) throws -> Period? {
        let v = self[i]
        if v.isNull { return nil }
        guard let p = Period(v, defaultYear: year ?? ctx.today.year) else { throw fail(i, Messages.unreadablePeriod(v), hint: Messages.periodSpellings) }
        return p
    }

    /// A list argument; a table counts as its list of rows.
    func list(_ i: Int) throws -> [Value] {
        switch self[i] {
        case .list(let xs): return xs
        case .table(let t): return t.rows.map(Value.record)
        case let v: throw fail(i, Messages.expected(Want.list, v))
        }
    }

    func function(_ i: Int) throws -> Value {
        guard case .function = self[i] else { throw fail(i, Messages.expected(Want.function, self[i])) }
        return self[i]
    }

    func invoke(_ fn: Value, _ args: [Value]) throws -> Value {
        try compiler.invoke(fn, args, at: range)
    }

    func string(_ s: String) throws -> Value {
        if s.utf8.count > ctx.limits.stringLength {
            throw error(.limit, Messages.limit("string", Messages.stringBytes(ctx.limits.stringLength)))
        }
        return .string(s)
    }

    func list(_ xs: [Value]) throws -> Value {
        try checkListLength(xs.count)
        return .list(xs)
    }

    /// Refuses a list of `n` elements before it is built: the list limit, and the memory budget.
    func checkListLength(_ n: Int) throws {
        if n > ctx.limits.listLength {
            throw error(.limit, Messages.limit("list", Messages.listElements(ctx.limits.listLength)))
        }
        try ctx.checkMemory(n.multipliedReportingOverflow(by: MemoryLayout<Value>.stride).partialValue, Messages.aList(n), range, compiler.file)
    }

    /// Refuses a string of `n` bytes before it is built.
    func checkStringLength(_ n: Int) throws {
        if n > ctx.limits.stringLength {
            throw error(.limit, Messages.limit("string", Messages.stringBytes(ctx.limits.stringLength)))
        }
        try ctx.checkMemory(n, Messages.aString(n), range, compiler.file)
    }
}
