import RosterKit

/// Test data drawn from RosterKit's ``SplitMix64``, so every generated instance is reproducible.
struct TestRandom: RandomNumberGenerator {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678) }

    mutating func next() -> UInt64 { source.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    mutating func subset<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var chosen: [T] = []
        while chosen.count < count, !pool.isEmpty { chosen.append(pool.remove(at: int(0...(pool.count - 1)))) }
        return chosen
    }
}

/// Instances built to be awkward for a roster planner: scarce clinicians, a cohort too small for
/// any group, tight rooms, separations, one-day availability, odd weekly hours, day limits, last
/// week's attendance, zero hours, per-modality group sizes. Written as instance documents (so the
/// shared Python checker can read them too) and decoded by the planner's own decoder.
enum AdversarialInstances {
    struct Generated {
        var seed: UInt64
        var document: JSONValue
        var instance: Instance
        var text: String { JSONWriter.write(document) }
    }

    /// The instance for `seed`, with `patients` patients (drawn from 10...500 when nil).
    static func make(seed: UInt64, patients: Int? = nil) -> Generated {
        let document = document(seed: seed, patients: patients)
        do {
            let instance = try InstanceDecoder().decode(document).instance
            return Generated(seed: seed, document: document, instance: instance)
        } catch {
            fatalError("generated instance \(seed) is invalid: \(error)")
        }
    }

    static func document(seed: UInt64, patients requested: Int?) -> JSONValue {
        var random = TestRandom(seed: seed)
        let patientCount =
            requested
            ?? {
                // Mostly small, some up to 500.
                let roll = random.int(0...99)
                return roll < 55 ? random.int(10...40) : roll < 85 ? random.int(41...150) : random.int(151...500)
            }()
        let allDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let days = Array(allDays.prefix(random.int(3...7)))
        var sessions: [(id: String, start: String, hours: Int)] = [("AM", "09:00", random.pick([3, 3, 3, 2, 4]))]
        if random.chance(0.5) { sessions.append(("PM", "13:00", random.pick([3, 2, 4]))) }
        if random.chance(0.3) { sessions.append(("EVE", "18:00", random.pick([3, 2]))) }
        let sessionDays = days.flatMap { day in sessions.map { "\(day)-\($0.id)" } }

        let modalities = random.chance(0.8) ? Modality.defaults.map(\.rawValue) : ["CBT", "DBT", "ACT"]
        var document = JSONObject()
        document["name"] = .string("adversarial-\(seed)")
        document["days"] = .array(days.map { .string($0) })
        document["sessions"] = .array(
            sessions.map { ["id": .string($0.id), "start": .string($0.start), "hours": .integer($0.hours)] })
        if modalities != Modality.defaults.map(\.rawValue) {
            document["modalities"] = .array(modalities.map { .string($0) })
        }

        // Policy: small groups in small instances, per-modality sizes, other limits and weights.
        var policy = JSONObject()
        let smallGroups = patientCount < 30 && random.chance(0.6)
        if smallGroups || random.chance(0.15) {
            let lower = random.int(2...5)
            policy["minGroupSize"] = .integer(lower)
            policy["maxGroupSize"] = .integer(lower + random.int(0...5))
        }
        if random.chance(0.3) {
            var sizes = JSONObject()
            for modality in random.subset(modalities, count: random.int(1...2)) {
                let lower = random.int(3...8)
                sizes[modality] = ["min": .integer(lower), "max": .integer(lower + random.int(1...6))]
            }
            policy["groupSize"] = .object(sizes)
        }
        if random.chance(0.3) { policy["maxSameModalityPerDay"] = .integer(random.int(1...3)) }
        if random.chance(0.25) {
            policy["weights"] = [
                "unmetHour": .integer(random.pick([1000, 500, 50])),
                "otherModalityHour": .number(random.pick([10, 2.5, 0])),
                "secondaryModalityHour": .integer(random.pick([3, 1, 12])),
                "group": .number(random.pick([2, 0.5, 20])),
                "continuityBreak": .integer(random.pick([5, 0, 40])),
            ]
        }
        if !policy.keys.isEmpty { document["policy"] = .object(policy) }

        // Clinicians: usually enough, sometimes scarce.
        let scarce = random.chance(0.25)
        let clinicianCount = max(
            1, scarce ? patientCount / 40 + random.int(0...1) : patientCount / 8 + random.int(1...3))
        var clinicians: [JSONValue] = []
        for number in 0..<clinicianCount {
            var clinician = JSONObject()
            clinician["id"] = .string("c\(number + 1)")
            clinician["modalities"] = .array(random.subset(modalities, count: random.int(1...3)).map { .string($0) })
            if random.chance(0.3) {
                clinician["availability"] = .array(
                    randomAvailability(&random, days: days, sessions: sessions.map(\.id)))
            }
            if random.chance(0.4) { clinician["maxHoursPerWeek"] = .integer(random.pick([0, 3, 6, 10, 15, 20])) }
            if random.chance(0.3) { clinician["maxHoursPerDay"] = .integer(random.pick([1, 2, 3, 4, 6])) }
            clinicians.append(.object(clinician))
        }
        document["clinicians"] = .array(clinicians)

        // Rooms: none, plenty, or tight (few and small).
        if random.chance(0.65) {
            let tight = random.chance(0.4)
            let roomCount = max(1, tight ? clinicianCount / 2 : clinicianCount + random.int(0...2))
            document["rooms"] = .array(
                (0..<roomCount).map { number in
                    var room = JSONObject()
                    room["id"] = .string("R\(number + 1)")
                    room["capacity"] = .integer(tight ? random.int(4...10) : random.int(8...14))
                    if random.chance(0.2) {
                        room["availability"] = .array(
                            randomAvailability(&random, days: days, sessions: sessions.map(\.id)))
                    }
                    return .object(room)
                })
        }

        // Patients.
        let tinyCohort = random.chance(0.3)
        let adolescents = random.chance(0.35)
        var patients: [JSONObject] = []
        for number in 0..<patientCount {
            var patient = JSONObject()
            let id = "p\(number + 1)"
            patient["id"] = .string(id)
            if tinyCohort && number % 37 == 5 {
                patient["cohort"] = "senior"
            } else if adolescents && random.chance(0.25) {
                patient["cohort"] = "adolescent"
            }
            let track = random.pick(modalities)
            patient["track"] = .string(track)
            if random.chance(0.75) { patient["secondary"] = .string(random.pick(modalities.filter { $0 != track })) }
            patient["weeklyHours"] = .integer(random.pick([9, 9, 9, 6, 12, 15, 3, 4, 7, 10, 0]))
            let availability = random.int(0...9)
            if availability == 0 {
                patient["availability"] = .array([.string("\(random.pick(days))-*")])  // one day only
            } else if availability <= 3 {
                patient["availability"] = .array(randomAvailability(&random, days: days, sessions: sessions.map(\.id)))
            }
            if random.chance(0.2) { patient["maxDaysPerWeek"] = .integer(random.int(0...4)) }
            if random.chance(0.4) {
                patient["previous"] = .array(random.subset(sessionDays, count: random.int(0...3)).map { .string($0) })
            }
            patients.append(patient)
        }
        // Separations between random pairs, more in small instances.
        let pairs = random.int(0...max(1, patientCount / 6))
        for _ in 0..<pairs {
            let first = random.int(0...(patientCount - 1))
            let second = random.int(0...(patientCount - 1))
            guard first != second else { continue }
            var list = patients[first]["separateFrom"]?.arrayValue ?? []
            list.append(.string("p\(second + 1)"))
            patients[first]["separateFrom"] = .array(list)
        }
        document["patients"] = .array(patients.map { .object($0) })
        return .object(document)
    }

    private static func randomAvailability(_ random: inout TestRandom, days: [String], sessions: [String])
        -> [JSONValue]
    {
        switch random.int(0...3) {
        case 0: return [.string("*-\(random.pick(sessions))")]
        case 1: return random.subset(days, count: random.int(1...max(1, days.count - 1))).map { .string("\($0)-*") }
        case 2: return (0..<random.int(1...4)).map { _ in .string("\(random.pick(days))-\(random.pick(sessions))") }
        default: return [.string("*-*")]
        }
    }
}
