import Testing

@testable import RosterKit

@Suite("Instance decoding")
struct InstanceDecoderTests {
    static let minimal =
        #"{"days": ["Mon"], "sessions": [{"id": "AM", "start": "09:00", "hours": 3}], "clinicians": [], "#
        + #""patients": [{"id": "p1", "track": "CBT", "weeklyHours": 9}]}"#

    @Test func fillsInTheSpecDefaults() throws {
        let instance = try InstanceDecoder().decode(JSONParser.parse(Self.minimal)).instance
        #expect(instance.modalities == Modality.defaults)
        #expect(instance.policy == Policy())
        #expect(instance.policy.sizeRange(for: "DBT") == 8...12)
        #expect(instance.policy.weights.unmetHour == 1000)
        #expect(instance.patients[0].cohort == "adult")
        #expect(instance.patients[0].availability == .always)
        #expect(instance.patients[0].previous == nil)
        #expect(instance.rooms.isEmpty)
    }

    @Test func groupSizeOverrideFallsBackSideBySide() throws {
        let text = Self.minimal.replacingOccurrences(
            of: #""clinicians""#,
            with: #""policy": {"maxGroupSize": 10, "groupSize": {"DBT": {"min": 6}}}, "clinicians""#)
        let policy = try InstanceDecoder().decode(JSONParser.parse(text)).instance.policy
        #expect(policy.sizeRange(for: "DBT") == 6...10)
        #expect(policy.sizeRange(for: "CBT") == 8...10)
    }

    @Test func emptyAvailabilityMeansNeverAndEmptyPreviousMeansNothingLastWeek() throws {
        let text = Self.minimal.replacingOccurrences(
            of: #""weeklyHours": 9"#, with: #""weeklyHours": 9, "availability": [], "previous": []"#)
        let patient = try InstanceDecoder().decode(JSONParser.parse(text)).instance.patients[0]
        #expect(!patient.availability.allows(SessionDay(day: "Mon", session: "AM")))
        #expect(patient.previous == [])
    }

    @Test func collectsEveryProblemInOnePass() throws {
        let text =
            #"{"days": ["Mon", "Mon"], "sessions": [{"id": "AM", "start": "9am", "hours": 2.5}], "clinicians": "#
            + #"[{"id": "c1", "modalities": ["ACT"]}], "patients": [{"id": "p1", "weeklyHours": true, "#
            + #""separateFrom": ["p9"]}]}"#
        let error = #expect(throws: InstanceValidationError.self) {
            try InstanceDecoder().decode(JSONParser.parse(text))
        }
        let paths = Set(error?.problems.map(\.path) ?? [])
        #expect(
            paths == [
                "days[1]", "sessions[0].start", "sessions[0].hours", "clinicians[0].modalities[0]", "patients[0].track",
                "patients[0].weeklyHours", "patients[0].separateFrom[0]",
            ])
    }

    @Test func warnsAboutUnknownFields() throws {
        let text = Self.minimal.replacingOccurrences(
            of: #""weeklyHours": 9"#, with: #""weeklyHours": 9, "maxDaysPerWek": 3"#)
        let warnings = try InstanceDecoder().decode(JSONParser.parse(text)).warnings
        #expect(warnings.map(\.path) == ["patients[0].maxDaysPerWek"])
    }

    @Test func neverRepeatsAPatientsFreeText() throws {
        let text = Self.minimal.replacingOccurrences(
            of: #""track": "CBT""#, with: #""name": "Zebulon Quarrington", "track": "Zebulon Quarrington", "cohort": 7"#
        )
        let error = #expect(throws: InstanceValidationError.self) {
            try InstanceDecoder().decode(JSONParser.parse(text))
        }
        #expect(error?.description.contains("Zebulon") == false)
        #expect(error?.problems.map(\.path) == ["patients[0].cohort", "patients[0].track"])
    }

    @Test func aWholeNumberBeyond64BitsIsOutOfRangeNotFractional() throws {
        let text = Self.minimal.replacingOccurrences(
            of: #""weeklyHours": 9"#, with: #""weeklyHours": 123456789012345678901234"#)
        let error = #expect(throws: InstanceValidationError.self) {
            try InstanceDecoder().decode(JSONParser.parse(text))
        }
        #expect(error?.problems.map(\.path) == ["patients[0].weeklyHours"])
        #expect(
            error?.problems.first?.message
                == "expected a whole number from 0 to 1000000, found 123456789012345678901234 (out of range)")
        let roster =
            #"{"groups": [{"day": "Mon", "session": "AM", "slot": -99999999999999999999, "modality": "CBT", "#
            + #""clinician": "c1", "patients": []}]}"#
        let rosterError = #expect(throws: RosterFormatError.self) {
            try RosterDecoder().decode(JSONParser.parse(roster))
        }
        #expect(rosterError?.problems.map(\.path) == ["groups[0].slot"])
        #expect(rosterError?.description.contains("found -99999999999999999999 (out of range)") == true)
    }

    @Test func sessionsThatTouchDoNotOverlap() throws {
        let text = Self.minimal.replacingOccurrences(
            of: #"[{"id": "AM", "start": "09:00", "hours": 3}]"#,
            with: #"[{"id": "AM", "start": "09:00", "hours": 3}, {"id": "PM", "start": "12:00", "hours": 3}, "#
                + #"{"id": "X", "start": "14:59", "hours": 1}]"#)
        let error = #expect(throws: InstanceValidationError.self) {
            try InstanceDecoder().decode(JSONParser.parse(text))
        }
        #expect(error?.problems.map(\.path) == ["sessions[2]"])
    }
}
