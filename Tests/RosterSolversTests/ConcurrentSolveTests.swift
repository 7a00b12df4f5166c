import Foundation
import RosterKit
import RosterSolvers
import Synchronization
import TestSupport
import Testing

/// Several solves at once, each on its own thread, so the thread sanitizer
/// (`swift test --sanitize thread`) sees them: GLPK keeps its state per thread and a
/// synchronous solve never leaves its thread, so concurrent solves must not disturb each other.
@Suite("Concurrent solving", .tags(.slow))
struct ConcurrentSolveTests {
    static let instances = [
        "instances/tiny.json", "Tests/Fixtures/instances/tiny-no-rooms.json", "Tests/Fixtures/instances/rules-lab.json",
    ]

    /// Runs each job on a thread of its own, all at once, and returns their results in order.
    static func onThreads<T: Sendable>(_ jobs: [@Sendable () -> T]) -> [T] {
        let results = Mutex<[Int: T]>([:])
        let done = DispatchSemaphore(value: 0)
        for (position, job) in jobs.enumerated() {
            let thread = Thread {
                let result = job()
                results.withLock { $0[position] = result }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in jobs { done.wait() }
        return results.withLock { all in jobs.indices.map { all[$0]! } }
    }

    struct Solved: Sendable {
        var valid: Bool
        var total: Double
        var groups: [Group]
        var error: String?
    }

    static func solve(_ solver: any RosterSolver, _ instance: Instance, options: SolveOptions) -> Solved {
        do {
            let outcome = try solver.solve(instance, options: options)
            let report = RosterChecker(instance).check(outcome.roster)
            return Solved(valid: report.isValid, total: report.total, groups: outcome.roster.groups, error: nil)
        } catch {
            return Solved(valid: false, total: .infinity, groups: [], error: error.message)
        }
    }

    @Test func glpkSolvesOnSeveralThreadsAsItDoesAlone() throws {
        let instances = try Self.instances.map(Fixtures.instance)
        let options = SolveOptions(timeLimit: 20)
        let alone = instances.map { Self.solve(GLPKSolver(), $0, options: options) }
        // Each instance twice, all six solves at once, with one progress callback shared by all.
        let calls = Atomic<Int>(0)
        var shared = options
        shared.progress = { _ in calls.add(1, ordering: .relaxed) }
        let together = Self.onThreads(
            (instances + instances).map { instance in
                { [shared] in Self.solve(GLPKSolver(), instance, options: shared) }
            })
        for (position, solved) in together.enumerated() {
            let reference = alone[position % instances.count]
            #expect(
                solved.error == nil && solved.valid,
                "\(Self.instances[position % instances.count]): \(solved.error ?? "invalid")")
            #expect(solved.total == reference.total, "\(Self.instances[position % instances.count])")
        }
    }

    @Test func autoSolvesOnSeveralThreads() throws {
        let instances = try Self.instances.map(Fixtures.instance)
        let solver = AutoSolver(exact: GLPKSolver(), heuristic: GreedySolver())
        let results = Self.onThreads(
            instances.map { instance in
                { Self.solve(solver, instance, options: SolveOptions(timeLimit: 20)) }
            })
        for (name, solved) in zip(Self.instances, results) {
            #expect(solved.error == nil && solved.valid, "\(name): \(solved.error ?? "invalid")")
        }
    }

    /// Greedy with local search that ends by itself gives each instance the same groups on any thread.
    @Test func greedySolvesOnSeveralThreadsAsItDoesAlone() throws {
        let instances = try Self.instances.map(Fixtures.instance)
        let solver = GreedySolver(localSearchSeconds: 120, patience: 3, maxLocalSearchMoves: 300)
        let options = SolveOptions(timeLimit: 120, seed: 3)
        let alone = instances.map { Self.solve(solver, $0, options: options) }
        let together = Self.onThreads(
            (instances + instances).map { instance in
                { Self.solve(solver, instance, options: options) }
            })
        for (position, solved) in together.enumerated() {
            #expect(
                solved.valid && solved.groups == alone[position % instances.count].groups,
                "\(Self.instances[position % instances.count])")
        }
    }

    /// One flag stops every solve; each still returns a valid roster.
    @Test func oneCancellationStopsEverySolve() throws {
        let instance = try Fixtures.instance("instances/riverside-40.json")
        let flag = CancellationFlag()
        let options = SolveOptions(timeLimit: 60, cancellation: flag)
        let canceller = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            flag.cancel()
        }
        canceller.start()
        let start = Date()
        let jobs: [@Sendable () -> Solved] = [
            { Self.solve(GLPKSolver(), instance, options: options) },
            { Self.solve(AutoSolver(exact: GLPKSolver(), heuristic: GreedySolver()), instance, options: options) },
        ]
        let results = Self.onThreads(jobs)
        for solved in results { #expect(solved.error == nil && solved.valid, "\(solved.error ?? "invalid")") }
        #expect(Date().timeIntervalSince(start) < 45, "cancellation took too long")
    }
}
