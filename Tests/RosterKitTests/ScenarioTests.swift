import TestSupport
import Testing

@testable import RosterKit

/// Scenario files: each change kind, each rejected change with its path, and that an applied
/// scenario is always a valid instance.
@Suite("Scenarios")
struct ScenarioTests {
    static let riverside = try! Fixtures.instance("instances/riverside-40.json")
    static let harbor = try! Fixtures.instance("instances/harbor-continuity-60.json")
    static let lakeside = try! Fixtures.instance("instances/lakeside-120.json")

    static func scenario(_ changes: String) throws -> Scenario {
        try ScenarioDecoder().decode(JSONParser.parse(#"{"name": "test", "changes": ["# + changes + "]}")).scenario
    }

    static func apply(_ changes: String, to base: Instance = riverside) throws -> Instance {
        try scenario(changes).apply(to: base).instance
    }

    /// The problems of a scenario that must fail, as `path: message` lines.
    static func problems(_ changes: String, base: Instance = riverside) -> [String] {
        do {
            _ = try scenario(changes).apply(to: base)
            return []
        } catch let error as ScenarioError {
            return error.problems.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    static func pattern(_ text: String) -> AvailabilityPattern { AvailabilityPattern(parsing: text)! }

    // MARK: Change kinds

    @Test func clinicianUnavailableRemovesOnlyTheMatchedSessionDays() throws {
        let changed = try Self.apply(
            #"{"clinicianUnavailable": {"clinician": "c3", "availability": ["Tue-*"]}}"#, to: Self.lakeside)
        // c3 was Mon-*, Tue-*, Wed-*: the untouched patterns stay as written.
        #expect(changed.clinician("c3")?.availability.patterns == [Self.pattern("Mon-*"), Self.pattern("Wed-*")])
        let always = try Self.apply(
            #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Tue-AM", "Thu-AM"]}}"#)
        let sessionDays = Self.riverside.sessionDays
        let allowed = sessionDays.filter { always.clinician("c1")!.availability.allows($0) }.map(\.description)
        #expect(allowed == ["Mon-AM", "Wed-AM", "Fri-AM"])
        let mornings = try Self.apply(
            #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Fri-*"]}}"#, to: Self.lakeside)
        #expect(
            mornings.clinician("c1")?.availability.patterns?.map(\.description) == [
                "Mon-AM", "Tue-AM", "Wed-AM", "Thu-AM",
            ])
    }

    @Test func clinicianUnavailableWhereAlreadyAwayWarnsAndChangesNothing() throws {
        let applied = try Self.scenario(#"{"clinicianUnavailable": {"clinician": "c3", "availability": ["Fri-AM"]}}"#)
            .apply(to: Self.riverside)
        #expect(applied.instance == Self.riverside)
        #expect(applied.warnings.map(\.path) == ["changes[0].clinicianUnavailable"])
    }

    @Test func admitAppendsPatientsWithTheSpecDefaults() throws {
        let changed = try Self.apply(
            #"""
            {"admit": [{"id": "p201", "track": "DBT", "weeklyHours": 9},
                       {"id": "p202", "track": "CBT", "secondary": "DBT", "weeklyHours": 6, "availability": \#
            ["*-AM"], "separateFrom": ["p201", "p001"]}]}
            """#)
        #expect(changed.patients.count == 42)
        let admitted = try #require(changed.patient("p201"))
        #expect(admitted.cohort == "adult" && admitted.availability == .always && admitted.previous == nil)
        #expect(changed.patient("p202")?.separateFrom == ["p201", "p001"])
        #expect(changed.separations["p001"] == ["p202"])
    }

    @Test func dischargeRemovesPatientsAndEveryReferenceToThem() throws {
        #expect(Self.harbor.separations["p026"] == ["p001"])
        let changed = try Self.apply(#"{"discharge": ["p001", "p004"]}"#, to: Self.harbor)
        #expect(changed.patients.count == Self.harbor.patients.count - 2)
        #expect(changed.patient("p001") == nil && changed.patient("p004") == nil)
        #expect(changed.separations["p026"] == nil && changed.separations["p008"] == nil)
        #expect(changed.patients.allSatisfy { !$0.separateFrom.contains("p001") && !$0.separateFrom.contains("p004") })
    }

    @Test func setWeeklyHours() throws {
        let changed = try Self.apply(#"{"setWeeklyHours": {"patient": "p002", "weeklyHours": 6}}"#)
        #expect(changed.patient("p002")?.weeklyHours == 6)
    }

    @Test func setPolicyReplacesTheFieldsItNamesAndMergesSizesAndWeights() throws {
        let changed = try Self.apply(
            #"{"setPolicy": {"maxGroupSize": 10, "groupSize": {"CBT": {"min": 6}}, "weights": {"group": 4}}}"#,
            to: Self.lakeside)
        #expect(changed.policy.maxGroupSize == 10 && changed.policy.minGroupSize == 8)
        #expect(changed.policy.sizeRange(for: "DBT") == 6...10)  // lakeside's own override stays
        #expect(changed.policy.sizeRange(for: "CBT") == 6...10)
        #expect(changed.policy.sizeRange(for: "Mindfulness") == 8...10)
        #expect(changed.policy.weights.group == 4 && changed.policy.weights.unmetHour == 1000)
    }

    @Test func addAndRemoveClinicians() throws {
        let changed = try Self.apply(
            #"""
            {"addClinician": {"id": "c9", "name": "Dana Kim", "modalities": ["CBT", "DBT"], "availability": \#
            ["Tue-*"], "maxHoursPerWeek": 6}},
            {"removeClinician": "c4"}
            """#)
        #expect(changed.clinicians.map(\.id) == ["c1", "c2", "c3", "c9"])
        let added = try #require(changed.clinician("c9"))
        #expect(added.modalities == ["CBT", "DBT"] && added.maxHoursPerWeek == 6 && added.maxHoursPerDay == nil)
    }

    @Test func setClinicianLimitsSetsKeepsAndLiftsLimits() throws {
        let changed = try Self.apply(
            #"""
            {"setClinicianLimits": {"clinician": "c4", "maxHoursPerWeek": 6}},
            {"setClinicianLimits": {"clinician": "c1", "maxHoursPerWeek": null, "maxHoursPerDay": 2}}
            """#)
        #expect(changed.clinician("c4")?.maxHoursPerWeek == 6 && changed.clinician("c4")?.maxHoursPerDay == 3)
        #expect(changed.clinician("c1")?.maxHoursPerWeek == nil && changed.clinician("c1")?.maxHoursPerDay == 2)
    }

    @Test func addAndRemoveRooms() throws {
        let changed = try Self.apply(
            #"{"removeRoom": "R2"}, {"addRoom": {"id": "R9", "capacity": 8, "availability": ["Mon-*"]}}"#)
        #expect(changed.rooms.map(\.id) == ["R1", "R3", "R9"])
        #expect(changed.room("R9")?.capacity == 8)
    }

    @Test func addSessionExtendsEveryDay() throws {
        let changed = try Self.apply(#"{"addSession": {"id": "PM", "start": "13:00", "hours": 3}}"#)
        #expect(changed.sessions.map(\.id) == ["AM", "PM"])
        #expect(changed.sessionDays.count == 10)
        // c3 is available at named mornings only; `*` patterns (and no patterns) include the new session.
        #expect(changed.clinician("c3")?.availability.allows(SessionDay(day: "Mon", session: "PM")) == false)
        #expect(changed.clinician("c1")?.availability.allows(SessionDay(day: "Mon", session: "PM")) == true)
    }

    @Test func setAvailabilityOfPatientsCliniciansAndRooms() throws {
        let changed = try Self.apply(
            #"""
            {"setAvailability": {"patient": "p001", "availability": ["Mon-AM", "Tue-AM"]}},
            {"setAvailability": {"clinician": "c3", "availability": ["*-*"]}},
            {"setAvailability": {"room": "R3", "availability": []}}
            """#)
        #expect(changed.patient("p001")?.availability.patterns == [Self.pattern("Mon-AM"), Self.pattern("Tue-AM")])
        #expect(changed.clinician("c3")?.availability.allows(SessionDay(day: "Fri", session: "AM")) == true)
        #expect(changed.room("R3")?.availability == Availability([]))
    }

    @Test func changesApplyInOrder() throws {
        let changed = try Self.apply(
            #"""
            {"admit": [{"id": "p201", "track": "DBT", "weeklyHours": 9}]},
            {"setWeeklyHours": {"patient": "p201", "weeklyHours": 12}},
            {"discharge": ["p201"]}
            """#)
        #expect(changed == Self.riverside)
        #expect(
            Self.problems(#"{"discharge": ["p001"]}, {"setWeeklyHours": {"patient": "p001", "weeklyHours": 3}}"#)
                == ["changes[1].setWeeklyHours.patient: unknown patient (no patient has this id)"])
    }

    @Test func anEmptyScenarioIsTheBase() throws {
        #expect(try Self.scenario("").apply(to: Self.lakeside).instance == Self.lakeside)
    }

    // MARK: Rejected changes

    static let rejected: [(changes: String, problems: [String])] = [
        (
            #"{"discharge": ["p001"]}, {"discharge": ["p002"]}, {"discharge": ["p003"]}, {"discharge": ["p004", "#
                + #""p999"]}"#,
            ["changes[3].discharge[1]: unknown patient (no patient has this id)"]
        ),
        (#"{"discharge": ["p004", "p004"]}"#, [#"changes[0].discharge[1]: patient "p004" is discharged twice"#]),
        (
            #"{"clinicianUnavailable": {"clinician": "c9", "availability": ["Tue-*"]}}"#,
            [#"changes[0].clinicianUnavailable.clinician: unknown clinician "c9""#]
        ),
        (
            #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Sat-*", "Mon-PM"]}}"#,
            [
                #"changes[0].clinicianUnavailable.availability[0]: "Sat-*" names unknown day "Sat""#,
                #"changes[0].clinicianUnavailable.availability[1]: "Mon-PM" names unknown session "PM""#,
            ]
        ),
        (
            #"{"admit": [{"id": "p001", "track": "DBT", "weeklyHours": 9}]}"#,
            [#"changes[0].admit[0].id: patient "p001" already exists"#]
        ),
        (
            #"{"admit": [{"id": "p201", "track": "DBT", "weeklyHours": 9}, {"id": "p201", "track": "CBT", "#
                + #""weeklyHours": 9}]}"#,
            [#"changes[0].admit[1].id: patient "p201" is admitted twice"#]
        ),
        (
            #"{"admit": [{"id": "p201", "track": "Art", "weeklyHours": 9, "separateFrom": ["p777"], "#
                + #""availability": ["Mon-EVE"]}]}"#,
            [
                #"changes[0].admit[0].track: expected one of the listed modalities (CBT, DBT, Mindfulness, "#
                    + #"Psychoeducation)"#,
                "changes[0].admit[0].availability[0]: names a session that is not listed in sessions",
                "changes[0].admit[0].separateFrom[0]: names an unknown patient (no patient has this id)",
            ]
        ),
        (
            #"{"admit": [{"id": "p201", "track": "DBT", "weeklyHours": 9, "previous": ["Sun-AM"]}]}"#,
            ["changes[0].admit[0].previous[0]: expected a session-day of this instance such as Fri-AM"]
        ),
        (
            #"{"setWeeklyHours": {"patient": "p999", "weeklyHours": 6}}"#,
            ["changes[0].setWeeklyHours.patient: unknown patient (no patient has this id)"]
        ),
        (
            #"{"setPolicy": {"minGroupSize": 13}}"#,
            ["changes[0].setPolicy.minGroupSize: expected minGroupSize <= maxGroupSize, found 13 above 12"]
        ),
        (
            #"{"setPolicy": {"groupSize": {"Yoga": {"max": 6}, "DBT": {"min": 13}}}}"#,
            [
                #"changes[0].setPolicy.groupSize.Yoga: "Yoga" is not a listed modality (CBT, DBT, Mindfulness, "#
                    + #"Psychoeducation)"#,
                "changes[0].setPolicy.groupSize.DBT.min: expected min <= max for DBT, found min 13 above max 12",
            ]
        ),
        (
            #"{"addClinician": {"id": "c1", "modalities": ["CBT"]}}"#,
            [#"changes[0].addClinician.id: clinician "c1" already exists"#]
        ),
        (
            #"{"addClinician": {"id": "c9", "modalities": ["CBT", "Yoga"]}}"#,
            [
                #"changes[0].addClinician.modalities[1]: "Yoga" is not a listed modality (CBT, DBT, "#
                    + #"Mindfulness, Psychoeducation)"#
            ]
        ),
        (#"{"removeClinician": "c7"}"#, [#"changes[0].removeClinician: unknown clinician "c7""#]),
        (
            #"{"setClinicianLimits": {"clinician": "c7", "maxHoursPerDay": 3}}"#,
            [#"changes[0].setClinicianLimits.clinician: unknown clinician "c7""#]
        ),
        (#"{"removeRoom": "R7"}"#, [#"changes[0].removeRoom: unknown room "R7""#]),
        (
            #"{"removeRoom": "R1"}, {"removeRoom": "R2"}, {"removeRoom": "R3"}"#,
            [
                #"changes[2].removeRoom: cannot remove "R3", the last room: an instance without rooms plans no "#
                    + #"rooms at all (make it unavailable with setAvailability instead)"#
            ]
        ),
        (#"{"addRoom": {"id": "R1", "capacity": 8}}"#, [#"changes[0].addRoom.id: room "R1" already exists"#]),
        (
            #"{"addRoom": {"id": "R9", "capacity": 8, "availability": ["Mon-NIGHT"]}}"#,
            [#"changes[0].addRoom.availability[0]: "Mon-NIGHT" names unknown session "NIGHT""#]
        ),
        (
            #"{"addSession": {"id": "AM", "start": "13:00", "hours": 3}}"#,
            [#"changes[0].addSession.id: session "AM" already exists"#]
        ),
        (
            #"{"addSession": {"id": "LATE", "start": "11:00", "hours": 2}}"#,
            [#"changes[0].addSession: session "LATE" overlaps session "AM" (sessions of one day must not overlap)"#]
        ),
        (
            #"{"setAvailability": {"room": "R7", "availability": []}}"#,
            [#"changes[0].setAvailability.room: unknown room "R7""#]
        ),
        (
            #"{"setAvailability": {"patient": "p001", "availability": ["Sat-AM"]}}"#,
            ["changes[0].setAvailability.availability[0]: names a day that is not listed in days"]
        ),
    ]

    @Test(arguments: rejected.indices)
    func aRejectedChangeIsNamedByItsPath(_ position: Int) {
        let (changes, expected) = Self.rejected[position]
        #expect(Self.problems(changes) == expected)
    }

    static let malformed: [(document: String, problems: [String])] = [
        (
            #"{"changes": [{"fireClinician": "c1"}]}"#,
            [
                #"changes[0]: unknown change kind "fireClinician"; expected one of "#
                    + #"\#(ScenarioChange.kinds.joined(separator: ", "))"#
            ]
        ),
        (
            #"{"changes": [{"discharge": ["p1"], "admit": []}]}"#,
            [
                #"changes[0]: expected exactly one change per entry such as {"discharge": ["p017"]}, found 2 "#
                    + #"members (discharge, admit)"#
            ]
        ),
        (
            #"{"changes": [{}]}"#,
            [
                #"changes[0]: expected exactly one change per entry such as {"discharge": ["p017"]}, found an "#
                    + #"empty object"#
            ]
        ),
        (
            #"{"changes": ["discharge"]}"#,
            [#"changes[0]: expected a change such as {"discharge": ["p017"]}, found a string"#]
        ),
        (#"{"name": 7}"#, ["name: expected a string, found a whole number", "changes: missing; expected a list"]),
        (
            #"{"changes": [{"setWeeklyHours": {"patient": "p1", "weeklyHours": -1}}]}"#,
            ["changes[0].setWeeklyHours.weeklyHours: expected a whole number (0 or more), found -1"]
        ),
        (
            #"{"changes": [{"admit": [{"id": "p9", "weeklyHours": 9.5}]}]}"#,
            [
                "changes[0].admit[0].track: missing; expected a string",
                "changes[0].admit[0].weeklyHours: expected a whole number (0 or more), found 9.5 (a fractional number)",
            ]
        ),
        (
            #"{"changes": [{"discharge": "p1"}]}"#,
            ["changes[0].discharge: expected a list of patient ids, found a string"]
        ),
        (
            #"{"changes": [{"clinicianUnavailable": {"clinician": "c1", "availability": ["Tuesday"]}}]}"#,
            [
                #"changes[0].clinicianUnavailable.availability[0]: expected a DAY-SESSION pattern such as "#
                    + #"Mon-AM or *-AM, found "Tuesday""#
            ]
        ),
        (
            #"{"changes": [{"setPolicy": {"weights": {"travel": 1, "group": -2}}}]}"#,
            [
                "changes[0].setPolicy.weights.travel: unknown weight; expected one of unmetHour, "
                    + "otherModalityHour, secondaryModalityHour, group, continuityBreak",
                "changes[0].setPolicy.weights.group: expected a non-negative number, found -2",
            ]
        ),
        (
            #"{"changes": [{"setPolicy": {"weights": {"unmetHour": 1e300}}}]}"#,
            ["changes[0].setPolicy.weights.unmetHour: expected a number up to 1000000000, found 1e+300"]
        ),
        (
            #"{"changes": [{"setClinicianLimits": {"clinician": "c1"}}]}"#,
            [
                "changes[0].setClinicianLimits: expected maxHoursPerWeek or maxHoursPerDay (a whole number, or "
                    + "null to lift the limit)"
            ]
        ),
        (
            #"{"changes": [{"setAvailability": {"patient": "p1", "room": "R1", "availability": []}}]}"#,
            ["changes[0].setAvailability: expected exactly one of patient, clinician or room, found patient and room"]
        ),
        (
            #"{"changes": [{"addSession": {"id": "PM", "start": "1pm", "hours": 0}}]}"#,
            [
                "changes[0].addSession.hours: expected a whole number (1 or more), found 0",
                #"changes[0].addSession.start: expected a time HH:MM (00:00 to 23:59), found "1pm""#,
            ]
        ),
    ]

    @Test(arguments: malformed.indices)
    func aMalformedScenarioIsNamedByItsPath(_ position: Int) throws {
        let (document, expected) = Self.malformed[position]
        let error = #expect(throws: ScenarioError.self) { try ScenarioDecoder().decode(JSONParser.parse(document)) }
        #expect(error?.problems.map(\.description) == expected)
    }

    @Test func everyRejectedChangeIsReportedAtOnce() {
        let problems = Self.problems(
            #"{"discharge": ["p999"]}, {"removeRoom": "R7"}, {"setWeeklyHours": {"patient": "p001", "weeklyHours": 3}}"#
        )
        #expect(
            problems.map { String($0.prefix { $0 != ":" }) } == ["changes[0].discharge[0]", "changes[1].removeRoom"])
    }

    @Test func unknownFieldsAreWarnings() throws {
        let decoded = try ScenarioDecoder().decode(
            JSONParser.parse(
                #"{"changes": [{"setWeeklyHours": {"patient": "p1", "weeklyHours": 3, "why": "x"}}], "author": "me"}"#))
        #expect(Set(decoded.warnings.map(\.path)) == ["changes[0].setWeeklyHours.why", "author"])
    }

    @Test func messagesNameIdsNeverPatientNames() {
        let problems = Self.problems(
            #"{"admit": [{"id": "p001", "name": "Secret Person", "track": "Yoga", "weeklyHours": 9}]}"#)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { !$0.contains("Secret") })
    }

    // MARK: Applied scenarios are valid instances

    /// Random scenarios, valid and invalid, on every shipped instance: applying one either fails
    /// with problems or gives an instance that a file would give (encode, decode: the same).
    @Test(arguments: ["riverside-40", "harbor-continuity-60", "lakeside-120", "tiny"])
    func applyingAScenarioNeverGivesAnInvalidInstance(_ name: String) throws {
        let base = try Fixtures.instance("instances/\(name).json")
        var random = TestRandom(seed: UInt64(name.utf8.count))
        var applied = 0
        for _ in 0..<150 {
            let scenario = Scenario(
                changes: (0..<random.next(4) + 1).map { _ in RandomChange.make(for: base, using: &random) })
            guard let changed = try? scenario.apply(to: base).instance else { continue }
            applied += 1
            let reread = try InstanceDecoder().decode(
                JSONParser.parse(JSONWriter.write(InstanceEncoder.document(changed)))
            ).instance
            #expect(reread == changed)
        }
        #expect(applied > 20)
    }
}

/// A small deterministic generator for the random scenarios.
struct TestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }

    mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }
}

/// Random changes: mostly sensible, sometimes naming unknown ids, modalities, days or sessions.
enum RandomChange {
    static func make(for base: Instance, using random: inout TestRandom) -> ScenarioChange {
        let patients = base.patients.map(\.id) + ["p999", "p201"]
        let clinicians = base.clinicians.map(\.id) + ["c99"]
        let rooms = base.rooms.map(\.id) + ["R99"]
        let modalities = base.modalities + ["Yoga"]
        let patterns = ["*-*", "Mon-*", "*-AM", "Tue-AM", "*-PM", "Sat-*", "Wed-EVE", "Fri-AM"].map {
            AvailabilityPattern(parsing: $0)!
        }
        func somePatterns() -> [AvailabilityPattern] { (0..<random.next(3)).map { _ in random.pick(patterns) } }
        switch random.next(12) {
        case 0:
            return .clinicianUnavailable(
                clinician: random.pick(clinicians), at: somePatterns() + [random.pick(patterns)])
        case 1:
            let id = PatientID("p\(200 + random.next(5))")
            return .admit([
                Patient(
                    id: id, track: random.pick(modalities),
                    secondary: random.next(2) == 0 ? random.pick(modalities) : nil,
                    weeklyHours: random.next(13),
                    availability: random.next(2) == 0 ? .always : Availability(somePatterns()),
                    separateFrom: random.next(3) == 0 ? [random.pick(patients)] : [])
            ])
        case 2: return .discharge((0..<random.next(3) + 1).map { _ in random.pick(patients) })
        case 3: return .setWeeklyHours(patient: random.pick(patients), weeklyHours: random.next(16))
        case 4:
            return .setPolicy(
                PolicyPatch(
                    minGroupSize: random.next(2) == 0 ? random.next(12) + 1 : nil,
                    maxGroupSize: random.next(2) == 0 ? random.next(12) + 1 : nil,
                    groupSize: random.next(3) == 0
                        ? [random.pick(modalities): GroupSizeOverride(min: random.next(8) + 1)] : [:],
                    weights: random.next(3) == 0 ? ["group": Double(random.next(5))] : [:]))
        case 5:
            return .addClinician(
                Clinician(
                    id: ClinicianID("c\(20 + random.next(3))"), modalities: [random.pick(modalities)],
                    availability: Availability(somePatterns())))
        case 6: return .removeClinician(random.pick(clinicians))
        case 7:
            return .setClinicianLimits(
                clinician: random.pick(clinicians), maxHoursPerWeek: .set(random.next(15)),
                maxHoursPerDay: random.next(2) == 0 ? .remove : .keep)
        case 8:
            return .addRoom(
                Room(
                    id: RoomID("R\(20 + random.next(3))"), capacity: random.next(12) + 1,
                    availability: Availability(somePatterns())))
        case 9: return .removeRoom(random.pick(rooms))
        case 10:
            return .addSession(
                Session(
                    id: random.pick(["PM", "EVE", "NIGHT"]), start: random.pick(["13:00", "17:30", "20:45", "10:00"]),
                    hours: random.next(3) + 1))
        default:
            let target: AvailabilityTarget =
                switch random.next(3) {
                case 0: .patient(random.pick(patients))
                case 1: .clinician(random.pick(clinicians))
                default: .room(random.pick(rooms))
                }
            return .setAvailability(target, Availability(somePatterns()))
        }
    }
}
