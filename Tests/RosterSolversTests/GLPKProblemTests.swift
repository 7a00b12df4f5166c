import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterSolvers

// Every test is synchronous: a GLPKProblem must be created, solved and freed on one thread; each
// runs in GLPKLibrary.inThreadEnvironment, so no test thread keeps a GLPK environment after it.

// MARK: - Fixtures

/// A 0/1 knapsack: maximise value within a weight capacity.
private struct Knapsack {
    var values: [Int]
    var weights: [Int]
    var capacity: Int

    static let textbook = Knapsack(values: [60, 100, 120], weights: [10, 20, 30], capacity: 50)

    static func random(items: Int, seed: UInt64) -> Knapsack {
        var rng = SplitMix64(seed: seed)
        let weights = (0..<items).map { _ in Int.random(in: 5...60, using: &rng) }
        let values = weights.map { $0 + Int.random(in: 0...20, using: &rng) }
        return Knapsack(values: values, weights: weights, capacity: weights.reduce(0, +) / 2)
    }

    /// The optimum by dynamic programming over capacities.
    var optimum: Int {
        var best = [Int](repeating: 0, count: capacity + 1)
        for (value, weight) in zip(values, weights) where weight <= capacity {
            for c in stride(from: capacity, through: weight, by: -1) {
                best[c] = max(best[c], best[c - weight] + value)
            }
        }
        return best[capacity]
    }

    func problem() throws -> (GLPKProblem, [ColumnIndex]) {
        let problem = try GLPKProblem(name: "knapsack")
        problem.setObjective(direction: .maximize)
        let items = try problem.addColumns(
            values.indices.map {
                ColumnSpec(name: "take_\($0)", kind: .binary, objective: Double(values[$0]))
            })
        try problem.addRow(
            name: "capacity",
            terms: zip(items, weights).map { ($0, Double($1)) },
            bounds: .upper(Double(capacity))
        )
        return (problem, items)
    }
}

/// A market-split instance (Cornuéjols & Dawande), made always feasible with penalised slacks.
///
/// Minimise Σ(over + under) subject to Σ aᵢⱼ xⱼ + underᵢ − overᵢ = dᵢ with binary x. The LP
/// bound is 0 almost everywhere in the tree, so branch and bound cannot finish quickly.
private struct MarketSplit {
    let problem: GLPKProblem
    let choices: [ColumnIndex]
    let under: [ColumnIndex]
    let over: [ColumnIndex]
    let coefficients: [[Int]]
    let targets: [Int]

    init(rows: Int = 5, columns: Int = 30, seed: UInt64 = 7) throws {
        var rng = SplitMix64(seed: seed)
        coefficients = (0..<rows).map { _ in (0..<columns).map { _ in Int.random(in: 0...99, using: &rng) } }
        targets = coefficients.map { $0.reduce(0, +) / 2 }
        problem = try GLPKProblem(name: "market split")
        choices = try problem.addColumns((0..<columns).map { ColumnSpec(name: "x\($0)", kind: .binary) })
        under = try problem.addColumns((0..<rows).map { ColumnSpec(name: "under\($0)", kind: .integer, objective: 1) })
        over = try problem.addColumns((0..<rows).map { ColumnSpec(name: "over\($0)", kind: .integer, objective: 1) })
        for row in 0..<rows {
            let terms: [(ColumnIndex, Double)] =
                zip(choices, coefficients[row]).map { ($0, Double($1)) } + [(under[row], 1), (over[row], -1)]
            try problem.addRow(name: "split\(row)", terms: terms, bounds: .fixed(Double(targets[row])))
        }
    }

    /// A feasible point: choose nothing, and let the "under" slacks make up every target.
    var chooseNothing: (values: [Double], objective: Double) {
        var values = [Double](repeating: 0, count: problem.columnCount)
        for (slack, target) in zip(under, targets) { values[slack.rawValue] = Double(target) }
        return (values, Double(targets.reduce(0, +)))
    }
}

/// Statuses a time-limited run may legitimately end with.
private func endedWithinTimeLimitRules(_ status: MIPStatus) -> Bool {
    switch status {
    case .optimal, .feasible(reason: .timeLimit), .noSolutionFound(reason: .timeLimit): true
    default: false
    }
}

// MARK: - Solving

@Suite("GLPKProblem")
struct GLPKProblemTests {
    @Test("A textbook knapsack is solved to optimality", arguments: [true, false])
    func textbookKnapsack(presolve: Bool) throws {
        try GLPKLibrary.inThreadEnvironment {
            let (problem, items) = try Knapsack.textbook.problem()
            let outcome = try problem.solve(options: MIPOptions(presolve: presolve))
            #expect(outcome.status == .optimal)
            let solution = try #require(outcome.solution)
            #expect(solution.objectiveValue == 220)
            #expect(items.map { solution[$0] } == [0, 1, 1])
            #expect(outcome.bestBound == 220)
            #expect(outcome.relativeGap == 0)
            #expect(outcome.status.description.contains("proved"))
        }
    }

    @Test("The root relaxation's values come with the outcome")
    func relaxationValues() throws {
        try GLPKLibrary.inThreadEnvironment {
            // Greedy by value per weight: items 1 and 2 whole, then 20 of item 3's 30.
            let (problem, _) = try Knapsack.textbook.problem()
            let outcome = try problem.solve(options: MIPOptions())
            let values = try #require(outcome.relaxationValues)
            #expect(zip(values, [1, 1, 2.0 / 3]).allSatisfy { abs($0 - $1) < 1e-9 })
        }
    }

    @Test("A random knapsack matches dynamic programming", arguments: [true, false])
    func randomKnapsack(presolve: Bool) throws {
        try GLPKLibrary.inThreadEnvironment {
            let knapsack = Knapsack.random(items: 25, seed: 42)
            let (problem, _) = try knapsack.problem()
            let outcome = try problem.solve(options: MIPOptions(timeLimit: 20, presolve: presolve))
            #expect(outcome.status == .optimal)
            #expect(outcome.objectiveValue == Double(knapsack.optimum))
        }
    }

    @Test("The objective constant is included, and an empty problem solves")
    func objectiveConstant() throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            try problem.setObjectiveConstant(5)
            #expect(try problem.solve().objectiveValue == 5)

            let x = try problem.addColumn(kind: .integer, lowerBound: 1.5, upperBound: 10, objective: 2)
            let outcome = try problem.solve(options: MIPOptions(presolve: false))
            #expect(outcome.status == .optimal)
            #expect(outcome.solution?[x] == 2)  // the integer bound 1.5 is rounded up to 2
            #expect(outcome.objectiveValue == 9)
        }
    }

    @Test("An infeasible relaxation is reported as infeasible", arguments: [true, false])
    func infeasibleRelaxation(presolve: Bool) throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            let x = try problem.addColumn(kind: .binary)
            let y = try problem.addColumn(kind: .binary)
            try problem.addRow(terms: [(x, 1), (y, 1)], bounds: .lower(3))
            let outcome = try problem.solve(options: MIPOptions(presolve: presolve))
            #expect(outcome.status == .infeasible)
            #expect(outcome.solution == nil)
            #expect(outcome.bestBound == nil)
            #expect(
                outcome.status.description == "The problem has no solution: its constraints cannot all be met at once.")
        }
    }

    @Test("A problem with a feasible relaxation but no integer point is infeasible", arguments: [true, false])
    func integerInfeasible(presolve: Bool) throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            let x = try problem.addColumn(kind: .integer, upperBound: 5)
            let y = try problem.addColumn(kind: .integer, upperBound: 5)
            try problem.addRow(terms: [(x, 2), (y, 2)], bounds: .fixed(3))
            let outcome = try problem.solve(options: MIPOptions(presolve: presolve))
            #expect(outcome.status == .infeasible)
        }
    }

    @Test("An unbounded problem is a failure that names the likely cause", arguments: [true, false])
    func unbounded(presolve: Bool) throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            let x = try problem.addColumn(kind: .integer, objective: -1)
            let y = try problem.addColumn(kind: .continuous)
            try problem.addRow(terms: [(x, 1), (y, -1)], bounds: .upper(4))
            let outcome = try problem.solve(options: MIPOptions(presolve: presolve))
            #expect(outcome.status == .failed(reason: .unboundedRelaxation))
            #expect(outcome.status.description.contains("bound is probably missing"))
        }
    }

    // MARK: Time limits, cancellation, progress

    @Test("A time limit stops a hard instance promptly", arguments: [true, false])
    func timeLimit(presolve: Bool) throws {
        try GLPKLibrary.inThreadEnvironment {
            let instance = try MarketSplit()
            let outcome = try instance.problem.solve(options: MIPOptions(timeLimit: 0.2, presolve: presolve))
            #expect(endedWithinTimeLimitRules(outcome.status), "\(outcome.status)")
            #expect(outcome.elapsedSeconds < 20)  // sanity only: it returns at all
            if let solution = outcome.solution {
                _ = try instance.problem.checkSolution(solution.values)
                if let bound = outcome.bestBound {
                    #expect(bound <= solution.objectiveValue + 1e-9)
                    #expect(bound >= 0 - 1e-9)
                }
                #expect(outcome.relativeGap != nil || outcome.bestBound == nil)
            }
        }
    }

    @Test("A time limit also bounds the LP relaxation of a large model")
    func timeLimitDuringRelaxation() throws {
        try GLPKLibrary.inThreadEnvironment {
            var rng = SplitMix64(seed: 3)
            let problem = try GLPKProblem(name: "large cover")
            let columns = try problem.addColumns(
                (0..<50_000).map { _ in
                    ColumnSpec(kind: .binary, objective: Double(Int.random(in: 1...20, using: &rng)))
                })
            try problem.addRows(
                (0..<5_000).map { _ in
                    RowSpec(
                        terms: (0..<40).map { _ in (columns[Int.random(in: 0..<columns.count, using: &rng)], 1.0) },
                        bounds: .lower(1))
                })
            let outcome = try problem.solve(options: MIPOptions(timeLimit: 0.2))
            #expect(endedWithinTimeLimitRules(outcome.status), "\(outcome.status)")
            #expect(outcome.elapsedSeconds < 20)  // sanity only: it returns at all
        }
    }

    @Test("A cancellation request stops the search")
    func cancellation() throws {
        try GLPKLibrary.inThreadEnvironment {
            let instance = try MarketSplit()
            var polls = 0
            let outcome = try instance.problem.solve(
                options: MIPOptions(
                    timeLimit: 20,
                    shouldStop: {
                        polls += 1
                        return true
                    }))
            #expect(polls >= 1)
            switch outcome.status {
            case .feasible(reason: .stopped), .noSolutionFound(reason: .stopped): break
            default: Issue.record("expected a stop on request, got \(outcome.status)")
            }
            #expect(outcome.elapsedSeconds < 20)
        }
    }

    @Test("A search whose incumbent and bound stop moving ends at its stall limit, long before its time limit")
    func stall() throws {
        try GLPKLibrary.inThreadEnvironment {
            let instance = try MarketSplit()
            let outcome = try instance.problem.solve(
                options: {
                    var options = MIPOptions(timeLimit: 60)
                    options.stallSeconds = 0.3
                    return options
                }())
            switch outcome.status {
            case .feasible(reason: .stalled), .noSolutionFound(reason: .stalled): break
            default: Issue.record("expected a stalled search, got \(outcome.status)")
            }
            #expect(
                outcome.status.description.contains("stalled")
                    || outcome.status.description.contains("stopped improving"))
            if let solution = outcome.solution { _ = try instance.problem.checkSolution(solution.values) }
        }
    }

    @Test("Progress is reported, at most about four times a second")
    func progress() throws {
        try GLPKLibrary.inThreadEnvironment {
            let instance = try MarketSplit()
            var reports: [MIPProgress] = []
            let outcome = try instance.problem.solve(
                options: MIPOptions(
                    timeLimit: 0.6, presolve: false, progress: { reports.append($0) }
                ))
            #expect(!reports.isEmpty)
            #expect(reports.count <= Int(outcome.elapsedSeconds * 4) + 2)
            #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.elapsedSeconds <= $1.elapsedSeconds })
            for report in reports {
                if let incumbent = report.incumbentObjective, let bound = report.bestBound {
                    #expect(bound <= incumbent + 1e-9)
                }
            }
        }
    }

    // MARK: Starting solutions

    @Test("A starting solution is offered to the search and taken")
    func startingSolutionInjected() throws {
        try GLPKLibrary.inThreadEnvironment {
            let knapsack = Knapsack.random(items: 25, seed: 42)
            let (problem, _) = try knapsack.problem()
            let optimum = try #require(try problem.solve().solution)

            let outcome = try problem.solve(options: MIPOptions(startingSolution: optimum.values))
            #expect(outcome.startingSolution == .injected)
            #expect(outcome.status == .optimal)
            #expect(outcome.objectiveValue == optimum.objectiveValue)
        }
    }

    @Test("The outcome is never worse than the starting solution, even with a tiny time limit")
    func startingSolutionKept() throws {
        try GLPKLibrary.inThreadEnvironment {
            let instance = try MarketSplit()
            let start = instance.chooseNothing
            for limit in [0.001, 0.05] {
                let outcome = try instance.problem.solve(
                    options: MIPOptions(timeLimit: limit, startingSolution: start.values))
                #expect(endedWithinTimeLimitRules(outcome.status), "\(outcome.status)")
                let objective = try #require(outcome.objectiveValue)
                #expect(objective <= start.objective)
                #expect(outcome.startingSolution != .notGiven)
            }
        }
    }

    @Test("A starting solution that breaks the problem is rejected with a reason")
    func startingSolutionRejected() throws {
        try GLPKLibrary.inThreadEnvironment {
            let instance = try MarketSplit(rows: 2, columns: 6)
            var values = instance.chooseNothing.values

            #expect(throws: MIPError.self) {
                try instance.problem.solve(options: MIPOptions(startingSolution: [1, 2]))
            }

            values[instance.under[0].rawValue] += 1  // row 0 no longer adds up to its target
            do {
                _ = try instance.problem.solve(options: MIPOptions(startingSolution: values))
                Issue.record("an infeasible starting solution was accepted")
            } catch let error as MIPError {
                #expect(error.description.contains("split0"))
                #expect(error.description.contains("adds up to"))
            }

            values = instance.chooseNothing.values
            values[instance.choices[0].rawValue] = 0.5
            #expect(throws: MIPError.self) { try instance.problem.solve(options: MIPOptions(startingSolution: values)) }
        }
    }

    // MARK: Building

    @Test("Repeated columns in a row are summed and zeros dropped, not passed to GLPK")
    func duplicateTermsMerged() throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            let x = try problem.addColumn(name: "x", kind: .integer, upperBound: 10, objective: 1)
            let y = try problem.addColumn(name: "y", upperBound: 10)
            let z = try problem.addColumn(name: "z", upperBound: 10)
            let row = try problem.addRow(
                name: "merged",
                terms: [(x, 1), (y, 0), (x, 2), (z, -1), (z, 1)],
                bounds: .lower(7)
            )
            let terms = try problem.terms(of: row)
            #expect(terms.map(\.0) == [x])
            #expect(terms.map(\.1) == [3])

            let rows = try problem.addRows([
                RowSpec(name: "twice y", terms: [(y, 1), (y, 1)], bounds: .upper(4)),
                RowSpec(terms: [], bounds: .free),
            ])
            #expect(try problem.terms(of: rows[0]).map(\.1) == [2])
            #expect(try problem.terms(of: rows[1]).isEmpty)

            let outcome = try problem.solve()
            #expect(outcome.status == .optimal)
            #expect(outcome.objectiveValue == 3)  // 3x ≥ 7 with x integer
        }
    }

    @Test("Invalid input throws before it reaches GLPK")
    func invalidInput() throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            let x = try problem.addColumn(kind: .integer, upperBound: 3)

            #expect(throws: MIPError.self) { try problem.addColumn(lowerBound: 2, upperBound: 1) }
            #expect(throws: MIPError.self) { try problem.addColumn(lowerBound: .nan) }
            #expect(throws: MIPError.self) { try problem.addColumn(lowerBound: .infinity) }
            #expect(throws: MIPError.self) { try problem.addColumn(kind: .integer, lowerBound: 0.2, upperBound: 0.8) }
            #expect(throws: MIPError.self) { try problem.addColumn(kind: .binary, lowerBound: 2) }
            #expect(throws: MIPError.self) { try problem.addColumn(objective: .infinity) }
            #expect(throws: MIPError.self) { try problem.addColumn(name: String(repeating: "n", count: 256)) }
            #expect(throws: MIPError.self) { try problem.addColumn(name: "tab\there") }
            #expect(throws: MIPError.self) { try problem.addRow(terms: [(ColumnIndex(1), 1)], bounds: .free) }
            #expect(throws: MIPError.self) { try problem.addRow(terms: [(ColumnIndex(-1), 1)], bounds: .free) }
            #expect(throws: MIPError.self) { try problem.addRow(terms: [(x, .nan)], bounds: .free) }
            #expect(throws: MIPError.self) {
                try problem.addRow(
                    terms: [(x, .greatestFiniteMagnitude), (x, .greatestFiniteMagnitude)], bounds: .free)
            }
            #expect(throws: MIPError.self) { try problem.addRow(terms: [(x, 1)], bounds: .range(lower: 3, upper: 1)) }
            #expect(throws: MIPError.self) { try problem.addRow(terms: [(x, 1)], bounds: .upper(.infinity)) }
            #expect(throws: MIPError.self) { try problem.setBounds(of: x, lower: 5, upper: 4) }
            #expect(throws: MIPError.self) { try problem.setObjectiveCoefficient(1, for: ColumnIndex(9)) }
            #expect(throws: MIPError.self) { try problem.solve(options: MIPOptions(timeLimit: 0)) }
            #expect(throws: MIPError.self) { try problem.solve(options: MIPOptions(relativeGap: -1)) }
            #expect(throws: MIPError.self) {
                var options = MIPOptions()
                options.stallSeconds = 0
                try problem.solve(options: options)
            }
            #expect(throws: MIPError.self) { try GLPKProblem(name: "line\nbreak") }

            #expect(problem.columnCount == 1)
            #expect(problem.rowCount == 0)
            #expect(try problem.addColumn(name: String(repeating: "n", count: 255)) == ColumnIndex(1))
        }
    }

    @Test("Errors explain themselves")
    func errorMessages() throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            do {
                try problem.addRow(name: "cover", terms: [(ColumnIndex(4), 1)], bounds: .lower(1))
                Issue.record("expected an error")
            } catch let error as MIPError {
                #expect(
                    error.description
                        == "A term of row 0 (\"cover\") refers to column 4, but the problem has only 0 columns.")
            }
            do {
                try problem.addColumn(name: "hours", lowerBound: 8, upperBound: 4)
                Issue.record("expected an error")
            } catch let error as MIPError {
                #expect(error.description == "The bounds of column 0 (\"hours\") leave no value: lower 8.0, upper 4.0.")
            }
        }
    }

    @Test("A batch with one bad row adds nothing")
    func atomicBatches() throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            let x = try problem.addColumn()
            #expect(throws: MIPError.self) {
                try problem.addRows([
                    RowSpec(terms: [(x, 1)], bounds: .lower(1)),
                    RowSpec(terms: [(ColumnIndex(7), 1)], bounds: .lower(1)),
                ])
            }
            #expect(problem.rowCount == 0)
            #expect(throws: MIPError.self) {
                try problem.addColumns([ColumnSpec(), ColumnSpec(lowerBound: 1, upperBound: 0)])
            }
            #expect(problem.columnCount == 1)
        }
    }

    @Test("Bounds are normalised to the column kind")
    func boundNormalisation() throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem()
            let b = try problem.addColumn(kind: .binary, lowerBound: -3, upperBound: 7)
            let i = try problem.addColumn(kind: .integer, lowerBound: -2.5, upperBound: 2.9999999999999)
            let c = try problem.addColumn(lowerBound: -.infinity, upperBound: 1.5)
            #expect(try problem.bounds(of: b) == (0, 1))
            #expect(try problem.bounds(of: i) == (-2, 3))
            #expect(try problem.bounds(of: c) == (-.infinity, 1.5))
            let r = try problem.addRow(terms: [(b, 1)], bounds: .range(lower: 1, upper: 1))
            #expect(try problem.bounds(of: r) == .fixed(1))
        }
    }

    // MARK: Export and output

    @Test(
        "LP and MPS exports are readable by glpsol",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/glpsol"))
    )
    func exports() throws {
        try GLPKLibrary.inThreadEnvironment {
            let (problem, _) = try Knapsack.textbook.problem()
            try problem.addRow(
                name: "name with spaces", terms: [(ColumnIndex(0), 1)], bounds: .range(lower: 0, upper: 1))
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("glpk-export-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }

            let lp = directory.appendingPathComponent("model.lp").path
            let mps = directory.appendingPathComponent("model.mps").path
            try problem.writeLP(to: lp)
            try problem.writeMPS(to: mps)
            #expect(try runGlpsol(["--lp", lp]) == 0)
            #expect(try runGlpsol(["--freemps", mps]) == 0)

            #expect(throws: MIPError.self) {
                try problem.writeLP(to: directory.appendingPathComponent("missing/dir/model.lp").path)
            }
        }
    }

    @Test("GLPK prints nothing on standard output when not verbose")
    func silentByDefault() throws {
        try GLPKLibrary.inThreadEnvironment {
            let captured = try capturingStandardOutput {
                let instance = try MarketSplit()
                _ = try instance.problem.solve(options: MIPOptions(timeLimit: 0.1, presolve: true))
                _ = try instance.problem.solve(options: MIPOptions(timeLimit: 0.1, presolve: false))
                let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "glpk-silent-\(UUID().uuidString).lp"
                ).path
                defer { try? FileManager.default.removeItem(atPath: path) }
                try instance.problem.writeLP(to: path)
            }
            // Other tests may print concurrently, so look for GLPK's own phrases rather than for silence.
            for phrase in [
                "GLPK", "glp_", "Writing problem", "lines were written", "INTEGER", "Integer optimization", "mip =",
                "OPTIMAL",
            ] {
                #expect(!captured.contains(phrase), "GLPK printed: \(captured.prefix(200))")
            }
        }
    }

    // MARK: Status mapping

    @Test("GLPK return codes map to neutral statuses")
    func statusMapping() {
        let optimal = GLPKSolutionStatus.optimal
        let feasible = GLPKSolutionStatus.feasible
        let none = GLPKSolutionStatus.undefined
        let noFeasible = GLPKSolutionStatus.noFeasibleSolution
        #expect(GLPKReturnCode.success.mipStatus(solution: optimal, stopCause: nil) == .optimal)
        #expect(GLPKReturnCode.success.mipStatus(solution: noFeasible, stopCause: nil) == .infeasible)
        #expect(GLPKReturnCode.timeLimit.mipStatus(solution: feasible, stopCause: nil) == .feasible(reason: .timeLimit))
        #expect(
            GLPKReturnCode.timeLimit.mipStatus(solution: none, stopCause: nil) == .noSolutionFound(reason: .timeLimit))
        #expect(
            GLPKReturnCode.mipGapReached.mipStatus(solution: feasible, stopCause: nil) == .feasible(reason: .gapReached)
        )
        #expect(
            GLPKReturnCode.stoppedByApplication.mipStatus(solution: feasible, stopCause: .deadline)
                == .feasible(reason: .timeLimit))
        #expect(
            GLPKReturnCode.stoppedByApplication.mipStatus(solution: none, stopCause: .cancelled)
                == .noSolutionFound(reason: .stopped))
        #expect(
            GLPKReturnCode.stoppedByApplication.mipStatus(solution: feasible, stopCause: .stalled)
                == .feasible(reason: .stalled))
        #expect(GLPKReturnCode.noPrimalFeasibleSolution.mipStatus(solution: noFeasible, stopCause: nil) == .infeasible)
        #expect(
            GLPKReturnCode.noDualFeasibleSolution.mipStatus(solution: none, stopCause: nil)
                == .failed(reason: .unboundedRelaxation))
        #expect(
            GLPKReturnCode.invalidBounds.mipStatus(solution: none, stopCause: nil) == .failed(reason: .invalidBounds))
        #expect(GLPKReturnCode.singularMatrix.relaxationStatus(lpStatus: none) == .failed(reason: .numericalDifficulty))
        #expect(GLPKReturnCode.success.relaxationStatus(lpStatus: optimal) == nil)
        #expect(
            GLPKReturnCode.success.relaxationStatus(lpStatus: GLPKSolutionStatus.unbounded)
                == .failed(reason: .unboundedRelaxation))
        #expect(GLPKReturnCode.timeLimit.relaxationStatus(lpStatus: none) == .noSolutionFound(reason: .timeLimit))
        if case .failed(reason: .solverError(let detail)) = GLPKReturnCode.rootRelaxationNotOptimal.mipStatus(
            solution: none, stopCause: nil)
        {
            #expect(detail.contains("GLP_EROOT"))
        } else {
            Issue.record("GLP_EROOT should be a solver error")
        }
        #expect(GLPKReturnCode.timeLimit.name == "GLP_ETMLIM")
        #expect(GLPKReturnCode(rawValue: 999).name == "GLPK code 999")
    }
}

// MARK: - Helpers

private func runGlpsol(_ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/glpsol")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Runs `body` with file descriptor 1 redirected to a temporary file, and returns what was written.
private func capturingStandardOutput(_ body: () throws -> Void) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("glpk-stdout-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
    guard file >= 0 else { throw CocoaError(.fileWriteUnknown) }
    fflush(nil)
    let saved = dup(STDOUT_FILENO)
    dup2(file, STDOUT_FILENO)
    close(file)
    defer {
        fflush(nil)
        dup2(saved, STDOUT_FILENO)
        close(saved)
    }
    try body()
    fflush(nil)
    return FileContents.text(path) ?? ""
}

@Suite("GLPK problem without columns")
struct GLPKEmptyProblemTests {
    @Test func solvesToItsConstantWithoutCallingGLPK() throws {
        try GLPKLibrary.inThreadEnvironment {
            let problem = try GLPKProblem(name: "empty")
            try problem.setObjectiveConstant(42)
            let outcome = try problem.solve(options: MIPOptions(timeLimit: 1))
            #expect(outcome.status == .optimal)
            #expect(outcome.solution?.objectiveValue == 42)
        }
    }
}

/// GLPK's environment is per thread and outlives the thread: whoever makes one frees it.
@Suite("GLPK environments")
struct GLPKEnvironmentTests {
    static let instance = Result { try InputFile.loadInstance(Fixtures.path("instances/tiny.json")).instance }

    @Test func aSolveLeavesNoEnvironmentOnItsThread() throws {
        let instance = try Self.instance.get()
        let job: @Sendable () -> Bool = {
            _ = try? GLPKSolver().solve(instance, options: SolveOptions(timeLimit: 5))
            return freeGLPKEnvironment()
        }
        #expect(ConcurrentSolveTests.onThreads([job]) == [false])
    }

    @Test func aTestScopeLeavesNoEnvironmentOnItsThread() {
        let job: @Sendable () -> Bool = {
            GLPKLibrary.inThreadEnvironment { _ = try? Knapsack.textbook.problem().0.solve(options: MIPOptions()) }
            return freeGLPKEnvironment()
        }
        #expect(ConcurrentSolveTests.onThreads([job]) == [false])
    }

    @Test func anExportLeavesNoEnvironmentOnItsThread() throws {
        let instance = try Self.instance.get()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID()).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let job: @Sendable () -> Bool = {
            try? GLPKSolver.exportModel(of: instance, format: .lp, to: path)
            return freeGLPKEnvironment()
        }
        let left = ConcurrentSolveTests.onThreads([job])
        #expect(left == [false])
    }
}
