import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterWeb
import Testing

/// Pins on the week page and "Re-plan around my edits": a pinned assignment survives the
/// re-plan, which is saved as the next revision with its score change; directors only, with the
/// CSRF token; bad input names its field and saves nothing.
@Suite struct PinRouteTests {
    /// The patient of the roster's first group, and that patient's seats (hour, modality, clinician, room).
    static func firstPatient(_ fixture: WebFixture) throws -> (PatientID, [Group]) {
        let roster = try #require(try fixture.store.roster(week: fixture.store.week)).roster
        let patient = try #require(roster.groups.first?.patients.first)
        return (patient, roster.groups.filter { $0.patients.contains(patient) })
    }

    /// The hours of `seats` at which `roster` no longer has `patient` in a group of the same
    /// modality and clinician (a patient's pin keeps no room).
    static func lost(_ patient: PatientID, _ seats: [Group], in roster: Roster) -> [TimeSlot] {
        seats.filter { seat in
            !roster.groups.contains {
                $0.timeSlot == seat.timeSlot && $0.modality == seat.modality && $0.clinician == seat.clinician
                    && $0.patients.contains(patient)
            }
        }.map(\.timeSlot)
    }

    @Test func aPinnedPatientAndGroupSurviveTheReplanSavedAsTheNextRevision() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        let (patient, seats) = try Self.firstPatient(fixture)
        let roster = try #require(try fixture.store.roster(week: week)).roster
        let group = try #require(roster.groups.indices.last)
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let page = try await browser.get("/?week=\(week)").text
            #expect(page.contains("id=\"edit-replan\""))
            #expect(page.contains("Nothing is pinned."))
            let pinned = try await browser.post(
                "/pin/patient", ["week": week, "revision": "1", "patient": patient.rawValue])
            #expect(pinned.status == .ok)
            #expect(pinned.text.contains("Pinned: \(seats.count) assignments"))
            let both = try await browser.post("/pin/group", ["week": week, "revision": "1", "group": String(group)])
            #expect(both.text.contains("pinned on revision 1"))
            let replanned = try await browser.post("/replan", ["week": week, "revision": "1"])
            #expect(replanned.status == .seeOther)
            #expect(replanned.headers[.location] == "/plan?week=\(week)")
            let progress = try await browser.get("/plan?week=\(week)").text
            #expect(progress.contains("id=\"progress\""))
            let events = try PlanEventTests.events(try await browser.get("/plan/events?week=\(week)").text)
            let line = try #require(events.last?.data["line"] as? String)
            let overlap = roster.groups[group].patients.contains(patient) ? 1 : 0
            let pinnedCount = seats.count + roster.groups[group].patients.count - overlap
            #expect(line.contains("saved"), "\(line)")
            #expect(line.contains("kept \(pinnedCount) of \(pinnedCount) pinned assignments"), "\(line)")
            #expect(line.contains("objective ") && line.contains(" -> "), "\(line)")
        }
        let stored = try #require(try fixture.store.roster(week: week))
        #expect(stored.revision == 2)
        #expect(stored.solver == "replan")
        #expect(Self.lost(patient, seats, in: stored.roster).isEmpty)
        let pinnedGroup = roster.groups[group]
        #expect(
            stored.roster.groups.contains {
                $0.timeSlot == pinnedGroup.timeSlot && $0.clinician == pinnedGroup.clinician
                    && $0.room == pinnedGroup.room && Set(pinnedGroup.patients).isSubset(of: $0.patients)
            })
        #expect(fixture.store.audits.contains { $0.action == "pin" && !$0.what.contains(patient.rawValue) })
        #expect(fixture.store.audits.contains { $0.action == "re-plan around pins" })
        #expect(!fixture.store.audits.contains { $0.what.contains(patient.rawValue) })
    }

    /// On a week of full session-days (lakeside-120), a pinned patient's groups share their
    /// session-days with other patients' groups: the re-plan keeps those session-days whole, so
    /// it keeps every pinned hour and is saved (it used to drop them, keep 2 of 9 and save nothing).
    @Test func aReplanOnAFullWeekKeepsEveryPinnedHour() async throws {
        let fixture = try await WebFixture(instance: "instances/lakeside-120.json", planSeconds: 3)
        let week = fixture.store.week
        let (patient, seats) = try Self.firstPatient(fixture)
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.post("/pin/patient", ["week": week, "revision": "1", "patient": patient.rawValue])
            #expect(try await browser.post("/replan", ["week": week, "revision": "1"]).status == .seeOther)
            let events = try PlanEventTests.events(try await browser.get("/plan/events?week=\(week)").text)
            let line = try #require(events.last?.data["line"] as? String)
            #expect(line.contains("saved"), "\(line)")
            #expect(line.contains("kept \(seats.count) of \(seats.count) pinned assignments"), "\(line)")
        }
        let stored = try #require(try fixture.store.roster(week: week))
        #expect(stored.revision == 2)
        #expect(Self.lost(patient, seats, in: stored.roster).isEmpty)
    }

    /// A re-plan runs as the week's background job, like "Plan this week": while it runs, a
    /// second re-plan and "Plan this week" are told one is running and change nothing; Cancel
    /// keeps the best roster so far, which keeps every pin. (The last patient asks for more hours
    /// than the week can give, so hours stay unmet and the full search runs until cancelled.)
    @Test func aReplanRunsInTheBackgroundAndASecondReplanOrPlanIsRefusedMeanwhile() async throws {
        let fixture = try await WebFixture(
            planSeconds: 30, solver: { _ in ReportingSolver() },
            adjust: { instance in instance.patients[instance.patients.count - 1].weeklyHours = 40 })
        let week = fixture.store.week
        let (patient, seats) = try Self.firstPatient(fixture)
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.post("/pin/patient", ["week": week, "revision": "1", "patient": patient.rawValue])
            let started = try await browser.post("/replan", ["week": week, "revision": "1"])
            #expect(started.status == .seeOther)
            #expect(started.headers[.location] == "/plan?week=\(week)")
            let page = try await browser.get("/plan?week=\(week)").text
            #expect(page.contains("data-state=\"running\""))
            #expect(page.contains("re-planning around 1 pin"))
            #expect(page.contains("id=\"cancel\""))
            let again = try await browser.get("/?week=\(week)")
            #expect(again.status == .ok)
            let second = try await browser.post("/replan", ["week": week, "revision": "1"])
            #expect(second.status == .conflict)
            #expect(second.text.contains("A solve of this week is already running"))
            let plan = try await browser.post("/plan", ["week": week])
            #expect(plan.text.contains("A solve of this week is already running."))
            #expect(try await browser.post("/plan/cancel", ["week": week]).status == .seeOther)
            let events = try PlanEventTests.events(try await browser.get("/plan/events?week=\(week)").text)
            let line = try #require(events.last?.data["line"] as? String)
            #expect(line.contains("interrupted") && line.contains("saved"), "\(line)")
            #expect(line.contains("kept \(seats.count) of \(seats.count) pinned assignments"), "\(line)")
        }
        let stored = try #require(try fixture.store.roster(week: week))
        #expect(stored.revision == 2)
        #expect(stored.solver == "replan")
        #expect(stored.status == "interrupted")
        #expect(Self.lost(patient, seats, in: stored.roster).isEmpty)
        #expect(fixture.store.audits.filter { $0.action == "re-plan around pins" }.count == 1)
        #expect(fixture.store.audits.contains { $0.action == "cancel plan" })
    }

    /// The grid marks a pinned patient (in the group's list and its summary) and a pinned group,
    /// with a title and an accessible label (the name escaped); unpinning removes the marks.
    @Test func theGridMarksPinsAndUnpinningRemovesTheMark() async throws {
        let name = "<b>O'Neil & Co</b>"
        let fixture = try await WebFixture(patientName: name)
        let week = fixture.store.week
        let patient = try #require(fixture.store.program.patients.first?.id)
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(!(try await browser.get("/?week=\(week)").text.contains("class=\"pin\"")))
            try await browser.post("/pin/patient", ["week": week, "revision": "1", "patient": patient.rawValue])
            let pin = try #require(try fixture.store.pins(week: week).first)
            let page = try await browser.get("/?week=\(week)").text
            let label =
                "\(patient.rawValue) &lt;b&gt;O&#39;Neil &amp; Co&lt;/b&gt; is pinned at this hour (unpin under Pins)"
            #expect(page.contains("href=\"#pin-\(pin.id)\" title=\"\(label)\" aria-label=\"\(label)\""))
            #expect(page.contains("1 pinned patient in this group"))
            #expect(page.contains("data-pinned=\"patients\""))
            #expect(!page.contains(name))
            #expect(page.contains("id=\"pin-\(pin.id)\""))
            try await browser.post("/pin/group", ["week": week, "revision": "1", "group": "0"])
            #expect(try await browser.get("/?week=\(week)").text.contains("Pinned group: re-planning keeps"))
            for pin in try fixture.store.pins(week: week) {
                #expect(
                    try await browser.post("/pin/remove", ["week": week, "pin": String(pin.id)]).status == .seeOther)
            }
            let unpinned = try await browser.get("/?week=\(week)").text
            #expect(!unpinned.contains("class=\"pin\""))
            #expect(unpinned.contains("Nothing is pinned."))
        }
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.post("/pin/patient", ["week": week, "revision": "1", "patient": patient.rawValue])
        }
        // A clinician sees no pin marks (pins are the director's).
        try await fixture.test { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            #expect(!(try await browser.get("/?week=\(week)").text.contains("class=\"pin\"")))
        }
        #expect(fixture.store.audits.filter { $0.action == "unpin" }.count == 2)
    }

    @Test func badInputNamesTheFieldAndPinsNothing() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let unknown = try await browser.post("/pin/patient", ["week": week, "revision": "1", "patient": "nobody"])
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("\u{201C}patient\u{201D}"))
            let group = try await browser.post("/pin/group", ["week": week, "revision": "1", "group": "9999"])
            #expect(group.status == .badRequest)
            #expect(group.text.contains("\u{201C}group\u{201D}"))
            let noPins = try await browser.post("/replan", ["week": week, "revision": "1"])
            #expect(noPins.status == .badRequest)
            #expect(noPins.text.contains("\u{201C}pins\u{201D}"))
            let stale = try await browser.post("/replan", ["week": week, "revision": "7"])
            #expect(stale.status == .conflict)
            let unpin = try await browser.post("/pin/remove", ["week": week, "pin": "42"])
            #expect(unpin.status == .badRequest)
        }
        #expect(try fixture.store.pins(week: week).isEmpty)
        #expect(try fixture.store.roster(week: week)?.revision == 1)
    }

    @Test func aClinicianCannotPinOrReplanAndAMissingCSRFTokenIsRefused() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        let (patient, _) = try Self.firstPatient(fixture)
        let fields = ["week": week, "revision": "1", "patient": patient.rawValue]
        try await fixture.test { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            #expect(!(try await browser.get("/").text.contains("id=\"edit-replan\"")))
            #expect(try await browser.post("/pin/patient", fields).status == .forbidden)
            #expect(try await browser.post("/replan", ["week": week, "revision": "1"]).status == .forbidden)
        }
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.post("/pin/patient", fields, csrf: false).status == .forbidden)
            #expect(
                try await browser.post(
                    "/pin/patient",
                    fields.merging(["csrf": String(repeating: "0", count: 64)]) {
                        $1
                    }
                ).status == .forbidden)
            #expect(try await browser.post("/pin/patient", fields).status == .ok)
            #expect(
                try await browser.post("/replan", ["week": week, "revision": "1"], csrf: false).status == .forbidden)
            #expect(
                try await browser.post(
                    "/replan", ["week": week, "revision": "1", "csrf": String(repeating: "0", count: 64)]
                ).status == .forbidden)
            #expect(try await browser.get("/plan/status?week=\(week)").text.contains("no solve has run"))
        }
        #expect(try fixture.store.pins(week: week).count == 1)
        #expect(try fixture.store.roster(week: week)?.revision == 1)
    }

    @Test func aPinThatAnEditBreaksNoLongerHoldsAndCanBeRemoved() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        let move = try EditRouteTests.find(true, in: fixture) { EditRouteTests.moves($0) }
        guard case .move(let patient, _, _) = move else {
            Issue.record("find returned \(move), not a move")
            return
        }
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.post("/pin/patient", ["week": week, "revision": "1", "patient": patient.rawValue])
            let (path, fields) = EditRouteTests.fields(move, week: week)
            let edited = try await browser.post(path, fields)
            #expect(edited.text.contains("no longer holds"))
            let pin = try #require(try fixture.store.pins(week: week).first)
            #expect(try await browser.post("/pin/remove", ["week": week, "pin": String(pin.id)]).status == .seeOther)
            #expect(try await browser.get("/?week=\(week)").text.contains("Nothing is pinned."))
        }
        #expect(fixture.store.audits.contains { $0.action == "unpin" })
    }
}
