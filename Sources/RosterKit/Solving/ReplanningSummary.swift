/// How a re-planned roster differs from the previous one, patient-hour by patient-hour.
///
/// A patient-hour is kept when the patient sits at the same time slot in a group of the same
/// modality. Of the others, each patient's lost and new hours are paired into moves (same
/// session-day first, then in calendar order); lost hours left over were dropped, new hours
/// left over were added.
public struct ReplanningSummary: Sendable {
    /// One seat: where a patient sat or sits for one hour.
    public struct Seat: Hashable, Sendable {
        /// The hour.
        public var timeSlot: TimeSlot
        /// The modality of the group.
        public var modality: Modality
        /// The clinician who leads the group.
        public var clinician: ClinicianID

        var json: JSONValue {
            [
                "day": .string(timeSlot.day), "session": .string(timeSlot.session), "slot": .integer(timeSlot.slot),
                "modality": .string(modality.rawValue), "clinician": .string(clinician.rawValue),
            ]
        }
    }

    /// A patient-hour that moved, and why it had to.
    public struct Move: Hashable, Sendable {
        /// The patient who moved.
        public var patient: PatientID
        /// Where the patient sat in the previous roster.
        public var from: Seat
        /// Where the patient sits in the re-planned roster.
        public var to: Seat
        /// Why the patient had to move, for people.
        public var reason: String
    }

    /// A patient-hour dropped (with why) or added (reason empty).
    public struct Change: Hashable, Sendable {
        /// The patient whose hour was dropped or added.
        public var patient: PatientID
        /// The hour dropped from the previous roster, or added in the re-planned one.
        public var seat: Seat
        /// Why the hour was dropped; empty for an added hour.
        public var reason: String
    }

    /// Patient-hours of the previous roster the re-planned roster keeps (same slot, same modality).
    public var kept: Int
    /// Lost hours paired with new hours of the same patient, in calendar order.
    public var moved: [Move]
    /// Lost hours that no new hour of the patient replaces.
    public var dropped: [Change]
    /// New hours that replace no lost hour of the patient.
    public var added: [Change]
    /// Groups that run on under another clinician or in another room.
    public var reassigned: [Reassignment]
    /// How much of the previous roster names the instance's patients, time slots and modalities.
    public var match: KeptRosterMatch
    /// Unmet hours the kept assignments block: hours the full search, seeded with the kept
    /// roster, places and the re-planned roster does not. Nil when the search did not run.
    public var blockedHours: Int?

    /// Compares `replanned` with `previous`; `reasons` say why a patient lost a session-day,
    /// `hourReasons` why one moved to another group of the same hour.
    public init(
        previous: Roster, replanned: Roster, index: InstanceIndex, reasons: [PatientSessionDay: String] = [:],
        hourReasons: [PatientHour: String] = [:], reassigned: [Reassignment] = []
    ) {
        let before = previous.patientHours()
        let after = replanned.patientHours()
        kept = before.keys.count { after[$0] != nil }
        match = KeptRosterMatch(previous: previous, index: index)
        self.reassigned = reassigned
        func seat(_ hour: PatientHour, _ group: Group) -> Seat {
            Seat(timeSlot: hour.timeSlot, modality: hour.modality, clinician: group.clinician)
        }
        func order(_ lhs: PatientHour, _ rhs: PatientHour) -> Bool {
            let left = index.calendarKey(lhs.timeSlot)
            let right = index.calendarKey(rhs.timeSlot)
            return left != right ? left < right : lhs < rhs
        }
        func reason(_ hour: PatientHour) -> String? {
            if let reason = hourReasons[hour] { return reason }
            if let reason = reasons[PatientSessionDay(patient: hour.patient, sessionDay: hour.timeSlot.sessionDay)] {
                return reason
            }
            return index.patients[hour.patient] == nil ? "\(hour.patient) is no longer a patient of the program" : nil
        }
        let lost = Dictionary(grouping: before.keys.filter { after[$0] == nil }, by: \.patient)
        let gained = Dictionary(grouping: after.keys.filter { before[$0] == nil }, by: \.patient)
        var moved: [Move] = []
        var dropped: [Change] = []
        var added: [Change] = []
        for patient in Set(lost.keys).union(gained.keys).sorted() {
            var from = (lost[patient] ?? []).sorted(by: order)
            var to = (gained[patient] ?? []).sorted(by: order)
            var pairs: [(PatientHour, PatientHour)] = []
            for hour in from {
                if let match = to.firstIndex(where: { $0.timeSlot.sessionDay == hour.timeSlot.sessionDay }) {
                    pairs.append((hour, to.remove(at: match)))
                }
            }
            from.removeAll { hour in pairs.contains { $0.0 == hour } }
            while !from.isEmpty, !to.isEmpty { pairs.append((from.removeFirst(), to.removeFirst())) }
            for (old, new) in pairs.sorted(by: { order($0.0, $1.0) }) {
                moved.append(
                    Move(
                        patient: patient, from: seat(old, before[old]!), to: seat(new, after[new]!),
                        reason: reason(old) ?? "moved so that more hours could be placed"))
            }
            dropped += from.map {
                Change(patient: patient, seat: seat($0, before[$0]!), reason: reason($0) ?? "no longer fits")
            }
            added += to.map { Change(patient: patient, seat: seat($0, after[$0]!), reason: "") }
        }
        self.moved = moved
        self.dropped = dropped
        self.added = added
    }

    // MARK: Output

    /// The informative `replanning` member of a roster file: counts, then every move, drop,
    /// addition and reassignment. Patients appear by id only.
    public var json: JSONValue {
        var object = JSONObject()
        object["keptPatientHours"] = .integer(kept)
        object["movedPatientHours"] = .integer(moved.count)
        object["addedPatientHours"] = .integer(added.count)
        object["droppedPatientHours"] = .integer(dropped.count)
        object["reassignedGroups"] = .integer(reassigned.count)
        object["match"] = match.json
        object["blockedUnmetHours"] = blockedHours.map { .integer($0) } ?? .null
        object["moved"] = .array(
            moved.map {
                [
                    "patient": .string($0.patient.rawValue), "from": $0.from.json, "to": $0.to.json,
                    "reason": .string($0.reason),
                ]
            })
        object["dropped"] = .array(
            dropped.map {
                ["patient": .string($0.patient.rawValue), "from": $0.seat.json, "reason": .string($0.reason)]
            })
        object["added"] = .array(added.map { ["patient": .string($0.patient.rawValue), "to": $0.seat.json] })
        object["reassigned"] = .array(
            reassigned.map { change in
                var entry = JSONObject()
                entry["day"] = .string(change.timeSlot.day)
                entry["session"] = .string(change.timeSlot.session)
                entry["slot"] = .integer(change.timeSlot.slot)
                entry["modality"] = .string(change.modality.rawValue)
                entry["clinician"] = [
                    "from": .string(change.previousClinician.rawValue), "to": .string(change.clinician.rawValue),
                ]
                if change.previousRoom != change.room {
                    entry["room"] = [
                        "from": change.previousRoom.map { .string($0.rawValue) } ?? .null,
                        "to": change.room.map { .string($0.rawValue) } ?? .null,
                    ]
                }
                return .object(entry)
            })
        return .object(object)
    }

    /// One line of counts.
    public var headline: String {
        "\(kept) patient-hours kept, \(moved.count) moved, \(added.count) added, \(dropped.count) dropped; "
            + "\(reassigned.count) group\(reassigned.count == 1 ? "" : "s") with another clinician or room"
            + (blockedHours.map { $0 > 0 ? "; \($0) unmet hours blocked by kept assignments" : "" } ?? "")
            + (match.description.isEmpty ? "" : "; \(match.line(kept: kept))")
    }

    /// The headline, then moves, drops and additions by patient and session-day, then reassignments.
    public var lines: [String] {
        var lines = [headline]
        /// Consecutive entries with the same key and reason, counted.
        func grouped(_ entries: [(key: String, reason: String)]) -> [(key: String, hours: Int, reason: String)] {
            var result: [(key: String, hours: Int, reason: String)] = []
            for entry in entries {
                if let last = result.last, last.key == entry.key, last.reason == entry.reason {
                    result[result.count - 1].hours += 1
                } else {
                    result.append((entry.key, 1, entry.reason))
                }
            }
            return result
        }
        lines += grouped(
            moved.map { move in
                let (from, to) = (move.from.timeSlot.sessionDay, move.to.timeSlot.sessionDay)
                return (from == to ? "\(move.patient) within \(from)" : "\(move.patient) \(from) -> \(to)", move.reason)
            }
        ).map { "moved \($0.key) (\($0.hours) h): \($0.reason)" }
        lines += grouped(dropped.map { ("\($0.patient) \($0.seat.timeSlot.sessionDay)", $0.reason) })
            .map { "dropped \($0.key) (\($0.hours) h): \($0.reason)" }
        lines += grouped(added.map { ("\($0.patient) \($0.seat.timeSlot.sessionDay)", "") }).map {
            "added \($0.key) (\($0.hours) h)"
        }
        lines += reassigned.map { change in
            var line = "reassigned \(change.timeSlot) \(change.modality): "
            line +=
                change.previousClinician == change.clinician
                ? "\(change.clinician)" : "\(change.previousClinician) -> \(change.clinician)"
            if change.previousRoom != change.room {
                line += ", room \(change.previousRoom?.rawValue ?? "none") -> \(change.room?.rawValue ?? "none")"
            }
            return line
        }
        return lines
    }
}
