// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "iql",
    products: [
        .library(name: "IQL", targets: ["IQL"]),
        .executable(name: "iql", targets: ["IQLCLI"]),
        // The C API (Sources/IQLC/include/iql.h) as a shared library: libIQLC.so.
        .library(name: "IQLC", type: .dynamic, targets: ["IQLC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The embeddable interpreter. GRDB reads SQLite databases for read_sqlite
        // (it links the system SQLite: apt-get install libsqlite3-dev); ZIPFoundation
        // opens and writes the zip container of .xlsx workbooks and reads .docx reports (extract_plan);
        // CPostgres reaches PostgreSQL for read_postgres and --db through libpq, loaded
        // when a database is first named.
        .target(
            name: "IQL",
            dependencies: [
                "CIQLSupport",
                "CPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // The dataset's reviewable files; PlanData.swift is generated from them.
            exclude: ["Dataset/data"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The C entry points of iql.h, written in Swift with @_cdecl.
        .target(
            name: "IQLC",
            dependencies: ["IQL"],
            exclude: ["include"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // wcwidth(3), which Glibc's Swift module does not export.
        .target(name: "CIQLSupport"),
        // libedit (BSD editline) for the REPL's line editing, opened with dlopen when the
        // REPL starts (libedit2 at run time); its header comes from libedit-dev:
        // apt-get install libedit-dev.
        .target(name: "CLineEdit"),
        // libpq, PostgreSQL's client library, opened with dlopen on first use (libpq5 at run
        // time); its header comes from libpq-dev: apt-get install libpq-dev.
        .target(name: "CPostgres"),
        // The REPL's logic, behind a line-reader interface so that tests can script its input.
        .target(
            name: "IQLREPL",
            dependencies: ["IQL"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The `iql` command: a thin client of the library.
        .executableTarget(
            name: "IQLCLI",
            dependencies: [
                "IQL",
                "IQLREPL",
                "CLineEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Q6/Q6P of the peer benchmark (Benchmarks/peers/iql.sh): a host evaluating one
        // expression a million times through the public API.
        .executableTarget(
            name: "iql-bench-q6",
            dependencies: ["IQL"],
            path: "Benchmarks/Q6",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "IQLREPLTests",
            dependencies: ["IQLREPL", "IQL"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "IQLTests",
            dependencies: ["IQL", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            // Scripts and data files the tests read from disk, not resources.
            exclude: ["Golden", "Fixtures"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
