import Dispatch
import Foundation
import RosterKit
import RosterReports
import RosterSolvers

/// The solves running in the background, at most one per week. A solve runs on its own thread
/// (the solvers are synchronous and busy), reports its progress here, and on ending saves its
/// roster to the store when the planner's checker accepts it.
final class PlanJobs: @unchecked Sendable {
    /// What the plan page shows of a week's solve.
    struct Status: Sendable, Equatable {
        var running: Bool
        /// One line for people: incumbent, bound, gap and seconds left, or how it ended.
        var line: String
    }

    private final class Job: @unchecked Sendable {
        let cancellation = CancellationFlag()
        let started = Date()
        let seconds: Double
        var progress: SolveProgress?
        var ended: String?
        init(seconds: Double) { self.seconds = seconds }
    }

    private let store: any WebStore
    private let lock = NSLock()
    private var jobs: [String: Job] = [:]

    init(store: any WebStore) { self.store = store }

    /// Starts solving the week; `false` when a solve of it is already running.
    func start(week: String, instance: Instance, seconds: Double, solver: any RosterSolver, user: String) -> Bool {
        let job = Job(seconds: seconds)
        let started: Bool = lock.withLock {
            if let running = jobs[week], running.ended == nil { return false }
            jobs[week] = job
            return true
        }
        guard started else { return false }
        let options = SolveOptions(
            timeLimit: seconds, progress: { [weak self] progress in self?.update(job) { $0.progress = progress } },
            cancellation: job.cancellation)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let line = self.run(solver, on: instance, options: options, week: week, user: user)
            self.update(job) { $0.ended = line }
        }
        return true
    }

    func status(week: String) -> Status? {
        lock.withLock {
            guard let job = jobs[week] else { return nil }
            if let ended = job.ended { return Status(running: false, line: ended) }
            let left = max(0, job.seconds - Date().timeIntervalSince(job.started))
            var parts = ["solving"]
            if let progress = job.progress {
                parts.append(progress.solver)
                if let incumbent = progress.incumbent { parts.append("best \(JSONWriter.format(incumbent))") }
                if let bound = progress.bound { parts.append("bound \(JSONWriter.format(bound.rounded(.up)))") }
                if let gap = progress.gap { parts.append("gap \(OptimalityGap.percent(gap))") }
            }
            parts.append(String(format: "%.0f s left", left))
            return Status(running: true, line: parts.joined(separator: " · "))
        }
    }

    /// Asks the week's solve to stop; it still saves the best roster found so far.
    func cancel(week: String) -> Bool {
        lock.withLock {
            guard let job = jobs[week], job.ended == nil else { return false }
            job.cancellation.cancel()
            return true
        }
    }

    private func update(_ job: Job, _ change: (Job) -> Void) { lock.withLock { change(job) } }

    /// Solves, checks and saves; the line says how it ended (no patient field in it).
    private func run(
        _ solver: any RosterSolver, on instance: Instance, options: SolveOptions, week: String, user: String
    ) -> String {
        let outcome: SolveOutcome
        do {
            outcome = try solver.solve(instance, options: options)
        } catch {
            return "the solve failed: \(error.message)"
        }
        let check = RosterChecker(index: InstanceIndex(instance)).check(outcome.roster)
        guard check.isValid else { return "the \(outcome.solver) roster broke a hard rule (a bug); nothing was saved" }
        do {
            try store.saveRoster(outcome, instance: instance, week: week, user: user)
        } catch let error as WebStoreError {
            return "\(error) The new roster was not saved."
        } catch {
            return "the roster could not be saved; the week keeps its previous roster"
        }
        var line = "done: \(outcome.solver) \(outcome.status.rawValue), objective \(JSONWriter.format(check.total))"
        if let gap = outcome.gap(total: check.total, weights: instance.policy.weights) { line += ", " + gap.brief }
        return line + String(format: " in %.1f s; saved", outcome.elapsed)
    }
}
