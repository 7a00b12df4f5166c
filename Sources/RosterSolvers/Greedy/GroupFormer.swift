/// Splits the patients attending a session-day into groups, slot by slot, with clinicians and rooms.
///
/// In each slot every patient first asks for their cheapest allowed modality (track, then
/// secondary); each cohort's requests for one modality become as few groups as the size limits
/// allow. Whoever is left (too few for a group, a separation, no clinician) joins an existing
/// group, or a new group of the modality most of them may take, if need be with members borrowed
/// from groups above their minimum. A patient left without a seat in some slot is dropped from the
/// whole session-day, and the session-day is formed again without them.
struct GroupFormer {
    let problem: GreedyProblem
    /// Scratch marks, one per patient.
    private var marked: [Bool]
    /// Per patient: the first slot of their off-track turn in the session-day being formed, or -1.
    private var offTrackTurn: [Int]

    init(problem: GreedyProblem) {
        self.problem = problem
        marked = Array(repeating: false, count: problem.patientCount)
        offTrackTurn = Array(repeating: -1, count: problem.patientCount)
    }

    /// When patients take the hours their track cannot fill (the same-modality limit).
    enum OffTrackPlan {
        /// Track while allowed; the other hours come last (everyone off-track in the same slots).
        case whenNeeded
        /// Each track's patients take turns: about one in `hours` is off-track in each slot,
        /// so off-track patients can join other tracks' groups.
        case rotating
    }

    /// Forms `sessionDay` for `attendees`, none of whom attends it yet, with whichever off-track
    /// plan gives the lower objective.
    /// - Returns: the attendees who had to be dropped (they do not attend).
    mutating func form(_ sessionDay: Int, attendees: [Int], in state: inout PlanState) -> [Int] {
        guard problem.sessionDayHours[sessionDay] > problem.maxSame, attendees.count > 1 else {
            return form(sessionDay, attendees: attendees, plan: .whenNeeded, in: &state)
        }
        _ = form(sessionDay, attendees: attendees, plan: .rotating, in: &state)
        let rotating = state.total
        state.clear(sessionDay, attendees: attendees)
        let dropped = form(sessionDay, attendees: attendees, plan: .whenNeeded, in: &state)
        guard rotating < state.total - 1e-9 else { return dropped }
        state.clear(sessionDay, attendees: attendees)
        return form(sessionDay, attendees: attendees, plan: .rotating, in: &state)
    }

    /// Forms `sessionDay` for `attendees` with one off-track plan.
    mutating func form(_ sessionDay: Int, attendees: [Int], plan: OffTrackPlan, in state: inout PlanState) -> [Int] {
        var current = attendees
        var dropped: [Int] = []
        while !current.isEmpty {
            for patient in current { state.attend(patient, sessionDay) }
            setOffTrackTurns(for: current, plan: plan, hours: problem.sessionDayHours[sessionDay])
            var seated = current
            var lost: [Int] = []
            for slot in problem.slots(of: sessionDay) {
                let unseated = formSlot(slot, patients: seated, in: &state)
                guard !unseated.isEmpty else { continue }
                lost += unseated
                seated = without(unseated, from: seated)
            }
            for patient in current { offTrackTurn[patient] = -1 }
            if lost.isEmpty { return dropped }
            dropped += lost
            // Cheap way out: the lost leave, and every group keeps its minimum.
            for patient in lost {
                for slot in problem.slots(of: sessionDay) where state.group(of: patient, at: slot) >= 0 {
                    state.remove(patient, from: state.group(of: patient, at: slot))
                }
            }
            let holds = problem.slots(of: sessionDay).allSatisfy { slot in
                state.slotGroups[slot].allSatisfy { state.groups[$0].members.count >= problem.minSize[state.groups[$0].modality] }
            }
            if holds {
                for patient in lost { state.leave(patient, sessionDay) }
                return dropped
            }
            state.clear(sessionDay, attendees: current)
            current = without(lost, from: current)
        }
        return dropped
    }

    /// Gives each patient the first slot (0-based) of their off-track turn, or -1 for none.
    private mutating func setOffTrackTurns(for patients: [Int], plan: OffTrackPlan, hours: Int) {
        guard plan == .rotating else { return }
        var seen = [Int](repeating: 0, count: problem.cohorts.count * problem.modalityCount)
        for patient in patients.sorted() {
            let key = problem.cohortOf[patient] * problem.modalityCount + problem.trackOf[patient]
            offTrackTurn[patient] = seen[key] % hours
            seen[key] += 1
        }
    }

    /// Whether the patient's off-track plan asks for a non-track group at this slot.
    @inline(__always) private func wantsOffTrack(_ patient: Int, at slot: Int) -> Bool {
        let turn = offTrackTurn[patient]
        guard turn >= 0 else { return false }
        let hours = problem.sessionDayHours[problem.slotSessionDay[slot]]
        let offHours = hours - problem.maxSame
        return ((problem.slotNumber[slot] - 1 - turn) % hours + hours) % hours < offHours
    }

    private mutating func without(_ removed: [Int], from list: [Int]) -> [Int] {
        for patient in removed { marked[patient] = true }
        let kept = list.filter { !marked[$0] }
        for patient in removed { marked[patient] = false }
        return kept
    }

    // MARK: One slot

    /// Seats `patients` at `slot` (which holds no group yet); returns those it could not seat.
    ///
    /// Preferences first; when that leaves someone out, the slot is formed again clinician by
    /// clinician for coverage, and the better of the two is kept.
    mutating func formSlot(_ slot: Int, patients: [Int], in state: inout PlanState) -> [Int] {
        let preferred = formSlotByPreference(slot, patients: patients, in: &state)
        guard !preferred.isEmpty else { return preferred }
        clearSlot(slot, in: &state)
        let covered = formSlotByCoverage(slot, patients: patients, in: &state)
        if covered.count < preferred.count { return covered }
        clearSlot(slot, in: &state)
        return formSlotByPreference(slot, patients: patients, in: &state)
    }

    private func clearSlot(_ slot: Int, in state: inout PlanState) {
        for id in state.slotGroups[slot] {
            for member in state.groups[id].members.reversed() { state.remove(Int(member), from: id) }
        }
        while let id = state.slotGroups[slot].last { state.close(id) }
    }

    /// Forms the slot clinician by clinician, least versatile first: each leads the group (cohort
    /// and modality) that seats most of the patients still waiting, taking first those with the
    /// fewest modalities left. Returns those it could not seat.
    mutating func formSlotByCoverage(_ slot: Int, patients: [Int], in state: inout PlanState) -> [Int] {
        let day = problem.day(ofSlot: slot)
        let modalityCount = problem.modalityCount
        let cohortCount = problem.cohorts.count
        var options = [Int](repeating: 0, count: patients.count)
        for (position, patient) in patients.enumerated() {
            options[position] = (0..<modalityCount).count { problem.isStaffed[$0] && state.mayTake(patient, $0, day: day) }
        }
        var pending = patients.indices.sorted { (options[$0], patients[$0]) < (options[$1], patients[$1]) }.map { patients[$0] }
        var waiting = [Int](repeating: 0, count: cohortCount)
        for patient in pending { waiting[problem.cohortOf[patient]] += 1 }
        let smallest = (0..<modalityCount).filter { problem.isStaffed[$0] }.map { problem.minSize[$0] }.min() ?? 1
        let leaders = (0..<problem.clinicianCount).filter { state.clinicianCanLead($0, at: slot) }
            .sorted { lhs, rhs in
                let left = (0..<modalityCount).count { problem.isStaffed[$0] && problem.isTrained(clinician: lhs, $0) }
                let right = (0..<modalityCount).count { problem.isStaffed[$0] && problem.isTrained(clinician: rhs, $0) }
                return (left, lhs) < (right, rhs)
            }
        for leader in leaders where !pending.isEmpty {
            var best: (modality: Int, cohort: Int, members: [Int], cost: Double)?
            for modality in 0..<modalityCount where problem.isStaffed[modality] && problem.isTrained(clinician: leader, modality) {
                let lower = problem.minSize[modality]
                guard let room = state.freeRoom(at: slot, holding: problem.maxSize[modality], atLeast: lower) else { continue }
                let limit = min(problem.maxSize[modality], room >= 0 ? problem.roomCapacity[room] : Int.max)
                for cohort in 0..<cohortCount where waiting[cohort] >= lower {
                    var eligible = pending.filter { problem.cohortOf[$0] == cohort && state.mayTake($0, modality, day: day) }
                    guard eligible.count >= lower else { continue }
                    var seats = min(eligible.count, limit)
                    // Leave the cohort enough for a group of its own, or nobody.
                    let rest = waiting[cohort] - seats
                    if rest > 0, rest < smallest { seats = max(lower, waiting[cohort] - smallest) }
                    eligible = Array(eligible.prefix(seats))
                    let cost = eligible.map { problem.cost(patient: $0, modality: modality) }.reduce(0, +)
                    if best.map({ (eligible.count, -cost) > ($0.members.count, -$0.cost) }) ?? true {
                        best = (modality, cohort, eligible, cost)
                    }
                }
            }
            guard let best else { continue }
            let room = state.freeRoom(at: slot, holding: best.members.count, atLeast: problem.minSize[best.modality])!
            let id = state.openGroup(slot: slot, modality: best.modality, cohort: best.cohort, clinician: leader, room: room)
            var seated: [Int] = []
            for patient in best.members where seated.count < state.capacity(of: id) && !state.hasConflict(patient, in: id) {
                state.add(patient, to: id)
                seated.append(patient)
            }
            if seated.count < problem.minSize[best.modality] {
                for patient in seated { state.remove(patient, from: id) }
                state.close(id)
                continue
            }
            waiting[best.cohort] -= seated.count
            pending = without(seated, from: pending)
        }
        var unseated: [Int] = []
        for cohort in 0..<cohortCount {
            unseated += insertIntoExisting(pending.filter { problem.cohortOf[$0] == cohort }, cohort: cohort, slot: slot, in: &state)
        }
        for cohort in 0..<cohortCount {
            unseated = repairSmallGroups(cohort: cohort, slot: slot, unseated: unseated, in: &state)
        }
        return unseated
    }

    /// Forms the slot from each patient's cheapest allowed modality. Returns those it could not seat.
    mutating func formSlotByPreference(_ slot: Int, patients: [Int], in state: inout PlanState) -> [Int] {
        let day = problem.day(ofSlot: slot)
        let modalityCount = problem.modalityCount
        var unseated: [Int] = []
        var requests: [[Int]] = Array(repeating: [], count: problem.cohorts.count * modalityCount)
        var pools: [[Int]] = Array(repeating: [], count: problem.cohorts.count)
        for patient in patients {
            var best = -1
            var bestCost = Double.infinity
            let avoided = wantsOffTrack(patient, at: slot) ? problem.trackOf[patient] : -1
            for modality in 0..<modalityCount where problem.isStaffed[modality] && state.mayTake(patient, modality, day: day) {
                let cost = problem.cost(patient: patient, modality: modality) + (modality == avoided ? 1e6 : 0)
                if cost < bestCost {
                    best = modality
                    bestCost = cost
                }
            }
            if best < 0 {
                unseated.append(patient)
            } else if problem.preferenceKind[patient * modalityCount + best] == 2 {
                pools[problem.cohortOf[patient]].append(patient)
            } else {
                requests[problem.cohortOf[patient] * modalityCount + best].append(patient)
            }
        }

        // Requests, largest first, become groups of their modality.
        let order = requests.indices.filter { !requests[$0].isEmpty }
            .sorted { (-requests[$0].count, $0) < (-requests[$1].count, $1) }
        for key in order {
            let cohort = key / modalityCount
            let modality = key % modalityCount
            let members = requests[key].sorted { lhs, rhs in
                (problem.cost(patient: lhs, modality: modality), lhs) < (problem.cost(patient: rhs, modality: modality), rhs)
            }
            pools[cohort] += seatRequests(members, modality: modality, cohort: cohort, slot: slot, in: &state)
        }

        // The rest, largest pool first.
        for cohort in pools.indices.sorted(by: { (-pools[$0].count, $0) < (-pools[$1].count, $1) }) where !pools[cohort].isEmpty {
            unseated += seatPool(pools[cohort], cohort: cohort, slot: slot, in: &state)
        }
        // Groups still under their minimum (separations) borrow members or dissolve.
        for cohort in problem.cohorts.indices {
            unseated = repairSmallGroups(cohort: cohort, slot: slot, unseated: unseated, in: &state)
        }
        return unseated
    }

    /// Opens as few groups as the size limits allow for patients who all asked for `modality`.
    /// - Returns: the patients left over.
    private mutating func seatRequests(_ members: [Int], modality: Int, cohort: Int, slot: Int, in state: inout PlanState) -> [Int] {
        let lower = problem.minSize[modality]
        let upper = problem.maxSize[modality]
        let count = members.count
        guard count >= lower else { return members }
        var groupCount = (count + upper - 1) / upper
        if groupCount * lower > count { groupCount = count / lower }
        let taken = min(count, groupCount * upper)
        var opened: [(id: Int, target: Int)] = []
        for number in 0..<groupCount {
            let target = taken / groupCount + (number < taken % groupCount ? 1 : 0)
            guard let clinician = state.freeClinician(for: modality, at: slot),
                let room = state.freeRoom(at: slot, holding: target, atLeast: lower)
            else { break }
            let id = state.openGroup(slot: slot, modality: modality, cohort: cohort, clinician: clinician, room: room)
            opened.append((id, min(target, state.capacity(of: id))))
        }
        guard !opened.isEmpty else { return members }
        var left: [Int] = []
        for patient in members {
            var best: Int?
            var bestRoom = 0
            for (position, group) in opened.enumerated() {
                let room = group.target - state.groups[group.id].members.count
                if room > bestRoom, !state.hasConflict(patient, in: group.id) {
                    best = position
                    bestRoom = room
                }
            }
            if let best { state.add(patient, to: opened[best].id) } else { left.append(patient) }
        }
        return left
    }

    /// Seats a cohort's leftover patients: into existing groups, else into new groups.
    /// - Returns: the patients still without a seat.
    private mutating func seatPool(_ pool: [Int], cohort: Int, slot: Int, in state: inout PlanState) -> [Int] {
        var pending = insertIntoExisting(pool, cohort: cohort, slot: slot, in: &state)
        var blocked = [Bool](repeating: false, count: problem.modalityCount)
        while !pending.isEmpty {
            if let seated = openFromPool(pending, cohort: cohort, slot: slot, blocked: &blocked, in: &state) {
                pending = without(seated, from: pending)
            } else if let seated = openWithBorrowed(pending, cohort: cohort, slot: slot, in: &state) {
                pending = without(seated, from: pending)
            } else {
                break
            }
            pending = insertIntoExisting(pending, cohort: cohort, slot: slot, in: &state)
        }
        return pending
    }

    /// Seats each patient in the cheapest open group of their cohort with room, filling groups under
    /// their minimum first. Returns those who fit nowhere.
    private mutating func insertIntoExisting(_ patients: [Int], cohort: Int, slot: Int, in state: inout PlanState) -> [Int] {
        let day = problem.day(ofSlot: slot)
        var left: [Int] = []
        for patient in patients {
            var best = -1
            var bestKey = (2, Double.infinity, Int.max)
            for id in state.slotGroups[slot] where state.groups[id].cohort == cohort {
                let group = state.groups[id]
                let size = group.members.count
                guard state.hasSeat(id), state.mayTake(patient, group.modality, day: day), !state.hasConflict(patient, in: id)
                else { continue }
                let key = (size < problem.minSize[group.modality] ? 0 : 1, problem.cost(patient: patient, modality: group.modality), size)
                if key < bestKey {
                    best = id
                    bestKey = key
                }
            }
            if best >= 0 {
                state.prepareSeat(in: best)
                state.add(patient, to: best)
            } else {
                left.append(patient)
            }
        }
        return left
    }

    /// Opens one group of the modality most pending patients may take, if enough of them may.
    /// - Returns: the patients seated, or nil when no modality works.
    private mutating func openFromPool(
        _ pending: [Int], cohort: Int, slot: Int, blocked: inout [Bool], in state: inout PlanState
    ) -> [Int]? {
        let day = problem.day(ofSlot: slot)
        while true {
            var best = -1
            var bestKey = (0, -Double.infinity)
            for modality in 0..<problem.modalityCount where problem.isStaffed[modality] && !blocked[modality] {
                let eligible = pending.filter { state.mayTake($0, modality, day: day) }
                let size = min(eligible.count, problem.maxSize[modality])
                guard size >= problem.minSize[modality] else { continue }
                let cost = eligible.map { problem.cost(patient: $0, modality: modality) }.sorted().prefix(size).reduce(0, +)
                let key = (size, -cost)
                if key > bestKey {
                    best = modality
                    bestKey = key
                }
            }
            guard best >= 0 else { return nil }
            blocked[best] = true
            let modality = best
            let eligible = pending.filter { state.mayTake($0, modality, day: day) }
                .sorted { (problem.cost(patient: $0, modality: modality), $0) < (problem.cost(patient: $1, modality: modality), $1) }
            let target = min(eligible.count, problem.maxSize[modality])
            guard let clinician = state.freeClinician(for: modality, at: slot),
                let room = state.freeRoom(at: slot, holding: target, atLeast: problem.minSize[modality])
            else { continue }
            let id = state.openGroup(slot: slot, modality: modality, cohort: cohort, clinician: clinician, room: room)
            let limit = state.capacity(of: id)
            var seated: [Int] = []
            for patient in eligible where seated.count < limit && !state.hasConflict(patient, in: id) {
                state.add(patient, to: id)
                seated.append(patient)
            }
            if seated.count >= problem.minSize[modality] { return seated }
            for patient in seated { state.remove(patient, from: id) }
            state.close(id)
        }
    }

    /// Opens one group from pending patients plus members borrowed from groups above their minimum.
    /// - Returns: the pending patients seated, or nil when no modality works.
    private mutating func openWithBorrowed(_ pending: [Int], cohort: Int, slot: Int, in state: inout PlanState) -> [Int]? {
        let day = problem.day(ofSlot: slot)
        var best: (modality: Int, own: [Int], borrowed: [(patient: Int, from: Int)], cost: Double)?
        let donors = state.groups(at: slot, cohort: cohort)
        for modality in 0..<problem.modalityCount where problem.isStaffed[modality] {
            let lower = problem.minSize[modality]
            guard state.freeClinician(for: modality, at: slot) != nil,
                let room = state.freeRoom(at: slot, holding: lower, atLeast: lower)
            else { continue }
            let limit = min(problem.maxSize[modality], room >= 0 ? problem.roomCapacity[room] : Int.max)
            var own: [Int] = []
            for patient in pending.sorted(by: { (problem.cost(patient: $0, modality: modality), $0) < (problem.cost(patient: $1, modality: modality), $1) })
            where own.count < limit && state.mayTake(patient, modality, day: day)
                && !problem.separated[patient].contains(where: { own.contains(Int($0)) })
            {
                own.append(patient)
            }
            guard !own.isEmpty else { continue }
            let needed = lower - own.count
            guard needed > 0 else { continue }
            var offers: [(patient: Int, from: Int, cost: Double)] = []
            for id in donors {
                let group = state.groups[id]
                guard group.members.count > problem.minSize[group.modality] else { continue }
                for member in group.members {
                    let patient = Int(member)
                    guard group.modality == modality || state.mayTake(patient, modality, day: day) else { continue }
                    offers.append((patient, id, problem.cost(patient: patient, modality: modality) - problem.cost(patient: patient, modality: group.modality)))
                }
            }
            offers.sort { ($0.cost, $0.patient) < ($1.cost, $1.patient) }
            var spare = [Int: Int]()
            var chosen: [(patient: Int, from: Int)] = []
            var members = own
            var cost = 0.0
            for offer in offers where chosen.count < needed {
                let left = spare[offer.from] ?? (state.groups[offer.from].members.count - problem.minSize[state.groups[offer.from].modality])
                guard left > 0, !problem.separated[offer.patient].contains(where: { members.contains(Int($0)) }) else { continue }
                spare[offer.from] = left - 1
                chosen.append((offer.patient, offer.from))
                members.append(offer.patient)
                cost += offer.cost
            }
            guard chosen.count == needed else { continue }
            cost += own.map { problem.cost(patient: $0, modality: modality) }.reduce(0, +)
            let perSeat = cost / Double(members.count)
            if best.map({ (own.count, -perSeat) > ($0.own.count, -$0.cost / Double($0.own.count + $0.borrowed.count)) }) ?? true {
                best = (modality, own, chosen, cost)
            }
        }
        guard let best else { return nil }
        let clinician = state.freeClinician(for: best.modality, at: slot)!
        let size = best.own.count + best.borrowed.count
        let room = state.freeRoom(at: slot, holding: size, atLeast: problem.minSize[best.modality])!
        let id = state.openGroup(slot: slot, modality: best.modality, cohort: cohort, clinician: clinician, room: room)
        for (patient, from) in best.borrowed {
            state.remove(patient, from: from)
            state.add(patient, to: id)
        }
        for patient in best.own { state.add(patient, to: id) }
        return best.own
    }

    /// Brings groups of a cohort under their minimum up to it, with unseated patients or members
    /// of groups above their minimum, or dissolves them and reseats their members where possible.
    /// - Returns: the patients still without a seat.
    private mutating func repairSmallGroups(cohort: Int, slot: Int, unseated: [Int], in state: inout PlanState) -> [Int] {
        let day = problem.day(ofSlot: slot)
        var unseated = unseated
        for id in state.groups(at: slot, cohort: cohort) where state.groups[id].isOpen {
            let modality = state.groups[id].modality
            let lower = problem.minSize[modality]
            guard state.groups[id].members.count < lower else { continue }
            for patient in unseated where problem.cohortOf[patient] == cohort && state.groups[id].members.count < lower
                && state.mayTake(patient, modality, day: day) && !state.hasConflict(patient, in: id)
            {
                state.add(patient, to: id)
                unseated = without([patient], from: unseated)
            }
            for donor in state.groups(at: slot, cohort: cohort) where donor != id {
                for member in state.groups[donor].members {
                    let patient = Int(member)
                    guard state.groups[id].members.count < lower,
                        state.groups[donor].members.count > problem.minSize[state.groups[donor].modality],
                        state.groups[donor].modality == modality || state.mayTake(patient, modality, day: day),
                        !state.hasConflict(patient, in: id)
                    else { continue }
                    state.remove(patient, from: donor)
                    state.add(patient, to: id)
                }
            }
            guard state.groups[id].members.count < lower else { continue }
            let members = state.groups[id].members.map { Int($0) }
            for patient in members { state.remove(patient, from: id) }
            state.close(id)
            unseated += insertIntoExisting(members, cohort: cohort, slot: slot, in: &state)
        }
        return unseated
    }
}
