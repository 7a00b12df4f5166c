/// Turns a parsed instance document into a valid ``Instance``, or reports every problem at once.
///
/// Follows `shared/spec/MODEL.md`: defaults are filled in, `null` counts as an absent optional
/// field, and each problem carries the JSON path of the value at fault. Names are compared as
/// spelled (``Spelling``), as the shared checker compares them.
public struct InstanceDecoder {
    /// A decoder; it holds no state.
    public init() {}

    /// The decoded instance (``DecodedDocument/instance``) and the warnings met on the way.
    public typealias Decoded = DecodedDocument<Instance>

    /// The valid instance in `document`, or every problem at once, each with its JSON path.
    ///
    /// ```swift
    /// let decoded = try InstanceDecoder().decode(JSONParser.parse(text))
    /// decoded.warnings.forEach { print("warning: \($0)") }
    /// let instance = decoded.instance
    /// ```
    public func decode(_ document: JSONValue) throws(InstanceValidationError) -> Decoded {
        try ProblemLog.decoding(document, as: "an instance", orThrow: InstanceValidationError.init) {
            read(&$0, log: &$1)
        }
    }

    private func read(_ root: inout FieldReader, log: inout ProblemLog) -> Instance? {
        let name = root.string("name", log: &log)
        refuseControlCharacters(name, at: .root / "name", log: &log)
        let weekOf = root.string("weekOf", log: &log)
        if let weekOf, !ISODate.isValid(weekOf) {
            log.fail(.root / "weekOf", "expected an ISO date YYYY-MM-DD, found \"\(weekOf)\"")
        }
        var refusedDays: Set<Spelling> = []
        var refusedSessions: Set<Spelling> = []
        let days = readDays(&root, refused: &refusedDays, log: &log)
        let sessions = readSessions(&root, refused: &refusedSessions, log: &log)
        let calendar = CalendarNames(
            days: Set(days.map(Spelling.init)), sessions: Set(sessions.map { Spelling($0.id) }),
            refusedDays: refusedDays, refusedSessions: refusedSessions)
        let modalities = readModalities(&root, log: &log)
        let listed = ListedModalities(modalities)
        let policy = readPolicy(&root, modalities: listed, log: &log)
        let clinicians = readClinicians(&root, calendar: calendar, modalities: listed, log: &log)
        let rooms = readRooms(&root, calendar: calendar, log: &log)
        let patients = readPatients(&root, calendar: calendar, modalities: listed, log: &log)
        root.warnAboutUnknownMembers(log: &log)
        return Instance(
            name: name, weekOf: weekOf, days: days, sessions: sessions, modalities: modalities, policy: policy,
            clinicians: clinicians, rooms: rooms, patients: patients)
    }

    // MARK: Calendar

    /// The listed days; `refused` gets those listed but refused (reported here, so references to
    /// them are not reported again as unknown).
    private func readDays(_ root: inout FieldReader, refused: inout Set<Spelling>, log: inout ProblemLog)
        -> [String]
    {
        guard let entries = root.strings("days", required: true, log: &log) else { return [] }
        if entries.isEmpty, root.object["days"]?.arrayValue?.isEmpty == true {
            log.fail(.root / "days", "expected at least one day, found an empty list")
        }
        var seen: Set<Spelling> = []
        var days: [String] = []
        for (index, day) in entries {
            let path = JSONPath.root / "days" / index
            if ControlCharacters.found(in: day) {
                log.fail(path, ControlCharacters.problem())
                refused.insert(Spelling(day))
            } else if day.isEmpty || day == "*" || day.unicodeScalars.contains("-") {
                log.fail(
                    path, "expected a day name without `-` or `*` (it is written in DAY-SESSION), found \"\(day)\"")
            } else if !seen.insert(Spelling(day)).inserted {
                log.fail(path, "day \"\(day)\" is listed twice")
            } else {
                days.append(day)
            }
        }
        return days
    }

    /// The valid sessions; `refused` gets the ids of those listed but refused (a start past
    /// 24:00, a malformed time), reported once here: references to them are not reported again.
    private func readSessions(_ root: inout FieldReader, refused: inout Set<Spelling>, log: inout ProblemLog)
        -> [Session]
    {
        guard let entries = root.list("sessions", required: true, log: &log) else { return [] }
        if entries.isEmpty { log.fail(.root / "sessions", "expected at least one session, found an empty list") }
        var sessions: [Session] = []
        var spans: [(start: Int, end: Int, index: Int)] = []
        for (index, entry) in entries.enumerated() {
            let path = JSONPath.root / "sessions" / index
            guard var fields = FieldReader.object(entry, at: path, what: "a session", log: &log) else { continue }
            let id = fields.string("id", required: true, log: &log)
            let start = fields.string("start", required: true, log: &log)
            let hours = fields.integer("hours", minimum: 1, maximum: 24, required: true, log: &log)
            fields.warnAboutUnknownMembers(log: &log)
            if let id, id.isEmpty || id == "*" {
                log.fail(path / "id", "expected a non-empty session id other than `*`")
            } else if let id, ControlCharacters.found(in: id) {
                log.fail(path / "id", ControlCharacters.problem())
            } else if let id, sessions.contains(where: { Spelling($0.id) == Spelling(id) }) {
                log.fail(path / "id", "session id \"\(id)\" is used twice")
            }
            let startMinutes = start.flatMap(Session.minutes(fromClockTime:))
            if let start, startMinutes == nil {
                log.fail(path / "start", "expected a time HH:MM (00:00 to 23:59), found \"\(start)\"")
            }
            guard let id, let start, let hours, let startMinutes else {
                if let id { refused.insert(Spelling(id)) }
                continue
            }
            if startMinutes + 60 * hours > Self.minutesPerDay {
                refused.insert(Spelling(id))
                log.fail(
                    path,
                    """
                    session \"\(id)\" starts \(start) and runs \(hours) h, past 24:00 (a session ends by 24:00 \
                    on its own day)
                    """)
                continue
            }
            if let clash = spans.first(where: { startMinutes < $0.end && $0.start < startMinutes + 60 * hours }) {
                log.fail(
                    path,
                    """
                    session \"\(id)\" overlaps session \"\(sessions[clash.index].id)\" (sessions of one day \
                    must not overlap)
                    """)
            }
            spans.append((startMinutes, startMinutes + 60 * hours, sessions.count))
            sessions.append(Session(id: id, start: start, hours: hours))
        }
        return sessions
    }

    private func readModalities(_ root: inout FieldReader, log: inout ProblemLog) -> [Modality] {
        guard let entries = root.strings("modalities", log: &log), !entries.isEmpty else { return Modality.defaults }
        var modalities: [Modality] = []
        var seen: Set<Modality> = []
        for (index, text) in entries {
            if text.isEmpty {
                log.fail(.root / "modalities" / index, "expected a non-empty modality name")
            } else if !seen.insert(Modality(rawValue: text)).inserted {
                log.fail(.root / "modalities" / index, "modality \"\(text)\" is listed twice")
            } else {
                modalities.append(Modality(rawValue: text))
            }
        }
        return modalities
    }

    // MARK: Policy

    private func readPolicy(_ root: inout FieldReader, modalities: ListedModalities, log: inout ProblemLog) -> Policy {
        var policy = Policy()
        guard var fields = root.nestedObject("policy", log: &log) else { return policy }
        let path = JSONPath.root / "policy"
        let minimum = fields.integer("minGroupSize", minimum: 1, log: &log)
        let maximum = fields.integer("maxGroupSize", minimum: 1, log: &log)
        policy.minGroupSize = minimum ?? policy.minGroupSize
        policy.maxGroupSize = maximum ?? policy.maxGroupSize
        if policy.minGroupSize > policy.maxGroupSize {
            let key = maximum != nil ? "maxGroupSize" : "minGroupSize"
            log.fail(
                path / key,
                "expected minGroupSize <= maxGroupSize, found \(policy.minGroupSize) above \(policy.maxGroupSize)")
        }
        if var sizes = fields.nestedObject("groupSize", log: &log) {
            for key in sizes.object.keys {
                let sizePath = path / "groupSize" / key
                guard let value = sizes.raw(key) else { continue }
                guard modalities.contains(Modality(rawValue: key)) else {
                    log.fail(sizePath, "\"\(key)\" is not a listed modality (\(Self.list(modalities)))")
                    continue
                }
                guard var bounds = FieldReader.object(value, at: sizePath, what: "{\"min\", \"max\"}", log: &log) else {
                    continue
                }
                let override = GroupSizeOverride(
                    min: bounds.integer("min", minimum: 1, log: &log), max: bounds.integer("max", minimum: 1, log: &log)
                )
                bounds.warnAboutUnknownMembers(log: &log)
                let lower = override.min ?? policy.minGroupSize
                let upper = override.max ?? policy.maxGroupSize
                if lower > upper {
                    let side = override.min != nil ? "min" : "max"
                    log.fail(sizePath / side, "expected min <= max for \(key), found min \(lower) above max \(upper)")
                }
                policy.groupSize[Modality(rawValue: key)] = override
            }
        }
        policy.maxSameModalityPerDay =
            fields.integer("maxSameModalityPerDay", minimum: 1, log: &log) ?? policy.maxSameModalityPerDay
        for (key, weight) in fields.weights(log: &log) { policy.weights[key] = weight }
        fields.warnAboutUnknownMembers(log: &log)
        return policy
    }

    // MARK: Resources

    private func readClinicians(
        _ root: inout FieldReader, calendar: CalendarNames, modalities: ListedModalities, log: inout ProblemLog
    ) -> [Clinician] {
        var seen: Set<Spelling> = []
        return readEntries(&root, "clinicians", required: true, each: "clinician", seen: &seen, log: &log) {
            fields, path, id, log in
            let name = fields.string("name", log: &log)
            refuseControlCharacters(name, at: path / "name", log: &log)
            let trained = readModalityList(&fields, key: "modalities", modalities: modalities, log: &log)
            let availability = readAvailability(&fields, calendar: calendar, log: &log)
            let perWeek = fields.integer("maxHoursPerWeek", minimum: 0, log: &log)
            let perDay = fields.integer("maxHoursPerDay", minimum: 0, log: &log)
            guard let id, let trained else { return nil }
            return Clinician(
                id: ClinicianID(id), name: name, modalities: trained, availability: availability,
                maxHoursPerWeek: perWeek, maxHoursPerDay: perDay)
        }
    }

    private func readRooms(_ root: inout FieldReader, calendar: CalendarNames, log: inout ProblemLog) -> [Room] {
        var seen: Set<Spelling> = []
        return readEntries(&root, "rooms", each: "room", seen: &seen, log: &log) { fields, _, id, log in
            let capacity = fields.integer("capacity", minimum: 1, required: true, log: &log)
            let availability = readAvailability(&fields, calendar: calendar, log: &log)
            guard let id, let capacity else { return nil }
            return Room(id: RoomID(id), capacity: capacity, availability: availability)
        }
    }

    // MARK: Patients

    private func readPatients(
        _ root: inout FieldReader, calendar: CalendarNames, modalities: ListedModalities, log: inout ProblemLog
    ) -> [Patient] {
        var seen: Set<Spelling> = []
        var references: [(path: JSONPath, id: String)] = []
        let patients: [Patient] = readEntries(
            &root, "patients", required: true, each: "patient", seen: &seen, log: &log
        ) {
            fields, path, id, log in
            let name = fields.string("name", log: &log)
            refuseControlCharacters(name, at: path / "name", log: &log)
            var cohort = Patient.defaultCohort
            if let value = fields.object["cohort"] {
                _ = fields.raw("cohort")
                if let text = value.stringValue, !text.isEmpty {
                    cohort = text
                } else {
                    log.fail(
                        path / "cohort",
                        "expected a non-empty string (leave it out for \"adult\"), found \(value.kindDescription)")
                }
            }
            let track = readModality(&fields, key: "track", required: true, modalities: modalities, log: &log)
            let secondary = readModality(&fields, key: "secondary", required: false, modalities: modalities, log: &log)
            let weeklyHours = fields.integer("weeklyHours", minimum: 0, required: true, log: &log)
            let availability = readAvailability(&fields, calendar: calendar, quoting: false, log: &log)
            let maxDays = fields.integer("maxDaysPerWeek", minimum: 0, log: &log)
            var previous: [SessionDay]?
            if let entries = fields.strings("previous", log: &log) {
                previous = []
                for (position, text) in entries {
                    if let sessionDay = SessionDay(parsing: text), calendar.contains(sessionDay) {
                        previous?.append(sessionDay)
                    } else if let sessionDay = SessionDay(parsing: text),
                        calendar.namesRefused(day: sessionDay.day, session: sessionDay.session)
                    {
                        continue
                    } else {
                        log.fail(
                            path / "previous" / position,
                            "expected a session-day of this instance such as \(calendar.example)")
                    }
                }
            }
            var separateFrom: [PatientID] = []
            for (position, other) in fields.strings("separateFrom", log: &log) ?? [] {
                references.append((path / "separateFrom" / position, other))
                if let id, Spelling(other) == Spelling(id) {
                    log.fail(path / "separateFrom" / position, "names the patient itself")
                }
                separateFrom.append(PatientID(other))
            }
            guard let id, let track, let weeklyHours else { return nil }
            return Patient(
                id: PatientID(id), name: name, cohort: cohort, track: track, secondary: secondary,
                weeklyHours: weeklyHours, availability: availability, maxDaysPerWeek: maxDays, previous: previous,
                separateFrom: separateFrom)
        }
        for reference in references where !seen.contains(Spelling(reference.id)) {
            log.fail(reference.path, "names an unknown patient (no patient has this id)")
        }
        return patients
    }

    // MARK: Shared fields

    static let minutesPerDay = 24 * 60

    private func refuseControlCharacters(_ text: String?, at path: JSONPath, log: inout ProblemLog) {
        if let text, ControlCharacters.found(in: text) { log.fail(path, ControlCharacters.problem()) }
    }

    /// Reads the list `key` of objects, each `a <what>` with an `id` of its own (compared as
    /// spelled; `seen` collects them): the id first, then `read` takes the entry's other members
    /// (`nil` when the entry cannot be built), then the unknown members are warned about.
    private func readEntries<Entry>(
        _ root: inout FieldReader, _ key: String, required: Bool = false, each what: String,
        seen: inout Set<Spelling>, log: inout ProblemLog,
        _ read: (_ fields: inout FieldReader, _ path: JSONPath, _ id: String?, _ log: inout ProblemLog) -> Entry?
    ) -> [Entry] {
        guard let entries = root.list(key, required: required, log: &log) else { return [] }
        var result: [Entry] = []
        for (index, entry) in entries.enumerated() {
            let path = JSONPath.root / key / index
            guard var fields = FieldReader.object(entry, at: path, what: "a \(what)", log: &log) else { continue }
            let id = readID(&fields, seen: &seen, what: what, log: &log)
            let value = read(&fields, path, id, &log)
            fields.warnAboutUnknownMembers(log: &log)
            if let value { result.append(value) }
        }
        return result
    }

    private func readID(_ fields: inout FieldReader, seen: inout Set<Spelling>, what: String, log: inout ProblemLog)
        -> String?
    {
        guard let id = fields.string("id", required: true, log: &log) else { return nil }
        guard !id.isEmpty else {
            log.fail(fields.path / "id", "expected a non-empty \(what) id")
            return nil
        }
        guard !ControlCharacters.found(in: id) else {
            log.fail(fields.path / "id", ControlCharacters.problem())
            return nil
        }
        guard seen.insert(Spelling(id)).inserted else {
            log.fail(fields.path / "id", "\(what) id \"\(id)\" is used twice")
            return nil
        }
        return id
    }

    private func readModality(
        _ fields: inout FieldReader, key: String, required: Bool, modalities: ListedModalities, log: inout ProblemLog
    ) -> Modality? {
        guard let text = fields.string(key, required: required, log: &log) else { return nil }
        guard modalities.contains(Modality(rawValue: text)) else {
            log.fail(fields.path / key, "expected one of the listed modalities (\(Self.list(modalities)))")
            return nil
        }
        return Modality(rawValue: text)
    }

    private func readModalityList(
        _ fields: inout FieldReader, key: String, modalities: ListedModalities, log: inout ProblemLog
    ) -> [Modality]? {
        guard let entries = fields.strings(key, required: true, log: &log) else { return nil }
        var result: [Modality] = []
        for (index, text) in entries {
            if modalities.contains(Modality(rawValue: text)) {
                result.append(Modality(rawValue: text))
            } else {
                log.fail(fields.path / key / index, "\"\(text)\" is not a listed modality (\(Self.list(modalities)))")
            }
        }
        return result
    }

    /// Reads `availability`; with `quoting` false (patients' entries) a wrong value is located by
    /// its path only, never quoted: it may be a name typed in the wrong field.
    private func readAvailability(
        _ fields: inout FieldReader, calendar: CalendarNames, quoting: Bool = true, log: inout ProblemLog
    ) -> Availability {
        guard let entries = fields.strings("availability", log: &log) else { return .always }
        var patterns: [AvailabilityPattern] = []
        for (index, text) in entries {
            let path = fields.path / "availability" / index
            guard let pattern = AvailabilityPattern(parsing: text) else {
                let found = quoting ? ", found \"\(text)\"" : ""
                log.fail(
                    path,
                    "expected a DAY-SESSION pattern such as \(calendar.example) or *-\(calendar.exampleSession)\(found)"
                )
                continue
            }
            if calendar.namesRefused(day: pattern.day, session: pattern.session) { continue }
            if let day = pattern.day, !calendar.days.contains(Spelling(day)) {
                log.fail(
                    path,
                    quoting ? "\"\(text)\" names unknown day \"\(day)\"" : "names a day that is not listed in days")
            } else if let session = pattern.session, !calendar.sessions.contains(Spelling(session)) {
                log.fail(
                    path,
                    quoting
                        ? "\"\(text)\" names unknown session \"\(session)\""
                        : "names a session that is not listed in sessions")
            } else {
                patterns.append(pattern)
            }
        }
        return Availability(patterns)
    }

    private static func list(_ modalities: ListedModalities) -> String {
        modalities.names.map(\.rawValue).joined(separator: ", ")
    }
}

/// The instance's modalities, in order and as a set: clinicians list thousands of them in the
/// worst case, and a linear search for each made decoding quadratic (5,000 took minutes).
private struct ListedModalities {
    let names: [Modality]
    private let set: Set<Modality>

    init(_ names: [Modality]) {
        self.names = names
        set = Set(names)
    }

    func contains(_ modality: Modality) -> Bool { set.contains(modality) }
}

/// The day and session names of an instance, for checking references to them.
private struct CalendarNames {
    var days: Set<Spelling>
    var sessions: Set<Spelling>
    /// Days and sessions listed but refused where they are listed; a reference to one is left
    /// unreported (it names an invalid entry, not an unknown one: one problem, not one a patient).
    var refusedDays: Set<Spelling> = []
    var refusedSessions: Set<Spelling> = []

    /// Whether `day` or `session` (`nil`: a `*`) names a refused entry that no valid one spells.
    func namesRefused(day: String?, session: String?) -> Bool {
        let day = day.map(Spelling.init)
        let session = session.map(Spelling.init)
        return (day.map { !days.contains($0) && refusedDays.contains($0) } ?? false)
            || (session.map { !sessions.contains($0) && refusedSessions.contains($0) } ?? false)
    }

    func contains(_ sessionDay: SessionDay) -> Bool {
        days.contains(Spelling(sessionDay.day)) && sessions.contains(Spelling(sessionDay.session))
    }

    var exampleSession: String { sessions.min()?.text ?? "AM" }
    var example: String { "\(days.min()?.text ?? "Mon")-\(exampleSession)" }
}

extension FieldReader {
    /// The `weights` member, in an instance's policy or a scenario's policy change: each weight it
    /// sets, by key (``Weights/keys``), a number from 0 to ``Weights/largest``.
    mutating func weights(log: inout ProblemLog) -> [(key: String, weight: Double)] {
        guard var weights = nestedObject("weights", log: &log) else { return [] }
        var found: [(key: String, weight: Double)] = []
        for key in weights.object.keys {
            guard let value = weights.raw(key) else { continue }
            let keyPath = weights.path / key
            guard Weights.keys.contains(key) else {
                log.fail(keyPath, "unknown weight; expected one of \(Weights.keys.joined(separator: ", "))")
                continue
            }
            guard case let number? = value.numberValue, number >= 0 else {
                let shown = value.numberValue.map { JSONWriter.format($0) } ?? FieldReader.describe(value)
                log.fail(keyPath, "expected a non-negative number, found \(shown)")
                continue
            }
            guard number <= Weights.largest else {
                log.fail(
                    keyPath,
                    "expected a number up to \(JSONWriter.format(Weights.largest)), found \(JSONWriter.format(number))")
                continue
            }
            found.append((key, number))
        }
        return found
    }
}

/// The instance breaks the spec; every problem found, each with its JSON path.
public struct InstanceValidationError: DocumentProblems, Sendable {
    /// Every problem found, in document order.
    public var problems: [InputProblem]
}
