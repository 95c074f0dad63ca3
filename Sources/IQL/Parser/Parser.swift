/// Parser: tokens → ``Program``.
///
/// A Pratt parser with one method per grammar rule (the rule is in each doc comment;
/// `Grammar/iql.ebnf` is the reference). It collects every syntax error, resynchronises
/// at the next statement boundary and goes on, so a script reports all its mistakes.
struct Parser {
    /// Binary operators, loosest first. The one table of precedence in iql.
    /// (`|` is looser than all of these and `not` sits between `and` and comparisons.)
    /// A switch rather than a dictionary: `BinaryOp` hashes its string raw value, a
    /// cost paid per operator parsed.
    static func precedence(_ op: BinaryOp) -> Int {
        switch op {
        case .coalesce: 1
        case .or: 2
        case .and: 3
        // 4: prefix `not`
        case .eq, .ne, .lt, .le, .gt, .ge, .in: 5
        case .add, .sub: 6
        case .mul, .div: 7
        // 8: prefix `-`; 9: postfix call, member, index
        }
    }
    static let notPrecedence = 4
    static let maxDepth = 200

    let file: SourceFile
    var tokens: [Token]
    var pos = 0
    private var depth = 0
    /// The parser recurses too; it stops while this much stack is still free. Read
    /// only once nesting passes ``shallowDepth``: finding the thread's stack costs system
    /// calls, more than parsing a short formula, and a few levels (a few kilobytes even
    /// in a debug build) fit in the 128 KiB the guard keeps free.
    private var stackFloor: UInt? = nil
    private static let shallowDepth = 8
    var diagnostics: [Diagnostic] = []
    /// Code that parses but surely does not mean what it says; it does not stop the run.
    var warnings: [Diagnostic] = []

    init(file: SourceFile, range: SourceRange? = nil) {
        self.file = file
        var lexer = Lexer(file: file, range: range)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
    }

    /// Parses a whole source file. Throws a ``IQLError`` holding every syntax error.
    static func parse(_ file: SourceFile) throws -> Program {
        var p = Parser(file: file)
        let statements = p.parseProgram()
        if !p.diagnostics.isEmpty { throw IQLError(diagnostics: p.diagnostics) }
        return Program(file: file, statements: statements, warnings: p.warnings)
    }

    /// Parses text that is one expression and nothing else (an embedded formula),
    /// without the statement loop; nil for anything else, which ``parse(_:)`` then
    /// reports with its usual messages.
    static func parseExpression(_ file: SourceFile) -> Expr? {
        var p = Parser(file: file)
        guard p.diagnostics.isEmpty else { return nil }
        p.skipBlank()
        if p.isKeyword(.let) || p.isKeyword(.fn) || p.isKeyword(.import) { return nil }
        guard let e = try? p.parseExpr() else { return nil }
        p.skipBlank()
        guard case .eof = p.tok.kind, p.diagnostics.isEmpty else { return nil }
        return e
    }

    /// Skips newlines and `;` between statements, as the statement loop does.
    private mutating func skipBlank() {
        while true {
            if case .newline = tok.kind { advance() } else if isOp(.semicolon) { advance() } else { return }
        }
    }

    // MARK: - Token helpers

    var tok: Token { tokens[pos] }
    func peekKind(_ k: Int = 1) -> Token.Kind { tokens[min(pos + k, tokens.count - 1)].kind }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func isOp(_ op: Op) -> Bool { if case .op(op) = tok.kind { return true }; return false }
    func isKeyword(_ k: Keyword) -> Bool { if case .keyword(k) = tok.kind { return true }; return false }
    /// A contextual word such as `where` or `desc`: an unquoted name.
    func isWord(_ w: String) -> Bool {
        if case .name(w) = tok.kind, !tok.quoted { return true }
        return false
    }

    mutating func skipNewlines() { while case .newline = tok.kind { advance() } }

    func loc(_ r: SourceRange) -> SourceLocation { SourceLocation(file: file, range: r) }

    struct Abort: Error {}

    /// Reports `expected X, found Y` at the current token and aborts the statement.
    mutating func fail(_ expected: Localized, hint: Localized? = nil, opener: Token? = nil) -> Abort {
        if case .error = tok.kind { return Abort() } // the lexer already said why
        let atEnd: Bool
        if case .eof = tok.kind { atEnd = true } else { atEnd = false }
        let found = Messages.token(tok.kind)
        var d = Diagnostic(atEnd ? .unexpectedEnd : .syntax, Messages.expectedFound(expected, found), at: loc(tok.range), hint: hint)
        if let o = opener {
            let line = file.location(of: o.range.start).line
            d.entry = Messages.expectedToClose(expected, Messages.token(o.kind), line: line, found)
            d.notes.append(.init(Messages.openedHere(Messages.token(o.kind)), at: loc(o.range)))
        }
        diagnostics.append(d)
        return Abort()
    }

    mutating func expect(_ op: Op, _ what: Localized? = nil, opener: Token? = nil) throws -> Token {
        if isOp(op) { return advance() }
        throw fail(what ?? Expect.code("'\(op.rawValue)'"), opener: opener)
    }

    mutating func expectName(_ what: Localized) throws -> (String, SourceRange) {
        if case .name(let n) = tok.kind { let t = advance(); return (n, t.range) }
        if case .keyword(let k) = tok.kind {
            throw fail(what, hint: Messages.reservedWord(k.rawValue))
        }
        throw fail(what)
    }

    // MARK: - Statements

    /// program → (statement? (NEWLINE | ';'))* EOF
    mutating func parseProgram() -> [Statement] {
        var out: [Statement] = []
        while true {
            while case .newline = tok.kind { advance() }
            while isOp(.semicolon) { advance(); skipNewlines() }
            if case .eof = tok.kind { break }
            let start = pos
            do {
                let s = try parseStatement()
                out.append(s)
                if case .eof = tok.kind { break }
                if case .newline = tok.kind { continue }
                if isOp(.semicolon) { advance(); continue }
                throw fail(Expect.endOfStatement, hint: tokenHint())
            } catch {
                synchronize(from: start)
            }
        }
        return out
    }

    private func tokenHint() -> Localized? {
        if case .op(.assign) = tok.kind { return Messages.compareHint }
        return nil
    }

    /// Skips to the next statement boundary: a newline or `;` outside brackets, or a
    /// `let`, `fn` or `import` (which also ends a statement left open by a missing bracket).
    private mutating func synchronize(from start: Int) {
        while true {
            switch tok.kind {
            case .eof: return
            case .newline:
                advance()
                // A line starting with '|' continues the broken statement: skip it too.
                if case .op(.pipe) = tok.kind { continue }
                return
            case .op(.semicolon): advance(); return
            case .keyword(.let), .keyword(.fn), .keyword(.import):
                if pos > start { return }
                advance()
            default: advance()
            }
        }
    }

    /// statement → 'let' NAME '=' expr | 'fn' NAME '(' params? ')' '=' expr | 'import' STRING | expr
    private mutating func parseStatement() throws -> Statement {
        let start = tok.range
        if isKeyword(.let) {
            advance()
            let (name, _) = try expectName(Expect.letName)
            _ = try expect(.assign, Expect.assignAfterLet(name))
            skipNewlines()
            let value = try parseExpr()
            return .let(name: name, value: value, range: start.to(value.range))
        }
        if isKeyword(.fn) {
            advance()
            let (name, _) = try expectName(Expect.functionName)
            let open = try expect(.lparen, Expect.parenAfterFn(name))
            var params: [String] = []
            while !isOp(.rparen) {
                let (p, _) = try expectName(Expect.parameterName)
                params.append(p)
                if isOp(.comma) { advance() } else { break }
            }
            _ = try expect(.rparen, opener: open)
            _ = try expect(.assign, Expect.assignBeforeBody(name))
            skipNewlines()
            let body = try parseExpr()
            return .fn(name: name, params: params, body: body, range: start.to(body.range))
        }
        if isKeyword(.import) {
            advance()
            guard case .string(let parts) = tok.kind, parts.count == 1, case .text(let path) = parts[0] else {
                throw fail(Expect.importPath)
            }
            let t = advance()
            return .import(path: path, range: start.to(t.range))
        }
        return .expr(try parseExpr())
    }

    // MARK: - Expressions

    /// expr → binary ('|' stage)*      (a newline before '|' continues the pipeline)
    mutating func parseExpr() throws -> Expr {
        try nest()
        defer { depth -= 1 }
        let head = try parseBinary(1)
        var stages: [Stage] = []
        while true {
            if case .newline = tok.kind {
                var k = pos
                while case .newline = tokens[k].kind { k += 1 }
                if case .op(.pipe) = tokens[k].kind { pos = k } else { break }
            }
            guard isOp(.pipe) else { break }
            advance()
            skipNewlines()
            stages.append(try parseStage())
        }
        if stages.isEmpty { return head }
        return Expr(.pipeline(head, Sort.fusingTake(stages)), head.range.to(stages.last!.range))
    }

    /// Enters one more level of the syntax tree. Everything after the parser walks the
    /// tree recursively (checker, compiler, evaluation, deallocation), so its height is
    /// bounded here: by ``maxDepth``, and by the stack left on the calling thread.
    private mutating func nest() throws {
        depth += 1
        if depth > Parser.shallowDepth && stackFloor == nil { stackFloor = StackGuard.floor() }
        if depth > Parser.maxDepth || StackGuard.current() < stackFloor ?? 0 {
            diagnostics.append(Diagnostic(.syntax, Messages.nestedTooDeeply(Parser.maxDepth), at: loc(tok.range)))
            throw Abort()
        }
    }

    /// binary → unary (BINOP binary)*   by the precedence table; `not` binds looser than comparisons
    mutating func parseBinary(_ minPrec: Int) throws -> Expr {
        var left: Expr
        // Each operator of a chain such as `1 + 1 + 1` nests the tree one level deeper.
        let outer = depth
        defer { depth = outer }
        if isKeyword(.not) && minPrec <= Parser.notPrecedence {
            let t = advance()
            skipNewlines()
            try nest()
            let operand = try parseBinary(Parser.notPrecedence)
            left = Expr(.unary(.not, operand), t.range.to(operand.range))
        } else {
            left = try parseUnary()
        }
        while let op = binaryOp(), case let prec = Parser.precedence(op), prec >= minPrec {
            try nest()
            advance()
            skipNewlines()
            // Comparisons do not chain: `a < b < c` is an error, not `(a < b) < c`.
            let right = try parseBinary(prec + 1)
            if op == .eq || op == .ne { warnNullComparison(op, left, right) }
            left = Expr(.binary(op, left, right), left.range.to(right.range))
            if prec == 5, let next = binaryOp(), Parser.precedence(next) == 5 {
                throw fail(Expect.nonComparison, hint: Messages.chainHint)
            }
        }
        return left
    }

    /// `x == null` and `x != null` are null whatever `x` is (a comparison with null is
    /// null): a warning pointing at `is_null(x)`.
    private mutating func warnNullComparison(_ op: BinaryOp, _ l: Expr, _ r: Expr) {
        let other: Expr
        if case .null = r.kind { other = l } else if case .null = l.kind { other = r } else { return }
        let x = file.slice(other.range)
        var d = Diagnostic(.type, Messages.nullComparison(op.rawValue), at: loc(l.range.to(r.range)),
                           hint: Messages.nullTestHint(x, equal: op == .eq))
        d.severity = .warning
        warnings.append(d)
    }

    private func binaryOp() -> BinaryOp? {
        switch tok.kind {
        case .op(.coalesce): return .coalesce
        case .keyword(.or): return .or
        case .keyword(.and): return .and
        case .keyword(.in): return .in
        case .op(.eq): return .eq
        case .op(.ne): return .ne
        case .op(.lt): return .lt
        case .op(.le): return .le
        case .op(.gt): return .gt
        case .op(.ge): return .ge
        case .op(.plus): return .add
        case .op(.minus): return .sub
        case .op(.star): return .mul
        case .op(.slash): return .div
        default: return nil
        }
    }

    /// unary → '-' unary | postfix
    mutating func parseUnary() throws -> Expr {
        if isOp(.minus) {
            let t = advance()
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxDepth { throw fail(Expect.operandTooDeep) }
            let operand = try parseUnary()
            return Expr(.unary(.negate, operand), t.range.to(operand.range))
        }
        return try parsePostfix()
    }

    /// postfix → primary ('(' args? ')' | '.' NAME | '[' expr ']')*
    mutating func parsePostfix() throws -> Expr {
        var e = try parsePrimary()
        // Like operator chains, each call, field or index nests the tree one level deeper.
        let outer = depth
        defer { depth = outer }
        while true {
            if isOp(.lparen) || isOp(.dot) || isOp(.lbracket) { try nest() }
            if isOp(.lparen) {
                let open = advance()
                let args = try parseArguments(open)
                e = Expr(.call(e, args), e.range.to(tokens[pos - 1].range))
            } else if isOp(.dot) {
                advance()
                let (name, r) = try expectName(Expect.fieldAfterDot)
                e = Expr(.member(e, name), e.range.to(r))
            } else if isOp(.lbracket) {
                let open = advance()
                let index = try parseExpr()
                let close = try expect(.rbracket, opener: open)
                e = Expr(.index(e, index), e.range.to(close.range))
            } else {
                return e
            }
        }
    }

    /// args → arg (',' arg)* ','?     arg → (NAME ':')? expr
    private mutating func parseArguments(_ open: Token) throws -> [Argument] {
        var args: [Argument] = []
        while !isOp(.rparen) {
            var label: String? = nil
            if case .name(let n) = tok.kind, case .op(.colon) = peekKind() {
                label = n
                advance(); advance()
            }
            if case .eof = tok.kind { throw fail(Expect.code("')'"), opener: open) }
            args.append(Argument(label: label, value: try parseExpr()))
            if isOp(.comma) { advance() } else { break }
        }
        _ = try expect(.rparen, opener: open)
        return args
    }

    /// primary → NUMBER | STRING | 'true' | 'false' | 'null' | NAME | '$' NAME | list | record
    ///         | '(' expr ')' | lambda | 'if' expr 'then' expr 'else' expr
    private mutating func parsePrimary() throws -> Expr {
        let t = tok
        switch t.kind {
        case .number(let v, let style):
            advance()
            return Expr(.number(v, style), t.range)
        case .string(let parts):
            advance()
            var pieces: [Interpolation] = []
            for part in parts { pieces.append(try interpolation(part)) }
            return Expr(.string(pieces), t.range)
        case .keyword(.true): advance(); return Expr(.bool(true), t.range)
        case .keyword(.false): advance(); return Expr(.bool(false), t.range)
        case .keyword(.null): advance(); return Expr(.null, t.range)
        case .keyword(.if): return try parseIf()
        case .param(let p): advance(); return Expr(.param(p), t.range)
        case .name(let n):
            if case .op(.arrow) = peekKind() {
                advance(); advance()
                skipNewlines()
                let body = try parseExpr()
                return Expr(.lambda([n], body), t.range.to(body.range))
            }
            advance()
            return Expr(.name(n), t.range)
        case .op(.lparen):
            if let params = lambdaParameters() {
                skipNewlines()
                let body = try parseExpr()
                return Expr(.lambda(params, body), t.range.to(body.range))
            }
            let open = advance()
            let e = try parseExpr()
            let close = try expect(.rparen, opener: open)
            // The node just made, widened to its parentheses (no copy: nothing else holds it yet).
            e.range = open.range.to(close.range)
            return e
        case .op(.lbracket):
            let open = advance()
            var items: [Expr] = []
            while !isOp(.rbracket) {
                if case .eof = tok.kind { break }
                items.append(try parseExpr())
                if isOp(.comma) { advance() } else { break }
            }
            let close = try expect(.rbracket, opener: open)
            return Expr(.list(items), open.range.to(close.range))
        case .op(.lbrace):
            let open = advance()
            var fields: [(name: String, value: Expr)] = []
            while !isOp(.rbrace) {
                let name: String
                let nameRange = tok.range
                if case .string(let parts) = tok.kind, parts.count == 1, case .text(let s) = parts[0] {
                    advance(); name = s
                } else {
                    (name, _) = try expectName(Expect.fieldName)
                }
                // A name written twice is a mistake in the script (a file's repeated
                // column names get `_2` instead, as they cannot be fixed where they are read).
                if fields.contains(where: { $0.name == name }) {
                    diagnostics.append(Diagnostic(.syntax, Messages.duplicateField(name), at: SourceLocation(file: file, range: nameRange),
                                                  hint: Messages.duplicateFieldHint))
                }
                _ = try expect(.colon, Expect.colonAfterField(name))
                fields.append((name, try parseExpr()))
                if isOp(.comma) { advance() } else { break }
            }
            let close = try expect(.rbrace, opener: open)
            return Expr(.record(fields), open.range.to(close.range))
        case .error:
            advance()
            throw Abort()
        default:
            if binaryOp() != nil, pos > 0, case .newline = tokens[pos - 1].kind {
                // `total\n+ extra`: the line above was a whole statement already.
                let op = Messages.token(tok.kind)
                diagnostics.append(Diagnostic(.syntax, Messages.lineStartsWithOperator(op),
                                              at: loc(tok.range), hint: Messages.continueLineHint(op)))
                throw Abort()
            }
            throw fail(Expect.expression, hint: tokenHintForPrimary())
        }
    }

    private func tokenHintForPrimary() -> Localized? {
        if case .op(.pipe) = tok.kind { return Messages.stageFollowsHint }
        return nil
    }

    /// lambda → NAME '=>' expr | '(' (NAME (',' NAME)*)? ')' '=>' expr
    /// Looks ahead without consuming unless this really is a parameter list.
    private mutating func lambdaParameters() -> [String]? {
        // Checked before any name is collected: most parentheses hold an expression.
        var k = pos + 1
        var count = 0
        while true {
            // `()` has no parameters; after a comma another name must follow: `(a,)` is no list.
            if case .op(.rparen) = tokens[k].kind, count == 0 { break }
            guard case .name = tokens[k].kind else { return nil }
            count += 1
            k += 1
            if case .op(.comma) = tokens[k].kind { k += 1; continue }
            guard case .op(.rparen) = tokens[k].kind else { return nil }
            break
        }
        guard case .op(.arrow) = tokens[k + 1].kind else { return nil }
        let names = stride(from: pos + 1, to: k, by: 2).map { j -> String in
            guard case .name(let n) = tokens[j].kind else { preconditionFailure("checked above") }
            return n
        }
        pos = k + 2
        return names
    }

    /// if → 'if' expr 'then' expr 'else' expr
    private mutating func parseIf() throws -> Expr {
        let start = advance()
        try nest()
        defer { depth -= 1 }
        let cond = try parseBinary(1)
        skipNewlines()
        guard isKeyword(.then) else { throw fail(Expect.then) }
        advance(); skipNewlines()
        let a = try parseBinary(1)
        skipNewlines()
        guard isKeyword(.else) else { throw fail(Expect.else, hint: Messages.elseNullHint) }
        advance(); skipNewlines()
        let b = try parseBinary(1)
        return Expr(.ifThen(cond, a, b), start.range.to(b.range))
    }

    private mutating func interpolation(_ part: StringPart) throws -> Interpolation {
        switch part {
        case .text(let s): return .text(s)
        case .code(let r):
            var sub = Parser(file: file, range: r)
            sub.depth = depth
            sub.stackFloor = stackFloor
            do {
                sub.skipNewlines()
                let e = try sub.parseExpr()
                sub.skipNewlines()
                if case .eof = sub.tok.kind {} else { throw sub.fail(Expect.interpolationEnd) }
                diagnostics += sub.diagnostics
                warnings += sub.warnings
                return .expr(e)
            } catch {
                if sub.diagnostics.isEmpty {
                    sub.diagnostics.append(Diagnostic(.syntax, Messages.emptyInterpolation, at: loc(r)))
                }
                // Inside a string the parser may only have seen end of input: still a syntax error.
                diagnostics += sub.diagnostics.map { var d = $0; if d.kind == .unexpectedEnd { d.kind = .syntax }; return d }
                throw Abort()
            }
        }
    }

    // MARK: - Stages

    /// stage → a registered stage (Stages/Registry.swift: each entry's rule is in its
    ///         parse method's doc comment) | postfix   (a function call: t | f(x) is f(t, x))
    private mutating func parseStage() throws -> Stage {
        let start = tok.range
        func done(_ node: any StageNode) -> Stage { Stage(node: node, range: start.to(tokens[max(pos - 1, 0)].range)) }
        if let def = StageRegistry.starting(at: self) { return done(try def.parse(&self)) }
        let e = try parsePostfix()
        if case .name(let n) = e.kind, !atStageEnd() {
            diagnostics.append(Diagnostic(.syntax, Messages.unknownStage(n), at: loc(e.range),
                                          hint: closest(to: n, in: StageRegistry.words).map(Messages.didYouMean)
                                              ?? Messages.stagesHint(StageRegistry.wordList)))
            throw Abort()
        }
        switch e.kind {
        case .call(let callee, let args): return done(CallStage(callee: callee, arguments: args))
        case .name, .member: return done(CallStage(callee: e, arguments: []))
        default:
            diagnostics.append(Diagnostic(.syntax, Messages.expectedStage(StageRegistry.wordList), at: loc(e.range)))
            throw Abort()
        }
    }

    /// sortkeys → expr ('asc' | 'desc')? (',' expr ('asc' | 'desc')?)*
    mutating func parseSortKeys() throws -> [SortKey] {
        var keys: [SortKey] = []
        repeat {
            if !keys.isEmpty { advance(); skipNewlines() }
            let e = try parseBinary(1)
            var desc = false
            if isWord("desc") { advance(); desc = true } else if isWord("asc") { advance() }
            keys.append(SortKey(value: e, descending: desc))
        } while isOp(.comma)
        return keys
    }

    /// The row count of `take`/`skip`; a range such as `2..4` gets a hint.
    mutating func parseRowCount(_ stage: String) throws -> Expr {
        if case .op(.dot) = peekKind(1), case .op(.dot) = peekKind(2) {
            advance()
            throw fail(Expect.rowCount, hint: Messages.rangeOfRowsHint(stage))
        }
        return try parseBinary(1)
    }

    func atStageEnd(after k: Int = 0) -> Bool {
        switch tokens[min(pos + k, tokens.count - 1)].kind {
        case .newline, .eof, .op(.pipe), .op(.semicolon), .op(.rparen), .op(.rbracket), .op(.rbrace), .op(.comma): return true
        default: return false
        }
    }

    /// bindings → binding (',' binding)*
    mutating func parseBindings(allowBare: Bool) throws -> [Binding] {
        var out = [try parseBinding(allowBare: allowBare)]
        while isOp(.comma) {
            advance()
            skipNewlines()
            out.append(try parseBinding(allowBare: allowBare))
        }
        return out
    }

    /// binding → NAME '=' expr | expr      (a bare expression must be a column name where allowed)
    mutating func parseBinding(allowBare: Bool) throws -> Binding {
        let start = tok.range
        if case .name(let n) = tok.kind, case .op(.assign) = peekKind() {
            advance(); advance()
            skipNewlines()
            let e = try parseBinary(1)
            return Binding(name: n, value: e, range: start.to(e.range))
        }
        let e = try parseBinary(1)
        if allowBare {
            switch e.kind {
            case .name(let n): return Binding(name: n, value: e, range: e.range)
            case .member(_, let n): return Binding(name: n, value: e, range: e.range)
            default: break
            }
        }
        diagnostics.append(Diagnostic(.syntax, allowBare ? Messages.unnamedColumn : Messages.expectedBinding, at: loc(e.range),
                                      hint: Messages.nameItHint(file.slice(e.range))))
        throw Abort()
    }
}
