import Dispatch
import Foundation
import RosterKit
import RosterReports
import RosterSolvers

/// The solves running in the background, at most one per week: "Plan this week" and "Re-plan
/// around my edits" alike. A solve runs on its own thread (the solvers are synchronous and
/// busy), reports its progress here, and on ending saves its roster to the store when the
/// planner's checker accepts it.
final class PlanJobs: @unchecked Sendable {
    /// What the plan page shows of a week's solve.
    struct Status: Sendable, Equatable {
        var running: Bool
        /// One line for people: incumbent, bound, gap and seconds left, or how it ended.
        var line: String
        /// The solver reporting, its best objective so far, its proven bound and their relative
        /// gap, as last reported (nil until reported).
        var solver: String? = nil
        var incumbent: Double? = nil
        var bound: Double? = nil
        var gap: Double? = nil
        /// Whole seconds left of the time limit while running.
        var secondsLeft: Int? = nil

        /// The status as the JSON endpoint and the event stream send it.
        var json: JSONValue {
            var members: [(String, JSONValue)] = [("running", .bool(running)), ("line", .string(line))]
            if let solver { members.append(("solver", .string(solver))) }
            if let incumbent { members.append(("incumbent", .number(incumbent))) }
            if let bound { members.append(("bound", .number(bound))) }
            if let gap { members.append(("gap", .number(gap))) }
            if let secondsLeft { members.append(("secondsLeft", .integer(secondsLeft))) }
            return .object(JSONObject(members))
        }
    }

    /// What a job runs: the solver, and how its progress line and its end are told.
    struct Work: Sendable {
        /// The solver run on the week's instance.
        var solver: any RosterSolver
        /// The progress line's first words: `solving`, `re-planning around 2 pins`.
        var title = "solving"
        /// Words added to the line of a roster that was saved (what was kept, the score before),
        /// from the saved outcome and its checked objective; no patient field in them.
        var saved: @Sendable (SolveOutcome, Double) -> String? = { _, _ in nil }
    }

    private final class Job: @unchecked Sendable {
        let cancellation = CancellationFlag()
        let started = Date()
        let seconds: Double
        let title: String
        var progress: SolveProgress?
        var ended: String?
        init(seconds: Double, title: String) {
            self.seconds = seconds
            self.title = title
        }
    }

    private let store: any WebStore
    private let weekCache: WeekPageCache
    private let lock = NSLock()
    private var jobs: [String: Job] = [:]

    init(store: any WebStore, weekCache: WeekPageCache) {
        self.store = store
        self.weekCache = weekCache
    }

    /// Starts solving the week from its revision `basedOn` (0 before it has one); `false` when a
    /// solve of it is already running. The roster is saved only while `basedOn` is still the
    /// week's newest revision: one saved meanwhile (by the command line, or by an edit that beat
    /// the start) is kept, and the end line says the solve's roster was not saved.
    func start(week: String, instance: Instance, basedOn: Int, seconds: Double, work: Work, user: String) -> Bool {
        let job = Job(seconds: seconds, title: work.title)
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
            let line = self.run(work, on: instance, options: options, week: week, basedOn: basedOn, user: user)
            self.update(job) { $0.ended = line }
        }
        return true
    }

    func status(week: String) -> Status? {
        lock.withLock {
            guard let job = jobs[week] else { return nil }
            if let ended = job.ended { return Status(running: false, line: ended) }
            let left = Int(max(0, job.seconds - Date().timeIntervalSince(job.started)).rounded())
            let progress = job.progress
            var parts = [job.title]
            if let progress {
                parts.append(progress.solver)
                if let incumbent = progress.incumbent { parts.append("best \(JSONWriter.format(incumbent))") }
                if let bound = progress.bound { parts.append("bound \(JSONWriter.format(bound.rounded(.up)))") }
                if let gap = progress.gap { parts.append("gap \(OptimalityGap.percent(gap))") }
            }
            parts.append(job.cancellation.isCancelled ? "cancelling, keeping the best roster" : "\(left) s left")
            return Status(
                running: true, line: parts.joined(separator: " · "), solver: progress?.solver,
                incumbent: progress?.incumbent, bound: progress?.bound, gap: progress?.gap, secondsLeft: left)
        }
    }

    /// Whether a solve of the week is running now.
    func isRunning(week: String) -> Bool { status(week: week)?.running == true }

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
        _ work: Work, on instance: Instance, options: SolveOptions, week: String, basedOn: Int, user: String
    ) -> String {
        let outcome: SolveOutcome
        do {
            outcome = try work.solver.solve(instance, options: options)
        } catch {
            return "the solve failed: \(error.message)"
        }
        let check = RosterChecker(index: InstanceIndex(instance)).check(outcome.roster)
        guard check.isValid else { return "the \(outcome.solver) roster broke a hard rule (a bug); nothing was saved" }
        var line = "done: \(outcome.solver) \(outcome.status.rawValue), objective \(JSONWriter.format(check.total))"
        if let gap = outcome.gap(total: check.total, weights: instance.policy.weights) { line += ", " + gap.brief }
        line += String(format: " in %.1f s of search", outcome.elapsed)
        do {
            try store.saveRoster(outcome, instance: instance, week: week, basedOn: basedOn, user: user)
            weekCache.invalidate(week: week)
        } catch WebStoreError.stale(_, let current) {
            return line + "; not saved: revision \(current) of the week was saved while it solved "
                + (basedOn == 0 ? "" : "(it started from revision \(basedOn)) ")
                + "and the week keeps it; plan again to replace it"
        } catch let error as WebStoreError {
            return "\(error) The new roster was not saved."
        } catch {
            return "the roster could not be saved; the week keeps its previous roster"
        }
        line += "; saved"
        if let saved = work.saved(outcome, check.total) { line += "; " + saved }
        return line
    }
}
