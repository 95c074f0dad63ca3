// swift-tools-version: 6.0
// A small host program embedding iql: `swift run` in this folder.
import PackageDescription

let package = Package(
    name: "EmbeddingHost",
    dependencies: [
        // The iql package, two folders up.
        .package(name: "iql", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "EmbeddingHost",
            dependencies: [.product(name: "IQL", package: "iql")]
        ),
    ]
)
