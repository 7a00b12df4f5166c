// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "iop-planner",
    products: [
        .executable(name: "iop-planner", targets: ["iop-planner"]),
        .library(name: "RosterKit", targets: ["RosterKit"]),
        .library(name: "RosterSolvers", targets: ["RosterSolvers"]),
        .library(name: "RosterReports", targets: ["RosterReports"]),
        .library(name: "RosterBench", targets: ["RosterBench"]),
        .library(name: "RosterStore", targets: ["RosterStore"]),
        .library(name: "RosterWeb", targets: ["RosterWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-crypto", "1.0.0"..<"6.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        // `swift package generate-documentation --target RosterKit` (DocC catalogues in Sources/*/*.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // GLPK's C API. Debian's libglpk-dev ships no pkg-config file.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // Domain model, instance and roster files, validation, checker, objective, scenarios, solve results.
        .target(name: "RosterKit", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        // One `RosterSolver` protocol; the GLPK integer program and the greedy heuristic behind it.
        .target(name: "RosterSolvers", dependencies: ["RosterKit", "CGLPK"]),
        // What people read: the plain-words report, unmet-hour reasons, CSV/HTML/ICS exports.
        .target(name: "RosterReports", dependencies: ["RosterKit"]),
        // The benchmark harness: suites, child processes, both checkers, peers, reports and charts.
        .target(name: "RosterBench", dependencies: ["RosterKit", "RosterSolvers"]),
        // The program store: SQLite (GRDB) records of people, weeks, rosters, users and the audit log; the
        // simulation planned week by week through them.
        .target(
            name: "RosterStore",
            dependencies: [
                "RosterKit", "RosterSolvers", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "XMLCoder", package: "XMLCoder"),
            ]
        ),
        // The director's web application: pages, login, sessions, security headers (Hummingbird).
        .target(
            name: "RosterWeb",
            dependencies: [
                "RosterKit", "RosterSolvers", "RosterReports", "RosterStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ]
        ),
        // The command-line tool.
        .executableTarget(
            name: "iop-planner",
            dependencies: [
                "RosterKit", "RosterSolvers", "RosterReports", "RosterBench", "RosterWeb", "RosterStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures and the built binary, for every test target.
        .target(name: "TestSupport", dependencies: ["RosterKit"], path: "Tests/TestSupport"),
        .testTarget(name: "RosterKitTests", dependencies: ["RosterKit", "TestSupport"]),
        .testTarget(name: "RosterSolversTests", dependencies: ["RosterSolvers", "RosterKit", "TestSupport"]),
        .testTarget(name: "RosterReportsTests", dependencies: ["RosterReports", "RosterSolvers", "RosterKit", "TestSupport"]),
        .testTarget(name: "RosterBenchTests", dependencies: ["RosterBench", "RosterKit", "TestSupport"]),
        .testTarget(name: "RosterStoreTests", dependencies: ["RosterStore", "RosterKit", "RosterSolvers", "iop-planner", "TestSupport"]),
        .testTarget(
            name: "RosterWebTests",
            dependencies: [
                "RosterWeb", "RosterKit", "RosterSolvers", "RosterStore", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["RosterKit", "RosterBench", "iop-planner", "TestSupport"]),
    ]
)
