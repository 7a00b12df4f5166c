/// Reads a roster document. A group with a missing or mistyped field makes the file malformed
/// (an input error with its JSON path); breaking a hard rule is the checker's business.
public struct RosterDecoder {
    /// A decoder; it holds no state.
    public init() {}

    /// The roster in `document`, or every malformed field at once, each with its JSON path (`groups[3].slot`).
    ///
    /// The roster is not checked against an instance: use ``RosterChecker`` for the hard rules.
    public func decode(_ document: JSONValue) throws(RosterFormatError) -> Roster {
        try ProblemLog.decoding(document, as: "a roster", orThrow: RosterFormatError.init) { read(&$0, log: &$1) }.value
    }

    private func read(_ root: inout FieldReader, log: inout ProblemLog) -> Roster? {
        // The instance's name and the groups' ids: no C0 or DEL, as in the instance they name
        // (nothing more is read, so no message can quote one).
        var refused = false
        for key in ["instance", "groups"] {
            guard let value = root.object[key] else { continue }
            refused = ControlCharacters.refuse(in: value, at: .root / key, includingC1: false, log: &log) || refused
        }
        if refused { return nil }
        let instanceName = root.string("instance", log: &log)
        var groups: [Group] = []
        for (index, entry) in (root.list("groups", required: true, log: &log) ?? []).enumerated() {
            let path = JSONPath.root / "groups" / index
            guard var fields = FieldReader.object(entry, at: path, what: "a group", log: &log) else { continue }
            let day = fields.string("day", required: true, log: &log)
            let session = fields.string("session", required: true, log: &log)
            let slot = fields.integer("slot", minimum: Int.min, maximum: Int.max, required: true, log: &log)
            let modality = fields.string("modality", required: true, log: &log)
            let cohort = fields.string("cohort", log: &log) ?? Patient.defaultCohort
            let clinician = fields.string("clinician", required: true, log: &log)
            let room = fields.string("room", log: &log)
            let patients = fields.strings("patients", required: true, log: &log)
            guard let day, let session, let slot, let modality, let clinician, let patients else { continue }
            groups.append(
                Group(
                    timeSlot: TimeSlot(SessionDay(day: day, session: session), slot: slot),
                    modality: Modality(rawValue: modality), cohort: cohort, clinician: ClinicianID(clinician),
                    room: room.map(RoomID.init(rawValue:)), patients: patients.map { PatientID($0.text) }))
        }
        return Roster(instanceName: instanceName, groups: groups)
    }
}

/// The roster file is not a roster document; every problem with its JSON path.
public struct RosterFormatError: DocumentProblems, Sendable {
    /// Every problem found, in document order.
    public var problems: [InputProblem]
}

/// Writes rosters in the spec's format: `instance`, then `groups`, then any informative members.
public enum RosterEncoder {
    /// The roster as a JSON document, groups in calendar order; `extra` members follow `groups`.
    public static func document(_ roster: Roster, index: InstanceIndex, extra: JSONObject = JSONObject()) -> JSONValue {
        var object = JSONObject()
        object["instance"] = (roster.instanceName ?? index.instance.name).map(JSONValue.string) ?? .null
        object["groups"] = .array(
            roster.sorted(by: index).groups.map { group(of: $0, plansRooms: index.instance.plansRooms) })
        for (key, value) in extra.members { object[key] = value }
        return .object(object)
    }

    /// ``document(_:index:extra:)`` written as JSON text, with a final newline.
    public static func text(_ roster: Roster, index: InstanceIndex, extra: JSONObject = JSONObject()) -> String {
        JSONWriter.write(document(roster, index: index, extra: extra))
    }

    static func group(of group: Group, plansRooms: Bool) -> JSONValue {
        var object = JSONObject()
        object["day"] = .string(group.timeSlot.day)
        object["session"] = .string(group.timeSlot.session)
        object["slot"] = .integer(group.timeSlot.slot)
        object["modality"] = .string(group.modality.rawValue)
        object["cohort"] = .string(group.cohort)
        object["clinician"] = .string(group.clinician.rawValue)
        if let room = group.room { object["room"] = .string(room.rawValue) }
        object["patients"] = .array(group.patients.map { .string($0.rawValue) })
        return .object(object)
    }
}
