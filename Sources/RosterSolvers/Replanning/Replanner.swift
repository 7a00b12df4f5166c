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
/// move penalty); when hours are still unmet, the full search runs seeded with that roster and
/// the assignments it moved without placing an hour are brought back at the same penalty
/// (``KeptRestoration``, in a share of the time kept for it when there is a previous roster);
/// the result is compared with the previous roster (`ReplanningSummary`). Kept
/// assignments outside the session-days the repair disrupted never move. The outcome's objective
/// is the spec's, as the checker computes it, never the internal penalty.
public struct Replanner: RosterSolver {
    /// `replan`.
    public let name = "replan"
    /// The roster to disturb as little as possible.
    public var previous: Roster
    /// The internal cost of moving one kept patient-hour; by default between the unmet-hour
    /// weight and the largest other weight (see ``movePenalty(for:)``).
    public var movePenalty: Double?
    /// The search run, seeded with the completed roster, in the time left when hours are still
    /// unmet after the kept part is repaired and completed; nil: completion only.
    public var fullSearch: (any RosterSolver)?
    /// Whether previous assignments the full search moved without need are brought back
    /// (``KeptRestoration``); off only to measure what the restoration does.
    public var restoresKeptAssignments = true

    /// A re-planner around `previous`; by default it runs ``defaultFullSearch`` when hours stay unmet.
    public init(
        previous: Roster, movePenalty: Double? = nil, fullSearch: (any RosterSolver)? = Replanner.defaultFullSearch
    ) {
        self.previous = previous
        self.movePenalty = movePenalty
        self.fullSearch = fullSearch
    }

    /// What `solve` runs by default: greedy construction and local search, then GLPK.
    public static var defaultFullSearch: any RosterSolver { AutoSolver(exact: GLPKSolver(), heuristic: GreedySolver()) }

    /// Halfway between the largest other weight and the unmet-hour weight, so that moving a kept
    /// patient-hour pays only for placing an hour. (Half the unmet-hour weight when the weights
    /// leave no room between.)
    public static func movePenalty(for weights: Weights) -> Double {
        let others = max(
            weights.otherModalityHour, weights.secondaryModalityHour, weights.group, weights.continuityBreak)
        return weights.unmetHour > others ? (weights.unmetHour + others) / 2 : weights.unmetHour / 2
    }

    /// ``replan(_:options:)``'s outcome, without the summary.
    public func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        do {
            return try replan(instance, options: options).outcome
        } catch {
            throw error.solveError
        }
    }

    /// The re-planned roster and how it differs from the previous one. Every command re-plans
    /// through here, so the instance and the previous roster are validated in one place: an
    /// instance the solvers cannot read, or a previous roster of which not one assignment names
    /// this instance's patients, time slots and modalities, is refused.
    public func replan(_ instance: Instance, options: SolveOptions) throws(ReplanError) -> Replanning {
        let deadline = Deadline(seconds: options.timeLimit)
        do {
            try SolveError.requireOneSpellingPerName(instance)
        } catch {
            throw .unsolvable(error)
        }
        let index = InstanceIndex(instance)
        let match = KeptRosterMatch(previous: previous, index: index)
        if match.matchesNothing { throw .foreignRoster(match) }
        let checker = RosterChecker(index: index)
        var repair = KeptRosterRepair(previous: previous, index: index)
        let kept = repair.run()
        let penalty = movePenalty ?? Self.movePenalty(for: instance.policy.weights)
        var notes = [
            "repair kept \(kept.roster.groups.count) of \(previous.groups.count) groups "
                + "(\(kept.reassignments.count) with another clinician or room)"
        ]
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
        var blockedHours: Int?
        if checker.check(roster).terms.unmetHours == 0 {
            blockedHours = 0
        } else if let fullSearch, deadline.remaining > 0.01, !options.cancellation.isCancelled {
            let searched = search(
                with: fullSearch, from: roster, instance: instance, checker: checker, options: options,
                deadline: deadline, penalty: penalty)
            roster = searched.roster
            blockedHours = searched.blockedHours
            notes += searched.notes
        } else if fullSearch != nil {
            notes.append("no time was left for the full search after completing the kept roster")
        }
        roster = roster.sorted(by: index)
        var summary = ReplanningSummary(
            previous: previous, replanned: roster, index: index, reasons: kept.reasons, hourReasons: kept.hourReasons,
            reassigned: kept.reassignments)
        summary.blockedHours = blockedHours
        let report = checker.check(roster)
        options.progress?(SolveProgress(solver: name, elapsed: deadline.elapsed, incumbent: report.total, bound: nil))
        let cancelled = options.cancellation.isCancelled
        var detail = "Re-planned from the previous roster with the least disruption: \(summary.headline)"
        detail +=
            report.terms.unmetHours == 0
            ? "; every prescribed hour scheduled" : "; \(report.terms.unmetHours) prescribed hours unmet"
        detail += cancelled ? " (interrupted)." : "."
        let outcome = SolveOutcome(
            roster: roster, solver: name, status: cancelled ? .interrupted : .heuristic, detail: detail,
            elapsed: deadline.elapsed,
            notes: notes)
        return Replanning(outcome: outcome, summary: summary)
    }
}

extension Replanner {
    /// Most seconds kept from the full search for ``KeptRestoration`` when there are previous hours.
    static let restorationSeconds = 10.0
    /// Most share of the time left kept from the full search for ``KeptRestoration``.
    static let restorationShare = 0.25

    /// The completed roster, or the full search's roster seeded with it when that places more
    /// hours, or places as many, keeps at least as many previous patient-hours, moves none from a
    /// session-day where the completed roster kept them all, and scores better:
    /// re-planning never ends with more unmet hours than the search, and is not made disruptive
    /// for a smaller objective gain.
    private func search(
        with solver: any RosterSolver, from completed: Roster, instance: Instance, checker: RosterChecker,
        options: SolveOptions, deadline: Deadline, penalty: Double
    ) -> (roster: Roster, blockedHours: Int?, notes: [String]) {
        var searchOptions = options
        // With previous hours to bring back, a share of the time is kept for the restoration.
        let hasPreviousHours = restoresKeptAssignments && previous.groups.contains { !$0.patients.isEmpty }
        let reserve = hasPreviousHours ? min(Self.restorationSeconds, deadline.remaining * Self.restorationShare) : 0
        searchOptions.timeLimit = max(0.001, deadline.remaining - reserve)
        searchOptions.incumbent = completed
        // Local search pays the same penalty for every previous patient-hour it moves.
        searchOptions.movePrice = MovePrice(previous: previous, penalty: penalty)
        var found: SolveOutcome
        do {
            found = try solver.solve(instance, options: searchOptions)
        } catch {
            return (completed, nil, ["full search (\(solver.name)) could not run: \(error.message)"])
        }
        let before = checker.check(completed)
        guard checker.check(found.roster).isValid else {
            return (
                completed, nil,
                ["full search (\(found.solver)) returned a roster that breaks a hard rule; the completed roster stands"]
            )
        }
        var restorationNote: [String] = []
        if hasPreviousHours, restoresKeptAssignments, !options.cancellation.isCancelled {
            var restoration = KeptRestoration(
                index: checker.index, previous: previous, movePenalty: penalty,
                deadline: Deadline(seconds: max(0.001, deadline.remaining)), cancellation: options.cancellation)
            let keptBefore = restoration.keptHours(found.roster)
            let started = deadline.elapsed
            found.roster = restoration.run(searched: found.roster, completed: completed)
            restorationNote.append(
                "restoration brought back \(restoration.keptHours(found.roster) - keptBefore) previous patient-hours "
                    + "into the searched roster in \(String(format: "%.2f", deadline.elapsed - started)) s "
                    + "(\(restoration.restoredSessionDays) session-days of one patient, \(restoration.restoredDays) days "
                    + "from the completed roster), no unmet hour added")
        }
        let after = checker.check(found.roster)
        let previousHours = previous.patientHours()
        func keptHours(_ roster: Roster) -> Int { roster.patientHours().keys.count { previousHours[$0] != nil } }
        let (unmetBefore, unmetAfter) = (before.terms.unmetHours, after.terms.unmetHours)
        // Session-days where the completed roster keeps every previous hour stay as they are unless
        // the search places more hours: a smaller objective alone moves nothing there.
        let (completedHours, foundHours) = (completed.patientHours(), found.roster.patientHours())
        let disturbed = Set(previousHours.keys.filter { completedHours[$0] == nil }.map(\.timeSlot.sessionDay))
        let movesUndisturbed = previousHours.keys.contains {
            foundHours[$0] == nil && !disturbed.contains($0.timeSlot.sessionDay)
        }
        let accepted =
            unmetAfter < unmetBefore
            || (unmetAfter == unmetBefore && !movesUndisturbed && keptHours(found.roster) >= keptHours(completed)
                && after.total < before.total - 1e-9)
        let verdict = accepted ? "taken" : "not taken"
        let note =
            "full search (\(found.solver)) seeded with the completed roster: \(unmetAfter) unmet hours against "
            + "\(unmetBefore); \(verdict)"
        let roster = accepted ? found.roster : completed
        let unmet = accepted ? unmetAfter : unmetBefore
        return (roster, max(0, unmet - unmetAfter), [note] + restorationNote)
    }
}

/// Why a re-planning did not run.
public enum ReplanError: Error, Sendable, CustomStringConvertible {
    /// The instance itself cannot be solved (see ``SolveError``).
    case unsolvable(SolveError)
    /// Not one assignment of the previous roster names the instance: it is another instance's roster.
    case foreignRoster(KeptRosterMatch)

    public var description: String {
        switch self {
        case .unsolvable(let error): error.message
        case .foreignRoster(let match):
            "the previous roster is not of this instance (\(match.line(kept: 0))); give a roster of the same "
                + "program's week"
        }
    }

    /// The error as a solver reports it.
    public var solveError: SolveError {
        if case .unsolvable(let error) = self { return error }
        return SolveError(description)
    }
}

/// A re-planned roster (as a solve outcome) and how it differs from the previous roster.
public struct Replanning: Sendable {
    /// The re-planned roster, its status and objective bound.
    public var outcome: SolveOutcome
    /// How the re-planned roster differs from the previous one.
    public var summary: ReplanningSummary
}
