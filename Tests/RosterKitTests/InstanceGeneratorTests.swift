import TestSupport
import Testing

@testable import RosterKit

@Suite("Instance generator and encoder")
struct InstanceGeneratorTests {
    /// Option sets that together touch every generator option.
    enum Profile: String, CaseIterable, CustomTestStringConvertible {
        case morningClinic, twoSessions, threeSessionsWithAdolescents, scarceAndTight, edgeCases

        func options(seed: UInt64) -> InstanceGenerator.Options {
            var options = InstanceGenerator.Options(patients: 1 + Int(seed * 37 % 160), seed: seed)
            switch self {
            case .morningClinic: break
            case .twoSessions:
                options.sessions = [.evening, .morning]
                options.continuingShare = 1
            case .threeSessionsWithAdolescents:
                options.sessions = [.morning, .afternoon, .evening]
                options.adolescentShare = 0.2
                options.roomCapacities = 6...16
            case .scarceAndTight:
                options.sessions = [.morning, .afternoon]
                options.clinicianSupply = 0.5
                options.roomSupply = 0.6
                options.stepDownShare = 0.5
            case .edgeCases:
                options.sessions = [.afternoon, .evening]
                options.singleDayShare = 1
                options.adolescentShare = 0.04
                options.rooms = false
                options.separations = min(2 * options.patients, options.patients * (options.patients - 1) / 2)
            }
            return options
        }

        var testDescription: String { rawValue }
    }

    static func decode(_ text: String) throws -> InstanceDecoder.Decoded {
        try InstanceDecoder().decode(JSONParser.parse(text))
    }

    @Test func sameOptionsGiveByteIdenticalText() throws {
        for profile in Profile.allCases {
            let options = profile.options(seed: 11)
            let first = InstanceEncoder.text(try InstanceGenerator.generate(options))
            let second = InstanceEncoder.text(try InstanceGenerator.generate(options))
            #expect(first == second, "\(profile)")
            var other = options
            other.seed = 12
            #expect(InstanceEncoder.text(try InstanceGenerator.generate(other)) != first, "\(profile)")
        }
    }

    @Test func randomSequenceIsPinned() {
        var random = SplitMix64(seed: 0)
        #expect(
            [random.next(), random.next(), random.next()] == [
                0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            ])
        var draws = SplitMix64(seed: 7)
        #expect((0..<1000).allSatisfy { _ in (0..<5).contains(draws.below(5)) })
        let positions = draws.positions(4, of: 10)
        #expect(positions == positions.sorted() && Set(positions).count == 4)
    }

    @Test(arguments: Profile.allCases)
    func generatedInstancesAreValidAndRoundTrip(_ profile: Profile) throws {
        for seed in UInt64(1)...40 {
            let options = profile.options(seed: seed)
            let instance = try InstanceGenerator.generate(options)
            let decoded = try Self.decode(InstanceEncoder.text(instance))
            #expect(decoded.warnings.isEmpty, "\(profile) seed \(seed)")
            #expect(decoded.instance == instance, "\(profile) seed \(seed): decode(encode(x)) != x")
            #expect(RosterChecker(instance).check(.empty).isValid)
            #expect(instance.patients.count == options.patients)
            let separated = Set(
                instance.patients.flatMap { patient in patient.separateFrom.map { [patient.id, $0].sorted() } })
            #expect(separated.count == options.resolvedSeparations, "\(profile) seed \(seed)")
        }
    }

    @Test func followsTheClinicalFacts() throws {
        var options = InstanceGenerator.Options(patients: 400, seed: 3)
        options.sessions = [.morning, .afternoon, .evening]
        options.adolescentShare = 0.1
        let instance = try InstanceGenerator.generate(options)
        #expect(instance.days == ["Mon", "Tue", "Wed", "Thu", "Fri"])
        #expect(instance.sessions.map(\.id) == ["AM", "PM", "EVE"])
        #expect(instance.sessions.allSatisfy { $0.hours == 3 })
        #expect(instance.patients.count { $0.cohort == "adolescent" } == 40)
        #expect(instance.patients.count { $0.weeklyHours == 6 } >= 60)
        #expect(instance.patients.allSatisfy { (6...15).contains($0.weeklyHours) })
        let multiples = instance.patients.count { [9, 12, 15].contains($0.weeklyHours) }
        #expect(multiples > 300 && multiples <= 340)
        let tracks = Dictionary(grouping: instance.patients, by: \.track).mapValues(\.count)
        #expect(tracks["CBT", default: 0] > tracks["Mindfulness", default: 0])
        #expect(tracks["DBT", default: 0] > tracks["Psychoeducation", default: 0])
        #expect(
            instance.patients.filter { $0.cohort == "adolescent" }.allSatisfy {
                $0.availability.patterns?.allSatisfy { $0.session == "EVE" } ?? true
            })
        #expect(instance.clinicians.allSatisfy { (1...3).contains($0.modalities.count) && $0.maxHoursPerWeek != nil })
        #expect(instance.rooms.allSatisfy { (8...14).contains($0.capacity) })
        #expect(instance.patients.count { $0.previous != nil } == 280)
    }

    @Test func clinicianAndRoomOptionsKeepThePatients() throws {
        let base = InstanceGenerator.Options(patients: 90, seed: 5)
        var scarce = base
        scarce.clinicianSupply = 0.6
        scarce.roomSupply = 0.7
        let plenty = try InstanceGenerator.generate(base)
        let tight = try InstanceGenerator.generate(scarce)
        #expect(plenty.patients == tight.patients)
        #expect(tight.clinicians.count < plenty.clinicians.count)
        #expect(tight.rooms.count < plenty.rooms.count)
    }

    @Test func rejectsUnusableOptionsWithEveryReason() {
        var options = InstanceGenerator.Options(patients: 0)
        options.sessions = []
        options.adolescentShare = 1.5
        options.clinicianSupply = 0
        options.weekOf = "2026-02-30"
        options.separations = 3
        let error = #expect(throws: InstanceGenerator.OptionsError.self) { try InstanceGenerator.generate(options) }
        #expect(error?.problems.count == 6)
    }

    @Test func encoderLeavesOutDefaultsAndKeepsTheRest() throws {
        let plain = Instance(
            days: ["Mon"], sessions: [Session(id: "AM", start: "09:00", hours: 3)], clinicians: [],
            patients: [Patient(id: "p1", track: "CBT", weeklyHours: 9)])
        #expect(InstanceEncoder.document(plain).objectValue?.keys == ["days", "sessions", "clinicians", "patients"])

        var custom = plain
        custom.modalities = ["DBT", "CBT", "Art"]
        custom.policy = Policy(
            minGroupSize: 4, groupSize: ["Art": GroupSizeOverride(max: 6), "DBT": GroupSizeOverride()],
            weights: Weights(unmetHour: 100, continuityBreak: 2.5))
        custom.rooms = [Room(id: "R1", capacity: 9, availability: Availability([]))]
        custom.patients = [
            Patient(
                id: "p1", cohort: "adolescent", track: "Art", secondary: "CBT", weeklyHours: 0,
                availability: Availability([AvailabilityPattern(day: nil, session: "AM")]), maxDaysPerWeek: 0,
                previous: [], separateFrom: ["p2"]),
            Patient(id: "p2", track: "DBT", weeklyHours: 3, previous: [SessionDay(day: "Mon", session: "AM")]),
        ]
        let decoded = try Self.decode(InstanceEncoder.text(custom))
        #expect(decoded.instance == custom)
        let policy = InstanceEncoder.document(custom).objectValue?["policy"]
        #expect(policy?.objectValue?["groupSize"]?.objectValue?.keys == ["DBT", "Art"])
    }

    @Test(arguments: ["tiny.json", "riverside-40.json", "lakeside-120.json", "harbor-continuity-60.json"])
    func shippedInstancesRoundTrip(_ file: String) throws {
        let instance = try Fixtures.instance("instances/\(file)")
        #expect(try Self.decode(InstanceEncoder.text(instance)).instance == instance)
    }
}
