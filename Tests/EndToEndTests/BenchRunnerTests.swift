import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterBench

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The bench runner against `Tests/Fixtures/bench/fake-planner`, which stands in for
/// `solve` and `export-model` (so these tests do not need the real solvers) and misbehaves on request.
@Suite("iop-planner bench", .tags(.slow))
struct BenchRunnerTests {
    static let fakePlanner = Planner.path("Tests/Fixtures/bench/fake-planner")

    @Test func recordsEveryPairAndKeepsGoingPastFailures() throws {
        let folder = try Planner.scratchFolder("bench")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let suite = """
            {"name": "fake", "graceSeconds": 0.5,
             "configurations": [
               {"name": "greedy", "solver": "greedy", "localSearch": false, "timeLimit": 1},
               {"name": "glpk", "solver": "glpk", "timeLimit": 1},
               {"name": "crash", "solver": "glpk", "timeLimit": 1, "args": ["--fake-crash"]},
               {"name": "hang", "solver": "auto", "timeLimit": 0.2, "args": ["--fake-hang"]},
               {"name": "liar", "solver": "greedy", "timeLimit": 1, "args": ["--fake-lie"]},
               {"name": "cbc", "solver": "cbc", "timeLimit": 5},
               {"name": "highs", "solver": "highs", "timeLimit": 5}],
             "instances": [{"path": "\(Planner.path("instances/bench/small-30.json"))", "family": "small"}],
             "compare": {"heuristic": "greedy", "exact": "glpk"}}
            """
        try suite.write(toFile: "\(folder)/suite.json", atomically: true, encoding: .utf8)
        let output = "\(folder)/out"
        let checker = ["--python-checker", Planner.sharedChecker]
        let result = try Planner.run(
            ["bench", "\(folder)/suite.json", "--planner", Self.fakePlanner, "--out", output] + checker)
        #expect(result.status == 1, "a failed run and a disagreement make the exit status 1: \(result.error)")

        let document = try InputFile.readJSON("\(output)/results.json")
        let runs = try #require(document.objectValue?["runs"]?.arrayValue).compactMap(\.objectValue)
        func run(_ name: String) -> JSONObject? { runs.first { $0["configuration"]?.stringValue == name } }
        #expect(run("greedy")?["outcome"] == "ok")
        #expect(run("greedy")?["total"] == 318_000)
        #expect(run("greedy")?["swiftCheck"]?.objectValue?["verdict"] == "valid")
        #expect(run("greedy")?["pythonCheck"]?.objectValue?["verdict"] == "valid")
        #expect(run("greedy")?["command"]?.arrayValue?.contains("--no-local-search") == true)
        #expect(run("glpk")?["gap"] == 0)
        #expect(run("crash")?["outcome"] == "error")
        #expect(run("crash")?["stderrTail"]?.stringValue?.contains("simulated failure") == true)
        #expect(run("hang")?["outcome"] == "timeout")
        #expect((run("hang")?["wallSeconds"]?.numberValue ?? 99) < 5)
        #expect(run("liar")?["problems"]?.arrayValue?.first?.stringValue?.hasPrefix("DISAGREEMENT") == true)
        for peer in ["cbc", "highs"] {
            if ChildProcess.find(peer) != nil {
                #expect(run(peer)?["outcome"] == "ok", "\(peer)")
                #expect(run(peer)?["total"] == 318_000, "the fake model's optimum is the empty roster's total")
            } else {
                #expect(run(peer) == nil)
                #expect(
                    document.objectValue?["notes"]?.arrayValue?.contains(
                        .string("\(peer) is not installed: its rows are left out")) == true)
            }
        }

        let report = try String(contentsOfFile: "\(output)/results.md", encoding: .utf8)
        #expect(report.contains("## Problems"))
        #expect(report.contains("| small-30 | 30 | glpk | optimal | 318000 | 318000 | 0.00% |"))
        #expect(report.contains("| small-30 | 30 | 318000 | 318000 | 1.000 | 318000 | 0.00% |"))
        #expect(XMLParser(contentsOf: URL(fileURLWithPath: "\(output)/chart.svg"))?.parse() == true)
        let machine = try InputFile.readJSON("\(output)/machine.json").objectValue
        #expect(machine?["glpk"]?.stringValue?.isEmpty == false)
        #expect(machine?["logicalCPUs"]?.integerValue ?? 0 >= 1)
        #expect(FileManager.default.fileExists(atPath: "\(output)/rosters/small-30.greedy.json"))
    }

    @Test func repeatsRunWithSuccessiveSeedsWhenAsked() throws {
        let folder = try Planner.scratchFolder("bench-seeds")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let suite = """
            {"name": "seeds", "seed": 7,
             "configurations": [{"name": "greedy", "solver": "greedy", "localSearch": false, "timeLimit": 1}],
             "instances": [{"path": "\(Planner.path("instances/bench/small-30.json"))", "family": "small"}]}
            """
        try suite.write(toFile: "\(folder)/suite.json", atomically: true, encoding: .utf8)
        let checker = ["--python-checker", Planner.sharedChecker]
        for (flags, seeds) in [([], ["7", "7", "7"]), (["--vary-seed"], ["7", "8", "9"])] {
            let output = "\(folder)/out\(flags.count)"
            let result = try Planner.run(
                ["bench", "\(folder)/suite.json", "--planner", Self.fakePlanner, "--out", output, "--repeat", "3"]
                    + checker + flags)
            #expect(result.status == 0, "\(result.error)")
            let document = try InputFile.readJSON("\(output)/results.json").objectValue
            let runs = try #require(document?["runs"]?.arrayValue).compactMap(\.objectValue)
            let commands = runs.compactMap { $0["command"]?.arrayValue?.compactMap(\.stringValue) }
            #expect(
                commands.compactMap { command in command.firstIndex(of: "--seed").map { command[$0 + 1] } } == seeds)
            #expect(runs.map { $0["seed"]?.integerValue } == seeds.map { Int($0) })
            #expect(document?["varySeed"] == .bool(!flags.isEmpty))
        }
        let report = try String(contentsOfFile: "\(folder)/out1/results.md", encoding: .utf8)
        #expect(report.contains("3 repetitions per pair with successive seeds, medians shown"))
    }

    @Test func listsThePairsAndRejectsBadSuites() throws {
        let listed = try Planner.run(["bench", Planner.path("benchmarks/quick.json"), "--list", "--filter", "/glpk"])
        #expect(listed.status == 0)
        #expect(listed.output.split(separator: "\n").allSatisfy { $0.contains("/glpk (glpk, 5 s)") })
        let folder = try Planner.scratchFolder("bench-bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try
            (#"{"configurations": [{"name": "x", "solver": "cplex", "timeLimit": 1}], "instances": [{"path": "#
            + #""nowhere.json"}]}"#)
            .write(toFile: "\(folder)/suite.json", atomically: true, encoding: .utf8)
        let bad = try Planner.run(["bench", "\(folder)/suite.json"])
        #expect(bad.status == 2)
        #expect(bad.error.contains("configurations[0].solver"))
    }

    // MARK: Child processes

    static func child(_ script: String, limit: Double? = nil, in folder: String) -> ChildProcess {
        ChildProcess(
            executable: "/bin/sh", arguments: ["-c", script], standardOutput: "\(folder)/out",
            standardError: "\(folder)/err",
            hardLimit: limit, killGrace: 0.5)
    }

    @Test func childProcessReportsExitStatusOutputAndTimeouts() throws {
        let folder = try Planner.scratchFolder("child")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let failed = try Self.child("echo hello; echo oops >&2; exit 3", in: folder).run()
        #expect(failed.ending == .exited(3) && !failed.stopped)
        #expect(try String(contentsOfFile: "\(folder)/out", encoding: .utf8) == "hello\n")
        #expect(ChildProcess.tail(of: "\(folder)/err") == "oops")

        let slow = try Self.child("sleep 5", limit: 0.2, in: folder).run()
        #expect(slow.stopped)
        #expect(slow.ending == .signaled(SIGTERM))
        #expect(slow.wallSeconds < 2)

        #expect(throws: ChildProcess.SpawnError.self) {
            try ChildProcess(
                executable: "/nonexistent/tool", arguments: [], standardOutput: "\(folder)/out",
                standardError: "\(folder)/err"
            ).run()
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func childProcessMeasuresPeakMemory() throws {
        let folder = try Planner.scratchFolder("memory")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "b = bytearray(300 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1"
        let measured = try ChildProcess(
            executable: "/usr/bin/python3", arguments: ["-c", script], standardOutput: "\(folder)/out",
            standardError: "\(folder)/err"
        ).run()
        #expect(measured.succeeded)
        #expect((measured.peakKiB ?? 0) > 300 * 1024)
        #expect((measured.peakKiB ?? .max) < 400 * 1024)
    }
}
