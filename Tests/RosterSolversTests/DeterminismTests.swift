import Foundation
import RosterKit
import RosterSolvers
import Testing

/// The same instance, options and seed give a byte-identical roster file, 20 runs in a row,
/// wherever that is promised:
///
/// - greedy construction alone, always;
/// - greedy with local search when the search ends by itself (at a local optimum or its move
///   limit) rather than at its time budget;
/// - GLPK and auto when GLPK proves the optimum well within the time limit. A wall-clock limit
///   can stop GLPK's search at a different node from run to run, so under a binding limit only
///   validity is promised, not the same roster.
///
/// Compared: the roster document as `solve -o` writes it, without `notes`, which carry timings
/// (see docs/ROBUSTNESS.md).
@Suite("Determinism")
struct DeterminismTests {
    static let runs = 20

    /// The roster documents of `runs` solves, and the first outcome.
    static func documents(_ solver: any RosterSolver, _ relative: String, options: SolveOptions) throws -> (texts: [String], first: SolveOutcome) {
        let instance = try Fixtures.instance(relative)
        let index = InstanceIndex(instance)
        var texts: [String] = []
        var first: SolveOutcome?
        for _ in 0..<runs {
            let outcome = try solver.solve(instance, options: options)
            first = first ?? outcome
            guard case .object(var document) = outcome.rosterDocument(index: index) else { continue }
            document["notes"] = nil
            texts.append(JSONWriter.write(.object(document)))
        }
        return (texts, first!)
    }

    static func expectIdentical(_ texts: [String], _ label: String) {
        #expect(texts.count == runs)
        let distinct = Set(texts)
        #expect(distinct.count == 1, "\(label): \(distinct.count) different rosters in \(runs) runs")
    }

    @Test(arguments: ["instances/riverside-40.json", "instances/lakeside-120.json"])
    func greedyConstruction(_ instance: String) throws {
        let (texts, _) = try Self.documents(GreedySolver(localSearch: false), instance, options: SolveOptions(seed: 7))
        Self.expectIdentical(texts, instance)
    }

    /// The default local search (as `solve --solver greedy` runs it) ends by itself on this
    /// instance well within its budget, so its roster must not depend on the clock.
    @Test func greedyLocalSearch() throws {
        let (texts, first) = try Self.documents(GreedySolver(), "Tests/Fixtures/instances/rules-lab.json", options: SolveOptions(timeLimit: 60, seed: 7))
        #expect(first.notes.contains { $0.contains("stopped at a local optimum") }, "\(first.notes)")
        Self.expectIdentical(texts, "rules-lab")
    }

    @Test func glpkProvenOptimum() throws {
        let (texts, first) = try Self.documents(GLPKSolver(), "Tests/Fixtures/instances/rules-lab.json", options: SolveOptions(timeLimit: 60))
        #expect(first.status == .optimal)
        Self.expectIdentical(texts, "rules-lab")
    }

    @Test func autoProvenOptimum() throws {
        let solver = AutoSolver(exact: GLPKSolver(), heuristic: GreedySolver())
        let (texts, first) = try Self.documents(solver, "instances/tiny.json", options: SolveOptions(timeLimit: 60, seed: 7))
        #expect(first.status == .optimal)
        Self.expectIdentical(texts, "tiny")
    }
}
