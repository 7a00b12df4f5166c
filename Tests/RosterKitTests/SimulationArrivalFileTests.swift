import Foundation
import RosterKit
import TestSupport
import Testing

/// `simulate --arrivals FILE`: the dated list of arrivals, JSON or CSV.
@Suite("Simulation arrivals file")
struct SimulationArrivalFileTests {
    static let riverside = try! Fixtures.instance("instances/riverside-40.json")
    static let lakeside = try! Fixtures.instance("instances/lakeside-120.json")

    private func write(_ text: String, named name: String) throws -> String {
        let path = (try Planner.scratchFolder("arrivals") as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func problems(_ path: String, base: Instance, weeks: Int = 6) -> [String] {
        do {
            _ = try InputFile.loadArrivals(path, base: base, weeks: weeks)
            return []
        } catch {
            guard case .invalid(let file, let problems) = error else { return ["\(error)"] }
            #expect(file == path)
            return problems.map(\.description)
        }
    }

    @Test func theJSONExampleGivesItsWeeksAndPatients() throws {
        let list = try InputFile.loadArrivals(
            Fixtures.path("instances/arrivals/riverside-arrivals.json"), base: Self.riverside, weeks: 6)
        #expect(list.arrivals.count == 8)
        #expect(list.warnings.isEmpty)
        #expect(list.byWeek.mapValues(\.count) == [2: 2, 3: 2, 4: 1, 5: 2, 6: 1])
        let second = try #require(list.byWeek[2]?.last)
        #expect(second.id == "n02" && second.track == "CBT" && second.weeklyHours == 12)
        #expect(second.availability.patterns?.count == 4)
    }

    @Test func theCSVExampleCountsDatesFromTheBaseWeek() throws {
        let list = try InputFile.loadArrivals(
            Fixtures.path("instances/arrivals/lakeside-arrivals.csv"), base: Self.lakeside, weeks: 4)
        // weekOf is 2026-11-30: 12-07..12-13 is week 2, 12-14..12-20 week 3, 12-21 week 4.
        #expect(list.arrivals.map(\.week) == [2, 2, 2, 3, 3, 4])
        #expect(list.arrivals.map(\.patient.id.rawValue) == ["n01", "n02", "n03", "n04", "n05", "n06"])
        #expect(list.arrivals[2].patient.cohort == "adolescent")
        #expect(list.arrivals[3].patient.secondary == "CBT")
        #expect(list.arrivals[3].patient.availability.patterns?.count == 3)
        #expect(list.arrivals[4].patient.availability == .always)
    }

    @Test func aBadJSONFileNamesEachArrivalAndField() throws {
        let path = try write(
            """
            {"arrivals": [
              {"week": 2, "patient": {"id": "n1", "track": "Yoga", "weeklyHours": 9}},
              {"week": 9, "patient": {"id": "n2", "track": "CBT", "weeklyHours": 9}},
              {"date": "2026-12-07", "patient": {"id": "n3", "track": "CBT", "weeklyHours": 9}},
              {"patient": {"id": "n4", "track": "CBT", "weeklyHours": 9}}
            ]}
            """, named: "bad.json")
        let found = problems(path, base: Self.riverside)
        #expect(found.contains { $0.hasPrefix("arrivals[0].patient.track:") })
        #expect(found.contains { $0.hasPrefix("arrivals[2].date:") && $0.contains("weekOf") })
        #expect(found.contains { $0.hasPrefix("arrivals[3].week: missing") })
    }

    @Test func arrivalsAfterTheLastWeekAreLeftOutWithAWarning() throws {
        let list = try InputFile.loadArrivals(
            Fixtures.path("instances/arrivals/riverside-arrivals.json"), base: Self.riverside, weeks: 3)
        #expect(list.arrivals.map(\.patient.id.rawValue) == ["n01", "n02", "n03", "n04"])
        #expect(
            list.warnings.map(\.description).first
                == "arrivals[4].week: week 4 is after the last simulated week (3); ignored")
        #expect(list.warnings.count == 4)
    }

    @Test func aBadCSVFileNamesTheLineAndField() throws {
        let path = try write("week,id,track,weeklyHours\n2,n1,DBT,nine\n3,n2,CBT\n2,p001,CBT,9\n", named: "bad.csv")
        let found = problems(path, base: Self.riverside)
        #expect(found.contains { $0.hasPrefix("line 2: weeklyHours: expected a whole number") })
        #expect(found.contains("line 3: 3 fields, but the header names 4 columns"))
        let taken = try write("week,id,track,weeklyHours\n2,p001,CBT,9\n", named: "taken.csv")
        #expect(
            problems(taken, base: Self.riverside).contains {
                $0.hasPrefix("line 2: id:") && $0.contains("already exists")
            })
        let unknown = try write("week,id,track,weeklyHours,colour\n2,n1,CBT,9,red\n", named: "unknown.csv")
        #expect(problems(unknown, base: Self.riverside).contains { $0.hasPrefix("line 1: colour: unknown column") })
        let open = try write("week,id,track,weeklyHours\n2,\"n1,CBT,9\n", named: "open.csv")
        #expect(problems(open, base: Self.riverside) == ["line 2: a quoted field is never closed"])
    }

    @Test func csvFieldsMayBeQuoted() throws {
        let table = try CSVTable.parse("\u{FEFF}a, b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n1,2")
        #expect(table.header == ["a", "b"])
        #expect(table.rows.map(\.fields) == [["x, y", "say \"hi\""], ["1", "2"]])
        #expect(table.rows.map(\.line) == [2, 4])
    }
}

/// `simulate --variant`: the sentences a variant may be written as.
@Suite("Simulation variant text")
struct SimulationVariantTextTests {
    @Test func theSentencesBecomeScenarioChanges() throws {
        let variant = try ProgramVariant(
            text: "add clinician c9 DBT,CBT max 15; remove clinician c2;add room r9 12; remove room R3")
        #expect(variant.label == "add clinician c9 DBT,CBT max 15; remove clinician c2;add room r9 12; remove room R3")
        #expect(
            variant.scenario.changes == [
                .addClinician(Clinician(id: "c9", modalities: ["DBT", "CBT"], maxHoursPerWeek: 15)),
                .removeClinician("c2"),
                .addRoom(Room(id: "r9", capacity: 12)), .removeRoom("R3"),
            ])
    }

    @Test(arguments: [
        "hire c9", "add clinician c9", "add room r9 twelve", "remove clinician", "add clinician c9 DBT max x", "",
    ])
    func aBadSentenceSaysWhatWasExpected(_ text: String) {
        #expect {
            try ProgramVariant(text: text)
        } throws: { error in
            "\(error)".hasPrefix("--variant \"\(text)\": ")
                && "\(error)".contains("expected \"add clinician ID MODALITY")
        }
    }

    @Test func aVariantThatDoesNotFitTheBaseIsRejectedWhenApplied() throws {
        let base = try Fixtures.instance("instances/riverside-40.json")
        let unknown = try ProgramVariant(text: "remove clinician c42")
        #expect(throws: ScenarioError.self) { try unknown.scenario.apply(to: base) }
        let untrained = try ProgramVariant(text: "add clinician c9 Yoga")
        #expect(throws: ScenarioError.self) { try untrained.scenario.apply(to: base) }
    }
}
