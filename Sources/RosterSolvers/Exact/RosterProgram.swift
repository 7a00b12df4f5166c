import RosterKit

/// The weekly roster as an exact, aggregated integer program (solver-neutral).
///
/// Interchangeable patients are counted, not named, which keeps the program small enough for
/// GLPK: `attend[k][d]` type-k patients come to session-day `d`; `seats[g][t][m]` class-g
/// patients sit in modality `m` at slot `t`; room binaries (or a group count when rooms are not
/// planned) size the groups with `min * groups <= members <= capacity`; clinician binaries
/// lead them. Every roster is a solution, so the program's bound is a bound on every roster;
/// and a solution decomposes back into named patients (see ``RosterProgram/roster(from:)``),
/// except where separations are only enforced pair by pair: three patients kept mutually
/// apart can share two groups in the program. Such a solution is skipped, never written.
struct RosterProgram {
    let index: InstanceIndex
    let sessionDays: [SessionDay]
    let partition: PatientPartition
    /// Slots of each session-day, in order.
    let slots: [[TimeSlot]]
    /// Days a type may attend at most (uniform sessions), per type.
    private(set) var dayLimits: [Int] = []

    private(set) var columns: [ColumnSpec] = []
    /// The day each column belongs to, for neighbourhoods that free a few days at a time.
    private(set) var columnDays: [String] = []
    /// What each column decides, for neighbourhoods that free one kind of decision.
    private(set) var columnRoles: [ColumnRole] = []
    /// The seat and group-floor columns: what every reseating neighbourhood frees.
    private(set) var seatingColumns: Set<Int> = []
    private(set) var rows: [RowSpec] = []
    /// `sum(weight * weeklyHours)`: the objective when nobody is scheduled.
    private(set) var objectiveConstant = 0.0

    /// Type k, session-day index -> column.
    private(set) var attend: [[Int: ColumnIndex]] = []
    /// Class g, time slot, modality -> column.
    private(set) var seats: [Int: [TimeSlot: [Modality: ColumnIndex]]] = [:]
    /// Group columns of a (time slot, modality, cohort): one per room, or one group count.
    private(set) var groups: [GroupKey: [GroupColumn]] = [:]
    /// Per session-day and cohort, the least number of groups every slot runs (see ``buildGroupFloors()``).
    private(set) var groupFloors: [GroupFloor] = []
    /// Clinician, time slot, modality -> column.
    private(set) var leads: [TimeSlot: [Modality: [(clinician: ClinicianID, column: ColumnIndex)]]] = [:]

    struct GroupKey: Hashable, Comparable {
        var timeSlot: TimeSlot
        var modality: Modality
        var cohort: String
        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.timeSlot, lhs.modality, lhs.cohort) < (rhs.timeSlot, rhs.modality, rhs.cohort)
        }
    }

    /// The integer `ceil(attendees / largestGroup)` of one session-day and cohort.
    struct GroupFloor {
        var column: ColumnIndex
        var largestGroup: Int
        /// Attendance columns of the cohort's patient types at the session-day.
        var attendees: [ColumnIndex]
    }

    /// The decision a column stands for.
    enum ColumnRole {
        /// Patients of one type attending a session-day.
        case attendance
        /// Patients of one class seated in a modality at a slot.
        case seats
        /// Groups run: a room's binary, or a group count.
        case group
        /// The least number of groups a session-day runs (``GroupFloor``).
        case groupFloor
        /// A clinician leading a modality at a slot.
        case lead
    }

    /// A group variable: a room's binary (room set), or the number of groups (no rooms).
    struct GroupColumn {
        var room: RoomID?
        var column: ColumnIndex
        /// Most patients one such group may hold.
        var capacity: Int
    }

    /// Asked between building steps and within their loops; once it says yes, building stops
    /// and `cutShort` is set: the program is incomplete and must not be solved or exported.
    private let shouldStop: () -> Bool
    /// Whether `shouldStop` ended building before the program was complete.
    private(set) var cutShort = false

    /// Whether to stop building now; remembers a yes in `cutShort`.
    private mutating func stopping() -> Bool {
        if !cutShort, shouldStop() { cutShort = true }
        return cutShort
    }

    init(_ instance: Instance, shouldStop: @escaping () -> Bool = { false }) {
        self.shouldStop = shouldStop
        index = InstanceIndex(instance)
        sessionDays = instance.sessionDays
        slots = sessionDays.map { sessionDay in
            instance.session(sessionDay.session)!.slots.map { TimeSlot(sessionDay, slot: $0) }
        }
        let uniformHours = Set(instance.sessions.map(\.hours)).count <= 1
        partition = PatientPartition(index, sessionDays: sessionDays, individually: !uniformHours)
        objectiveConstant =
            instance.policy.weights.unmetHour * Double(instance.patients.reduce(0) { $0 + $1.weeklyHours })
        let steps: [(inout RosterProgram) -> Void] = [
            { $0.buildAttendance(uniformHours: uniformHours) }, { $0.buildSeats() }, { $0.buildGroups() },
            { $0.buildGroupFloors() }, { $0.buildLeads() }, { $0.buildSeparations() },
        ]
        for step in steps where !stopping() { step(&self) }
        seatingColumns = Set(columnRoles.indices.filter { columnRoles[$0] == .seats || columnRoles[$0] == .groupFloor })
    }

    var weights: Weights { index.instance.policy.weights }

    /// Whether every solution's objective is a whole number: whole costs on whole-number columns.
    var hasWholeTotals: Bool {
        objectiveConstant == objectiveConstant.rounded()
            && columns.allSatisfy { $0.kind != .continuous && $0.objective == $0.objective.rounded() }
    }

    // MARK: Variables and constraints

    /// Column and row names given so far: sanitising can make two ids one name (`c-1`, `c_1`).
    private var columnNames: Set<String> = []
    private var rowNames: Set<String> = []

    /// `name` sanitised, with its position appended if it is taken already.
    private static func unique(_ name: String, position: Int, in taken: inout Set<String>) -> String {
        var unique = sanitize(name)
        if taken.contains(unique) { unique = sanitize("\(unique.prefix(240))_\(position)") }
        taken.insert(unique)
        return unique
    }

    private mutating func addColumn(
        _ name: String, _ role: ColumnRole, day: String, kind: VariableKind, upper: Double, cost: Double = 0
    ) -> ColumnIndex {
        let name = Self.unique(name, position: columns.count, in: &columnNames)
        columns.append(ColumnSpec(name: name, kind: kind, lowerBound: 0, upperBound: upper, objective: cost))
        columnDays.append(day)
        columnRoles.append(role)
        return ColumnIndex(columns.count - 1)
    }

    private mutating func addRow(_ name: String, _ terms: [(ColumnIndex, Double)], _ bounds: RowBounds) {
        guard !terms.isEmpty else { return }
        rows.append(RowSpec(name: Self.unique(name, position: rows.count, in: &rowNames), terms: terms, bounds: bounds))
    }

    /// Who comes when: hours, days and one session a day per patient, aggregated per type.
    private mutating func buildAttendance(uniformHours: Bool) {
        let instance = index.instance
        let sessionHours = instance.sessions.first?.hours ?? 1
        for (k, type) in partition.types.enumerated() {
            var columnsByDay: [Int: ColumnIndex] = [:]
            let count = Double(type.count)
            // Days one patient of this type may come at most.
            var limit = min(type.maxDaysPerWeek ?? instance.days.count, instance.days.count)
            if uniformHours { limit = min(limit, type.weeklyHours / sessionHours) }
            dayLimits.append(limit)
            guard limit > 0 else {
                attend.append([:])
                continue
            }
            for d in type.sessionDays {
                let sessionDay = sessionDays[d]
                let hours = index.sessions[sessionDay.session]!.hours
                guard hours <= type.weeklyHours else { continue }
                var cost = -weights.unmetHour * Double(hours)
                if let previous = type.previous, !previous.contains(sessionDay) { cost += weights.continuityBreak }
                columnsByDay[d] = addColumn(
                    "attend_t\(k)_\(sessionDay)", .attendance, day: sessionDay.day, kind: .integer, upper: count,
                    cost: cost)
            }
            attend.append(columnsByDay)
            for day in instance.days {
                let sameDay = columnsByDay.filter { sessionDays[$0.key].day == day }.sorted { $0.key < $1.key }
                if sameDay.count > 1 { addRow("oneSession_t\(k)_\(day)", sameDay.map { ($0.value, 1) }, .upper(count)) }
            }
            let all = columnsByDay.sorted { $0.key < $1.key }
            addRow("days_t\(k)", all.map { ($0.value, 1) }, .upper(Double(limit) * count))
            if !uniformHours {
                let hours = all.map { ($0.value, Double(index.sessions[sessionDays[$0.key].session]!.hours)) }
                addRow("hours_t\(k)", hours, .upper(Double(type.weeklyHours) * count))
            }
        }
    }

    /// Modalities a group can run in at a session-day: some trained clinician is available.
    private func ledModalities(at sessionDay: SessionDay) -> [Modality] {
        index.instance.modalities.filter { modality in
            index.instance.clinicians.contains {
                index.isTrained($0.id, in: modality) && $0.availability.allows(sessionDay)
                    && ($0.maxHoursPerWeek ?? 1) > 0 && ($0.maxHoursPerDay ?? 1) > 0
            }
        }
    }

    /// Which modality each attending patient sits in, every slot (full sessions).
    private mutating func buildSeats() {
        let maxSame = index.instance.policy.maxSameModalityPerDay
        for (d, sessionDay) in sessionDays.enumerated() where !stopping() {
            let modalities = ledModalities(at: sessionDay)
            for (g, preference) in partition.classes.enumerated() where !stopping() {
                let present = partition.types.indices.filter { partition.types[$0].classIndex == g }.compactMap {
                    attend[$0][d]
                }
                guard !present.isEmpty else { continue }
                guard !modalities.isEmpty else {
                    for column in present { columns[column.rawValue].upperBound = 0 }
                    continue
                }
                let most = present.reduce(0.0) { $0 + columns[$1.rawValue].upperBound }
                var perModality: [Modality: [(ColumnIndex, Double)]] = [:]
                for timeSlot in slots[d] {
                    var terms: [(ColumnIndex, Double)] = present.map { ($0, -1) }
                    for modality in modalities {
                        let column = addColumn(
                            "seats_g\(g)_\(timeSlot.sessionDay)_\(timeSlot.slot)_\(modality)", .seats,
                            day: timeSlot.day, kind: .integer, upper: most,
                            cost: preference.cost(of: modality, weights))
                        seats[g, default: [:]][timeSlot, default: [:]][modality] = column
                        terms.append((column, 1))
                        perModality[modality, default: []].append((column, 1))
                    }
                    addRow("fullSession_g\(g)_\(timeSlot.sessionDay)_\(timeSlot.slot)", terms, .fixed(0))
                }
                if slots[d].count > maxSame {
                    for modality in modalities {
                        let terms = perModality[modality]! + present.map { ($0, -Double(maxSame)) }
                        addRow("sameModality_g\(g)_\(sessionDay)_\(modality)", terms, .upper(0))
                    }
                }
            }
        }
    }

    /// Groups: how many of each (slot, modality, cohort) and in which rooms, sized within limits.
    private mutating func buildGroups() {
        let instance = index.instance
        var cohorts: [String: [Int]] = [:]
        for (g, preference) in partition.classes.enumerated() { cohorts[preference.cohort, default: []].append(g) }
        var roomUse: [RoomID: [TimeSlot: [(ColumnIndex, Double)]]] = [:]
        for timeSlots in slots {
            for timeSlot in timeSlots {
                for modality in instance.modalities where !stopping() {
                    let size = instance.policy.sizeRange(for: modality)
                    for (cohort, classes) in cohorts.sorted(by: { $0.key < $1.key }) {
                        let members = classes.compactMap { seats[$0]?[timeSlot]?[modality] }
                        guard !members.isEmpty else { continue }
                        let key = GroupKey(timeSlot: timeSlot, modality: modality, cohort: cohort)
                        let name = "\(timeSlot.sessionDay)_\(timeSlot.slot)_\(modality)_\(cohort)"
                        var options: [GroupColumn] = []
                        if instance.plansRooms {
                            for room in instance.rooms
                            where room.availability.allows(timeSlot.sessionDay) && room.capacity >= size.lowerBound {
                                let column = addColumn(
                                    "room_\(room.id)_\(name)", .group, day: timeSlot.day, kind: .binary, upper: 1,
                                    cost: weights.group)
                                options.append(
                                    GroupColumn(
                                        room: room.id, column: column, capacity: min(room.capacity, size.upperBound)))
                                roomUse[room.id, default: [:]][timeSlot, default: []].append((column, 1))
                            }
                        } else {
                            let most = members.reduce(0.0) { $0 + columns[$1.rawValue].upperBound }
                            let column = addColumn(
                                "groups_\(name)", .group, day: timeSlot.day, kind: .integer,
                                upper: (most / Double(size.lowerBound)).rounded(.down), cost: weights.group)
                            options.append(GroupColumn(room: nil, column: column, capacity: size.upperBound))
                        }
                        guard !options.isEmpty else {
                            for column in members { columns[column.rawValue].upperBound = 0 }
                            continue
                        }
                        groups[key] = options
                        // Nobody sits in a modality that runs no group: a class of few patients
                        // pays for a whole group (the aggregate rows alone would let it run a fraction).
                        for (g, column) in zip(classes, classes.map { seats[$0]?[timeSlot]?[modality] }) {
                            guard let column else { continue }
                            let most = min(columns[column.rawValue].upperBound, Double(size.upperBound))
                            guard most < Double(size.upperBound) * Double(options.count) || !instance.plansRooms else {
                                continue
                            }
                            addRow("open_g\(g)_\(name)", [(column, 1)] + options.map { ($0.column, -most) }, .upper(0))
                        }
                        let seated = members.map { ($0, 1.0) }
                        addRow(
                            "minSize_\(name)", seated + options.map { ($0.column, -Double(size.lowerBound)) }, .lower(0)
                        )
                        addRow("maxSize_\(name)", seated + options.map { ($0.column, -Double($0.capacity)) }, .upper(0))
                    }
                }
            }
        }
        // Slots of a session-day are interchangeable (moving a whole slot's groups to another
        // slot changes nothing the spec counts): order them by number of groups.
        for timeSlots in slots where timeSlots.count > 1 && !stopping() {
            let perSlot = timeSlots.map { timeSlot in
                groups.filter { $0.key.timeSlot == timeSlot }.sorted { $0.key < $1.key }.flatMap {
                    $0.value.map(\.column)
                }
            }
            for (earlier, later) in zip(perSlot, perSlot.dropFirst()) {
                addRow(
                    "slotOrder_\(timeSlots[0].sessionDay)_\(columns.count)_\(rows.count)",
                    earlier.map { ($0, 1.0) } + later.map { ($0, -1.0) }, .lower(0))
            }
        }
        for (room, bySlot) in roomUse.sorted(by: { $0.key < $1.key }) where !stopping() {
            for (timeSlot, terms) in bySlot.sorted(by: { $0.key < $1.key }) where terms.count > 1 {
                addRow("roomOnce_\(room)_\(timeSlot.sessionDay)_\(timeSlot.slot)", terms, .upper(1))
            }
        }
    }

    /// Every slot of a session-day runs at least `ceil(attendees / largest group)` groups of a
    /// cohort, since everybody present sits in a group every slot. The relaxation already knows
    /// `attendees / largest group`; the integer count `floor` lets branch and bound round it
    /// up for a whole session-day at once, which is where small programs lose their bound.
    private mutating func buildGroupFloors() {
        for (d, sessionDay) in sessionDays.enumerated() where !stopping() {
            var present: [String: [(ColumnIndex, Double)]] = [:]
            for (k, type) in partition.types.enumerated() {
                guard let column = attend[k][d] else { continue }
                present[partition.classes[type.classIndex].cohort, default: []].append((column, 1))
            }
            for (cohort, attendees) in present.sorted(by: { $0.key < $1.key }) {
                let perSlot = slots[d].map { timeSlot in
                    groups.filter { $0.key.timeSlot == timeSlot && $0.key.cohort == cohort }.flatMap(\.value)
                }
                let largest = perSlot.joined().map(\.capacity).max() ?? 0
                guard largest > 0 else { continue }
                let most = attendees.reduce(0.0) { $0 + columns[$1.0.rawValue].upperBound }
                let name = "\(sessionDay)_\(cohort)"
                let floor = addColumn(
                    "groupFloor_\(name)", .groupFloor, day: sessionDay.day, kind: .integer,
                    upper: (most / Double(largest)).rounded(.up))
                addRow("groupFloorCovers_\(name)", [(floor, Double(largest))] + attendees.map { ($0.0, -1) }, .lower(0))
                groupFloors.append(GroupFloor(column: floor, largestGroup: largest, attendees: attendees.map(\.0)))
                for (timeSlot, options) in zip(slots[d], perSlot) {
                    let terms = options.map { ($0.column, 1.0) }
                    addRow("groupFloorRuns_\(name)_\(timeSlot.slot)", terms + [(floor, -1)], .lower(0))
                }
            }
        }
    }

    /// Every group has one trained, available clinician, within their limits, one group at a time.
    private mutating func buildLeads() {
        let instance = index.instance
        var byClinician: [ClinicianID: [(TimeSlot, ColumnIndex)]] = [:]
        let keysBySlot = Dictionary(grouping: groups.keys, by: { [$0.timeSlot.description, $0.modality.rawValue] })
        for timeSlots in slots {
            for timeSlot in timeSlots {
                for modality in instance.modalities where !stopping() {
                    let keys = (keysBySlot[[timeSlot.description, modality.rawValue]] ?? []).sorted()
                    guard !keys.isEmpty else { continue }
                    var terms: [(ColumnIndex, Double)] = []
                    for clinician in instance.clinicians
                    where index.isTrained(clinician.id, in: modality)
                        && clinician.availability.allows(timeSlot.sessionDay)
                    {
                        let column = addColumn(
                            "lead_\(clinician.id)_\(timeSlot.sessionDay)_\(timeSlot.slot)_\(modality)", .lead,
                            day: timeSlot.day, kind: .binary, upper: 1)
                        leads[timeSlot, default: [:]][modality, default: []].append((clinician.id, column))
                        byClinician[clinician.id, default: []].append((timeSlot, column))
                        terms.append((column, 1))
                    }
                    for key in keys { terms += groups[key]!.map { ($0.column, -1) } }
                    addRow("leaders_\(timeSlot.sessionDay)_\(timeSlot.slot)_\(modality)", terms, .fixed(0))
                }
            }
        }
        for clinician in instance.clinicians where !stopping() {
            let own = byClinician[clinician.id] ?? []
            for (timeSlot, entries) in Dictionary(grouping: own, by: \.0).sorted(by: { $0.key < $1.key })
            where entries.count > 1 {
                addRow(
                    "oneGroup_\(clinician.id)_\(timeSlot.sessionDay)_\(timeSlot.slot)", entries.map { ($0.1, 1) },
                    .upper(1))
            }
            if let limit = clinician.maxHoursPerWeek, own.count > limit {
                addRow("week_\(clinician.id)", own.map { ($0.1, 1) }, .upper(Double(limit)))
            }
            if let limit = clinician.maxHoursPerDay {
                for (day, entries) in Dictionary(grouping: own, by: \.0.day).sorted(by: { $0.key < $1.key })
                where entries.count > limit {
                    addRow("day_\(clinician.id)_\(day)", entries.map { ($0.1, 1) }, .upper(Double(limit)))
                }
            }
        }
    }

    /// Two patients who must be separated share a modality at a slot only if it runs two groups.
    private mutating func buildSeparations() {
        var classOf: [PatientID: Int] = [:]
        for (g, preference) in partition.classes.enumerated() {
            if let patient = preference.onlyPatient { classOf[patient] = g }
        }
        for (first, others) in index.separations.sorted(by: { $0.key < $1.key }) {
            for second in others.sorted() where first < second && !stopping() {
                guard let a = classOf[first], let b = classOf[second],
                    partition.classes[a].cohort == partition.classes[b].cohort,
                    let seatsA = seats[a], let seatsB = seats[b]
                else { continue }
                for (timeSlot, byModality) in seatsA.sorted(by: { $0.key < $1.key }) {
                    for (modality, column) in byModality.sorted(by: { $0.key < $1.key }) {
                        guard let other = seatsB[timeSlot]?[modality],
                            let options = groups[
                                GroupKey(timeSlot: timeSlot, modality: modality, cohort: partition.classes[a].cohort)]
                        else { continue }
                        addRow(
                            "apart_\(first)_\(second)_\(timeSlot.sessionDay)_\(timeSlot.slot)_\(modality)",
                            [(column, 1), (other, 1)] + options.map { ($0.column, -1) }, .upper(0))
                    }
                }
            }
        }
    }

    /// A column or row name GLPK and the LP format accept: letters, digits and `_`, at most 255.
    static func sanitize(_ name: String) -> String {
        let allowed = name.unicodeScalars.map { scalar -> Character in
            let isNameCharacter =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            return isNameCharacter ? Character(scalar) : "_"
        }
        return String(String(allowed).prefix(255))
    }
}
