import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import RosterWeb

@Suite struct RouteTests {
    @Test func anonymousVisitorsAreSentToTheLoginPage() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            let week = try await browser.get("/")
            #expect(week.status == .seeOther)
            #expect(week.headers[.location] == "/login")
            for page in ["/people", "/history", "/plan", "/whatif"] {
                #expect(try await browser.get(page).status == .seeOther, "\(page)")
            }
            #expect(try await browser.post("/publish", ["week": fixture.store.week]).status == .unauthorized)
            #expect(try await browser.get("/login").status == .ok)
        }
        #expect(fixture.store.audits.allSatisfy { $0.action == "save roster" })
    }

    @Test func securityHeadersAreOnEveryResponseErrorsIncluded() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            var responses = [
                try await browser.get("/login"), try await browser.get("/static/app.css"), try await browser.get("/"),
            ]
            try await browser.signIn("director", WebFixture.directorPassword)
            responses += [
                try await browser.get("/"), try await browser.get("/no-such-page"),
                try await browser.get("/?week=1999-01-01"),
            ]
            for response in responses {
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.cacheControl] == "no-store")
            }
            #expect(responses[4].status == .notFound)
            #expect(responses[5].status == .notFound)
        }
    }

    @Test func signingInSetsAStrictHttpOnlySessionCookieAndSigningOutEndsIt() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.get("/login")
            let response = try await browser.post(
                "/login", ["user": "director", "password": WebFixture.directorPassword])
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("iop_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let week = try await browser.get("/")
            #expect(week.status == .ok)
            #expect(week.text.contains("Week of \(fixture.store.week)"))
            #expect(fixture.store.sessionCount == 1)
            #expect(try await browser.post("/logout", [:]).status == .seeOther)
            #expect(fixture.store.sessionCount == 0)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    /// `X-Forwarded-Proto: https` makes the cookies Secure only behind a TLS proxy (`serve
    /// --behind-tls-proxy`): without the flag any client could send it, and it is ignored.
    @Test(arguments: [false, true]) func theForwardedSchemeMakesCookiesSecureOnlyBehindATLSProxy(behind: Bool)
        async throws
    {
        let fixture = try await WebFixture(behindTLSProxy: behind)
        try await fixture.test { browser in
            browser.headers[HTTPFields.Element.Name("X-Forwarded-Proto")!] = "https"
            let form = try await browser.get("/login")
            #expect(
                form.headers[values: .setCookie].allSatisfy { $0.contains("; Secure") == behind }, "\(form.headers)")
            let response = try await browser.post(
                "/login", ["user": "director", "password": WebFixture.directorPassword])
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("iop_session=") })
            #expect(cookie.contains("; Secure") == behind, "\(cookie)")
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        }
        let plain = try await WebFixture(behindTLSProxy: true)
        try await plain.test { browser in
            browser.headers[HTTPFields.Element.Name("X-Forwarded-Proto")!] = "http"
            let form = try await browser.get("/login")
            #expect(!form.headers[values: .setCookie].isEmpty)
            #expect(form.headers[values: .setCookie].allSatisfy { !$0.contains("Secure") })
        }
    }

    @Test func wrongPasswordsAreRefusedAndThenRateLimited() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            for _ in 0..<3 {
                let wrong = try await browser.signIn("director", "not the password")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains("do not match"))
            }
            let limited = try await browser.signIn("director", WebFixture.directorPassword)
            #expect(limited.status == .tooManyRequests)
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await browser.signIn("nobody", "whatever it is").status == .unauthorized)
        }
    }

    @Test func theLoginFormRefusesAPostWithoutItsCookieToken() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            let response = try await browser.post(
                "/login", ["user": "director", "password": WebFixture.directorPassword, "csrf": "forged"])
            #expect(response.status == .forbidden)
            #expect(fixture.store.sessionCount == 0)
        }
    }

    /// A browser loads `/login` more than once (its icon request was redirected there): the form
    /// on screen must stay valid.
    @Test func aSecondLoadOfTheLoginPageKeepsTheFirstFormValid() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.get("/login")
            let first = try #require(browser.csrf)
            try await browser.get("/login")
            #expect(try await browser.get("/favicon.ico").status == .ok)
            let response = try await browser.post(
                "/login", ["user": "director", "password": WebFixture.directorPassword, "csrf": first])
            #expect(response.status == .seeOther)
            #expect(fixture.store.sessionCount == 1)
        }
    }

    @Test func formPostsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let missing = try await browser.post("/publish", ["week": fixture.store.week], csrf: false)
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post(
                "/publish", ["week": fixture.store.week, "csrf": String(repeating: "0", count: 64)])
            #expect(wrong.status == .forbidden)
            #expect(try fixture.store.roster(week: fixture.store.week)?.published == false)
            let right = try await browser.post("/publish", ["week": fixture.store.week])
            #expect(right.status == .seeOther)
            #expect(try fixture.store.roster(week: fixture.store.week)?.published == true)
        }
    }

    @Test func aClinicianCanReadButCannotPublishPlanOrAskWhatIf() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            let week = try await browser.get("/")
            #expect(week.status == .ok)
            #expect(!week.text.contains("Publish this roster"))
            #expect(try await browser.post("/publish", ["week": fixture.store.week]).status == .forbidden)
            #expect(try await browser.post("/plan", ["week": fixture.store.week]).status == .forbidden)
            #expect(
                try await browser.post("/whatif", ["week": fixture.store.week, "out-c1-Mon": "on"]).status
                    == .forbidden)
            #expect(try fixture.store.roster(week: fixture.store.week)?.published == false)
        }
    }

    @Test func aClinicianSeesOnlyTheGroupsTheyLead() async throws {
        let fixture = try await WebFixture()
        let roster = try #require(try fixture.store.roster(week: fixture.store.week)).roster
        let lead = fixture.store.program.clinicians[0].id
        let others = roster.groups.filter { $0.clinician != lead }
        try #require(!others.isEmpty)
        try await fixture.test { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            let page = try await browser.get("/").text
            #expect(
                page.components(separatedBy: "<details class=\"group").count - 1 == roster.groups.count - others.count)
        }
    }

    @Test func viewingTheRosterWritesAnAuditRowWithoutPatientNames() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/people")
        }
        let audits = fixture.store.audits
        #expect(
            audits.contains(
                AuditEntry(
                    user: "director", action: "view roster", what: "week \(fixture.store.week)",
                    at: audits.first { $0.action == "view roster" }?.at ?? Date())))
        #expect(audits.contains { $0.user == "director" && $0.action == "view people" })
        let names = fixture.store.program.patients.compactMap(\.name)
        #expect(audits.allSatisfy { entry in names.allSatisfy { !entry.what.contains($0) } })
    }

    @Test func namesAreEscapedOnEveryPage() async throws {
        let name = "<script>alert(\"x\")</script> O'Brien & co"
        let fixture = try await WebFixture(patientName: name)
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            for uri in ["/", "/people"] {
                let page = try await browser.get(uri).text
                #expect(!page.contains("<script>alert"), "\(uri)")
                #expect(
                    page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; co"), "\(uri)")
            }
        }
    }

    @Test func badFormInputIsA400NamingTheFieldAndSavesNothing() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let missing = try await browser.post("/publish", [:])
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("week"))
            let day = try await browser.post(
                "/whatif", ["week": fixture.store.week, "admit1-count": "lots", "admit1-track": "DBT"])
            #expect(day.status == .badRequest)
            #expect(day.text.contains("\u{201C}admit1-count\u{201D}"))
            #expect(day.text.contains("Nothing was saved"))
            #expect(try fixture.store.roster(week: fixture.store.week)?.published == false)
        }
    }

    @Test func planningRunsInTheBackgroundOnePerWeekAndSavesTheRoster() async throws {
        let fixture = try await WebFixture(planned: false)
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.get("/").text.contains("no roster yet"))
            try await browser.get("/plan")
            let started = try await browser.post("/plan", ["week": fixture.store.week])
            #expect(started.status == .seeOther)
            let again = try await browser.post("/plan", ["week": fixture.store.week])
            if try await Self.planRunning(browser, week: fixture.store.week) {
                #expect(again.text.contains("already running"))
            }
            var running = true
            for _ in 0..<100 where running {
                try await Task.sleep(for: .milliseconds(100))
                running = try await Self.planRunning(browser, week: fixture.store.week)
            }
            #expect(!running)
            let ended = try await browser.get("/plan/status?week=\(fixture.store.week)").text
            #expect(ended.contains("saved"), "\(ended)")
            #expect(try fixture.store.roster(week: fixture.store.week) != nil)
            #expect(try await browser.get("/").text.contains("<details class=\"group"))
        }
        #expect(fixture.store.audits.contains { $0.action == "plan" && $0.user == "director" })
    }

    static func planRunning(_ browser: Browser, week: String) async throws -> Bool {
        let status = try await browser.get("/plan/status?week=\(week)")
        let json = try JSONSerialization.jsonObject(with: Data(status.text.utf8)) as? [String: Any]
        return try #require(json?["running"] as? Bool)
    }
}
