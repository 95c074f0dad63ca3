import Foundation
import Testing

/// Builds and runs Examples/EmbeddingHost, a separate package depending on this one by path.
///
/// Opt-in: building the example compiles the whole library again in its own scratch
/// directory (about 3–4 minutes on two cores), too slow for every test run. Enable with
/// `IQL_TEST_EXAMPLES=1 swift test --filter EmbeddingExampleTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["IQL_TEST_EXAMPLES"] == "1"))
struct EmbeddingExampleTests {
    @Test(.timeLimit(.minutes(20)))
    func embeddingHostBuildsAndRuns() throws {
        let root = EmbeddingCTests.root
        let scratch = root.appendingPathComponent(".build-embedding-host").path
        let (buildStatus, buildOutput) = try EmbeddingCTests.run("/usr/bin/env", [
            "swift", "build", "--package-path", root.appendingPathComponent("Examples/EmbeddingHost").path, "--scratch-path", scratch,
        ])
        #expect(buildStatus == 0, "\(buildOutput)")
        guard buildStatus == 0 else { return }
        let host = scratch + "/debug/EmbeddingHost"
        let (status, output) = try EmbeddingCTests.run(host, [])
        #expect(status == 0, "\(output)")
        #expect(output.contains("│ 滨江绿道   │ 海曙     │      0.9 │    32000000 │"))
        #expect(!output.contains("智慧医院"))
        let (badStatus, badOutput) = try EmbeddingCTests.run(host, ["projects | where budgt > 1"])
        #expect(badStatus == 1)
        #expect(badOutput == "error at 1:18: unknown name 'budgt': no column, variable or function has that name (did you mean 'budget'?)\n")
        let (limitStatus, limitOutput) = try EmbeddingCTests.run(host, ["fn f(n) = if n == 0 then 0 else f(n - 1) + f(n - 1)\nf(50)"])
        #expect(limitStatus == 1)
        #expect(limitOutput.contains("limit 'steps' exceeded"))
    }
}
