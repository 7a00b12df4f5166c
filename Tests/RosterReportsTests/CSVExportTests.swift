import RosterKit
import Testing

@testable import RosterReports

@Suite("CSV export")
struct CSVExportTests {
    /// Parses RFC 4180 CSV: fields split by commas, records by CRLF, quoted fields may hold
    /// commas, CRLF and doubled quotes.
    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append(characters.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                try #require(field.isEmpty, "a quote inside an unquoted field")
                quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r":
                try #require(characters.popFirst() == "\n", "CR without LF")
                record.append(field)
                records.append(record)
                record = []
                field = ""
            case "\n":
                Issue.record("bare LF ends a record")
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        try #require(!quoted, "an unterminated quoted field")
        try #require(record.isEmpty && field.isEmpty, "the last record does not end with CRLF")
        return records
    }

    @Test func parsesBackToTheRostersPatientHours() throws {
        let facts = RosterFacts(instance: NamedClinic.instance, roster: NamedClinic.roster)
        let rows = try Self.parse(CSVExport(facts).text)
        #expect(rows.first == CSVExport.header)
        let body = rows.dropFirst()
        #expect(body.allSatisfy { $0.count == CSVExport.header.count })
        let column = Dictionary(uniqueKeysWithValues: CSVExport.header.enumerated().map { ($1, $0) })
        let parsed = body.map { row in
            ["day", "session", "slot", "modality", "clinician", "room", "patient"].map { row[column[$0]!] }
        }
        #expect(
            parsed.sorted { $0.lexicographicallyPrecedes($1) }
                == NamedClinic.patientHours.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(body.count == facts.summary.patientHours)

        let p2 = try #require(body.first { $0[column["patient"]!] == "p2" })
        #expect(p2[column["patient_name"]!] == "Yorick, Pemberton; Jr.")
        #expect(p2[column["date"]!] == "2026-11-30")
        #expect(p2[column["start"]!] == "09:00")
        #expect(p2[column["end"]!] == "10:00")
        #expect(body.contains { $0[column["patient_name"]!] == "Wilhelmina Back\\slash Newline" })
        #expect(body.contains { $0[column["patient_name"]!] == "Zelda \"Zee\" Quartermaine" })
        let late = try #require(body.first { $0[column["day"]!] == "Tue" && $0[column["slot"]!] == "2" })
        #expect(late[column["start"]!] == "23:30")
        #expect(late[column["end"]!] == "00:30")
        #expect(late[column["room"]!] == "R1")
    }

    @Test func quotesOnlyWhatNeedsQuoting() {
        #expect(CSVExport.field("plain") == "plain")
        #expect(CSVExport.field("a,b") == "\"a,b\"")
        #expect(CSVExport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVExport.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVExport.field("") == "")
    }

    @Test func namesASpreadsheetWouldRunAsFormulasStayText() {
        #expect(CSVExport.field("=HYPERLINK(\"http://x\",\"Ann\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"Ann\"\")\"")
        #expect(CSVExport.field("+1") == "'+1")
        #expect(CSVExport.field("-2+3") == "'-2+3")
        #expect(CSVExport.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVExport.field("\tx") == "'\tx")
        #expect(CSVExport.field("\r=1") == "\"'\r=1\"")
        #expect(CSVExport.field("Ann-Marie = 1") == "Ann-Marie = 1")
    }

    @Test func anEmptyRosterIsJustTheHeader() throws {
        let facts = RosterFacts(instance: NamedClinic.instance, roster: .empty)
        #expect(try Self.parse(CSVExport(facts).text) == [CSVExport.header])
    }
}
