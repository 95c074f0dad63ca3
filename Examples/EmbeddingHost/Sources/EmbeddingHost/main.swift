// A host program embedding iql: it hands iql a table and a function of its own,
// runs a query a user wrote (the first argument, or a default) with limits, and
// prints the result as a table, or the error with its location.
import Foundation
import IQL

struct Project: Encodable {
    let name: String
    let district: String
    let budget: Double      // 万元
    let progress: Double?   // share of the work done; nil when not reported
}

let projects = [
    Project(name: "港区二期", district: "北仑", budget: 12_500, progress: 0.62),
    Project(name: "城西快速路", district: "海曙", budget: 48_000, progress: 0.35),
    Project(name: "智慧医院", district: "鄞州", budget: 9_800, progress: nil),
    Project(name: "滨江绿道", district: "海曙", budget: 3_200, progress: 0.9),
]

// A sandboxed engine: no files; limits so that no user query can run away.
let engine = Engine(limits: Limits(steps: 1_000_000, timeMilliseconds: 2_000, rows: 100_000))
do {
    try engine.define("projects", rows: projects)
} catch {
    print("could not define the table: \(error)")
    exit(1)
}
// A host function: typed arguments are checked by the engine before the closure runs.
engine.register("wan_to_yuan", parameters: ["wan"], doc: "万元 to yuan: wan_to_yuan(1.5) is 15000") { (wan: Double) in
    wan * 10_000
}

let query = CommandLine.arguments.dropFirst().first ?? """
    projects
    | where progress > 0
    | derive budget_yuan = wan_to_yuan(budget)
    | sort progress desc
    | select name, district, progress, budget_yuan
    """

do {
    let result = try engine.evaluate(query, name: "<query>")
    print(result)
} catch let error as IQLError {
    // Structured diagnostics: an editor could underline line:column; here, print them.
    for d in error.diagnostics {
        print("error at \(d.line ?? 0):\(d.column ?? 0): \(d.message)\(d.suggestion.map { " (\($0))" } ?? "")")
    }
    exit(1)
}
