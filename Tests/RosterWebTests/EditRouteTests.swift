import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterWeb
import Testing

/// The week page's edits: the planner's checker decides, a kept edit is a new revision with its
/// score change, a refused one changes nothing; directors only, with the CSRF token, audited.
@Suite struct EditRouteTests {
    /// The first edit of `kind` over the roster's patients and groups that the checker accepts (`valid`) or refuses.
    static func find(_ valid: Bool, in fixture: WebFixture, _ make: (Roster) -> [RosterEdit]) throws -> RosterEdit {
        let roster = try #require(try fixture.store.roster(week: fixture.store.week)).roster
        let checker = RosterChecker(fixture.store.program)
        let edit = make(roster).first { edit in
            (try? edit.applied(to: roster)).map { checker.check($0).isValid == valid } ?? false
        }
        return try #require(edit, "no \(valid ? "valid" : "invalid") edit in the fixture's roster")
    }

    /// Every move of a patient to another group; `sameHour` keeps only groups at the same hour
    /// (fewer to check on a large roster, and the likeliest to keep the rules).
    static func moves(_ roster: Roster, sameHour: Bool = false) -> [RosterEdit] {
        roster.groups.indices.flatMap { from in
            roster.groups[from].patients.flatMap { patient in
                roster.groups.indices
                    .filter { $0 != from && (!sameHour || roster.groups[$0].timeSlot == roster.groups[from].timeSlot) }
                    .map { RosterEdit.move(patient: patient, from: from, to: $0) }
            }
        }
    }

    static func fields(_ edit: RosterEdit, week: String, revision: Int = 1) -> (path: String, fields: [String: String])
    {
        var fields = ["week": week, "revision": String(revision)]
        switch edit {
        case .move(let patient, let from, let to):
            fields.merge(["patient": patient.rawValue, "from": String(from), "to": String(to)]) { $1 }
            return ("/edit/move", fields)
        case .swap(let first, let group, let second, let otherGroup):
            fields.merge([
                "patient": first.rawValue, "group": String(group), "other": second.rawValue,
                "otherGroup": String(otherGroup),
            ]) { $1 }
            return ("/edit/swap", fields)
        case .clinician(let group, let clinician):
            fields.merge(["group": String(group), "clinician": clinician.rawValue]) { $1 }
            return ("/edit/clinician", fields)
        case .room(let group, let room):
            fields.merge(["group": String(group), "room": room.rawValue]) { $1 }
            return ("/edit/room", fields)
        }
    }

    @Test func aMoveThatKeepsTheRulesIsSavedAsTheNextRevisionWithItsScoreChange() async throws {
        let fixture = try await WebFixture()
        let move = try Self.find(true, in: fixture) { Self.moves($0) }
        guard case .move(let patient, _, let to) = move else {
            Issue.record("find returned \(move), not a move")
            return
        }
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.get("/").text.contains("id=\"edit-move\""))
            let (path, fields) = Self.fields(move, week: fixture.store.week)
            let page = try await browser.post(path, fields)
            #expect(page.status == .ok)
            #expect(page.text.contains("Saved as revision 2: \(move)"))
            #expect(page.text.contains("<td>unmet hours</td>"))
            #expect(page.text.contains("revision 2"))
            let stored = try #require(try fixture.store.roster(week: fixture.store.week))
            #expect(stored.revision == 2)
            #expect(stored.solver == "edit")
            #expect(stored.roster.groups[to].patients.contains(patient))
        }
        #expect(
            fixture.store.audits.contains {
                $0.action == "edit roster" && $0.what == "week \(fixture.store.week): \(move)"
            })
    }

    @Test func aSwapAndAClinicianChangeThatBreakARuleAreRefused() async throws {
        let fixture = try await WebFixture()
        let clinicians = fixture.store.program.clinicians.map(\.id)
        let change = try Self.find(false, in: fixture) { roster in
            roster.groups.indices.flatMap { group in clinicians.map { RosterEdit.clinician(group: group, $0) } }
        }
        let swap = try Self.find(false, in: fixture) { roster in
            Self.moves(roster).compactMap { edit in
                guard case .move(let patient, let from, let to) = edit, let other = roster.groups[to].patients.first
                else { return nil }
                return .swap(patient, group: from, with: other, otherGroup: to)
            }
        }
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            for edit in [change, swap] {
                let (path, fields) = Self.fields(edit, week: fixture.store.week)
                let page = try await browser.post(path, fields)
                #expect(page.status == .unprocessableContent, "\(edit)")
                #expect(page.text.contains("Refused: \(edit)"))
            }
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1)
    }

    @Test func aMoveThatBreaksAHardRuleIsRefusedInPlainWordsAndNothingIsSaved() async throws {
        let fixture = try await WebFixture()
        let move = try Self.find(false, in: fixture) { Self.moves($0) }
        let before = try fixture.store.roster(week: fixture.store.week)
        let broken = RosterChecker(fixture.store.program).check(try move.applied(to: try #require(before).roster))
            .violations
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/")
            let (path, fields) = Self.fields(move, week: fixture.store.week)
            let page = try await browser.post(path, fields)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("Refused: \(move.description.replacingOccurrences(of: "'", with: "&#39;"))"))
            let rule = try #require(broken.first).rule.summary
            #expect(
                page.text.contains(
                    rule.prefix(1).uppercased() + rule.dropFirst().replacingOccurrences(of: "'", with: "&#39;")))
            #expect(page.text.contains("Nothing was saved"))
        }
        #expect(try fixture.store.roster(week: fixture.store.week) == before)
        #expect(fixture.store.audits.contains { $0.action == "edit refused" })
    }

    @Test func aClinicianCannotEditAndAFormWithoutTheTokenIsRefused() async throws {
        let fixture = try await WebFixture()
        let move = try Self.find(true, in: fixture) { Self.moves($0) }
        let (path, fields) = Self.fields(move, week: fixture.store.week)
        try await fixture.test { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            #expect(!(try await browser.get("/").text.contains("id=\"edit-move\"")))
            #expect(try await browser.post(path, fields).status == .forbidden)
        }
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.post(path, fields, csrf: false).status == .forbidden)
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1)
        // Each refusal is audited: who, the method and path (never the form), and why.
        let refused = fixture.store.audits.filter { $0.action == "refused" }
        #expect(refused.count == 2, "\(refused)")
        #expect(refused.first?.user == "clinician")
        #expect(refused.first?.what.hasPrefix("POST \(path): Only a director can do this") == true)
        #expect(refused.last?.user == "director")
        #expect(refused.last?.what.hasPrefix("POST \(path): This form has expired") == true)
        let patients = fixture.store.program.patients.map(\.id.rawValue)
        #expect(!refused.contains { entry in patients.contains { entry.what.contains($0) } })
    }

    @Test func badEditInputIsA400NamingTheFieldAndAStaleFormA409() async throws {
        let fixture = try await WebFixture()
        let move = try Self.find(true, in: fixture) { Self.moves($0) }
        let (path, fields) = Self.fields(move, week: fixture.store.week)
        let outsider = try #require(
            fixture.store.program.patients.first { patient in
                guard case .move(_, let from, _) = move else { return false }
                return
                    !(try! fixture.store.roster(week: fixture.store.week)!.roster.groups[from].patients.contains(
                        patient.id))
            })
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/")
            let cases: [(String, String, String)] = [
                ("to", "abc", "\u{201C}to\u{201D}"), ("from", "9999", "\u{201C}from\u{201D}"),
                ("patient", outsider.id.rawValue, "\u{201C}patient\u{201D}"),
                ("patient", "nobody", "\u{201C}patient\u{201D}"),
                ("revision", "", "\u{201C}revision\u{201D}"),
            ]
            for (field, value, named) in cases {
                let response = try await browser.post(path, fields.merging([field: value]) { $1 })
                #expect(response.status == .badRequest, "\(field)=\(value)")
                #expect(response.text.contains(named), "\(field)=\(value)")
                #expect(response.text.contains("Nothing was saved"))
            }
            let unknown = try await browser.post(
                "/edit/clinician", ["week": fixture.store.week, "revision": "1", "group": "0", "clinician": "c404"])
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("\u{201C}clinician\u{201D}"))
            let stale = try await browser.post(path, fields.merging(["revision": "7"]) { $1 })
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("reload the week"))
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1)
    }

    @Test func aPublishedWeekRefusesEdits() async throws {
        let fixture = try await WebFixture()
        let move = try Self.find(true, in: fixture) { Self.moves($0) }
        try fixture.store.publish(week: fixture.store.week, user: "test")
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(!(try await browser.get("/").text.contains("id=\"edit-move\"")))
            let (path, fields) = Self.fields(move, week: fixture.store.week)
            #expect(try await browser.post(path, fields).status == .conflict)
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1)
    }
}
