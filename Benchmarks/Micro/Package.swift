// swift-tools-version: 6.1
// Micro-benchmarks of the IQL library with ordo-one/benchmark, in a package of their
// own so that the root package (and CI) never builds the benchmark dependency.
//   cd Benchmarks/Micro && swift package benchmark
import PackageDescription

let package = Package(
    name: "IQLMicroBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named, because a path package is otherwise known by its folder's name.
        .package(name: "iql", path: "../.."),
        // MallocInterposer instead of the default traits, which fetch jemalloc.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "IQLBenchmarks",
            dependencies: [
                .product(name: "IQL", package: "iql"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/IQLBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
