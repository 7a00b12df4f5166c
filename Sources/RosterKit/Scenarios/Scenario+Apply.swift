extension Scenario {
    /// The changed instance, and warnings about changes that change nothing.
    public struct Applied: Sendable {
        /// The changed instance, valid by the spec.
        public var instance: Instance
        /// Changes that change nothing, each with its JSON path.
        public var warnings: [InputProblem]
    }

    /// Applies the changes in order to `base`; the result is validated exactly as a loaded instance is.
    ///
    /// A change is rejected, with the JSON path of the change (`changes[3].discharge[1]: unknown
    /// patient "p999"`), when it names a patient, clinician or room that does not exist (or, for
    /// admissions and additions, one that already does), when what it adds breaks the instance
    /// rules (an unlisted modality, an unknown day in a pattern, overlapping sessions), or when it
    /// would remove the last room (an instance without rooms plans no rooms at all). Every
    /// rejected change is reported, and the scenario as a whole then fails.
    public func apply(to base: Instance) throws(ScenarioError) -> Applied {
        var applier = ScenarioApplier(instance: base)
        for (index, change) in changes.enumerated() {
            applier.apply(change, at: .root / "changes" / index / change.kind)
        }
        guard applier.log.problems.isEmpty else { throw ScenarioError(problems: applier.log.problems) }
        switch InstanceCheck.validate(applier.instance) {
        case .valid(let instance):
            return Applied(instance: instance, warnings: applier.log.warnings)
        case .invalid(let problems):
            throw ScenarioError(
                problems: problems.map {
                    InputProblem(path: "changes", message: "the changed instance breaks the spec at \($0)")
                })
        }
    }
}

/// Validates an instance exactly as a loaded one: written in the spec's format, then decoded.
enum InstanceCheck {
    static func validate(_ instance: Instance) -> Verdict {
        do {
            return .valid(try InstanceDecoder().decode(InstanceEncoder.document(instance)).instance)
        } catch {
            return .invalid(error.problems)
        }
    }

    enum Verdict {
        /// The instance as a loaded file would give it.
        case valid(Instance)
        case invalid([InputProblem])
    }
}

/// Applies changes one by one, recording each rejected change with its path.
private struct ScenarioApplier {
    var instance: Instance
    var log = ChangeLog()

    mutating func apply(_ change: ScenarioChange, at path: JSONPath) {
        switch change {
        case .clinicianUnavailable(let id, let patterns):
            makeUnavailable(id, at: patterns, path: path)
        case .admit(let patients):
            admit(patients, path: path)
        case .discharge(let ids):
            discharge(ids, path: path)
        case .setWeeklyHours(let id, let hours):
            guard let position = patientPosition(id, at: path / "patient") else { return }
            instance.patients[position].weeklyHours = hours
        case .setPolicy(let patch):
            setPolicy(patch, path: path)
        case .addClinician(let clinician):
            guard instance.clinician(clinician.id) == nil else {
                return log.fail(path / "id", "clinician \"\(clinician.id)\" already exists")
            }
            adopt(appending: clinician, to: \.clinicians, written: "clinicians", at: path)
        case .removeClinician(let id):
            guard let position = clinicianPosition(id, at: path) else { return }
            instance.clinicians.remove(at: position)
        case .setClinicianLimits(let id, let perWeek, let perDay):
            guard let position = clinicianPosition(id, at: path / "clinician") else { return }
            instance.clinicians[position].maxHoursPerWeek = perWeek.applied(
                to: instance.clinicians[position].maxHoursPerWeek)
            instance.clinicians[position].maxHoursPerDay = perDay.applied(
                to: instance.clinicians[position].maxHoursPerDay)
        case .addRoom(let room):
            guard instance.room(room.id) == nil else {
                return log.fail(path / "id", "room \"\(room.id)\" already exists")
            }
            if !instance.plansRooms {
                log.warn(
                    path,
                    "the instance listed no rooms, so rooms were not planned; from now on every group needs a room")
            }
            adopt(appending: room, to: \.rooms, written: "rooms", at: path)
        case .removeRoom(let id):
            guard let position = instance.rooms.firstIndex(where: { $0.id == id }) else {
                return log.fail(path, "unknown room \"\(id)\"")
            }
            guard instance.rooms.count > 1 else {
                return log.fail(
                    path,
                    """
                    cannot remove \"\(id)\", the last room: an instance without rooms plans no rooms at all \
                    (make it unavailable with setAvailability instead)
                    """)
            }
            instance.rooms.remove(at: position)
        case .addSession(let session):
            guard instance.session(session.id) == nil else {
                return log.fail(path / "id", "session \"\(session.id)\" already exists")
            }
            adopt(appending: session, to: \.sessions, written: "sessions", at: path)
        case .setAvailability(let target, let availability):
            setAvailability(of: target, to: availability, path: path)
        }
    }

    // MARK: Changes

    private mutating func makeUnavailable(_ id: ClinicianID, at patterns: [AvailabilityPattern], path: JSONPath) {
        let position = clinicianPosition(id, at: path / "clinician")
        let known = patternsAreKnown(patterns, at: path / "availability")
        guard let position, known else { return }
        let sessionDays = instance.sessionDays
        let removed = Set(sessionDays.filter { sessionDay in patterns.contains { $0.matches(sessionDay) } })
        let current = instance.clinicians[position].availability
        guard removed.contains(where: current.allows) else {
            return log.warn(
                path,
                """
                clinician \(id) is already unavailable at \
                \(patterns.map(\.description).joined(separator: ", ")); nothing changes
                """)
        }
        instance.clinicians[position].availability = current.excluding(removed, of: sessionDays)
    }

    private mutating func admit(_ patients: [Patient], path: JSONPath) {
        var ids = Set(instance.patients.map(\.id))
        var duplicates: Set<String> = []
        for (position, patient) in patients.enumerated() where !ids.insert(patient.id).inserted {
            let idPath = path / position / "id"
            duplicates.insert(idPath.description)
            let existed = instance.patient(patient.id) != nil
            log.fail(
                idPath,
                existed ? "patient \"\(patient.id)\" already exists" : "patient \"\(patient.id)\" is admitted twice")
        }
        var candidate = instance
        candidate.patients += patients
        let owners = patients.indices.map { ("patients[\(instance.patients.count + $0)]", path / $0) }
        adopt(candidate, at: path, owning: owners, ignoring: duplicates, rejected: !duplicates.isEmpty)
    }

    private mutating func discharge(_ ids: [PatientID], path: JSONPath) {
        var leaving: Set<PatientID> = []
        for (position, id) in ids.enumerated() {
            if leaving.contains(id) {
                log.fail(path / position, "patient \"\(id)\" is discharged twice")
            } else if instance.patient(id) == nil {
                log.fail(path / position, "unknown patient (no patient has this id)")
            } else {
                leaving.insert(id)
            }
        }
        guard leaving.count == ids.count else { return }
        instance.patients.removeAll { leaving.contains($0.id) }
        for position in instance.patients.indices {
            instance.patients[position].separateFrom.removeAll { leaving.contains($0) }
        }
    }

    private mutating func setPolicy(_ patch: PolicyPatch, path: JSONPath) {
        let policy = patch.applied(to: instance.policy)
        let problemsBefore = log.problems.count
        if policy.minGroupSize > policy.maxGroupSize {
            let key = patch.minGroupSize != nil ? "minGroupSize" : "maxGroupSize"
            log.fail(
                path / key,
                "expected minGroupSize <= maxGroupSize, found \(policy.minGroupSize) above \(policy.maxGroupSize)")
        }
        let listed = instance.modalities.map(\.rawValue).joined(separator: ", ")
        for modality in patch.groupSize.keys.sorted() where !instance.modalities.contains(modality) {
            log.fail(path / "groupSize" / modality.rawValue, "\"\(modality)\" is not a listed modality (\(listed))")
        }
        for modality in policy.groupSize.keys.sorted() where instance.modalities.contains(modality) {
            let override = policy.groupSize[modality]!
            let lower = override.min ?? policy.minGroupSize
            let upper = override.max ?? policy.maxGroupSize
            guard lower > upper else { continue }
            let message = "expected min <= max for \(modality), found min \(lower) above max \(upper)"
            if let own = patch.groupSize[modality] {
                log.fail(path / "groupSize" / modality.rawValue / (own.min != nil ? "min" : "max"), message)
            } else {
                log.fail(path, message)
            }
        }
        guard log.problems.count == problemsBefore else { return }
        var candidate = instance
        candidate.policy = policy
        adopt(candidate, at: path, owning: [])
    }

    private mutating func setAvailability(of target: AvailabilityTarget, to availability: Availability, path: JSONPath)
    {
        let member = target.member
        var candidate = instance
        let owner: String
        switch target {
        case .patient(let id):
            guard let position = patientPosition(id, at: path / member.key) else { return }
            candidate.patients[position].availability = availability
            owner = "patients[\(position)].availability"
        case .clinician(let id):
            guard let position = clinicianPosition(id, at: path / member.key) else { return }
            candidate.clinicians[position].availability = availability
            owner = "clinicians[\(position)].availability"
        case .room(let id):
            guard let position = instance.rooms.firstIndex(where: { $0.id == id }) else {
                return log.fail(path / member.key, "unknown room \"\(id)\"")
            }
            candidate.rooms[position].availability = availability
            owner = "rooms[\(position)].availability"
        }
        adopt(candidate, at: path, owning: [(owner, path / "availability")])
    }

    // MARK: Support

    /// Adopts the instance with `element` added at the end of its `list` (the member `key` of an
    /// instance file): the problems the new entry raises are reported at `path`, the change's own.
    private mutating func adopt<Element>(
        appending element: Element, to list: WritableKeyPath<Instance, [Element]>, written key: String,
        at path: JSONPath
    ) {
        var candidate = instance
        candidate[keyPath: list].append(element)
        adopt(candidate, at: path, owning: [("\(key)[\(instance[keyPath: list].count)]", path)])
    }

    /// Takes `candidate` as the new instance when it is valid; otherwise records its problems,
    /// moved from the instance's paths to the change's (`patients[41]` -> `changes[2].admit[0]`).
    private mutating func adopt(
        _ candidate: Instance, at path: JSONPath, owning owners: [(prefix: String, path: JSONPath)],
        ignoring ignored: Set<String> = [], rejected: Bool = false
    ) {
        switch InstanceCheck.validate(candidate) {
        case .valid(let valid):
            if !rejected { instance = valid }
        case .invalid(let problems):
            for problem in problems {
                if let owner = owners.first(where: { Self.path(problem.path, isWithin: $0.prefix) }) {
                    let moved = owner.path.description + problem.path.dropFirst(owner.prefix.count)
                    if !ignored.contains(moved) { log.fail(at: moved, problem.message) }
                } else {
                    log.fail(path, "the changed instance would break the spec at \(problem)")
                }
            }
        }
    }

    private static func path(_ path: String, isWithin prefix: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        let rest = path.dropFirst(prefix.count)
        return rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[")
    }

    private mutating func patientPosition(_ id: PatientID, at path: JSONPath) -> Int? {
        guard let position = instance.patients.firstIndex(where: { $0.id == id }) else {
            // Not quoted: it may be a name typed in place of an id (see InputProblem).
            log.fail(path, "unknown patient (no patient has this id)")
            return nil
        }
        return position
    }

    private mutating func clinicianPosition(_ id: ClinicianID, at path: JSONPath) -> Int? {
        guard let position = instance.clinicians.firstIndex(where: { $0.id == id }) else {
            log.fail(path, "unknown clinician \"\(id)\"")
            return nil
        }
        return position
    }

    /// Whether every pattern names listed days and sessions; each one that does not is recorded.
    private mutating func patternsAreKnown(_ patterns: [AvailabilityPattern], at path: JSONPath) -> Bool {
        var known = true
        for (position, pattern) in patterns.enumerated() {
            if let day = pattern.day, !instance.days.contains(where: { Spelling($0) == Spelling(day) }) {
                log.fail(path / position, "\"\(pattern)\" names unknown day \"\(day)\"")
                known = false
            } else if let session = pattern.session, instance.session(session) == nil {
                log.fail(path / position, "\"\(pattern)\" names unknown session \"\(session)\"")
                known = false
            }
        }
        return known
    }
}

/// Problems and warnings, each at the path of the change it concerns.
private struct ChangeLog {
    private(set) var problems: [InputProblem] = []
    private(set) var warnings: [InputProblem] = []

    mutating func fail(_ path: JSONPath, _ message: String) { fail(at: path.description, message) }
    mutating func fail(at path: String, _ message: String) {
        problems.append(InputProblem(path: path, message: message))
    }
    mutating func warn(_ path: JSONPath, _ message: String) {
        warnings.append(InputProblem(path: path.description, message: message))
    }
}
