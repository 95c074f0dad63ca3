/// `join T on key`, `join T on left.a == right.b`, `left join T on …`.
struct JoinStage: StageNode {
    let kind: JoinKind
    let table: Expr
    let condition: JoinCondition

    static let inner = StageDefinition(
        name: "join", word: "join", syntax: "T | join OTHER on KEY, … | join OTHER on CONDITION",
        summary: "pairs each row with the rows of OTHER that match; unmatched rows are dropped",
        example: "projects | join indicators on topic",
        // `| join(", ")` is the text function; `| join (t) on k` and `| join T on …` the stage.
        starts: { p in p.joinFollows(at: 0) },
        parse: { p in try p.parseJoin(.inner) })

    static let left = StageDefinition(
        name: "left join", word: "left", syntax: "T | left join OTHER on KEY, …",
        summary: "like join, but keeps unmatched rows of T with nulls for OTHER's columns",
        example: "projects | left join indicators on topic",
        starts: { p in
            if case .name("join") = p.peekKind() { return true }
            return false
        },
        parse: { p in p.advance(); return try p.parseJoin(.left) })

    var expressions: [(expr: Expr, perRow: Bool)] {
        if case .expr(let c) = condition { return [(table, false), (c, true)] }
        return [(table, false)]
    }

    func run(_ input: Value, _ env: StageEnv) throws -> Value {
        let t = try env.table(input)
        let right = try env.value(table)
        guard let rt = right.asTable else {
            throw env.error(Messages.expected(Want.tableToJoin, right), table.range)
        }
        var name: String? = nil
        if case .name(let n) = table.kind { name = n }
        return .table(try Joiner(runner: env.runner).join(kind, t, rt, condition, env.range, name, keeping: env.columnsNeeded))
    }
}

extension Parser {
    /// Whether the `join` at `k` tokens ahead is the stage: followed by a table that is
    /// not a parenthesised argument list, or by a postfix chain `( … )…` and then `on`.
    func joinFollows(at k: Int) -> Bool {
        guard case .op(.lparen) = peekKind(k + 1) else { return true }
        var i = pos + k + 1
        while i < tokens.count {
            switch tokens[i].kind {
            case .op(.lparen), .op(.lbracket):
                // Skip the bracketed group.
                var depth = 0
                repeat {
                    switch tokens[i].kind {
                    case .op(.lparen), .op(.lbracket), .op(.lbrace): depth += 1
                    case .op(.rparen), .op(.rbracket), .op(.rbrace): depth -= 1
                    case .eof: return false
                    default: break
                    }
                    i += 1
                } while depth > 0 && i < tokens.count
            case .op(.dot):
                i += 2
            case .name("on"):
                return true
            default:
                return false
            }
        }
        return false
    }

    /// join → 'join' postfix 'on' (NAME (',' NAME)* | expr)
    mutating func parseJoin(_ kind: JoinKind) throws -> any StageNode {
        advance() // join
        let table = try parsePostfix()
        guard isWord("on") else { throw fail(Expect.on, hint: Messages.joinHint()) }
        advance()
        let condition: JoinCondition
        if case .name = tok.kind, atStageEnd(after: 1) || { if case .op(.comma) = peekKind() { return true }; return false }() {
            var cols: [(name: String, range: SourceRange)] = []
            repeat {
                if !cols.isEmpty { advance() }
                let (n, r) = try expectName(Expect.keyColumn)
                cols.append((n, r))
            } while isOp(.comma)
            condition = .columns(cols)
        } else {
            condition = .expr(try parseBinary(1))
        }
        return JoinStage(kind: kind, table: table, condition: condition)
    }
}
