import Foundation
import RosterKit
import Testing

@testable import RosterSolvers

// Issue 16: what GLPK cannot stop once begun (scaling, the starting basis, writing a model file)
// stays under the deadline. Every deadline here has passed already or is far off: none is timed.

/// Maximise 60 a + 100 b + 120 c with 10 a + 20 b + 30 c <= 50, binary: 220 (b and c).
private func knapsack() throws -> (GLPKProblem, [ColumnIndex]) {
    let problem = try GLPKProblem(name: "knapsack")
    problem.setObjective(direction: .maximize)
    let items = try problem.addColumns(
        [60.0, 100, 120].enumerated().map {
            ColumnSpec(name: "take_\($0.offset)", kind: .binary, objective: $0.element)
        })
    try problem.addRow(name: "capacity", terms: zip(items, [10.0, 20, 30]).map { ($0, $1) }, bounds: .upper(50))
    return (problem, items)
}

@Suite("GLPK relaxations under a deadline")
struct GLPKRelaxationDeadlineTests {
    /// The search's later whole-program passes used to scale the program and build a new
    /// starting basis again, outside GLPK's time limit: seconds past the deadline on xl-2000.
    @Test func aRelaxationSolvedAgainKeepsItsScalingAndStartsFromTheBasisItLeft() throws {
        try GLPKLibrary.inThreadEnvironment {
            let (problem, items) = try knapsack()
            #expect(!problem.isScaled && !problem.hasRelaxationBasis)
            let first = try problem.solve(options: MIPOptions())
            #expect(problem.isScaled && problem.hasRelaxationBasis)
            let again = try problem.solve(options: MIPOptions())
            #expect(first.solution?.objectiveValue == 220)
            #expect(again.solution?.objectiveValue == 220)
            #expect(again.relaxationValues == first.relaxationValues)

            // New bounds keep the scale factors (they depend on the matrix alone), not the basis.
            try problem.setBounds(of: items[2], lower: 0, upper: 0)
            #expect(problem.isScaled && !problem.hasRelaxationBasis)
            #expect(try problem.solve(options: MIPOptions()).solution?.objectiveValue == 160)
            #expect(problem.hasRelaxationBasis)
            // A new row changes the matrix: both go.
            try problem.addRow(terms: [(items[0], 1)], bounds: .upper(0))
            #expect(!problem.isScaled && !problem.hasRelaxationBasis)
            #expect(try problem.solve(options: MIPOptions()).solution?.objectiveValue == 100)
        }
    }

    /// Loading took "1,000 s", so scaling would take longer than the 5 s left: it is not begun,
    /// and the search ends on its time limit with the starting solution it was given.
    @Test func scalingIsNotBegunWhenItWouldOutlastTheTimeLeft() throws {
        try GLPKLibrary.inThreadEnvironment {
            let (problem, _) = try knapsack()
            problem.loadingSeconds = 1_000
            let outcome = try problem.solve(options: MIPOptions(timeLimit: 5, startingSolution: [1, 1, 0]))
            #expect(outcome.status == .feasible(reason: .timeLimit), "\(outcome.status)")
            #expect(outcome.solution?.values == [1, 1, 0])
            #expect(!problem.isScaled)
            #expect(outcome.relaxationValues == nil)
        }
    }
}

@Suite("GLPK model files under a deadline")
struct GLPKExportDeadlineTests {
    private static func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID()).lp").path
    }

    /// A writer still running at the deadline is killed: a child that would sleep half a minute
    /// is stopped at once, since its deadline has passed.
    @Test func aChildStillRunningAtTheDeadlineIsKilled() {
        #expect(ForkedWriter.run(until: Deadline(seconds: 0)) { sleep(30) == 0 ? 0 : 0 } == .stopped)
    }

    /// Before the deadline the child's answer comes back: 0 for success, anything else a failure.
    @Test func aChildThatEndsInTimeGivesItsAnswer() {
        #expect(ForkedWriter.run(until: Deadline(seconds: 600)) { 0 } == .finished(0))
        #expect(ForkedWriter.run(until: Deadline(seconds: 600)) { 7 } == .finished(1))
    }

    @Test func aModelWrittenUnderADeadlineIsTheModelWrittenWithout() throws {
        let (plain, timed) = (Self.scratch("plain"), Self.scratch("timed"))
        defer {
            try? FileManager.default.removeItem(atPath: plain)
            try? FileManager.default.removeItem(atPath: timed)
        }
        try GLPKLibrary.inThreadEnvironment {
            let (problem, _) = try knapsack()
            try problem.writeLP(to: plain)
            try problem.writeLP(to: timed, deadline: Deadline(seconds: 600))
        }
        let text = try String(contentsOfFile: plain, encoding: .utf8)
        #expect(text.contains("capacity"))
        #expect(try String(contentsOfFile: timed, encoding: .utf8) == text)
    }

    @Test(arguments: [ModelFormat.lp, .mps])
    func aDeadlinePassedBeforeWritingWritesNothing(_ format: ModelFormat) throws {
        let path = Self.scratch("late")
        try GLPKLibrary.inThreadEnvironment {
            let (problem, _) = try knapsack()
            let name = format == .lp ? "CPLEX LP" : "free MPS"
            #expect(throws: MIPError.exportTimedOut(path: path, format: name)) {
                switch format {
                case .lp: try problem.writeLP(to: path, deadline: Deadline(seconds: 0))
                case .mps: try problem.writeMPS(to: path, deadline: Deadline(seconds: 0))
                }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
