import Foundation
import Testing
@testable import IQL

/// `--check` and Engine.check: unknown columns inside stages, found before running by
/// carrying each table's schema through the pipeline.
@Suite struct CheckTests {
    func problems(_ source: String, _ engine: Engine = Engine()) throws -> [String] {
        engine.check(try engine.compile(source)).map { d in
            let (line, col) = d.location!.file.location(of: d.location!.range.start)
            return "\(line):\(col) \(d.message)" + (d.hint.map { " (\($0))" } ?? "")
        }
    }

    @Test func theReadmeExampleFails() throws {
        let source = """
            let plan = [{topic: "医药", name: "医药工业产值", target: 8%, projects: 12}]
            plan | where targt > 5%
            """
        #expect(try problems(source) == ["2:14 unknown name 'targt': no column, variable or function has that name (did you mean 'target'?)"])
    }

    @Test func schemasFlowThroughSelectDeriveAndGroup() throws {
        #expect(try problems("indicators | select name, target | where topic == \"x\"") ==
                ["1:42 unknown name 'topic': no column, variable or function has that name"])
        #expect(try problems("indicators | derive d = target * 2 | where d > 1 | sort d desc | take 3 | select id, d").isEmpty)
        #expect(try problems("indicators | group by topic { n = count(), s = sum(target) } | sort n | select topic, nn") ==
                ["1:87 unknown name 'nn': no column, variable or function has that name (did you mean 'n'?)"])
        #expect(try problems("indicators | group by t = topic { n = count(), m = max(taget) }") ==
                ["1:56 unknown name 'taget': no column, variable or function has that name (did you mean 'target'?)"])
        #expect(try problems("projects | distinct topic, stage | where section == 1").count == 1)
    }

    @Test func windowsAddTheirColumns() throws {
        #expect(try problems("indicators | window by topic sort target { prev = lag(target), d = target - prev } | select id, d, prv") ==
                ["1:100 unknown name 'prv': no column, variable or function has that name (did you mean 'prev'?)"])
    }

    @Test func unpivotAndAppendChangeTheColumns() throws {
        #expect(try problems("[{h1: 1, h2: 2, topic: 3}] | unpivot h1, h3 into half, n | select topic, half, n, h1") == [
            "1:42 unknown column 'h3' in the input table (did you mean 'h1'?)",
            "1:83 unknown name 'h1': no column, variable or function has that name (did you mean 'h2'?)"])
        #expect(try problems("projects | append indicators | select stage, unit, nam") ==
                ["1:52 unknown name 'nam': no column, variable or function has that name (did you mean 'name'?)"])
    }

    @Test func joinsAddTheOtherTablesColumns() throws {
        #expect(try problems("projects | join indicators on topic | select name, name_right, unit").isEmpty)
        #expect(try problems("projects | join indicators on topc") == [
            "1:31 unknown column 'topc' in the left table (did you mean 'topic'?)",
            "1:31 unknown column 'topc' in the right table (did you mean 'topic'?)"])
        #expect(try problems("projects | join indicators on left.stage == right.unt") ==
                ["1:45 unknown column 'unt' in the right table (did you mean 'unit'?)"])
    }

    @Test func tablesKnownToTheEngineAndLetsOfPipelinesHaveSchemas() throws {
        let e = Engine()
        e.define("sales", try Engine().evaluate("[{city: \"杭州\", amount: 3.5}]"))
        #expect(try problems("sales | where amout > 1", e).first?.hasSuffix("(did you mean 'amount'?)") == true)
        #expect(try problems("let q = indicators | where kind == \"growth\" | select id, name\nq | select nme") ==
                ["2:12 unknown name 'nme': no column, variable or function has that name (did you mean 'name'?)"])
    }

    @Test func anUnknownSchemaStopsCheckingThatPipeline() throws {
        #expect(try problems("fn f(t) = t | where anything > 1\nindicators | f() | where whatever > 2").isEmpty)
        #expect(try problems("let t = 1\nfn g(x) = x\nindicators | g() | where nope(target)") == ["3:26 unknown function 'nope'"])
    }
}
