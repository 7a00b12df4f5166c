import TestSupport
import Testing

@testable import RosterKit

/// Names are compared code point by code point, as the shared checker (Python) compares them:
/// `"\u{E9}"` (é) and `"e\u{301}"` (e and a combining acute accent) are two names, though
/// Swift's `String` calls them equal. The roster pairs in `Tests/Fixtures/rosters/unicode-ids.*`
/// check the verdicts against the shared checker; these tests check the pieces.
@Suite("Names in two Unicode spellings")
struct SpellingTests {
    static let composed = "p\u{E9}"
    static let decomposed = "pe\u{301}"

    @Test func twoSpellingsAreTwoNames() {
        #expect(Self.composed == Self.decomposed, "Swift's String equates them")
        #expect(Spelling(Self.composed) != Spelling(Self.decomposed))
        #expect(Set([Spelling(Self.composed), Spelling(Self.decomposed)]).count == 2)
        #expect(PatientID(Self.composed) != PatientID(Self.decomposed))
        #expect(Set([PatientID(Self.composed), PatientID(Self.decomposed)]).count == 2)
        #expect(Modality(rawValue: "Th\u{E9}rapie") != Modality(rawValue: "The\u{301}rapie"))
        #expect(SessionDay(day: "Fr\u{E9}", session: "AM") != SessionDay(day: "Fre\u{301}", session: "AM"))
        #expect(
            !AvailabilityPattern(day: "Fr\u{E9}", session: nil).matches(SessionDay(day: "Fre\u{301}", session: "AM")))
        #expect(PatientID(Self.composed) == PatientID("p\u{E9}"))
    }

    @Test func orderIsCodePointOrder() {
        // U+00E9 sorts after "e" (U+0065) by code point, so "pe\u{301}" comes first.
        #expect(PatientID(Self.decomposed) < PatientID(Self.composed))
        #expect(!(PatientID(Self.composed) < PatientID(Self.decomposed)))
        #expect([Spelling("b"), Spelling("\u{E9}"), Spelling("a")].sorted().map(\.text) == ["a", "b", "\u{E9}"])
    }

    @Test func aDashBeforeACombiningMarkStillSplitsASessionDay() {
        // Python's split("-", 1) splits at the code point; a Character-based split would not.
        let sessionDay = SessionDay(parsing: "Mon-\u{301}AM")
        #expect(sessionDay?.day == "Mon")
        #expect(sessionDay.map { Spelling($0.session) } == Spelling("\u{301}AM"))
    }

    @Test func anInstanceMayHoldBothSpellingsAsTwoPatientsClinicansAndRooms() throws {
        let instance = try Fixtures.instance("Tests/Fixtures/instances/unicode-ids.json")
        let index = InstanceIndex(instance)
        #expect(index.patients.count == 3 && index.clinicians.count == 3 && index.rooms.count == 3)
        #expect(index.patients[PatientID(Self.composed)]?.secondary == nil)
        #expect(index.patients[PatientID(Self.decomposed)]?.secondary == Modality(rawValue: "Th\u{E9}rapie"))
        #expect(index.mustSeparate(PatientID(Self.decomposed), PatientID(Self.composed)))
        #expect(!index.mustSeparate(PatientID(Self.composed), PatientID(Self.composed)))
        #expect(index.dayOrder["Fr\u{E9}"] == 1 && index.dayOrder["Fre\u{301}"] == nil)
        #expect(index.sessions["So\u{EF}r"] != nil && index.sessions["Soi\u{308}r"] == nil)
    }

    @Test func theSameIdInTheSameSpellingIsStillUsedTwice() throws {
        let text =
            #"{"days": ["Mon"], "sessions": [{"id": "AM", "start": "09:00", "hours": 3}], "clinicians": [], "#
            + #""patients": [{"id": "p\u00e9", "track": "CBT", "weeklyHours": 9}, {"id": "pe\u0301", "track": "#
            + #""CBT", "weeklyHours": 9}, {"id": "p\u00e9", "track": "CBT", "weeklyHours": 9}]}"#
        let error = #expect(throws: InstanceValidationError.self) {
            try InstanceDecoder().decode(JSONParser.parse(text))
        }
        #expect(error?.problems.map(\.path) == ["patients[2].id"])
    }

    @Test func aJSONObjectKeepsBothSpellingsAsTwoMembers() throws {
        let object = try #require(try JSONParser.parse(#"{"\u00e9": 1, "e\u0301": 2}"#).objectValue)
        #expect(object.keys.count == 2)
        #expect(object["\u{E9}"] == .integer(1) && object["e\u{301}"] == .integer(2))
    }

    @Test func theCheckerTellsTheSpellingsApart() throws {
        let instance = try Fixtures.instance("Tests/Fixtures/instances/unicode-ids.json")
        let checker = RosterChecker(instance)
        let valid = try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/rosters/unicode-ids.valid.roster.json"))
        #expect(checker.check(valid).violations.isEmpty, "two patients, clinicians and rooms, not one double-booked")
        let other = try InputFile.loadRoster(
            Fixtures.path("Tests/Fixtures/rosters/unicode-ids.broken-cohort-mixing-other-spelling.roster.json"))
        let violations = checker.check(other).violations
        #expect(violations.map(\.rule) == [.cohort])
        #expect(
            violations.first?.message.hasSuffix("(the same letters, in other Unicode code points)") == true,
            "\(violations)")
    }
}
