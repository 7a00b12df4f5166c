/// Reads a scenario document: its name and changes, each change's fields with their JSON types.
///
/// Every problem is reported at once with its JSON path (`changes[2].admit[0].weeklyHours`).
/// Whether a change makes sense for the base instance (known ids, listed modalities, calendar
/// names) is decided when it is applied, see ``Scenario/apply(to:)``.
public struct ScenarioDecoder {
    /// A decoder; it holds no state.
    public init() {}

    /// The decoded scenario (``DecodedDocument/scenario``, not yet checked against a base
    /// instance) and the warnings met on the way.
    public typealias Decoded = DecodedDocument<Scenario>

    /// The scenario in `document`, or every malformed member at once, each with its JSON path.
    public func decode(_ document: JSONValue) throws(ScenarioError) -> Decoded {
        try ProblemLog.decoding(document, as: "a scenario", orThrow: ScenarioError.init) { read(&$0, log: &$1) }
    }

    private func read(_ root: inout FieldReader, log: inout ProblemLog) -> Scenario? {
        // Every text but the description (never shown) is a name or names something: no control
        // character, C1 included; nothing more is read, so no message can quote one.
        var refused = false
        for (key, value) in root.object.members where key != "description" {
            refused = ControlCharacters.refuse(in: value, at: .root / key, includingC1: true, log: &log) || refused
        }
        if refused { return nil }
        let name = root.string("name", log: &log)
        let description = root.string("description", log: &log)
        var changes: [ScenarioChange] = []
        for (index, entry) in (root.list("changes", required: true, log: &log) ?? []).enumerated() {
            if let change = readChange(entry, at: .root / "changes" / index, log: &log) { changes.append(change) }
        }
        root.warnAboutUnknownMembers(log: &log)
        return Scenario(name: name, description: description, changes: changes)
    }

    private func readChange(_ entry: JSONValue, at path: JSONPath, log: inout ProblemLog) -> ScenarioChange? {
        let example = "{\"discharge\": [\"p017\"]}"
        guard let object = entry.objectValue else {
            log.fail(path, "expected a change such as \(example), found \(entry.kindDescription)")
            return nil
        }
        guard let (kind, value) = object.members.first, object.members.count == 1 else {
            let found =
                object.members.isEmpty
                ? "an empty object" : "\(object.members.count) members (\(object.keys.joined(separator: ", ")))"
            log.fail(path, "expected exactly one change per entry such as \(example), found \(found)")
            return nil
        }
        let at = path / kind
        switch kind {
        case "clinicianUnavailable":
            guard var fields = FieldReader.object(value, at: at, what: "{\"clinician\", \"availability\"}", log: &log)
            else { return nil }
            let clinician = fields.string("clinician", required: true, log: &log)
            let patterns = readPatterns(&fields, required: true, log: &log)
            fields.warnAboutUnknownMembers(log: &log)
            guard let clinician, let patterns else { return nil }
            return .clinicianUnavailable(clinician: ClinicianID(clinician), at: patterns)
        case "admit":
            guard let entries = list(value, at: at, of: "patients", log: &log) else { return nil }
            var patients: [Patient] = []
            for (position, entry) in entries.enumerated() {
                if let patient = readPatient(entry, at: at / position, log: &log) { patients.append(patient) }
            }
            return patients.count == entries.count ? .admit(patients) : nil
        case "discharge":
            guard let entries = list(value, at: at, of: "patient ids", log: &log) else { return nil }
            var ids: [PatientID] = []
            for (position, entry) in entries.enumerated() {
                if let text = id(entry, at: at / position, what: "a patient id", log: &log) {
                    ids.append(PatientID(text))
                }
            }
            return ids.count == entries.count ? .discharge(ids) : nil
        case "setWeeklyHours":
            guard var fields = FieldReader.object(value, at: at, what: "{\"patient\", \"weeklyHours\"}", log: &log)
            else { return nil }
            let patient = fields.string("patient", required: true, log: &log)
            let hours = fields.integer("weeklyHours", minimum: 0, required: true, log: &log)
            fields.warnAboutUnknownMembers(log: &log)
            guard let patient, let hours else { return nil }
            return .setWeeklyHours(patient: PatientID(patient), weeklyHours: hours)
        case "setPolicy":
            return readPolicyPatch(value, at: at, log: &log).map(ScenarioChange.setPolicy)
        case "addClinician":
            return readClinician(value, at: at, log: &log).map(ScenarioChange.addClinician)
        case "removeClinician":
            return id(value, at: at, what: "a clinician id", log: &log).map { .removeClinician(ClinicianID($0)) }
        case "setClinicianLimits":
            return readClinicianLimits(value, at: at, log: &log)
        case "addRoom":
            return readRoom(value, at: at, log: &log).map(ScenarioChange.addRoom)
        case "removeRoom":
            return id(value, at: at, what: "a room id", log: &log).map { .removeRoom(RoomID($0)) }
        case "addSession":
            return readSession(value, at: at, log: &log).map(ScenarioChange.addSession)
        case "setAvailability":
            return readAvailabilityChange(value, at: at, log: &log)
        default:
            log.fail(
                path, "unknown change kind \"\(kind)\"; expected one of \(ScenarioChange.kinds.joined(separator: ", "))"
            )
            return nil
        }
    }

    // MARK: Entities

    private func readPatient(_ value: JSONValue, at path: JSONPath, log: inout ProblemLog) -> Patient? {
        guard var fields = FieldReader.object(value, at: path, what: "a patient", log: &log) else { return nil }
        let id = readID(&fields, what: "patient", log: &log)
        let name = fields.string("name", log: &log)
        var cohort = Patient.defaultCohort
        if let text = fields.string("cohort", log: &log) {
            if text.isEmpty {
                log.fail(path / "cohort", "expected a non-empty string (leave it out for \"adult\")")
            } else {
                cohort = text
            }
        }
        let track = fields.string("track", required: true, log: &log)
        let secondary = fields.string("secondary", log: &log)
        let weeklyHours = fields.integer("weeklyHours", minimum: 0, required: true, log: &log)
        let availability = readPatterns(&fields, required: false, quoting: false, log: &log)
        let maxDays = fields.integer("maxDaysPerWeek", minimum: 0, log: &log)
        var previous: [SessionDay]?
        if let entries = fields.strings("previous", log: &log) {
            previous = entries.compactMap { position, text in
                guard let sessionDay = SessionDay(parsing: text) else {
                    log.fail(path / "previous" / position, "expected a session-day DAY-SESSION such as Mon-AM")
                    return nil
                }
                return sessionDay
            }
        }
        let separateFrom = fields.strings("separateFrom", log: &log)?.map { PatientID($0.text) } ?? []
        fields.warnAboutUnknownMembers(log: &log)
        guard let id, let track, let weeklyHours else { return nil }
        return Patient(
            id: PatientID(id), name: name, cohort: cohort, track: Modality(rawValue: track),
            secondary: secondary.map(Modality.init(rawValue:)), weeklyHours: weeklyHours,
            availability: Availability(availability),
            maxDaysPerWeek: maxDays, previous: previous, separateFrom: separateFrom)
    }

    private func readClinician(_ value: JSONValue, at path: JSONPath, log: inout ProblemLog) -> Clinician? {
        guard var fields = FieldReader.object(value, at: path, what: "a clinician", log: &log) else { return nil }
        let id = readID(&fields, what: "clinician", log: &log)
        let name = fields.string("name", log: &log)
        let modalities = fields.strings("modalities", required: true, log: &log)
        let availability = readPatterns(&fields, required: false, log: &log)
        let perWeek = fields.integer("maxHoursPerWeek", minimum: 0, log: &log)
        let perDay = fields.integer("maxHoursPerDay", minimum: 0, log: &log)
        fields.warnAboutUnknownMembers(log: &log)
        guard let id, let modalities else { return nil }
        return Clinician(
            id: ClinicianID(id), name: name, modalities: modalities.map { Modality(rawValue: $0.text) },
            availability: Availability(availability), maxHoursPerWeek: perWeek, maxHoursPerDay: perDay)
    }

    private func readRoom(_ value: JSONValue, at path: JSONPath, log: inout ProblemLog) -> Room? {
        guard var fields = FieldReader.object(value, at: path, what: "a room", log: &log) else { return nil }
        let id = readID(&fields, what: "room", log: &log)
        let capacity = fields.integer("capacity", minimum: 1, required: true, log: &log)
        let availability = readPatterns(&fields, required: false, log: &log)
        fields.warnAboutUnknownMembers(log: &log)
        guard let id, let capacity else { return nil }
        return Room(id: RoomID(id), capacity: capacity, availability: Availability(availability))
    }

    private func readSession(_ value: JSONValue, at path: JSONPath, log: inout ProblemLog) -> Session? {
        guard var fields = FieldReader.object(value, at: path, what: "a session", log: &log) else { return nil }
        let id = fields.string("id", required: true, log: &log)
        let start = fields.string("start", required: true, log: &log)
        let hours = fields.integer("hours", minimum: 1, required: true, log: &log)
        fields.warnAboutUnknownMembers(log: &log)
        if let start, Session.minutes(fromClockTime: start) == nil {
            log.fail(path / "start", "expected a time HH:MM (00:00 to 23:59), found \"\(start)\"")
        }
        guard let id, let start, let hours else { return nil }
        return Session(id: id, start: start, hours: hours)
    }

    // MARK: Other changes

    private func readPolicyPatch(_ value: JSONValue, at path: JSONPath, log: inout ProblemLog) -> PolicyPatch? {
        guard var fields = FieldReader.object(value, at: path, what: "policy fields", log: &log) else { return nil }
        let problemsBefore = log.problems.count
        var patch = PolicyPatch()
        patch.minGroupSize = fields.integer("minGroupSize", minimum: 1, log: &log)
        patch.maxGroupSize = fields.integer("maxGroupSize", minimum: 1, log: &log)
        if var sizes = fields.nestedObject("groupSize", log: &log) {
            for key in sizes.object.keys {
                guard let value = sizes.raw(key),
                    var bounds = FieldReader.object(
                        value, at: path / "groupSize" / key, what: "{\"min\", \"max\"}", log: &log)
                else { continue }
                let override = GroupSizeOverride(
                    min: bounds.integer("min", minimum: 1, log: &log), max: bounds.integer("max", minimum: 1, log: &log)
                )
                bounds.warnAboutUnknownMembers(log: &log)
                patch.groupSize[Modality(rawValue: key)] = override
            }
        }
        patch.maxSameModalityPerDay = fields.integer("maxSameModalityPerDay", minimum: 1, log: &log)
        for (key, weight) in fields.weights(log: &log) { patch.weights[key] = weight }
        fields.warnAboutUnknownMembers(log: &log)
        if patch.memberNames.isEmpty, log.problems.count == problemsBefore {
            log.warn(path, "sets no policy field; nothing changes")
        }
        return log.problems.count == problemsBefore ? patch : nil
    }

    private func readClinicianLimits(_ value: JSONValue, at path: JSONPath, log: inout ProblemLog) -> ScenarioChange? {
        let what = "{\"clinician\", \"maxHoursPerWeek\", \"maxHoursPerDay\"}"
        guard var fields = FieldReader.object(value, at: path, what: what, log: &log) else { return nil }
        let clinician = fields.string("clinician", required: true, log: &log)
        func limit(_ key: String, log: inout ProblemLog) -> LimitChange? {
            switch fields.object[key] {
            case nil: return .keep
            case .null?:
                _ = fields.raw(key)
                return .remove
            default: return fields.integer(key, minimum: 0, log: &log).map(LimitChange.set)
            }
        }
        let perWeek = limit("maxHoursPerWeek", log: &log)
        let perDay = limit("maxHoursPerDay", log: &log)
        fields.warnAboutUnknownMembers(log: &log)
        if perWeek == .keep, perDay == .keep {
            log.fail(path, "expected maxHoursPerWeek or maxHoursPerDay (a whole number, or null to lift the limit)")
            return nil
        }
        guard let clinician, let perWeek, let perDay else { return nil }
        return .setClinicianLimits(clinician: ClinicianID(clinician), maxHoursPerWeek: perWeek, maxHoursPerDay: perDay)
    }

    private func readAvailabilityChange(_ value: JSONValue, at path: JSONPath, log: inout ProblemLog) -> ScenarioChange?
    {
        let what = "{\"patient\" or \"clinician\" or \"room\", \"availability\"}"
        guard var fields = FieldReader.object(value, at: path, what: what, log: &log) else { return nil }
        let named = ["patient", "clinician", "room"].filter { fields.object[$0] != nil }
        var target: AvailabilityTarget?
        if named.count != 1 {
            let found = named.isEmpty ? "none" : named.joined(separator: " and ")
            log.fail(path, "expected exactly one of patient, clinician or room, found \(found)")
        } else if let id = fields.string(named[0], required: true, log: &log) {
            switch named[0] {
            case "patient": target = .patient(PatientID(id))
            case "clinician": target = .clinician(ClinicianID(id))
            default: target = .room(RoomID(id))
            }
        }
        let patterns = readPatterns(&fields, required: true, quoting: named != ["patient"], log: &log)
        fields.warnAboutUnknownMembers(log: &log)
        guard let target, let patterns else { return nil }
        return .setAvailability(target, Availability(patterns))
    }

    // MARK: Shared fields

    private func list(_ value: JSONValue, at path: JSONPath, of what: String, log: inout ProblemLog) -> [JSONValue]? {
        guard let entries = value.arrayValue else {
            log.fail(path, "expected a list of \(what), found \(value.kindDescription)")
            return nil
        }
        if entries.isEmpty { log.warn(path, "lists no \(what); nothing changes") }
        return entries
    }

    private func id(_ value: JSONValue, at path: JSONPath, what: String, log: inout ProblemLog) -> String? {
        guard let text = value.stringValue, !text.isEmpty else {
            log.fail(
                path,
                """
                expected \(what) (a non-empty string), found \
                \(value.stringValue == nil ? value.kindDescription : "an empty string")
                """)
            return nil
        }
        return text
    }

    private func readID(_ fields: inout FieldReader, what: String, log: inout ProblemLog) -> String? {
        guard let id = fields.string("id", required: true, log: &log) else { return nil }
        guard !id.isEmpty else {
            log.fail(fields.path / "id", "expected a non-empty \(what) id")
            return nil
        }
        return id
    }

    /// The `availability` patterns; each one that is not `DAY-SESSION` is reported at its index,
    /// quoted unless it is in a patient's entry (it may be a name typed in the wrong field).
    private func readPatterns(
        _ fields: inout FieldReader, required: Bool, quoting: Bool = true, log: inout ProblemLog
    ) -> [AvailabilityPattern]? {
        guard let entries = fields.strings("availability", required: required, log: &log) else { return nil }
        return entries.compactMap { index, text in
            guard let pattern = AvailabilityPattern(parsing: text) else {
                let found = quoting ? ", found \"\(text)\"" : ""
                log.fail(
                    fields.path / "availability" / index,
                    "expected a DAY-SESSION pattern such as Mon-AM or *-AM\(found)")
                return nil
            }
            return pattern
        }
    }
}

/// The scenario is malformed or does not fit its base instance; every problem with its JSON path.
public struct ScenarioError: DocumentProblems, Sendable {
    /// Every problem found, in document order.
    public var problems: [InputProblem]
    /// Builds an error from `problems`.
    public init(problems: [InputProblem]) { self.problems = problems }
}
