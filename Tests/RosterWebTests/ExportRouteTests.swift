import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterReports
import RosterWeb
import Testing

/// History's downloads: RosterReports' CSV, printable page and calendars, audited, never cached;
/// a clinician gets only their own calendar.
@Suite struct ExportRouteTests {
    @Test func aDirectorDownloadsTheCSVThePrintablePageAndEveryCalendar() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        let roster = try #require(try fixture.store.roster(week: week)).roster
        let clinician = try #require(roster.groups.first).clinician
        let patient = try #require(roster.groups.first?.patients.first)
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let history = try await browser.get("/history").text
            #expect(history.contains("/export?week=\(week)&amp;format=csv"))
            #expect(history.contains("value=\"\(ICSExport.fileName(of: clinician))\""))
            #expect(history.contains("value=\"\(ICSExport.fileName(of: patient))\""))

            let csv = try await browser.get("/export?week=\(week)&format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"roster-\(week).csv\"")
            #expect(csv.headers[.cacheControl] == "no-store")
            #expect(csv.text.contains(patient.rawValue))
            let page = try await browser.get("/export?week=\(week)&format=html")
            #expect(page.status == .ok)
            #expect(page.text.hasPrefix("<!DOCTYPE html>") || page.text.hasPrefix("<!doctype html>"))
            for file in [ICSExport.fileName(of: clinician), ICSExport.fileName(of: patient)] {
                let calendar = try await browser.get("/export?week=\(week)&format=ics&file=\(file)")
                #expect(calendar.status == .ok, "\(file)")
                #expect(calendar.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(calendar.text.hasPrefix("BEGIN:VCALENDAR"))
                #expect(calendar.headers[.cacheControl] == "no-store")
            }
        }
        let exports = fixture.store.audits.filter { $0.action.hasPrefix("export") }.map(\.what)
        #expect(
            exports == [
                "week \(week): roster-\(week).csv", "week \(week): roster-\(week).html",
                "week \(week): \(ICSExport.fileName(of: clinician))",
                "week \(week): \(ICSExport.fileName(of: patient))",
            ])
        #expect(fixture.store.audits.contains { $0.action == "view history" })
    }

    @Test func aBadDownloadIsA400NamingTheField() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let format = try await browser.get("/export?week=\(week)&format=pdf")
            #expect(format.status == .badRequest)
            #expect(format.text.contains("\u{201C}format\u{201D}"))
            let file = try await browser.get("/export?week=\(week)&format=ics&file=patient-nobody.ics")
            #expect(file.status == .badRequest)
            #expect(file.text.contains("\u{201C}file\u{201D}"))
            #expect(try await browser.get("/export?week=1999-01-04&format=csv").status == .notFound)
        }
        #expect(!fixture.store.audits.contains { $0.action.hasPrefix("export") })
    }

    @Test func aClinicianDownloadsOnlyTheirOwnCalendar() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        let own = fixture.store.program.clinicians[0].id
        let roster = try #require(try fixture.store.roster(week: week)).roster
        let other = try #require(roster.groups.first { $0.clinician != own }).clinician
        try #require(roster.groups.contains { $0.clinician == own }, "the fixture's clinician leads a group")
        try await fixture.test { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            let history = try await browser.get("/history").text
            #expect(!history.contains("format=csv"))
            #expect(try await browser.get("/export?week=\(week)&format=csv").status == .forbidden)
            #expect(
                try await browser.get("/export?week=\(week)&format=ics&file=\(ICSExport.fileName(of: other))").status
                    == .forbidden)
            #expect(history.contains("file=\(ICSExport.fileName(of: own))"))
            #expect(
                try await browser.get("/export?week=\(week)&format=ics&file=\(ICSExport.fileName(of: own))").status
                    == .ok)
        }
    }
}
