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
            #expect(replanned.status == .ok)
            #expect(replanned.text.contains("Saved as revision 2: re-planned around 2 pins"))
            #expect(replanned.text.contains("before -&gt; after"))
            let overlap = roster.groups[group].patients.contains(patient) ? 1 : 0
            let pinnedCount = seats.count + roster.groups[group].patients.count - overlap
            #expect(replanned.text.contains("Kept \(pinnedCount) of \(pinnedCount) pinned assignments"))
        }
        let stored = try #require(try fixture.store.roster(week: week))
        #expect(stored.revision == 2)
        #expect(stored.solver == "replan")
        for seat in seats {
            #expect(
                stored.roster.groups.contains {
                    $0.timeSlot == seat.timeSlot && $0.modality == seat.modality && $0.clinician == seat.clinician
                        && $0.room == seat.room && $0.patients.contains(patient)
                }, "\(patient) lost the pinned hour \(seat.timeSlot)")
        }
        let pinnedGroup = roster.groups[group]
        #expect(
            stored.roster.groups.contains {
                $0.timeSlot == pinnedGroup.timeSlot && $0.clinician == pinnedGroup.clinician
                    && $0.room == pinnedGroup.room && Set(pinnedGroup.patients).isSubset(of: $0.patients)
            })
        #expect(fixture.store.audits.contains { $0.action == "pin" && !$0.what.contains(patient.rawValue) })
        #expect(fixture.store.audits.contains { $0.action == "re-plan around pins" })
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
