// swift-tools-version: 6.0
// libFuzzer targets for the planner's decoders, kept apart so the main package's `swift test`
// is unaffected. Build and run them as fuzz/README.md says.
import PackageDescription

let package = Package(
    name: "iop-planner-fuzz",
    products: [
        .executable(name: "fuzz-instance", targets: ["FuzzInstance"]),
        .executable(name: "fuzz-roster", targets: ["FuzzRoster"]),
        .executable(name: "fuzz-scenario", targets: ["FuzzScenario"]),
    ],
    dependencies: [
        .package(name: "iop-planner", path: "..")
    ],
    targets: [
        // A link to Tests/RosterKitTests/Support/FuzzReplay.swift: what one input means, shared with
        // the main package's FuzzRegressionTests.
        .target(name: "FuzzReplay", dependencies: [.product(name: "RosterKit", package: "iop-planner")]),
        .executableTarget(name: "FuzzInstance", dependencies: ["FuzzReplay"]),
        .executableTarget(name: "FuzzRoster", dependencies: ["FuzzReplay"]),
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzReplay"]),
    ]
)
