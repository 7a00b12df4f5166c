import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import RosterReports

@Suite("Text report")
struct RosterReportTests {
    @Test func numbersEqualTheCheckersOnEveryShippedRoster() throws {
        let fixtures = try Fixtures.validRosters()
        #expect(fixtures.count >= 2)
        for fixture in fixtures {
            let instance = try Fixtures.instance(fixture.instance)
            let roster = try Fixtures.roster(fixture.roster)
            let check = RosterChecker(instance).check(roster)
            let facts = RosterFacts(instance: instance, roster: roster)
            let summary = facts.summary
            let terms = check.terms
            #expect(summary.total == check.total, "\(fixture)")
            #expect(summary.total == fixture.pythonTotal, "\(fixture): the shared Python checker's total")
            #expect(
                summary.lines.map(\.count)
                    == [
                        terms.unmetHours, terms.otherModalityHours, terms.secondaryModalityHours, terms.groups,
                        terms.continuityBreaks,
                    ],
                "\(fixture)")
            #expect(summary.lines.reduce(0) { $0 + $1.points } == check.total, "\(fixture)")
            #expect(
                summary.trackHours + terms.secondaryModalityHours + terms.otherModalityHours == summary.patientHours)

            let text = RosterReport(facts).text
            #expect(text.contains("OBJECTIVE total \(JSONWriter.format(check.total)) (lower is better)"), "\(fixture)")
            for (line, arithmetic) in zip(summary.lines, summary.arithmetic) {
                #expect(text.contains(arithmetic), "\(fixture): \(line.term)")
            }
            if terms.unmetHours > 0 {
                #expect(
                    text.contains(
                        "\(summary.patientsShort) patient\(summary.patientsShort == 1 ? "" : "s") short of their "
                            + "hours: \(terms.unmetHours) hours"))
                #expect(text.contains("UNMET HOURS \(terms.unmetHours) hours"))
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(TextLayout.width(line) <= 80, "\(fixture): \(line)")
            }
        }
    }

    @Test
    func riversideInWords() throws {
        let instance = try Fixtures.instance("instances/riverside-40.json")
        let roster = try Fixtures.roster("Tests/Fixtures/rosters/riverside-40.valid.roster.json")
        let text = RosterReport(RosterFacts(instance: instance, roster: roster)).text
        #expect(text.contains("3 patients short of their hours: 9 hours"))
        #expect(text.contains("55% of patient-hours in the patient's own track (198 of 357)"))
        #expect(text.contains("Mon-AM 09:00-12:00"))
        #expect(text.contains("  1 09:00 CBT c3 R1 (12)"))
        #expect(text.contains("c2 Luis Ferreira, LCSW"))
        #expect(text.contains("12/12"))
        #expect(text.contains("R1                  12   12 / 15 (80%)"))
        #expect(text.contains("\u{2068}p005 Ethan Dempsey\u{2069}: 3 of 12 hours unmet"))
    }

    @Test func continuityInWords() throws {
        let instance = Clinic.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 3, previous: [Clinic.sd("Tue-AM")]),
            Patient(id: "p2", track: "CBT", weeklyHours: 3, previous: [Clinic.sd("Mon-AM")]),
        ])
        let facts = RosterFacts(instance: instance, roster: Roster(groups: Clinic.session("Mon-AM", ["p1", "p2"])))
        #expect(facts.check.terms.continuityBreaks == 1)
        #expect(facts.summary.lines.last?.sentence == "1 continuing patient moved to new days (1 new session-day)")
    }

    @Test func solveOutcomeIsReported() {
        let instance = Clinic.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 3),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
        ])
        let roster = Roster(groups: Clinic.session("Mon-AM", ["p1", "p2"]))
        let outcome = SolveOutcome(
            roster: roster, solver: "glpk", status: .optimal, detail: "Proven optimal.", bound: 26, elapsed: 1.5,
            notes: ["greedy found 6 first"])
        let text = RosterReport(RosterFacts(instance: instance, roster: roster, outcome: outcome)).text
        #expect(text.contains("solved by glpk: optimal in 1.5 s of search, bound 26, gap 0 points (0.00%)"))
        let page = HTMLExport(RosterFacts(instance: instance, roster: roster, outcome: outcome)).html
        #expect(page.contains("solved by glpk: optimal in 1.5 s of search, bound 26"), "the search's time, labelled")
        #expect(text.contains("Proven optimal: no roster scores below 26."))
        #expect(text.contains("Proven optimal."))
        #expect(text.contains("note: greedy found 6 first"))
    }

    @Test func instanceWarningsAppearInTheReport() {
        let instance = Clinic.instance(patients: [
            Patient(id: "p1", track: "DBT", weeklyHours: 3),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
        ])
        let text = RosterReport(
            RosterFacts(instance: instance, roster: Roster(groups: Clinic.session("Mon-AM", ["p1", "p2"])))
        ).text
        #expect(text.contains("INSTANCE WARNINGS"))
        #expect(text.contains("DBT is the track of 1 patient, but no clinician is trained in it"))
    }
}
