/// Writes an ``Instance`` in the spec's format, leaving out every field that holds its default,
/// so that ``InstanceDecoder`` reads back exactly the same instance.
///
/// Members come in the spec's order; `policy.groupSize` follows the order of `modalities`.
///
/// ```swift
/// let text = JSONWriter.write(InstanceEncoder.document(instance))
/// ```
public enum InstanceEncoder {
    /// The instance as a JSON document, defaults left out.
    public static func document(_ instance: Instance) -> JSONValue {
        var object = JSONObject()
        if let name = instance.name { object["name"] = .string(name) }
        if let weekOf = instance.weekOf { object["weekOf"] = .string(weekOf) }
        object["days"] = .array(instance.days.map(JSONValue.string))
        object["sessions"] = .array(instance.sessions.map(session))
        if instance.modalities != Modality.defaults {
            object["modalities"] = strings(instance.modalities.map(\.rawValue))
        }
        if let policy = policy(instance.policy, modalities: instance.modalities) { object["policy"] = policy }
        object["clinicians"] = .array(instance.clinicians.map(clinician))
        if !instance.rooms.isEmpty { object["rooms"] = .array(instance.rooms.map(room)) }
        object["patients"] = .array(instance.patients.map(patient))
        return .object(object)
    }

    /// The instance file's text: deterministic, with a final newline.
    public static func text(_ instance: Instance) -> String { JSONWriter.write(document(instance)) }

    private static func session(_ session: Session) -> JSONValue {
        ["id": .string(session.id), "start": .string(session.start), "hours": .integer(session.hours)]
    }

    /// The non-default policy fields, or `nil` when every field holds its default.
    private static func policy(_ policy: Policy, modalities: [Modality]) -> JSONValue? {
        let defaults = Policy()
        var object = JSONObject()
        if policy.minGroupSize != defaults.minGroupSize { object["minGroupSize"] = .integer(policy.minGroupSize) }
        if policy.maxGroupSize != defaults.maxGroupSize { object["maxGroupSize"] = .integer(policy.maxGroupSize) }
        if !policy.groupSize.isEmpty {
            var sizes = JSONObject()
            let keys =
                modalities.filter { policy.groupSize[$0] != nil }
                + policy.groupSize.keys.filter { !modalities.contains($0) }.sorted()
            for key in keys {
                let size = policy.groupSize[key]!
                var bounds = JSONObject()
                if let min = size.min { bounds["min"] = .integer(min) }
                if let max = size.max { bounds["max"] = .integer(max) }
                sizes[key.rawValue] = .object(bounds)
            }
            object["groupSize"] = .object(sizes)
        }
        if policy.maxSameModalityPerDay != defaults.maxSameModalityPerDay {
            object["maxSameModalityPerDay"] = .integer(policy.maxSameModalityPerDay)
        }
        var weights = JSONObject()
        for key in Weights.keys where policy.weights[key] != defaults.weights[key] {
            weights[key] = .exactNumber(policy.weights[key]!)
        }
        if !weights.members.isEmpty { object["weights"] = .object(weights) }
        return object.members.isEmpty ? nil : .object(object)
    }

    private static func clinician(_ clinician: Clinician) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(clinician.id.rawValue)
        if let name = clinician.name { object["name"] = .string(name) }
        object["modalities"] = strings(clinician.modalities.map(\.rawValue))
        if let patterns = clinician.availability.patterns { object["availability"] = availability(patterns) }
        if let hours = clinician.maxHoursPerWeek { object["maxHoursPerWeek"] = .integer(hours) }
        if let hours = clinician.maxHoursPerDay { object["maxHoursPerDay"] = .integer(hours) }
        return .object(object)
    }

    private static func room(_ room: Room) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(room.id.rawValue)
        object["capacity"] = .integer(room.capacity)
        if let patterns = room.availability.patterns { object["availability"] = availability(patterns) }
        return .object(object)
    }

    private static func patient(_ patient: Patient) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(patient.id.rawValue)
        if let name = patient.name { object["name"] = .string(name) }
        if patient.cohort != Patient.defaultCohort { object["cohort"] = .string(patient.cohort) }
        object["track"] = .string(patient.track.rawValue)
        if let secondary = patient.secondary { object["secondary"] = .string(secondary.rawValue) }
        object["weeklyHours"] = .integer(patient.weeklyHours)
        if let patterns = patient.availability.patterns { object["availability"] = availability(patterns) }
        if let days = patient.maxDaysPerWeek { object["maxDaysPerWeek"] = .integer(days) }
        if let previous = patient.previous { object["previous"] = strings(previous.map(\.description)) }
        if !patient.separateFrom.isEmpty { object["separateFrom"] = strings(patient.separateFrom.map(\.rawValue)) }
        return .object(object)
    }

    private static func availability(_ patterns: [AvailabilityPattern]) -> JSONValue {
        strings(patterns.map(\.description))
    }

    private static func strings(_ texts: [String]) -> JSONValue { .array(texts.map(JSONValue.string)) }
}
