import Foundation
import Testing
@testable import IQL

/// The test server: scripts/with-postgres (which scripts/test and CI use) starts a
/// throwaway cluster and sets IQL_TEST_PG_URL; without it these tests are skipped.
enum PG {
    static let url = ProcessInfo.processInfo.environment["IQL_TEST_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var available: Bool { url != nil }
    static let skip: Comment = "needs a PostgreSQL server: run through scripts/with-postgres (scripts/test does)"

    /// The URL's password, which no message may show.
    static var password: String { PostgresConnection.password(in: url!, try! LibPQ.functions()) ?? "" }

    /// An engine that may reach databases, with `setup` run on the server first.
    static func engine(_ setup: String? = nil, limits: Limits = Limits()) throws -> Engine {
        if let setup { try run(setup) }
        let e = Engine(limits: limits)
        e.databaseAccess = .all
        return e
    }

    /// Runs statements on the server on a connection of its own.
    static func run(_ sql: String) throws {
        let c = try PostgresConnection(url: url!, timeoutSeconds: 10)
        // iql's connections are read-only; this one writes the test's tables.
        // (A transaction begun read-only stays so: lift it before the next one.)
        _ = try c.query("SET default_transaction_read_only = off; SELECT 1", timeoutMilliseconds: 20_000) {}
        _ = try c.query(sql + "; SELECT 1", timeoutMilliseconds: 20_000) {}
    }

    /// `read_postgres("URL", …)` for scripts.
    static func read(_ relation: String) -> String { "read_postgres(\"\(url!)\", \"\(relation)\")" }

    /// A URL with an unused port on the loopback address.
    static func unusedPortURL() -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        close(fd)
        return "postgresql://iqltest:secret-pw@127.0.0.1:\(UInt16(bigEndian: addr.sin_port))/iqltest"
    }

    /// The error a script stops with, rendered as the CLI shows it.
    static func failure(_ engine: Engine, _ source: String) -> (IQLError?, String) {
        do {
            _ = try engine.evaluate(source)
            return (nil, "")
        } catch let e as IQLError {
            return (e, DiagnosticRenderer().render(e.diagnostics))
        } catch {
            return (nil, "\(error)")
        }
    }
}

/// Every test that talks to the test server, one at a time: each blocks a thread of
/// the cooperative pool while it waits for the server, and on 2 cores several side by
/// side would starve other suites' tasks (a cancellation test waits for one).
@Suite(.serialized) struct DatabaseTests {}

extension DatabaseTests {
    @Suite(.enabled(if: PG.available, PG.skip)) struct PostgresTests {
        @Test func readsATableWithColumnsTypedByTheServer() throws {
            let e = try PG.engine("""
                DROP TABLE IF EXISTS types_t; CREATE TABLE types_t (i int, b bigint, f float8, n numeric, ok bool, s text, v varchar(5), d date);
                INSERT INTO types_t VALUES (1, 5000000000, 0.5, 1.25, true, '医药', 'ab', '2023-06-30'), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
                """)
            let t = try #require(try e.evaluate(PG.read("types_t")).tableValue)
            #expect(t.names == ["i", "b", "f", "n", "ok", "s", "v", "d"])
            let expected: [Value] = [.number(1), .number(5_000_000_000), .number(0.5), .number(1.25), .bool(true), .string("医药"), .string("ab"), .date(CalendarDate("2023-06-30")!)]
            let first = t.row(0).values
            #expect(first == expected)
            #expect(t.row(1).values.allSatisfy { $0.isNull })
            let q = try e.evaluate(PG.read("SELECT i + 1 AS j, s || '工业' AS w FROM types_t WHERE i IS NOT NULL"))
            #expect(q.tableValue?.row(0).values == [.number(2), .string("医药工业")])
        }

        @Test func columnsOfOtherTypesArePushedDownAsTheirText() throws {
            let e = try PG.engine("""
                DROP TABLE IF EXISTS dated_t; CREATE TABLE dated_t (d date, u uuid, j jsonb, n int);
                INSERT INTO dated_t VALUES ('2023-06-30', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', 1), ('2023-01-31', NULL, '[1]', 2)
                """)
            let query = "\(PG.read("dated_t")) | where u > \"a\" or n == 2 | sort d | derive k = j + \"/\" + (u ?? \"-\") | select d, k"
            e.pushesDownStages = false
            let local = try e.evaluate(query)
            e.pushesDownStages = true
            var plans: [DatabasePlan] = []
            e.databasePlanObserver = { plans.append($0) }
            #expect(try e.evaluate(query).tableValue?.rows == local.tableValue?.rows)
            #expect(local.tableValue?.rows.map { $0["k"] } == [.string("[1]/-"), .string("{\"a\": 1}/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")])
            #expect(local.tableValue?.rows.first?["d"] == .date(CalendarDate("2023-01-31")!))
            #expect(plans.first?.local.isEmpty == true)
        }

        @Test func aQueryWithRepeatedColumnNamesRunsItsStagesLocally() throws {
            let e = try PG.engine()
            var plans: [DatabasePlan] = []
            e.databasePlanObserver = { plans.append($0) }
            let t = try e.evaluate(PG.read("SELECT 1 AS a, 2 AS a, 3 AS __iql_row") + " | where a_2 == 2")
            #expect(t.tableValue?.names == ["a", "a_2", "__iql_row"])
            #expect(t.tableValue?.rowCount == 1)
            #expect(plans.first?.pushed.isEmpty == true)
        }

        @Test func queriesCannotChangeTheDatabase() throws {
            let (err, _) = PG.failure(try PG.engine(), PG.read("CREATE TABLE written_t (a int)"))
            #expect(err?.diagnostics.first?.message.hasSuffix("cannot execute CREATE TABLE in a read-only transaction") == true)
        }

        @Test func isNotPermittedUnlessGranted() {
            let (err, text) = PG.failure(Engine(), PG.read("types_t"))
            #expect(err?.diagnostics.first?.kind == .notPermitted)
            #expect(text.contains("reading a database is not permitted"))
            #expect(!text.contains(PG.password))
        }

        @Test func aRefusedConnectionIsALocatedErrorNamingTheServer() throws {
            let url = PG.unusedPortURL()
            let (err, text) = PG.failure(try PG.engine(), "1 +\n  read_postgres(\"\(url)\", \"t\")")
            let d = try #require(err?.diagnostics.first)
            #expect(d.kind == .io)
            #expect(d.message.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:"))
            #expect(d.message.hasSuffix("/iqltest: Connection refused"))
            #expect(text.contains("<input>:2:17"))
            #expect(!text.contains("secret-pw"))
        }

        @Test func aWrongPasswordIsALoginErrorThatNeverShowsIt() throws {
            let url = PG.url!.replacingOccurrences(of: ":" + PG.password + "@", with: ":not-the-password@")
            let (err, text) = PG.failure(try PG.engine(), "read_postgres(\"\(url)\", \"t\")")
            let d = try #require(err?.diagnostics.first)
            #expect(d.message.contains("refused the login: password authentication failed for user \"iqltest\""))
            #expect(d.hint == Messages.databasePasswordHint.en)
            #expect(!text.contains("not-the-password") && !text.contains(PG.password))
        }

        @Test func aSQLErrorPointsAtTheQuery() throws {
            let (err, text) = PG.failure(try PG.engine(), PG.read("SELECT no_such_column"))
            let d = try #require(err?.diagnostics.first)
            #expect(d.message.hasSuffix("/iqltest: column \"no_such_column\" does not exist"))
            #expect(text.contains("<input>:1:\(PG.url!.count + 19)"))
            #expect(!text.contains(PG.password))
        }

        @Test func anInterruptCancelsTheQueryOnTheServer() throws {
            let e = try PG.engine()
            let started = Date()
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.5)
                e.interrupt.raise()
            }
            let (err, _) = PG.failure(e, PG.read("SELECT 1 AS cancel_me FROM pg_sleep(30)"))
            #expect(err?.diagnostics.first?.kind == .cancelled)
            #expect(err?.diagnostics.first?.notes.first?.message.hasSuffix("/iqltest was cancelled") == true)
            #expect(Date().timeIntervalSince(started) < 10)
            // The server stopped it too: no backend is still sleeping on it.
            let left = try e.evaluate(PG.read("SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE '%cancel_me FROM pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()"))
            #expect(left.tableValue?.row(0)["n"] == .number(0))
        }

        @Test func theTimeLimitBecomesTheStatementTimeout() throws {
            let e = try PG.engine(limits: Limits(timeMilliseconds: 1500))
            let started = Date()
            let (err, _) = PG.failure(e, PG.read("SELECT 1 AS x FROM pg_sleep(30)"))
            #expect(err?.diagnostics.first?.kind == .limit)
            #expect(err?.diagnostics.first?.message.contains("time_ms") == true)
            #expect(Date().timeIntervalSince(started) < 10)
        }

        @Test func aDroppedConnectionIsAnErrorAndTheNextQueryReconnects() throws {
            let e = try PG.engine()
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.7)
                try? PG.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%drop_me FROM pg_sleep%' AND pid <> pg_backend_pid()")
            }
            let (err, text) = PG.failure(e, PG.read("SELECT 1 AS drop_me FROM pg_sleep(30)"))
            let d = try #require(err?.diagnostics.first)
            #expect(d.message.contains("lost the connection to PostgreSQL at 127.0.0.1:"), "\(text)")
            #expect(!text.contains(PG.password))
            #expect(try e.evaluate(PG.read("SELECT 2 AS back")).tableValue?.row(0)["back"] == .number(2))
        }

        @Test func theDatabasesTablesAreBoundByName() throws {
            let e = try PG.engine("DROP TABLE IF EXISTS named_t; CREATE TABLE named_t (a int); INSERT INTO named_t VALUES (1), (2), (3)")
            e.database = PG.url
            #expect(try e.evaluate("named_t | where a >= 2 | count") == .number(2))
            #expect(try e.evaluate("let named_t = [1]; named_t | count") == .number(1))
            let (err, _) = PG.failure(e, "no_such_table | count")
            #expect(err?.diagnostics.first?.kind == .unknownName)
        }

        @Test func checkKnowsTheDatabasesTablesAndTheirColumns() throws {
            let e = try PG.engine("DROP TABLE IF EXISTS checked_t; CREATE TABLE checked_t (amount int, city text)")
            e.database = PG.url
            let ds = e.check(try e.compile("checked_t | where amont > 1 | select city\nno_table"))
            #expect(ds.map(\.entry) == [Messages.unknownNameInStage("amont"), Messages.unknownName("no_table")])
            #expect(ds.first?.hint == "did you mean 'amount'?")
        }

        @Test func theCommandNamesTablesWithDbAndShowsSQLAndPlans() throws {
            try PG.run("DROP TABLE IF EXISTS cli_t; CREATE TABLE cli_t (city text, amount float8); INSERT INTO cli_t VALUES ('杭州', 3.5), ('宁波', 1.2), ('温州', 2)")
            let script = "cli_t | where amount > 1.5 | sort amount desc | select city\ncli_t | derive n = len(city) | count"
            let run = try CLI.run(["--db", PG.url!, "-e", script])
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("│ 杭州 │\n│ 温州 │"))
            #expect(run.out.hasSuffix("3\n"))
            let viaEnvironment = try CLI.run(["-e", script], environment: ["IQL_DATABASE_URL": PG.url!])
            #expect(viaEnvironment.out == run.out)
            let sql = try CLI.run(["--db", PG.url!, "--sql", "-e", script])
            #expect(sql.out == """
                SELECT t0."city" AS "city" FROM "cli_t" AS t0 WHERE (t0."amount" > 1.5::float8) ORDER BY t0."amount" DESC NULLS LAST, t0.ctid;
                SELECT t0."city" AS "city", t0."amount" AS "amount" FROM "cli_t" AS t0 ORDER BY t0.ctid;

                """)
            let explain = try CLI.run(["--db", PG.url!, "--explain", "-e", script])
            #expect(explain.out == run.out)
            #expect(explain.err.contains("plan: PostgreSQL table cli_t at 127.0.0.1:"))
            #expect(explain.err.contains("  in the database: | sort amount desc\n"))
            #expect(explain.err.contains("  locally: | derive n = len(city)  ('len' has no SQL equivalent with iql's meaning)\n  locally: | count"))
            for r in [run, sql, explain] { #expect(!(r.out + r.err).contains(PG.password)) }
            // A stage naming a URL is shown with its password masked.
            let joined = try CLI.run(["--explain", "-e", "\(PG.read("cli_t")) | join \(PG.read("cli_t")) on city | count"])
            #expect(joined.out == "3\n")
            #expect(joined.err.contains("in the database: | join read_postgres(\"postgresql://iqltest:\(String(repeating: "*", count: PG.password.count))@"))
            #expect(!joined.err.contains(PG.password))
        }

        @Test func theCommandReportsAnUnreachableDatabase() throws {
            let r = try CLI.run(["--db", PG.unusedPortURL(), "-e", "cli_none | count"])
            #expect(r.status == 1)
            #expect(r.err.contains("<expr>:1:1: error: cannot connect to PostgreSQL at 127.0.0.1:"))
            #expect(!r.err.contains("secret-pw"))
        }
    }
}

/// libpq is opened when a database is first named; without it (no libpq5 installed)
/// naming one is a located error that says what to install. No server is needed.
struct LibPQLoadingTests {
    @Test func aMissingLibraryIsAnErrorNamingItAndItsPackage() throws {
        guard case .failure(let f) = LibPQ.open("libpq-missing.so.5") else {
            Issue.record("a library that does not exist was opened")
            return
        }
        #expect(f.kind == .library)
        let source = SourceFile(name: "<input>", text: "read_postgres(\"postgresql:///x\", \"t\")")
        let d = DatabasePool.diagnostic(f, SourceLocation(file: source, range: SourceRange(0, 13)))
        #expect(d.kind == .io)
        #expect(d.message == "cannot load libpq-missing.so.5, PostgreSQL's client library: cannot open shared object file: No such file or directory")
        #expect(d.hint == "install the Debian package libpq5: apt-get install libpq5")
        #expect(DiagnosticRenderer().render(d).contains("<input>:1:1"))
    }

    @Test func theInstalledLibraryResolvesEveryFunction() throws {
        let pq = try LibPQ.functions()
        #expect(PostgresConnection.password(in: "host=h password=pw", pq) == "pw")
    }
}
