/// Chooses the session-days each patient attends, before any group is formed.
///
/// Each patient gets the most hours their prescription, availability and day limit allow (one
/// session a day, whole sessions only), and among such plans the one that keeps last week's
/// session-days, joins patients of the same cohort (so groups can reach their minimum) and
/// avoids session-days already at capacity. Cohort clusters too small for any group are moved.
///
/// - Complexity: O(P x D x maxDays x H x S) for P patients, D days, S sessions a day, H hours a week.
struct SessionDayPlanner {
    let problem: GreedyProblem

    /// Estimated patients each session-day can seat per slot (groups x size).
    let capacity: [Double]
    /// Estimated groups each session-day can run per slot (clinicians, rooms, weekly limits).
    let groupCapacity: [Double]
    /// Patients a typical group holds.
    let typicalSize: Int
    /// Whether a session-day can hold groups at all (a clinician, a room, enough modalities).
    let isUsable: [Bool]
    /// The smallest group any staffed modality allows.
    let smallestGroup: Int

    init(problem: GreedyProblem) {
        self.problem = problem
        let staffed = (0..<problem.modalityCount).filter { problem.isStaffed[$0] }
        let smallestGroup = problem.smallestGroupSize ?? Int.max
        self.smallestGroup = smallestGroup
        let typicalSize =
            staffed.isEmpty ? 0 : staffed.map { Double(problem.maxSize[$0]) }.reduce(0, +) / Double(staffed.count)
        self.typicalSize = max(1, Int(typicalSize.rounded()))

        var groupsPerSlot: [Int] = []
        var seats: [Double] = []
        var usable: [Bool] = []
        for sessionDay in 0..<problem.sessionDayCount {
            let leaders = (0..<problem.clinicianCount).filter { clinician in
                problem.isAvailable(clinician: clinician, sessionDay) && problem.clinicianMaxWeek[clinician] > 0
                    && problem.clinicianMaxDay[clinician] > 0
                    && staffed.contains { problem.isTrained(clinician: clinician, $0) }
            }
            let modalitiesHere = staffed.filter { modality in
                leaders.contains { problem.isTrained(clinician: $0, modality) }
            }
            var count = leaders.count
            var size = Double(count) * typicalSize
            if problem.plansRooms {
                let rooms = (0..<problem.roomCount).filter {
                    problem.isAvailable(room: $0, sessionDay) && problem.roomCapacity[$0] >= smallestGroup
                }
                .map { Double(min(problem.roomCapacity[$0], Int(typicalSize.rounded(.up)))) }.sorted(by: >)
                count = min(count, rooms.count)
                size = rooms.prefix(count).reduce(0, +)
            }
            groupsPerSlot.append(count)
            seats.append(size)
            usable.append(count > 0 && problem.sessionDayHours[sessionDay] <= problem.maxSame * modalitiesHere.count)
        }
        // Weekly clinician limits can make the week hold fewer groups than the slots suggest.
        let slotDemand = (0..<problem.sessionDayCount).map { groupsPerSlot[$0] * problem.sessionDayHours[$0] }.reduce(
            0, +)
        var leaderHours = 0
        for clinician in 0..<problem.clinicianCount
        where staffed.contains(where: { problem.isTrained(clinician: clinician, $0) }) {
            var week = 0
            for day in 0..<problem.dayCount {
                let hours = (0..<problem.sessionCount).map { day * problem.sessionCount + $0 }
                    .filter { problem.isAvailable(clinician: clinician, $0) }.map { problem.sessionDayHours[$0] }
                    .reduce(0, +)
                week += min(hours, problem.clinicianMaxDay[clinician])
            }
            leaderHours += min(week, problem.clinicianMaxWeek[clinician])
        }
        let scale = slotDemand > 0 ? min(1, Double(leaderHours) / Double(slotDemand)) : 0
        capacity = seats.map { $0 * scale }
        groupCapacity = groupsPerSlot.map { Double($0) * scale }
        isUsable = usable
    }

    /// Each patient's session-days, in calendar order; nil when `shouldStop` (asked before each
    /// patient is planned: on thousands of session-days planning takes a good part of a second)
    /// ended the planning.
    func plan(shouldStop: () -> Bool = { false }) -> IndexedArray<PatientIndex, [Int]>? {
        let sessionDayCount = problem.sessionDayCount
        let cohortCount = problem.cohorts.count
        var load = [Double](repeating: 0, count: sessionDayCount)
        var cohortLoad = [Int](repeating: 0, count: sessionDayCount * cohortCount)
        let modalityCount = problem.modalityCount
        var trackLoad = [Int](repeating: 0, count: sessionDayCount * cohortCount * modalityCount)
        var forbidden = [Bool](repeating: false, count: sessionDayCount * cohortCount)
        var plans = IndexedArray<PatientIndex, [Int]>(repeating: [], count: problem.patientCount)

        let options = IndexedArray<PatientIndex, Int>(
            problem.patients.map { patient in
                (0..<sessionDayCount).count { isUsable[$0] && problem.isAvailable(patient: patient, $0) }
            })
        var order = problem.patients.filter {
            problem.weeklyHours[$0] > 0 && problem.maxDays[$0] > 0 && options[$0] > 0
        }
        order.sort { lhs, rhs in
            (options[lhs], problem.hasPrevious[lhs] ? 0 : 1, -problem.weeklyHours[lhs], lhs)
                < (options[rhs], problem.hasPrevious[rhs] ? 0 : 1, -problem.weeklyHours[rhs], rhs)
        }

        func assign(_ patient: PatientIndex) {
            let cohort = problem.cohortOf[patient]
            let scores = (0..<sessionDayCount).map { sessionDay -> Double? in
                guard isUsable[sessionDay], problem.isAvailable(patient: patient, sessionDay),
                    !forbidden[sessionDay * cohortCount + cohort]
                else { return nil }
                let ownLoad = cohortLoad[sessionDay * cohortCount + cohort]
                var groups = 0
                for other in 0..<cohortCount {
                    let members = cohortLoad[sessionDay * cohortCount + other] + (other == cohort ? 1 : 0)
                    groups += (members + typicalSize - 1) / typicalSize
                }
                return score(
                    patient, sessionDay, load: load[sessionDay], cohortLoad: ownLoad,
                    trackLoad: trackLoad[
                        (sessionDay * cohortCount + cohort) * modalityCount + problem.trackOf[patient]],
                    groupsNeeded: groups)
            }
            let chosen = bestPlan(for: patient, scores: scores)
            plans[patient] = chosen
            for sessionDay in chosen {
                load[sessionDay] += 1
                cohortLoad[sessionDay * cohortCount + cohort] += 1
                trackLoad[(sessionDay * cohortCount + cohort) * modalityCount + problem.trackOf[patient]] += 1
            }
        }

        for patient in order {
            if shouldStop() { return nil }
            assign(patient)
        }

        // Clusters of a cohort too small for a group would be dropped later: send them elsewhere.
        for _ in 0..<3 {
            var moved: [PatientIndex] = []
            for sessionDay in 0..<sessionDayCount {
                for cohort in 0..<cohortCount {
                    let count = cohortLoad[sessionDay * cohortCount + cohort]
                    guard count > 0, count < smallestGroup else { continue }
                    forbidden[sessionDay * cohortCount + cohort] = true
                    moved += order.filter { problem.cohortOf[$0] == cohort && plans[$0].contains(sessionDay) }
                }
            }
            guard !moved.isEmpty else { break }
            let movedSet = Set(moved)
            let replanned = order.filter { movedSet.contains($0) }
            for patient in replanned {
                for sessionDay in plans[patient] {
                    load[sessionDay] -= 1
                    cohortLoad[sessionDay * cohortCount + problem.cohortOf[patient]] -= 1
                    trackLoad[
                        (sessionDay * cohortCount + problem.cohortOf[patient]) * modalityCount
                            + problem.trackOf[patient]] -= 1
                }
                plans[patient] = []
            }
            for patient in replanned {
                if shouldStop() { return nil }
                assign(patient)
            }
        }
        return plans
    }

    /// How much the patient would like to attend a session-day, given who comes already.
    ///
    /// Joining a cluster of the same cohort (and better, the same track) that is still too small
    /// for a group is worth most; joining one with free seats in its groups is worth a little;
    /// a session-day already at capacity costs.
    private func score(
        _ patient: PatientIndex, _ sessionDay: Int, load: Double, cohortLoad: Int, trackLoad: Int, groupsNeeded: Int
    ) -> Double {
        var score = 0.0
        if problem.breakCount(patient: patient, sessionDay) > 0 { score -= max(problem.weights.continuityBreak, 0.01) }
        let seats = capacity[sessionDay]
        if load + 1 > seats || Double(groupsNeeded) > groupCapacity[sessionDay] + 1e-9 {
            score -= 60 + 10 * (load + 1 - seats) / max(seats, 1)
        }
        if cohortLoad > 0, cohortLoad < smallestGroup { score += 30 }
        let track = problem.trackOf[patient]
        if trackLoad > 0, trackLoad < problem.minSize[track] {
            score += 12
        } else if trackLoad > 0, trackLoad % problem.maxSize[track] != 0 {
            score += 6
        }
        score -= 4 * load / max(seats, 1)  // spread the load over the week
        return score
    }

    /// The session-days with the most hours (at most one session a day, within `weeklyHours` and
    /// `maxDaysPerWeek`), and among those the best total score, by dynamic programming over days.
    private func bestPlan(for patient: PatientIndex, scores: [Double?]) -> [Int] {
        let dayCount = problem.dayCount
        let sessionCount = problem.sessionCount
        let longestPerDay = (0..<dayCount).map { day in
            (0..<sessionCount).compactMap {
                scores[day * sessionCount + $0] != nil ? problem.sessionDayHours[day * sessionCount + $0] : nil
            }.max() ?? 0
        }
        let hourLimit = min(problem.weeklyHours[patient], longestPerDay.reduce(0, +))
        let dayLimit = min(problem.maxDays[patient], dayCount)
        guard hourLimit > 0, dayLimit > 0 else { return [] }
        let width = hourLimit + 1
        let stateCount = (dayLimit + 1) * width
        let unreachable = -Double.infinity
        var value = [Double](repeating: unreachable, count: stateCount)
        value[0] = 0
        // choice[day][state] = session-day chosen on that day to reach the state (nil: none that day).
        var choice = [Int?](repeating: nil, count: dayCount * stateCount)
        for day in 0..<dayCount {
            var next = value
            for state in 0..<stateCount where value[state] > unreachable {
                let days = state / width
                let hours = state % width
                guard days < dayLimit else { continue }
                for session in 0..<sessionCount {
                    let sessionDay = day * sessionCount + session
                    guard let score = scores[sessionDay] else { continue }
                    let reached = hours + problem.sessionDayHours[sessionDay]
                    guard reached <= hourLimit else { continue }
                    let target = (days + 1) * width + reached
                    let candidate = value[state] + score
                    if candidate > next[target] {
                        next[target] = candidate
                        choice[day * stateCount + target] = sessionDay
                    }
                }
            }
            value = next
        }
        var best: Int?
        for hours in stride(from: hourLimit, through: 1, by: -1) {
            for days in 1...dayLimit {
                let state = days * width + hours
                if value[state] > unreachable, best.map({ value[state] > value[$0] }) ?? true { best = state }
            }
            if best != nil { break }
        }
        guard var state = best else { return [] }
        var chosen: [Int] = []
        for day in stride(from: dayCount - 1, through: 0, by: -1) {
            if let sessionDay = choice[day * stateCount + state] {
                chosen.append(sessionDay)
                state -= width + problem.sessionDayHours[sessionDay]
            }
        }
        return chosen.reversed()
    }
}
