// swift-tools-version: 6.0
// libFuzzer targets for iql, in a package of their own: a fuzz target has no `main`
// (libFuzzer supplies it), so it cannot live among the main package's executables.
// Run one with `scripts/fuzz TARGET SECONDS` from the repository root.
import PackageDescription

// `deps/iql` is a link to the repository root, so the dependency's identity is "iql"
// whatever the checkout's folder is called.
let iql = Target.Dependency.product(name: "IQL", package: "iql")

let package = Package(
    name: "iql-fuzz",
    dependencies: [.package(path: "deps/iql")],
    targets: [
        .executableTarget(name: "fuzz-parser", dependencies: [iql], path: "Sources/Parser"),
        .executableTarget(name: "fuzz-evaluator", dependencies: [iql], path: "Sources/Evaluator"),
        .executableTarget(name: "fuzz-csv", dependencies: [iql], path: "Sources/CSV"),
        .executableTarget(name: "fuzz-json", dependencies: [iql], path: "Sources/JSON"),
        .executableTarget(name: "fuzz-xlsx", dependencies: [iql], path: "Sources/XLSX"),
        .executableTarget(name: "fuzz-decode", dependencies: [iql], path: "Sources/Decode"),
    ]
)
