import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterStore

/// Whatever the program store holds exports as a valid instance: every write of its records
/// keeps the instance rule for control characters (C0 and DEL in ids and names), whether the
/// records come from a decoded file or were built in code, and a refused write changes nothing.
@Suite("Control characters in the program store")
struct ControlCharacterStoreTests {
    /// Every C0 and DEL character the spec refuses, one per field.
    static func poisoned() throws -> Instance {
        var instance = try Fixtures.instance("instances/tiny.json")
        instance.name = "clinic\u{1B}[2J"
        instance.clinicians[0].name = "Dr\u{1B}[31m Red"
        instance.clinicians[1].id = ClinicianID("c\u{7F}")
        instance.rooms[0].id = RoomID("R\u{0}")
        instance.patients[1].name = "Sam\u{9}Tab"
        instance.patients[2].id = PatientID("p\u{1B}03")
        return instance
    }

    static let paths = [
        "name", "clinicians[0].name", "clinicians[1].id", "rooms[0].id", "patients[1].name", "patients[2].id",
    ]

    @Test func recordsBuiltInCodeWithAControlCharacterAreRefusedAndNothingIsStored() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("control-records")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = #expect(throws: StoreError.self) {
            try store.importRecords(
                ProgramImport(instance: try Self.poisoned(), admittedOn: "2026-11-30"), effectiveDate: "2026-11-30",
                actor: "test", source: "code")
        }
        let message = try #require(error).description
        for path in Self.paths {
            #expect(message.contains("\(path): holds a control character"), "\(path): \(message)")
        }
        #expect(
            !message.split(separator: "\n").contains { ControlCharacters.found(in: String($0), includingC1: true) },
            "the message quotes no text")
        #expect(!message.contains("Red") && !message.contains("Sam"), "no name in the message")
        #expect(try store.hasProgram() == false)
        #expect(try store.recordCounts() == (0, 0, 0, 0))
    }

    @Test func aPartialImportOfPatientsIsRefusedAtThePatientsPlace() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("control-patients")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let instance = try Fixtures.instance("instances/tiny.json")
        try store.importRecords(
            ProgramImport(instance: instance, admittedOn: "2026-11-30"), effectiveDate: "2026-11-30", actor: "test",
            source: "tiny.json")
        let before = try store.currentPatients()
        var patient = instance.patients[0]
        patient.name = "Alex\u{0}"
        let error = #expect(throws: StoreError.self) {
            try store.importRecords(
                ProgramImport(patients: [AdmittedPatient(patient: patient, admittedOn: "2026-11-30")]),
                effectiveDate: "2026-11-30", actor: "test", source: "code")
        }
        #expect(error?.description.contains("patients[0].name: holds a control character") == true)
        #expect(try store.currentPatients() == before)
    }

    /// The store's rule is the decoder's: the same fields, at the same paths, with the same message.
    @Test func theStoresRuleFindsWhatTheInstanceDecoderFinds() throws {
        let document = try JSONParser.parse(InstanceEncoder.text(try Self.poisoned()))
        let decoded = #expect(throws: InstanceValidationError.self) { try InstanceDecoder().decode(document) }
        let byDecoder = (decoded?.problems ?? []).filter { $0.message == ControlCharacters.problem() }
        let byRule = ControlCharacters.problems(in: try Self.poisoned())
        #expect(Set(byRule) == Set(byDecoder))
        #expect(byRule.map(\.path) == Self.paths)
    }

    /// C1 is legal in an instance's names (the spec and the shared checker accept it): the store
    /// keeps it, and its records still export as a valid instance.
    @Test func aC1CharacterInANameIsStoredAsAnInstanceHoldsIt() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("control-c1")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var instance = try Fixtures.instance("instances/tiny.json")
        instance.patients[0].name = "Alex\u{9B}31m"
        try store.importRecords(
            ProgramImport(instance: instance, admittedOn: "2026-11-30"), effectiveDate: "2026-11-30", actor: "test",
            source: "code")
        let week = try store.weekInstance("2026-11-30")
        #expect(week.patients.first { $0.id == instance.patients[0].id }?.name == "Alex\u{9B}31m")
        _ = try InstanceDecoder().decode(try JSONParser.parse(InstanceEncoder.text(week)))
    }

    @Test(arguments: ["ops\u{1B}[31m", "ops\u{0}", "ops\u{7F}", "ops\u{9B}2J"])
    func aUsernameWithAControlCharacterIsRefused(_ username: String) throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("control-user")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = #expect(throws: StoreError.self) {
            try store.createUser(username: username, passwordHash: "x", role: .director)
        }
        #expect(error?.description.hasPrefix("a username holds a control character") == true)
        #expect(try store.users().isEmpty)
    }

    /// A header cell with an escape sequence is warned about without it (the warning reaches the
    /// terminal), and a quoted cell is shown without its control character.
    @Test func aSpreadsheetProblemCarriesNoControlCharacterToTheTerminal() throws {
        var files = SpreadsheetFixture.files
        files["rooms.csv"] = "id,capacity,\u{1B}[2Jnotes\nR1,6\u{1B}[31m,x\n"
        let reading = Spreadsheet.parse(files["rooms.csv"]!, file: "rooms.csv")
        let warnings = reading.warnings.map(\.description)
        #expect(warnings == ["rooms.csv:1: \u{FFFD}[2Jnotes: not a column of rooms.csv; ignored, not stored"])
        let problems = try SpreadsheetTests.problems(files)
        #expect(problems.contains { $0.hasPrefix("rooms.csv:2: capacity: expected a whole number, got") })
        #expect(!problems.contains { ControlCharacters.found(in: $0, includingC1: true) }, "\(problems)")
    }

    /// A NUL ends a C string: a number cell `9<NUL>` was read as 9 and imported.
    @Test func aNumberCellWithANulIsNotReadAsTheNumberBeforeIt() throws {
        let files = SpreadsheetFixture.replacing("patients.csv", row: 2, column: "weeklyHours", with: "9\u{0}")
        #expect(
            try SpreadsheetTests.problems(files) == [
                "patients.csv:2: weeklyHours: expected a whole number, got \"9\u{FFFD}\""
            ])
    }
}
