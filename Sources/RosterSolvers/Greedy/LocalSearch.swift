/// Lowers the objective of a valid plan by iterated first-improvement local search, keeping it valid.
///
/// Each sweep lists every move worth trying (see the `LocalSearch+...Moves` files), shuffles the
/// list with the seeded generator and applies each move that lowers the objective, until a sweep
/// improves nothing. Then a kick (`LocalSearch+Kick.swift`) changes the plan a little at random
/// and the descent starts again from there; the best plan is kept. It stops after `patience`
/// kicks in a row without improvement, after `maxMoves` improving moves, at the deadline or on
/// cancellation. Deltas come from the plan's running counts, never from a full evaluation.
struct LocalSearch {
    var state: PlanState
    let problem: GreedyProblem
    var generator: SeededGenerator
    let deadline: Deadline
    let maxMoves: Int?
    /// Kicks in a row without improvement before the search stops by itself (0: plain descent).
    let patience: Int
    let cancellation: CancellationFlag
    /// Whether a local optimum of the single moves tries the cohort shifts (`LocalSearch+CohortMoves.swift`),
    /// then the session trades (`LocalSearch+SessionTrades.swift`).
    let triesCohortShifts: Bool
    /// Called with the objective now and then (at most four times a second).
    let report: (@Sendable (Double) -> Void)?
    var former: GroupFormer

    private(set) var moves = 0
    private(set) var sweeps = 0
    var kicks = 0
    private(set) var stopReason = StopReason.localOptimum
    let startTotal: Double
    private var lastReport = 0.0

    enum StopReason: String {
        case localOptimum = "at a local optimum"
        case moveLimit = "at the move limit"
        case timeLimit = "at the time limit"
        case cancelled = "on cancellation"
    }

    /// One thing to try; each tries the best variant of its kind around its anchor.
    enum Candidate {
        case relocate(patient: PatientIndex, slot: Int)
        case swap(patient: PatientIndex, slot: Int)
        case retype(group: GroupIndex)
        case close(group: GroupIndex)
        case open(slot: Int, cohort: Int)
        case addSessionDay(patient: PatientIndex)
        case moveSessionDay(patient: PatientIndex, sessionDay: Int)
        case reform(sessionDay: Int)
        case reformSlot(slot: Int)
    }

    init(
        state: PlanState, seed: UInt64, deadline: Deadline, maxMoves: Int?, patience: Int,
        cancellation: CancellationFlag,
        report: (@Sendable (Double) -> Void)?,
        triesCohortShifts: Bool = true
    ) {
        self.patience = patience
        self.triesCohortShifts = triesCohortShifts
        self.state = state
        problem = state.problem
        generator = SeededGenerator(seed: seed)
        self.deadline = deadline
        self.maxMoves = maxMoves
        self.cancellation = cancellation
        self.report = report
        former = GroupFormer(problem: state.problem)
        startTotal = state.total
    }

    /// A line for notes: how far the search went and why it stopped.
    var summary: String {
        "objective \(GreedySolver.format(startTotal)) -> \(GreedySolver.format(state.total)) by \(moves) "
            + "moves in \(sweeps) sweeps"
            + " and \(kicks) kicks, stopped \(stopReason.rawValue)"
    }

    /// Whether the search ended by itself, so that its result does not depend on the clock.
    var endedByItself: Bool { stopReason == .localOptimum || stopReason == .moveLimit }

    /// Descends to a local optimum, then kicks the plan (a few random valid changes) and descends
    /// again, keeping the best plan, until `patience` kicks in a row bring no improvement.
    mutating func run() {
        if maxMoves == 0 {
            stopReason = .moveLimit
            return
        }
        guard descend() else { return }
        var best = state
        var idle = 0
        while idle < patience {
            kicks += 1
            kick()
            let finished = descend()
            if state.total < best.total - LocalSearch.tolerance {
                best = state
                idle = 0
            } else {
                state = best
                idle += 1
            }
            guard finished else { return }
        }
        stopReason = .localOptimum
    }

    /// First-improvement sweeps until one improves nothing. Returns false when a limit stopped it.
    private mutating func descend() -> Bool {
        while true {
            sweeps += 1
            var candidates = enumerateCandidates()
            candidates.seededShuffle(using: &generator)
            var improved = false
            for candidate in candidates {
                if cancellation.isCancelled {
                    stopReason = .cancelled
                    return false
                }
                if deadline.hasPassed {
                    stopReason = .timeLimit
                    return false
                }
                guard attempt(candidate) else { continue }
                improved = true
                guard countMove() else { return false }
            }
            // At a local optimum of the single moves: a small cohort may need several members moved at
            // once, a session-day where patients wait one more group a slot.
            if !improved, triesCohortShifts, shiftCohorts() || tradeSessions() {
                improved = true
                guard countMove() else { return false }
            }
            if !improved {
                stopReason = .localOptimum
                return true
            }
        }
    }

    /// Counts an improving move; false (and the move limit as the reason) when it was the last allowed.
    private mutating func countMove() -> Bool {
        moves += 1
        reportProgress()
        if let maxMoves, moves >= maxMoves {
            stopReason = .moveLimit
            return false
        }
        return true
    }

    private mutating func reportProgress() {
        guard let report, deadline.elapsed - lastReport >= 0.25 else { return }
        lastReport = deadline.elapsed
        report(state.total)
    }

    /// Every move worth trying on the current plan.
    func enumerateCandidates() -> [Candidate] {
        var candidates: [Candidate] = []
        var cohortSeen = [Int?](repeating: nil, count: problem.cohorts.count)
        for slot in 0..<problem.slotCount {
            if !state.slotGroups[slot].isEmpty { candidates.append(.reformSlot(slot: slot)) }
            for id in state.slotGroups[slot] {
                candidates.append(.retype(group: id))
                candidates.append(.close(group: id))
                let cohort = state.groups[id].cohort
                if cohortSeen[cohort] != slot {
                    cohortSeen[cohort] = slot
                    candidates.append(.open(slot: slot, cohort: cohort))
                }
            }
        }
        var reformable = [Bool](repeating: false, count: problem.sessionDayCount)
        for patient in problem.patients {
            for day in 0..<problem.dayCount {
                guard let sessionDay = state.sessionDay(of: patient, onDay: day) else { continue }
                var seatCost = 0.0
                for slot in problem.slots(of: sessionDay) {
                    // An attended session-day has a seat at every slot.
                    guard let id = state.group(of: patient, at: slot) else { continue }
                    let cost = problem.cost(patient: patient, modality: state.groups[id].modality)
                    seatCost += cost
                    if cost > 0 {
                        candidates.append(.relocate(patient: patient, slot: slot))
                        candidates.append(.swap(patient: patient, slot: slot))
                    }
                }
                if seatCost > 0 || problem.breakCount(patient: patient, sessionDay) > 0 {
                    candidates.append(.moveSessionDay(patient: patient, sessionDay: sessionDay))
                }
            }
            if state.unmetHours(of: patient) > 0 {
                var any = false
                for sessionDay in 0..<problem.sessionDayCount where state.mayAttend(patient, sessionDay) {
                    reformable[sessionDay] = true
                    any = true
                }
                if any { candidates.append(.addSessionDay(patient: patient)) }
            }
        }
        for sessionDay in 0..<problem.sessionDayCount where reformable[sessionDay] {
            candidates.append(.reform(sessionDay: sessionDay))
        }
        return candidates
    }

    /// Tries one candidate; true when it changed the plan for the better.
    mutating func attempt(_ candidate: Candidate) -> Bool {
        switch candidate {
        case .relocate(let patient, let slot): relocate(patient, at: slot)
        case .swap(let patient, let slot): swap(patient, at: slot)
        case .retype(let id): retype(id)
        case .close(let id): close(id)
        case .open(let slot, let cohort): open(at: slot, cohort: cohort)
        case .addSessionDay(let patient): addSessionDay(for: patient)
        case .moveSessionDay(let patient, let sessionDay): moveSessionDay(of: patient, from: sessionDay)
        case .reform(let sessionDay): reform(sessionDay)
        case .reformSlot(let slot): reformSlot(slot)
        }
    }

    /// Runs `change` as a trial and keeps it only if it returns true and lowers the objective;
    /// with `paysMovePrice`, also the objective plus re-planning's move price (``PlanState/pricedTotal``).
    mutating func trial(paysMovePrice: Bool = false, _ change: (inout PlanState) -> Bool) -> Bool {
        let before = state.total
        let pricedBefore = state.pricedTotal
        state.beginTrial()
        if change(&state), state.total < before - LocalSearch.tolerance,
            !paysMovePrice || state.pricedTotal < pricedBefore - LocalSearch.tolerance
        {
            state.commit()
            return true
        }
        state.rollBack()
        return false
    }

    /// Improvements smaller than this are rounding noise.
    static let tolerance = 1e-9
}

extension LocalSearch {
    /// Tries `moves` in order with `attempt` until one lowers the objective (true); false when none
    /// does or the deadline or a cancellation comes first.
    mutating func firstImproving<Move>(_ moves: [Move], by attempt: (inout Self, Move) -> Bool) -> Bool {
        for move in moves {
            if deadline.hasPassed || cancellation.isCancelled { return false }
            if attempt(&self, move) { return true }
        }
        return false
    }
}
