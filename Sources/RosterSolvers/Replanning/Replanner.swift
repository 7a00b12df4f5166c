import RosterKit

/// Re-plans a week from a previous roster with the least disruption: every assignment of the
/// previous roster that is still valid is kept unless moving it places more hours.
///
/// ```swift
/// let replanning = Replanner(previous: lastRoster).replan(changedInstance, options: SolveOptions(timeLimit: 5))
/// print(replanning.summary.headline)  // "312 patient-hours kept, 6 moved, 54 added, 3 dropped; ..."
/// ```
///
/// Three steps: the previous roster is repaired against the instance (other clinicians and rooms
/// where needed, then drops that cascade until the checker accepts it); unmet hours are placed
/// around what is kept, a kept assignment moving only when that places more hours (an internal
/// move penalty); the result is compared with the previous roster (``ReplanningSummary``). Kept
/// assignments outside the session-days the repair disrupted never move. The outcome's objective
/// is the spec's, as the checker computes it, never the internal penalty.
public struct Replanner: RosterSolver {
    public let name = "replan"
    public var previous: Roster
    /// The internal cost of moving one kept patient-hour; by default between the unmet-hour
    /// weight and the largest other weight (see ``movePenalty(for:)``).
    public var movePenalty: Double?

    public init(previous: Roster, movePenalty: Double? = nil) {
        self.previous = previous
        self.movePenalty = movePenalty
    }

    /// Halfway between the largest other weight and the unmet-hour weight, so that moving a kept
    /// patient-hour pays only for placing an hour. (Half the unmet-hour weight when the weights
    /// leave no room between.)
    public static func movePenalty(for weights: Weights) -> Double {
        let others = max(weights.otherModalityHour, weights.secondaryModalityHour, weights.group, weights.continuityBreak)
        return weights.unmetHour > others ? (weights.unmetHour + others) / 2 : weights.unmetHour / 2
    }

    public func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        try SolveError.requireOneSpellingPerName(instance)
        return replan(instance, options: options).outcome
    }

    /// The re-planned roster and how it differs from the previous one.
    public func replan(_ instance: Instance, options: SolveOptions) -> Replanning {
        let deadline = Deadline(seconds: options.timeLimit)
        let index = InstanceIndex(instance)
        let checker = RosterChecker(index: index)
        var repair = KeptRosterRepair(previous: previous, index: index)
        let kept = repair.run()
        let penalty = movePenalty ?? Self.movePenalty(for: instance.policy.weights)
        var notes = ["repair kept \(kept.roster.groups.count) of \(previous.groups.count) groups (\(kept.reassignments.count) with another clinician or room)"]
        var roster = kept.roster
        if var completion = ReplanCompletion(
            kept: kept.roster, previous: previous, index: index, movePenalty: penalty, deadline: deadline,
            cancellation: options.cancellation)
        {
            completion.run()
            let completed = completion.state.roster()
            if checker.check(completed).isValid {
                roster = completed
            } else {
                notes.append("internal error: the completed roster broke a hard rule; the repaired roster is returned")
            }
        } else {
            notes.append("internal error: the repaired roster could not be read into a plan; it is returned as it is")
        }
        roster = roster.sorted(by: index)
        let summary = ReplanningSummary(
            previous: previous, replanned: roster, index: index, reasons: kept.reasons, hourReasons: kept.hourReasons,
            reassigned: kept.reassignments)
        let report = checker.check(roster)
        options.progress?(SolveProgress(solver: name, elapsed: deadline.elapsed, incumbent: report.total, bound: nil))
        let cancelled = options.cancellation.isCancelled
        var detail = "Re-planned from the previous roster with the least disruption: \(summary.headline)"
        detail += report.terms.unmetHours == 0 ? "; every prescribed hour scheduled" : "; \(report.terms.unmetHours) prescribed hours unmet"
        detail += cancelled ? " (interrupted)." : "."
        let outcome = SolveOutcome(
            roster: roster, solver: name, status: cancelled ? .interrupted : .heuristic, detail: detail, elapsed: deadline.elapsed,
            notes: notes)
        return Replanning(outcome: outcome, summary: summary)
    }
}

/// A re-planned roster (as a solve outcome) and how it differs from the previous roster.
public struct Replanning: Sendable {
    public var outcome: SolveOutcome
    public var summary: ReplanningSummary
}
