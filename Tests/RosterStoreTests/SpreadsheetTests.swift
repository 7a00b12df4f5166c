import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterStore

/// A small program as spreadsheets: two sessions, two modalities (DBT with its own group size),
/// two clinicians, a room, three patients, and a step-down for p1.
enum SpreadsheetFixture {
    static let files: [String: String] = [
        "program.csv": "name,days,minGroupSize,maxGroupSize\nclinic,Mon;Tue;Wed,2,4\n",
        "sessions.csv": "id,start,hours\nAM,09:00,3\nPM,13:00,3\n",
        "modalities.csv": "modality,min,max\nCBT,,\nDBT,2,3\n",
        "clinicians.csv":
            "id,name,modalities,availability,maxHoursPerWeek\nc1,Ann Lee,CBT;DBT,*-AM,12\nc2,Bo Kim,CBT,Mon-* "
            + "Tue-PM,\n",
        "rooms.csv": "id,capacity\nR1,6\n",
        "patients.csv": """
        id,name,track,secondary,weeklyHours,maxDaysPerWeek,availability,separateFrom,admittedOn,plannedDischargeOn
        p1,Alex Example,CBT,DBT,9,3,*-AM,p2,2026-11-02,2026-12-18
        p2,Sam Sample,DBT,,6,,,p1,2026-11-30,
        p3,Kim Tester,CBT,,3,1,none,,2026-11-30,

        """,
        "prescriptions.csv": "patient,fromDate,weeklyHours,maxDaysPerWeek\np1,2026-11-23,6,2\n",
    ]

    /// `files` with `file`'s cell at `row` (the header is row 1) and `column` replaced.
    static func replacing(_ file: String, row: Int, column: String, with value: String) -> [String: String] {
        var lines = files[file]!.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let index = lines[0].firstIndex(of: column)!
        lines[row - 1][index] = value
        var changed = files
        changed[file] = lines.map { $0.joined(separator: ",") }.joined(separator: "\n")
        return changed
    }

    /// `files` without `column` in `file`.
    static func removing(_ column: String, from file: String) -> [String: String] {
        var lines = files[file]!.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let index = lines[0].firstIndex(of: column)!
        for line in lines.indices { lines[line].remove(at: index) }
        var changed = files
        changed[file] = lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        return changed
    }
}

@Suite("Spreadsheet import and export")
struct SpreadsheetTests {
    /// Parses the texts as the files they are named after and imports them in one go.
    @discardableResult
    static func importTexts(
        _ files: [String: String], into store: ProgramStore, asOf: String = "2026-11-30", dischargeMissing: Bool = false
    ) throws -> ImportReport {
        let readings = files.sorted { $0.key < $1.key }.map { Spreadsheet.parse($0.value, file: $0.key) }
        return try store.importSpreadsheets(
            readings.compactMap(\.spreadsheet), readingProblems: readings.flatMap(\.problems), asOf: asOf,
            dischargeMissing: dischargeMissing, actor: "test")
    }

    static func exported(_ store: ProgramStore) throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try store.exportSpreadsheets(actor: "test").map { ($0.table.fileName, $0.text) })
    }

    /// The problems an import of `files` into a fresh store reports, as printed.
    static func problems(_ files: [String: String]) throws -> [String] {
        let (store, folder) = try ProgramStoreTests.scratchStore("bad-cells")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try importTexts(files, into: store)
        } catch let error as SpreadsheetError {
            #expect(try store.hasProgram() == false, "a refused import changes nothing")
            return error.problems.map(\.description)
        }
        return []
    }

    @Test func importThenExportGivesTheSameFilesByteForByte() throws {
        let (first, firstFolder) = try ProgramStoreTests.scratchStore("round-trip-1")
        defer { try? FileManager.default.removeItem(atPath: firstFolder) }
        try Self.importTexts(SpreadsheetFixture.files, into: first)
        let exported = try Self.exported(first)
        #expect(exported.keys.sorted() == SpreadsheetTable.allCases.map(\.fileName).sorted())
        #expect(exported["prescriptions.csv"] == "patient,fromDate,weeklyHours,maxDaysPerWeek\r\np1,2026-11-23,6,2\r\n")
        #expect(exported["patients.csv"]!.contains("p3,Kim Tester,,CBT,,3,1,none,,2026-11-30,\r\n"))

        let (second, secondFolder) = try ProgramStoreTests.scratchStore("round-trip-2")
        defer { try? FileManager.default.removeItem(atPath: secondFolder) }
        try Self.importTexts(exported, into: second)
        #expect(try Self.exported(second) == exported)
        #expect(try second.weekInstance("2026-11-30") == first.weekInstance("2026-11-30"))
    }

    @Test func aNameASpreadsheetWouldRunAsAFormulaIsExportedAsTextAndReadBack() throws {
        let files = SpreadsheetFixture.replacing("patients.csv", row: 2, column: "name", with: "=1+2")
        let (store, folder) = try ProgramStoreTests.scratchStore("formula")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.importTexts(files, into: store)
        #expect(try store.currentPatients().first?.patient.name == "=1+2")
        let exported = try Self.exported(store)
        #expect(exported["patients.csv"]!.contains("\r\np1,'=1+2,"))
        let (again, againFolder) = try ProgramStoreTests.scratchStore("formula-again")
        defer { try? FileManager.default.removeItem(atPath: againFolder) }
        try Self.importTexts(exported, into: again)
        #expect(try again.currentPatients().first?.patient.name == "=1+2")
        #expect(try Self.exported(again) == exported)
    }

    @Test func theLakesideInstanceSurvivesTheSpreadsheets() throws {
        let (store, folder, instance) = try ProgramRecordsTests.lakesideStore("lakeside-csv")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (fresh, freshFolder) = try ProgramStoreTests.scratchStore("lakeside-csv-fresh")
        defer { try? FileManager.default.removeItem(atPath: freshFolder) }
        let exported = try Self.exported(store)
        try Self.importTexts(exported, into: fresh)
        #expect(try fresh.weekInstance(ProgramRecordsTests.week) == instance)
        #expect(try Self.exported(fresh) == exported)
    }

    @Test func aPrescriptionStepFromTheSpreadsheetIsInForceFromItsDate() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("steps")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.importTexts(SpreadsheetFixture.files, into: store)
        let before = try store.weekInstance("2026-11-16").patients.first { $0.id == PatientID("p1") }
        let after = try store.weekInstance("2026-11-30").patients.first { $0.id == PatientID("p1") }
        #expect(before?.weeklyHours == 9 && before?.maxDaysPerWeek == 3)
        #expect(after?.weeklyHours == 6 && after?.maxDaysPerWeek == 2)
        // p1 is due to leave on the 18th: not in the program the week after.
        #expect(try store.weekInstance("2026-12-21").patients.map(\.id.rawValue) == ["p2", "p3"])
    }

    @Test func reimportingIsIdempotentAndAMissingPatientIsKeptUntilAskedToDischarge() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("reimport-csv")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try Self.importTexts(SpreadsheetFixture.files, into: store)
        #expect(first.patients.summary == "3 added, 0 changed, 0 unchanged")
        let again = try Self.importTexts(SpreadsheetFixture.files, into: store)
        #expect(
            again.lines == [
                "program: 0 added, 0 changed, 1 unchanged", "clinicians: 0 added, 0 changed, 2 unchanged",
                "rooms: 0 added, 0 changed, 1 unchanged", "patients: 0 added, 0 changed, 3 unchanged",
            ])

        var changed = SpreadsheetFixture.replacing("patients.csv", row: 3, column: "weeklyHours", with: "9")
        changed["patients.csv"] = changed["patients.csv"]!.replacingOccurrences(
            of: "p3,Kim Tester,CBT,,3,1,none,,2026-11-30,\n", with: "")
        changed["patients.csv"]! += "p4,New Person,DBT,,6,,,,2026-12-07,\n"
        let report = try Self.importTexts(["patients.csv": changed["patients.csv"]!], into: store, asOf: "2026-12-07")
        #expect(
            report.lines == [
                "patients: 1 added, 1 changed, 1 unchanged, 1 not in the import and kept (pass "
                    + "--discharge-missing to discharge them)"
            ])
        #expect(try store.recordCounts().patients == 4)
        let discharged = try Self.importTexts(
            ["patients.csv": changed["patients.csv"]!], into: store, asOf: "2026-12-07", dischargeMissing: true)
        #expect(discharged.patients.discharged == 1)
        #expect(try store.recordCounts().patients == 3)
        #expect(try store.weekInstance("2026-11-30").patients.map(\.id.rawValue) == ["p1", "p2", "p3"])
    }

    @Test func anUnknownColumnIsWarnedAboutAndNotStored() throws {
        var files = SpreadsheetFixture.files
        files["patients.csv"] = files["patients.csv"]!
            .replacingOccurrences(of: "plannedDischargeOn\n", with: "plannedDischargeOn,diagnosis\n")
            .replacingOccurrences(of: "2026-12-18\n", with: "2026-12-18,F32.1 secret\n")
        let reading = Spreadsheet.parse(files["patients.csv"]!, file: "patients.csv")
        #expect(
            reading.warnings.map(\.description) == [
                "patients.csv:1: diagnosis: not a column of patients.csv; ignored, not stored"
            ])
        let (store, folder) = try ProgramStoreTests.scratchStore("unknown-column")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.importTexts(files, into: store)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(bytes.range(of: Data("F32.1 secret".utf8)) == nil)
        #expect(!(try Self.exported(store).values.contains { $0.contains("F32.1") }))
    }

    @Test func theTableComesFromTheFileNameElseTheHeader() {
        #expect(SpreadsheetTable.detect(fileName: "Patients.CSV", header: []) == .patients)
        #expect(
            SpreadsheetTable.detect(fileName: "export-2026.csv", header: ["id", "track", "weeklyHours", "name"])
                == .patients)
        #expect(
            SpreadsheetTable.detect(fileName: "steps.csv", header: ["patient", "fromDate", "weeklyHours"])
                == .prescriptions)
        #expect(SpreadsheetTable.detect(fileName: "staff.csv", header: ["id", "name", "modalities"]) == .clinicians)
        #expect(SpreadsheetTable.detect(fileName: "x.csv", header: ["id", "name"]) == nil)
        let reading = Spreadsheet.parse("id,name\nx,y\n", file: "x.csv")
        #expect(reading.spreadsheet == nil)
        #expect(reading.problems.first?.description.hasPrefix("x.csv: cannot tell which table this is") == true)
    }

    /// One bad cell (or column) of each kind, and the line that reports it.
    static let badCells: [(files: [String: String], messages: [String])] = [
        (
            SpreadsheetFixture.replacing("patients.csv", row: 2, column: "weeklyHours", with: "nine"),
            ["patients.csv:2: weeklyHours: expected a whole number, got \"nine\""]
        ),
        (
            SpreadsheetFixture.replacing("patients.csv", row: 3, column: "weeklyHours", with: "0"),
            ["patients.csv:3: weeklyHours: expected a whole number 1 or more, got \"0\""]
        ),
        (
            SpreadsheetFixture.replacing("program.csv", row: 2, column: "maxGroupSize", with: "many"),
            ["program.csv:2: maxGroupSize: expected a whole number, got \"many\""]
        ),
        (
            SpreadsheetFixture.replacing("patients.csv", row: 2, column: "admittedOn", with: "11/02/2026"),
            ["patients.csv:2: admittedOn: expected a date YYYY-MM-DD, got \"11/02/2026\""]
        ),
        (
            SpreadsheetFixture.replacing("patients.csv", row: 2, column: "plannedDischargeOn", with: "2026-10-01"),
            ["patients.csv:2: plannedDischargeOn: expected a date on or after admittedOn, got \"2026-10-01\""]
        ),
        (
            SpreadsheetFixture.replacing("clinicians.csv", row: 3, column: "availability", with: "Monday"),
            [
                "clinicians.csv:3: availability: item 1: expected a DAY-SESSION pattern such as Mon-AM or *-AM, "
                    + "found \"Monday\""
            ]
        ),
        (
            SpreadsheetFixture.replacing("clinicians.csv", row: 3, column: "availability", with: "Mon-AM Sun-AM"),
            ["clinicians.csv:3: availability: item 2: \"Sun-AM\" names unknown day \"Sun\""]
        ),
        (
            SpreadsheetFixture.replacing("patients.csv", row: 2, column: "availability", with: "Someday"),
            ["patients.csv:2: availability: item 1: expected a DAY-SESSION pattern such as Mon-AM or *-AM"]
        ),
        (
            SpreadsheetFixture.replacing("patients.csv", row: 2, column: "track", with: "Yoga"),
            ["patients.csv:2: track: expected one of the listed modalities (CBT, DBT)"]
        ),
        (
            SpreadsheetFixture.replacing("clinicians.csv", row: 2, column: "modalities", with: "CBT;Yoga"),
            ["clinicians.csv:2: modalities: item 2: \"Yoga\" is not a listed modality (CBT, DBT)"]
        ),
        (
            SpreadsheetFixture.replacing("clinicians.csv", row: 2, column: "modalities", with: "CBT;;DBT"),
            ["clinicians.csv:2: modalities: item 2 is empty (items are separated by `;`)"]
        ),
        (
            SpreadsheetFixture.replacing("patients.csv", row: 2, column: "separateFrom", with: "p9"),
            ["patients.csv:2: separateFrom: item 1: names an unknown patient (no patient has this id)"]
        ),
        (
            SpreadsheetFixture.removing("track", from: "patients.csv"),
            ["patients.csv:1: track: missing required column"]
        ),
        (
            SpreadsheetFixture.replacing("rooms.csv", row: 2, column: "capacity", with: ""),
            ["rooms.csv:2: capacity: missing; every row needs a value"]
        ),
        (
            SpreadsheetFixture.replacing("patients.csv", row: 4, column: "id", with: "p1"),
            ["patients.csv:4: id: patient id \"p1\" is used twice"]
        ),
        // The session is refused where it is listed, and only there: the clinician's pattern
        // naming it is not reported again as naming an unknown session.
        (
            SpreadsheetFixture.replacing("sessions.csv", row: 3, column: "start", with: "1pm"),
            ["sessions.csv:3: start: expected a time HH:MM (00:00 to 23:59), found \"1pm\""]
        ),
        (
            SpreadsheetFixture.replacing("modalities.csv", row: 3, column: "min", with: "4"),
            ["modalities.csv:3: min: expected min <= max for DBT, found min 4 above max 3"]
        ),
        (
            SpreadsheetFixture.replacing("prescriptions.csv", row: 2, column: "patient", with: "p7"),
            ["prescriptions.csv:2: patient: names an unknown patient (no row of patients.csv has this id)"]
        ),
        (
            SpreadsheetFixture.replacing("prescriptions.csv", row: 2, column: "fromDate", with: "2026-11-01"),
            [
                "prescriptions.csv:2: fromDate: expected a date after the patient's admittedOn (the first step "
                    + "is in patients.csv), got \"2026-11-01\""
            ]
        ),
    ]

    @Test(arguments: badCells.indices)
    func everyBadCellIsReportedAtItsRowAndColumn(_ index: Int) throws {
        let (files, messages) = Self.badCells[index]
        let problems = try Self.problems(files)
        #expect(problems == messages)
    }

    @Test func allTheBadCellsAreReportedAtOnceWithoutNamesAndNothingChanges() throws {
        var files = SpreadsheetFixture.replacing("patients.csv", row: 2, column: "weeklyHours", with: "nine")
        files["patients.csv"] = files["patients.csv"]!
            .replacingOccurrences(of: "Sam Sample", with: "Sam\u{1}Sample")
            .replacingOccurrences(
                of: "p3,Kim Tester,CBT,,3,1,none", with: "p3,Kim Tester,Kim Tester,,3,1,Kim-Tester Kim")
        files["rooms.csv"] = "id,capacity\nR1,six\nR2,-1\n"
        let (store, folder) = try ProgramStoreTests.scratchStore("all-at-once")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.importTexts(SpreadsheetFixture.files, into: store)
        let before = try Self.exported(store)
        #expect(throws: SpreadsheetError.self) { try Self.importTexts(files, into: store) }
        let problems = try Self.problems(files)
        #expect(
            problems == [
                "patients.csv:2: weeklyHours: expected a whole number, got \"nine\"",
                "patients.csv:3: name: holds a control character (U+0000 to U+001F or U+007F); ids and names "
                    + "reach terminals, pages and calendars",
                "patients.csv:4: track: expected one of the listed modalities (CBT, DBT)",
                "patients.csv:4: availability: item 1: names a day that is not listed in days",
                "patients.csv:4: availability: item 2: expected a DAY-SESSION pattern such as Mon-AM or *-AM",
                "rooms.csv:2: capacity: expected a whole number, got \"six\"",
                "rooms.csv:3: capacity: expected a whole number (1 or more), found -1",
            ])
        #expect(!problems.joined().contains("Kim") && !problems.joined().contains("Sam"))
        #expect(try Self.exported(store) == before)
    }

    @Test func theMessageListsFiftyProblemsAndCountsTheRest() {
        let problems = (2...71).map {
            SpreadsheetProblem(file: "patients.csv", row: $0, column: "weeklyHours", message: "expected a whole number")
        }
        let lines = SpreadsheetError(problems: problems).description.split(separator: "\n")
        #expect(lines.first == "the spreadsheets have 70 problems; nothing was imported:")
        #expect(lines.count == 1 + 50 + 1)
        #expect(lines.last == "  and 20 more problems")
    }
}

@Suite("Spreadsheet import of Excel workbooks")
struct WorkbookTests {
    static func importWorkbook(_ relative: String, into store: ProgramStore) throws -> (
        ImportReport, [SpreadsheetProblem]
    ) {
        let readings = Spreadsheet.read(path: Planner.path(relative))
        let report = try store.importSpreadsheets(
            readings.compactMap(\.spreadsheet), readingProblems: readings.flatMap(\.problems), asOf: "2026-11-30",
            actor: "test")
        return (report, readings.flatMap(\.warnings))
    }

    @Test func theLakesideWorkbookGivesTheSameRecordsAsItsSpreadsheets() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("xlsx")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (report, warnings) = try Self.importWorkbook("Tests/Fixtures/xlsx/lakeside-120.xlsx", into: store)
        #expect(report.patients.added == 120)
        #expect(warnings.map(\.description) == ["lakeside-120.xlsx[notes]: not one of the tables; ignored, not stored"])
        for file in try store.exportSpreadsheets(actor: "test") {
            let committed = try String(
                contentsOfFile: Planner.path("instances/csv/\(file.table.fileName)"), encoding: .utf8)
            #expect(file.text == committed, "\(file.table.fileName)")
        }
    }

    @Test func aBadCellOfAWorkbookIsReportedAtItsSheetRowAndColumn() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("xlsx-bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            try Self.importWorkbook("Tests/Fixtures/xlsx/bad-cells.xlsx", into: store)
        } throws: { error in
            (error as? SpreadsheetError)?.problems.map(\.description) == [
                "bad-cells.xlsx[patients]:5: weeklyHours: expected a whole number, got \"nine\"",
                "bad-cells.xlsx[patients]:7: admittedOn: expected a date YYYY-MM-DD, got \"11/30/2026\"",
            ]
        }
        #expect(try store.hasProgram() == false)
    }

    @Test func aFileThatIsNotAWorkbookIsOneProblem() throws {
        let folder = try Planner.scratchFolder("fake-xlsx")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "id,track\n".write(toFile: "\(folder)/patients.xlsx", atomically: true, encoding: .utf8)
        let readings = Spreadsheet.read(path: "\(folder)/patients.xlsx")
        #expect(
            readings.flatMap(\.problems).map(\.description) == [
                "patients.xlsx: not an Excel workbook (.xlsx is a ZIP archive; this file cannot be opened as one)"
            ])
    }

    @Test func excelDateSerialsAndColumnLetters() {
        #expect(Workbook.isoDate(serial: 46356) == "2026-11-30")
        #expect(Workbook.isoDate(serial: 61) == "1900-03-01")
        #expect(Workbook.isoDate(serial: 46356.5) == nil)
        #expect(Workbook.columnIndex("A1") == 0)
        #expect(Workbook.columnIndex("K121") == 10)
        #expect(Workbook.columnIndex("AA3") == 26)
    }
}
