import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterBench

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Benchmark suites, summaries and reports")
struct BenchSuiteTests {
    static func parse(_ text: String) throws -> BenchSuite {
        try BenchSuite.parse(JSONParser.parse(text), folder: "/repo/benchmarks")
    }

    static func problems(_ text: String) throws -> [InputProblem] {
        let error = #expect(throws: BenchSuiteError.self) { try parse(text) }
        return error?.problems ?? []
    }

    // MARK: Suites

    @Test func readsASuiteWithDefaultsAndPerFamilyLimits() throws {
        let suite = try Self.parse(
            #"""
            {"name": "s", "configurations": [
               {"name": "greedy", "solver": "greedy", "localSearch": false, "timeLimit": 0},
               {"name": "glpk", "solver": "glpk", "timeLimit": {"default": 30, "large": 60}, "seed": 7, "args": \#
            ["--gap", "0"]}],
             "instances": [{"path": "../instances/bench/small-30.json", "family": "small"},
                           {"path": "/abs/large.json", "family": "large", "name": "big"}]}
            """#)
        #expect(suite.seed == 1)
        #expect(suite.graceSeconds == 60)
        #expect(suite.comparison == nil)
        #expect(suite.configurations[0].localSearch == false)
        #expect(suite.configurations[0].timeLimit.seconds(for: "anything") == 0)
        #expect(suite.configurations[1].timeLimit.seconds(for: "large") == 60)
        #expect(suite.configurations[1].timeLimit.seconds(for: "small") == 30)
        #expect(suite.configurations[1].seed == 7)
        #expect(suite.configurations[1].arguments == ["--gap", "0"])
        #expect(suite.instances.map(\.name) == ["small-30", "big"])
        #expect(suite.instances.map(\.resolvedPath) == ["/repo/instances/bench/small-30.json", "/abs/large.json"])
    }

    @Test func reportsEveryProblemWithItsPath() throws {
        let problems = try Self.problems(
            #"""
            {"name": "bad", "seed": -1, "colour": "red", "configurations": [
               {"name": "a", "solver": "gurobi", "timeLimit": 5},
               {"name": "b", "solver": "glpk"},
               {"name": "c", "solver": "glpk", "timeLimit": -2, "localSearch": "yes"},
               {"name": "d", "solver": "auto", "timeLimit": {"large": 60}, "args": [1]},
               {"name": "d", "solver": "cbc", "timelimit": 5, "timeLimit": 5},
               {"name": "e f", "solver": "greedy", "timeLimit": 1}],
             "instances": [{"path": "x.json", "family": "small"}, {"family": "small"}, 7],
             "compare": {"heuristic": "a", "exact": "zzz"}}
            """#)
        #expect(
            problems.map(\.path) == [
                "colour", "seed", "configurations[0].solver", "configurations[1].timeLimit",
                "configurations[2].localSearch", "configurations[2].timeLimit", "configurations[3].args[0]",
                "configurations[4].timelimit", "configurations[5].name", "instances[1].path", "instances[2]",
                "configurations[4]", "configurations[3].timeLimit", "compare.heuristic", "compare.exact",
            ])
        #expect(problems.first { $0.path == "configurations[0].solver" }?.message.contains("gurobi") == true)
        #expect(problems.first { $0.path == "configurations[3].timeLimit" }?.message.contains("\"small\"") == true)
    }

    @Test(arguments: [
        (#"[1, 2]"#, ""),
        (#"{"configurations": [], "instances": [{"path": "a.json"}]}"#, "configurations"),
        (#"{"configurations": [{"name": "g", "solver": "greedy", "timeLimit": 1}]}"#, "instances"),
        (
            #"{"configurations": [{"name": "g", "solver": "greedy", "timeLimit": true}], "instances": [{"path": "#
                + #""a.json"}]}"#, "configurations[0].timeLimit"
        ),
    ])
    func rejectsSuitesMissingTheirParts(_ text: String, _ path: String) throws {
        #expect(try Self.problems(text).map(\.path).contains(path))
    }

    @Test func filtersMatchFamilyInstanceAndConfiguration() {
        let instance = BenchInstance(name: "small-30", path: "a", resolvedPath: "a", family: "small")
        let glpk = BenchConfiguration(
            name: "glpk", solver: .glpk, localSearch: true, timeLimit: .init(byFamily: [:], fallback: 1), seed: nil,
            arguments: [])
        #expect(BenchRunner.matches([], instance: instance, configuration: glpk))
        #expect(BenchRunner.matches(["small", "/glpk"], instance: instance, configuration: glpk))
        #expect(BenchRunner.matches(["small/small-30/glpk"], instance: instance, configuration: glpk))
        #expect(!BenchRunner.matches(["small", "greedy"], instance: instance, configuration: glpk))
    }

    @Test func theShippedSuitesAreValid() throws {
        for file in ["benchmarks/suite.json", "benchmarks/quick.json"] {
            let suite = try BenchSuite.load(Planner.path(file))
            #expect(suite.instances.allSatisfy { FileManager.default.fileExists(atPath: $0.resolvedPath) }, "\(file)")
            #expect(suite.comparison == .init(heuristic: "greedy+ls", exact: "glpk"))
        }
        let full = try BenchSuite.load(Planner.path("benchmarks/suite.json"))
        let glpk = try #require(full.configurations.first { $0.name == "glpk" })
        #expect(
            [
                glpk.timeLimit.seconds(for: "small"), glpk.timeLimit.seconds(for: "large"),
                glpk.timeLimit.seconds(for: "extra-large"),
            ] == [30, 60, 120])
        #expect(Set(full.instances.map(\.family)) == ["small", "medium", "large", "extra-large", "edge", "cohort"])
    }

    @Test func thePeerSuitesRunCPSATBesideThePlanner() throws {
        let peers = try BenchSuite.load(Planner.path("benchmarks/peers.json"))
        #expect(peers.instances.allSatisfy { FileManager.default.fileExists(atPath: $0.resolvedPath) })
        #expect(peers.configurations.map(\.solver) == [.auto, .cpsat, .highs, .cbc])
        #expect(peers.configurations.allSatisfy { $0.timeLimit.fallback == 30 })
        let cohort = try BenchSuite.load(Planner.path("benchmarks/cohort.json"))
        #expect(cohort.instances.map(\.family) == ["cohort", "cohort", "cohort"])
        // A CP-SAT roster is checked like the planner's; CBC's and HiGHS's figures are the model's.
        #expect(BenchConfiguration.Solver.cpsat.isExternal && BenchConfiguration.Solver.cpsat.writesRoster)
        #expect(!BenchConfiguration.Solver.cbc.writesRoster && !BenchConfiguration.Solver.highs.writesRoster)
    }

    @Test func peerTableDividesThePlannersTotalByEachPeers() throws {
        func row(_ configuration: String, _ solver: String, _ total: Double?, bound: Double? = nil) -> BenchRow {
            BenchRow(
                pair: BenchPair(
                    instance: "w", family: "cohort", patients: 140, configuration: configuration, solver: solver,
                    timeLimit: 30),
                runs: 1,
                outcome: "ok", status: nil, total: total, bound: bound, gap: nil, wallSeconds: nil, peakKiB: nil,
                swiftCheck: "valid",
                pythonCheck: "valid", problems: [])
        }
        let configurations = try BenchSuite.load(Planner.path("benchmarks/peers.json")).configurations
        let table = try #require(
            BenchReport.peerTable(
                [
                    row("auto", "auto", 1500, bound: 1000), row("cpsat", "cpsat", 1200),
                    row("highs", "highs", 3000, bound: 1100), row("cbc", "cbc", nil),
                ],
                planner: "auto", peers: configurations))
        #expect(
            table.contains(
                "| auto total | cpsat total | ratio | highs total | ratio | cbc total | ratio | best bound |"))
        #expect(table.contains("| w | 140 | 1500 | 1200 | 1.250 | 3000 | 0.500 | - | - | 1100 |"))
        #expect(
            BenchReport.peerTable([row("auto", "auto", 1)], planner: "auto", peers: Array(configurations.prefix(1)))
                == nil)
    }

    // MARK: Summaries

    @Test func medianOfOddEvenAndNoValues() {
        #expect(BenchMath.median([3, 1, 2]) == 2)
        #expect(BenchMath.median([4, 1, 3, 2]) == 2.5)
        #expect(BenchMath.median([7]) == 7)
        #expect(BenchMath.median([]) == nil)
    }

    static let instance = BenchInstance(
        name: "small-30", path: "small-30.json", resolvedPath: "/small-30.json", family: "small")

    static func run(
        _ configuration: String, solver: BenchConfiguration.Solver = .glpk, repetition: Int = 1, total: Double?,
        bound: Double? = nil, wall: Double, patients: Int = 30
    ) -> BenchRun {
        let settings = BenchConfiguration(
            name: configuration, solver: solver, localSearch: true, timeLimit: .init(byFamily: [:], fallback: 30),
            seed: nil, arguments: [])
        var run = BenchRun(
            instance: instance, patients: patients, configuration: settings, timeLimit: 30, seed: 1,
            repetition: repetition)
        run.total = total
        run.bound = bound
        run.gap = total.flatMap { value in bound.map { abs(value - $0) / value } }
        run.wallSeconds = wall
        run.peakKiB = 20480
        run.status = total == nil ? nil : "optimal"
        run.swiftCheck = total.map { .valid(total: $0) }
        run.pythonCheck = total.map { .valid(total: $0) }
        if total == nil { run.outcome = .timeout }
        return run
    }

    @Test func repetitionsAreSummarizedByMedians() {
        let rows = BenchRow.summarize([
            Self.run("glpk", total: 120, bound: 100, wall: 3),
            Self.run("greedy", solver: .greedy, total: 150, wall: 0.5),
            Self.run("glpk", repetition: 2, total: 110, bound: 100, wall: 1),
            Self.run("glpk", repetition: 3, total: nil, wall: 35),
        ])
        #expect(rows.map(\.pair.configuration) == ["glpk", "greedy"])
        #expect(rows[0].runs == 3)
        #expect(rows[0].total == 115)
        #expect(rows[0].wallSeconds == 2)
        #expect(rows[0].outcome == "ok x2, timeout x1")
        #expect(rows[0].status == "optimal")
        #expect(rows[0].swiftCheck == "valid")
        #expect(BenchRow.tally(["a", "a"]) == "a")
    }

    @Test func boundsAboveAKnownTotalAreFlaggedOnBothRows() {
        var runs = ArraySlice([
            Self.run("glpk", total: 120, bound: 118, wall: 1), Self.run("greedy", solver: .greedy, total: 115, wall: 1),
        ])
        let problems = BenchRunner.crossCheckBounds(&runs)
        #expect(problems == ["BOUND CONFLICT on small-30: glpk proves bound 118 but greedy reaches total 115"])
        #expect(runs.allSatisfy { $0.problems == problems })
        var fine = ArraySlice([
            Self.run("glpk", total: 120, bound: 100, wall: 1), Self.run("greedy", solver: .greedy, total: 115, wall: 1),
        ])
        #expect(BenchRunner.crossCheckBounds(&fine).isEmpty)
    }

    // MARK: Report

    @Test func resultsTableHasOneLinePerPair() {
        var failed = Self.run("auto", total: nil, wall: 90.5)
        failed.message = "stopped"
        let rows = BenchRow.summarize([Self.run("glpk", total: 1234, bound: 1200, wall: 12.5), failed])
        let lines = BenchReport.resultsTable(rows).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(
            lines[0].hasPrefix("| instance | patients | config | status | total | bound | gap | wall s | peak MiB |"))
        #expect(lines[2] == "| small-30 | 30 | glpk | optimal | 1234 | 1200 | 2.76% | 12.50 | 20.0 | valid | valid |")
        #expect(lines[3] == "| small-30 | 30 | auto | **timeout** | - | - | - | 90.50 | 20.0 | - | - |")
    }

    @Test func comparisonTableDividesTheTotals() {
        let rows = BenchRow.summarize([
            Self.run("greedy+ls", solver: .greedy, total: 1300, wall: 5),
            Self.run("glpk", total: 1250, bound: 1200, wall: 30),
        ])
        let table = BenchReport.comparisonTable(rows, .init(heuristic: "greedy+ls", exact: "glpk"))
        #expect(table.split(separator: "\n").last == "| small-30 | 30 | 1300 | 1250 | 1.040 | 1200 | 7.69% |")
    }

    @Test func chartIsWellFormedSVGWithAPointPerResultAndPanel() throws {
        var odd = Self.run("a&b <peer>", solver: .cbc, total: 100, bound: 90, wall: 0.004, patients: 2000)
        odd.pair.instance = "x\"y"
        let rows = BenchRow.summarize([
            Self.run("glpk", total: 1234, bound: 1200, wall: 12),
            Self.run("greedy", solver: .greedy, total: 1300, wall: 0.2),
            Self.run("auto", total: nil, wall: 40), odd,
        ])
        let svg = BenchChart.svg(
            rows, configurations: ["greedy", "glpk", "auto", "a&b <peer>"], title: "quick & <dirty>")
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["svg"] == 1)
        // Time: 3 results; gap: the 2 with a bound.
        #expect(counter.counts["circle"] == 5)
        #expect(counter.counts["polyline", default: 0] == 0)
        #expect(counter.texts.contains("a&b <peer>"))
        #expect(BenchChart.logTicks((log10(30), log10(2000))) == [50, 100, 200, 500, 1000, 2000])
        let axis = BenchChart.niceCeiling(7.3)
        #expect(axis.top == 8 && axis.step == 2)
    }

    final class ElementCounter: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var texts: [String] = []
        private var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            counts[name, default: 0] += 1
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { texts.append(text) }
        }
    }

    // MARK: External solvers

    @Test func readsCBCResults() {
        let optimal = ExternalSolver.parseCBC(
            "Result - Optimal solution found\n\nObjective value:                6.00000000\nEnumerated nodes: 0\n")
        #expect(optimal == .init(status: "optimal", objective: 6, bound: 6))
        let stopped = ExternalSolver.parseCBC(
            "Result - Stopped on time limit\n\nObjective value:                -4190.00000000\nLower "
                + "bound:                    -4208.402\nGap:                            0.00\n")
        #expect(stopped == .init(status: "time-limit", objective: -4190, bound: -4208.402))
        let nothing = ExternalSolver.parseCBC(
            "Result - Stopped on time limit\n\nNo feasible solution found\nObjective value:                1e+50\n")
        #expect(nothing == .init(status: "time-limit", objective: nil, bound: nil))
        #expect(ExternalSolver.parseCBC("Optimal - objective value 318000\n").objective == 318000)
    }

    @Test func readsHiGHSResults() {
        let report =
            "Solving report\n  Status            Time limit reached\n  Primal bound      1250\n  Dual "
            + "bound        1190.5\n  Gap               4.76% (tolerance: 0.1%)\n"
        #expect(ExternalSolver.parseHiGHS(report) == .init(status: "time-limit", objective: 1250, bound: 1190.5))
        let lp = "Model   status      : Optimal\nObjective value     :  6.0000000000e+00\n"
        #expect(ExternalSolver.parseHiGHS(lp) == .init(status: "optimal", objective: 6, bound: 6))
        #expect(
            ExternalSolver.arguments(for: .highs, model: "m.mps", timeLimit: 30, extra: []) == [
                "--model_file", "m.mps", "--time_limit", "30",
            ])
        #expect(
            ExternalSolver.arguments(for: .cbc, model: "m.mps", timeLimit: 2.5, extra: ["-threads", "1"]) == [
                "m.mps", "-sec", "2.5", "-threads", "1", "-solve", "-quit",
            ])
    }
}
