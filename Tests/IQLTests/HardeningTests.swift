import CIQLSupport
import Foundation
import Testing
@testable import IQL

/// Hostile and careless input: each test pins a defect that once crashed, leaked or
/// silently changed data, and the located error that replaced it.
@Suite struct HardeningTests {
    /// The first diagnostic of evaluating `source`, rendered as `line:column: message`.
    static func failure(_ source: String, engine: Engine = Engine(), parameters: [String: Value] = [:]) -> String? {
        do {
            _ = try engine.evaluate(source, parameters: parameters)
            return nil
        } catch let e as IQLError {
            let d = e.diagnostics[0]
            let place = d.location.map { "\($0.line):\($0.column): " } ?? ""
            return place + d.message
        } catch {
            return "\(error)"
        }
    }

    // MARK: Periods

    @Test(arguments: ["pace(\"\")", "pace(\"-\")", "pace(\"2023-\")", "pace(\"-06\")", "pace(\"2023-Q\")"])
    func badPeriodsAreLocatedErrors(_ source: String) {
        #expect(Self.failure(source)?.hasPrefix("1:6: cannot read") == true)
    }

    @Test func compareRefusesEmptyAtAndDashPeriods() {
        let targets = "let t = [{id: \"a\", kind: \"amount\", unit: \"个\", target: 10, direction: \"at_least\", relative_to: null, due: \"2023\"}]\n"
        let good = "let a = [{indicator_id: \"a\", period: \"2023-06\", value: 5}]\n"
        #expect(Self.failure(targets + good + "t | compare a at \"\"")?.hasPrefix("3:18: cannot read \"\" as a period") == true)
        let dash = "let a = [{indicator_id: \"a\", period: \"-\", value: 5}]\n"
        #expect(Self.failure(targets + dash + "t | compare a")?.hasPrefix("3:13: actual value 1 has period \"-\"") == true)
    }

    // MARK: Nesting

    @Test func valuesNestedDeeperThanTheLimitAreRefusedWhereBuilt() {
        let message = Self.failure("reduce(range(1e5), [], (acc, x) => [acc])")
        #expect(message == "1:36: evaluation stopped: limit 'nesting' exceeded (values nested 1000 levels deep)")
        #expect(Self.failure("reduce(range(1e5), {}, (acc, x) => {a: acc})")?.hasPrefix("1:36: evaluation stopped: limit 'nesting'") == true)
        #expect(Self.failure("reduce(range(1e5), [], (acc, x) => map([1], _ => acc))")?.contains("limit 'nesting'") == true)
        #expect(Self.failure("fn deep(n) = if n == 0 then [] else [deep(n - 1)]\ndeep(1e5)") != nil)
    }

    @Test func nestingUpToTheLimitPrintsComparesAndSorts() throws {
        let engine = Engine()
        let v = try engine.evaluate("let d = reduce(range(997), [], (acc, x) => [acc]); [d == d, len(string(d)), len(sorted([d, d])), len([{x: d}] | distinct)]")
        #expect(Formatter.literal(v) == "[true, 1996, 2, 1]")
    }

    @Test func theNestingLimitIsTheEngines() {
        let low = Engine(limits: Limits(nesting: 50))
        #expect(Self.failure("let d = reduce(range(1e5), [], (acc, x) => [acc]); 1", engine: low)?.contains("nested 50 levels") == true)
        #expect(Value.list([]).nests(deeperThan: 1) == false)
        #expect(Value.list([.list([])]).nests(deeperThan: 1) == true)
        #expect(Value.record(Record([("a", .list([.number(1)]))])).nests(deeperThan: 2) == false)
    }

    @Test func aStringLiteralOverTheLimitIsRefusedWhenCompiled() {
        let engine = Engine(limits: Limits(stringLength: 1000))
        let long = String(repeating: "字", count: 400)
        #expect(Self.failure("1\n\"\(long)\"", engine: engine) == "2:1: evaluation stopped: limit 'string' exceeded (strings of 1000 bytes)")
    }

    // MARK: Embedding

    @Test func compiledExpressionsSeeOnlyTheirOwnParameters() throws {
        let engine = Engine()
        #expect(try engine.evaluate("$p * 1", parameters: ["p": .number(42)]) == .number(42))
        let e = try engine.expression("$p")
        #expect(throws: IQLError.self) { try e.evaluate([]) }
        let sum = try engine.expression("$p + x", parameters: ["x"])
        _ = try engine.evaluate("$p", parameters: ["p": .number(1)])
        #expect(throws: IQLError.self) { try sum.evaluate([.number(1)]) }
    }

    @Test func functionsOfAnotherEngineAreRefused() throws {
        let a = Engine(), b = Engine()
        try a.evaluate("fn double(x) = x * 2; let half = x => x / 2")
        b.define("double", try #require(a.value(of: "double")))
        b.define("half", try #require(a.value(of: "half")))
        #expect(Self.failure("double(2)", engine: b) == "1:1: this function was made by another engine and can only run there")
        #expect(Self.failure("map([1, 2], half)", engine: b)?.hasSuffix("this function was made by another engine and can only run there") == true)
        #expect(try a.evaluate("double(2)") == .number(4))
    }

    // MARK: Files

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iql-harden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let files = Engine(fileAccess: .all)

    @Test func writersKeepEveryDigit() throws {
        let dir = try Self.scratch()
        let csv = dir.appendingPathComponent("n.csv").path, json = dir.appendingPathComponent("n.json").path
        let table = "[{a: 1234567890123456, b: 0.000001234%, c: 0.1 + 0.2, d: 1e308 * 10, e: -1e308 * 10, f: percent(5 / 12)}]"
        _ = try Self.files.evaluate("\(table) | write_csv(\"\(csv)\")")
        _ = try Self.files.evaluate("\(table) | write_json(\"\(json)\")")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == "a,b,c,d,e,f\n1234567890123456,0.000001234%,0.30000000000000004,inf,-inf,41.66666666666667%\n")
        #expect(try String(contentsOfFile: json, encoding: .utf8) == "[{\"a\":1234567890123456,\"b\":0.00000001234,\"c\":0.30000000000000004,\"d\":1e999,\"e\":-1e999,\"f\":0.4166666666666667}]\n")
        #expect(try Self.files.evaluate("rows(read_csv(\"\(csv)\")) == \(table)") == .bool(true))
        let back = try #require(try Self.files.evaluate("read_json(\"\(json)\")").tableValue)
        #expect(back.values(of: "d") == [.number(.infinity)])
        #expect(back.values(of: "a") == [.number(1234567890123456)])
    }

    @Test func exactFormsReadBackToTheSameDouble() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let d = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF | (generator.next() & 1) << 63)
            #expect(Double(Formatter.exactNumber(d)) == d)
            if let p = Formatter.exactPercent(d) {
                #expect(NumberText.parse(Substring(p)) == .percent(d), "\(d) as \(p)")
            }
        }
    }

    @Test func writersRefuseWhatIsNotAWritableRegularFile() throws {
        let dir = try Self.scratch()
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let readOnly = try Self.write(Array("keep\n".utf8), "ro.csv", in: dir)
        chmod(readOnly, 0o444)
        let cases = [(fifo, "it is not a regular file"), ("/dev/null", "it is not a regular file"), (dir.path, "it is a directory"), (readOnly, "the file is read-only")]
        for (path, reason) in cases {
            #expect(Self.failure("[{a: 1}] | write_csv(\"\(path)\")", engine: Self.files)?.contains(reason) == true, "\(path)")
        }
        #expect(try String(contentsOfFile: readOnly, encoding: .utf8) == "keep\n")
        #expect(Self.failure("[{a: 1}] | write_csv(\"\(dir.path)/a\\u{0}b.csv\")", engine: Self.files) == "1:22: a file path cannot contain a NUL character (\\u{0})")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["pipe", "ro.csv"])
    }

    @Test func aWriterThatFailsAfterItsFirstBlockLeavesTheTargetAndNoTemporaryFile() throws {
        struct Midway: Error {}
        let dir = try Self.scratch()
        let target = try Self.write(Array("old\n".utf8), "out.csv", in: dir)
        chmod(target, 0o640)
        var streamed: [String] = []
        #expect(throws: Midway.self) {
            try AtomicFile.write(to: target) { sink in
                sink([UInt8](repeating: 0x61, count: ByteOutput.blockSize))
                // The block is on disk in the temporary file already, not held until the end.
                streamed = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { name in
                    guard name.hasPrefix(".out.csv.iql-tmp-") else { return false }
                    let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.size]
                    return size as? Int == ByteOutput.blockSize
                }
                throw Midway()
            }
        }
        #expect(streamed.count == 1)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
        // The same path, run to the end, replaces the file and keeps its permissions.
        try AtomicFile.write(to: target) { sink in
            sink(Array("a\n".utf8))
            sink(Array("1\n".utf8))
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "a\n1\n")
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    }

    @Test func aTerminatingSignalRemovesTheTemporaryFile() throws {
        let dir = try Self.scratch()
        let temp = dir.appendingPathComponent(".out.csv.iql-tmp-abcdef").path
        // A file this process is writing: the child inherits its registration, and
        // must leave it alone (the child's own file is the one its signal removes).
        let parents = dir.appendingPathComponent(".other.csv.iql-tmp-ghijkl").path
        #expect(FileManager.default.createFile(atPath: parents, contents: Data("parent's".utf8)))
        let slot = iql_temp_register(parents)
        defer { iql_temp_unregister(slot) }
        for signal in [SIGTERM, SIGINT] {
            #expect(FileManager.default.createFile(atPath: temp, contents: Data("half".utf8)))
            let child = fork()
            if child == 0 {
                // Only async-signal-safe calls in the child of a threaded process. The
                // test runner's own handler is dropped: the CLI has none for SIGTERM.
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, signal)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                Glibc.signal(signal, SIG_DFL)
                _ = iql_temp_register(temp)
                raise(signal)
                _exit(0)
            }
            var status: Int32 = 0
            waitpid(child, &status, 0)
            #expect(status & 0x7F == signal, "the child ends by the signal")
            #expect(!FileManager.default.fileExists(atPath: temp))
            #expect(FileManager.default.fileExists(atPath: parents), "the parent's temporary file is the parent's to remove")
        }
    }

    // MARK: Readers

    @Test func mixedEncodingsAreRefusedAtTheFirstOffendingLine() throws {
        let dir = try Self.scratch()
        // 冶金 in GB18030 on lines 2 and 3, then in UTF-8 on line 4.
        let gb: [UInt8] = [0xD2, 0xB1, 0xBD, 0xF0]
        let mixed = Array("name\n".utf8) + gb + [0x0A] + gb + [0x0A] + Array("冶金\n".utf8)
        let path = try Self.write(mixed, "mixed.csv", in: dir)
        let d = try #require(Self.failure("read_csv(\"\(path)\")", engine: Self.files))
        #expect(d == "4:1: this line is UTF-8, but other lines of the file are not: the file mixes encodings")
        let latin = try Self.write(Array("name\nAnna\nM".utf8) + [0xFC] + Array("ller\n".utf8), "latin.csv", in: dir)
        #expect(Self.failure("read_csv(\"\(latin)\")", engine: Self.files)?.hasPrefix("3:2: this byte is not valid UTF-8, and the file does not look like GB18030") == true)
        // A GB18030 file with a byte that is not GB18030 on line 3, column 3.
        let broken = try Self.write(Array("name\n".utf8) + gb + [0x0A] + Array("ab".utf8) + [0xFF, 0x0A], "broken.csv", in: dir)
        #expect(Self.failure("read_csv(\"\(broken)\")", engine: Self.files) == "3:3: this byte is not valid GB18030")
        let pure = try Self.write(Array("name\n".utf8) + gb + [0x0A], "gb.csv", in: dir)
        #expect(try Self.files.evaluate("read_csv(\"\(pure)\").name") == .list([.string("冶金")]))
    }

    @Test func crOnlyLineEndsAreCountedInLocations() throws {
        let dir = try Self.scratch()
        let path = try Self.write(Array("a,b\r1,2\r3,4\r5,6,7\r".utf8), "cr.csv", in: dir)
        #expect(Self.failure("read_csv(\"\(path)\")", engine: Self.files)?.hasPrefix("4:") == true)
    }

    @Test(arguments: [
        ("[{\"a\": \"\\u+041\"}]", "expected four hex digits"),
        ("[{\"a\": 007}]", "leading zeros are not allowed"),
        ("[{\"a\": -}]", "expected a digit"),
        ("[{\"a\": 1.}]", "expected a digit after '.'"),
        ("[{\"a\": 1e}]", "expected a digit in the exponent"),
        ("[{\"a\": +1}]", "expected a JSON value"),
        ("[{\"a\": \"x\ty\"}]", "a control character (U+0009) must be escaped"),
    ])
    func jsonIsReadStrictly(_ text: String, _ message: String) throws {
        let dir = try Self.scratch()
        let path = try Self.write(Array(text.utf8), "bad.json", in: dir)
        let failure = Self.failure("read_json(\"\(path)\")", engine: Self.files)
        #expect(failure?.contains(message) == true, "\(failure ?? "no error")")
    }

    @Test func jsonLinesWithANewKeyPerLineReadInLinearTime() throws {
        let dir = try Self.scratch()
        var text = ""
        var line = 0
        // 1,500 lines make a table of 2.25 million cells, nearly all null.
        while line < 1_500 { text += "{\"id\": \(line), \"k\(line)\": \(line)}\n"; line += 1 }
        let path = try Self.write(Array(text.utf8), "wide.jsonl", in: dir)
        // CPU time of this thread, not the wall clock of a machine shared with builds.
        func cpu() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        let start = cpu()
        let t = try #require(try Self.files.evaluate("read_json(\"\(path)\")").tableValue)
        let elapsed = cpu() - start
        #expect(t.rowCount == line && t.names.count == line + 1)
        #expect(t.values(of: "k7")?[7] == .number(7) && t.values(of: "k7")?[8] == .null)
        #expect(elapsed < 1.5, "\(elapsed) s for \(line) lines")
    }

    @Test func damagedSQLiteFilesAreRefusedBeforeAnyRowIsRead() throws {
        let dir = try Self.scratch()
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: IOTests.fixture("plan.db"))))
        let truncated = try Self.write(Array(good.prefix(good.count / 2)), "truncated.db", in: dir)
        #expect(Self.failure("read_sqlite(\"\(truncated)\", \"projects\")", engine: Self.files)?.hasSuffix("the database is truncated: its header says 8192 bytes, the file has 4096") == true)
        var damaged = good
        for k in (good.count / 2)..<(good.count / 2 + 64) { damaged[k] = 0xFF }
        let broken = try Self.write(damaged, "damaged.db", in: dir)
        #expect(Self.failure("read_sqlite(\"\(broken)\", \"projects\")", engine: Self.files)?.contains("cannot read") == true)
        let text = try Self.write(Array("id,name\n".utf8), "text.db", in: dir)
        #expect(Self.failure("read_sqlite(\"\(text)\", \"projects\")", engine: Self.files)?.hasSuffix("it is not an SQLite database (its first bytes are not SQLite's header)") == true)
    }

    // MARK: Repeated names

    @Test func repeatedNamesFollowOneRule() throws {
        // Written twice in a script: an error. Given twice by a file: `_2`.
        #expect(Self.failure("{a: 1, b: 2, a: 3}") == "1:14: field 'a' is given twice in this record")
        #expect(Self.failure("[{a: 1}] | select a, a")?.hasSuffix("column 'a' is selected twice") == true)
        let t = try #require(try Self.files.evaluate("read_sqlite(\"\(IOTests.fixture("plan.db"))\", \"SELECT id, id, stage FROM projects\")").tableValue)
        #expect(t.names == ["id", "id_2", "stage"])
        let dir = try Self.scratch()
        let csv = try Self.write(Array("a,a,,b\n1,2,3,4\n".utf8), "dup.csv", in: dir)
        #expect(try #require(try Self.files.evaluate("read_csv(\"\(csv)\")").tableValue).names == ["a", "a_2", "column_3", "b"])
    }

    // MARK: Round trips

    /// Random tables with a column of every type a file can hold, written and read back.
    @Test func generatedTablesSurviveAWriteAndARead() throws {
        let dir = try Self.scratch()
        var rng = SystemRandomNumberGenerator()
        func maybeNull(_ v: Value) -> Value { Int.random(in: 0..<6, using: &rng) == 0 ? .null : v }
        func number() -> Double {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
            case 1: return Double.random(in: -1...1, using: &rng) * pow(10, Double(Int.random(in: -300...300, using: &rng)))
            case 2: return Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            case 3: return [Double.infinity, -.infinity, 0, 1234567890123456, 0.1 + 0.2][Int.random(in: 0..<5, using: &rng)]
            default: return Double.random(in: -1e6...1e6, using: &rng)
            }
        }
        let pieces = ["007", "true", "a,b", "say \"hi\"", "two\nlines", " padded ", "冶金", "", "7%", "5000万", "x"]
        for round in 0..<20 {
            var records: [Record] = []
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                records.append(Record([
                    ("n", maybeNull(.number(number()))),
                    ("p", maybeNull(.percent(number()))),
                    ("b", maybeNull(.bool(Bool.random(using: &rng)))),
                    ("code", maybeNull(.string(pieces[Int.random(in: 0..<pieces.count, using: &rng)] + (Bool.random(using: &rng) ? "" : "\(round)")))),
                ]))
            }
            // Every column needs one value for its type to be known on reading.
            records[0] = Record([("n", .number(1)), ("p", .percent(0.5)), ("b", .bool(true)), ("code", .string("007"))])
            let table = Table(records: records)
            let engine = Engine(fileAccess: .all)
            engine.define("t", .table(table))
            let csv = dir.appendingPathComponent("t\(round).csv").path, json = dir.appendingPathComponent("t\(round).json").path
            _ = try engine.evaluate("t | write_csv(\"\(csv)\"); t | write_json(\"\(json)\")")
            let fromCSV = try #require(try engine.evaluate("read_csv(\"\(csv)\", types: {code: \"text\"})").tableValue)
            #expect(fromCSV.names == table.names)
            for name in table.names { #expect(fromCSV.values(of: name) == table.values(of: name), "CSV column \(name), round \(round)") }
            #expect(fromCSV.columns.map(\.typeName) == ["number", "percent", "boolean", "string"])
            let fromJSON = try #require(try engine.evaluate("read_json(\"\(json)\")").tableValue)
            for name in table.names { #expect(fromJSON.values(of: name) == table.values(of: name), "JSON column \(name), round \(round)") }
        }
    }

    @Test func pinnedTypesAreKeptOrRefusedAtTheCell() throws {
        let dir = try Self.scratch()
        let path = try Self.write(Array("code,n,ok\n007,1,true\n010,x,false\n".utf8), "pin.csv", in: dir)
        let t = try #require(try Self.files.evaluate("read_csv(\"\(path)\", types: {code: \"text\", ok: \"text\"})").tableValue)
        #expect(t.values(of: "code") == [.string("007"), .string("010")])
        #expect(t.values(of: "ok") == [.string("true"), .string("false")])
        let m = Self.failure("read_csv(\"\(path)\", types: {n: \"number\"})", engine: Self.files)
        #expect(m == "3:5: column 'n' is read as number (types:), but this cell is not a number")
        #expect(Self.failure("read_csv(\"\(path)\", types: {nn: \"number\"})", engine: Self.files)?.hasSuffix("types: names the column 'nn', which the file does not have") == true)
        #expect(Self.failure("read_csv(\"\(path)\", types: {n: \"date\"})", engine: Self.files)?.contains("must be \"text\", \"number\" or \"boolean\"") == true)
    }
}
