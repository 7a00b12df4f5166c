import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterReports

@Suite("HTML export")
struct HTMLExportTests {
    static let html = HTMLExport(RosterFacts(instance: NamedClinic.instance, roster: NamedClinic.roster)).html

    @Test func isSelfContainedAndPrintable() {
        let html = Self.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("http:") && !html.contains("https:") && !html.contains("<link"))
        #expect(html.contains("@media print"))
        #expect(html.contains(".view:target"))
    }

    @Test func escapesEveryString() {
        let html = Self.html
        #expect(html.contains("p3 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
        #expect(html.contains("Zelda &quot;Zee&quot; Quartermaine"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<title>Roster named clinic, week 48</title>"))
    }

    @Test func anchorsMadeOfIdsLinkTheViews() {
        let html = Self.html
        #expect(html.contains("id=\"room-R_2C2\""))
        #expect(html.contains("href=\"#room-R_2C2\""))
        #expect(html.contains("id=\"patient-p1\""))
        #expect(html.contains("id=\"clinician-c2\""))
    }

    /// A script the test adds to a copy of the page: it records which views the browser shows.
    static let probe = """
        <script>setTimeout(() => {
          const shown = [...document.querySelectorAll("section")].filter(s => getComputedStyle(s).display !== "none")\
        .map(s => s.id);
          document.body.setAttribute("data-shown", shown.join(" "));
        }, 100)</script>
        """

    @Test(
        .enabled(
            if: Browser.chromium != nil,
            "no chromium binary: install it with `scripts/bootstrap test` (apt-get install chromium)"))
    func rendersInAHeadlessBrowser() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let page = folder.file("roster.html")
        try Self.html.replacingOccurrences(of: "</body>", with: Self.probe + "</body>").write(
            to: page, atomically: true, encoding: .utf8)
        let dom = try Browser.dumpDOM(of: page, in: folder.url)

        // The week grid: the Mon-AM slot 1 cell holds both groups, with their clinicians and rooms.
        let cell = try #require(Self.element(containing: "data-slot=\"Mon-AM-1\"", in: dom))
        #expect(cell.contains("CBT"))
        #expect(cell.contains(">c1</a>"))
        #expect(cell.contains(">R1</a>"))
        #expect(cell.contains("DBT"))
        #expect(cell.contains(">R,2</a>"))
        #expect(Self.element(containing: "data-slot=\"Tue-EVE-2\"", in: dom)?.contains("Mindfulness") == true)
        #expect(Self.element(containing: "data-slot=\"Wed-AM-1\"", in: dom).map { !$0.contains("group") } == true)
        #expect(dom.components(separatedBy: "class=\"cell\"").count - 1 >= 15)

        // The patient view: p5 attends Mon-AM and Tue-EVE, and the escaped name stayed text.
        let p5 = try #require(dom.range(of: "id=\"patient-p5\"").map { String(dom[$0.lowerBound...].prefix(3000)) })
        #expect(p5.contains("5 of 6 hours"))
        #expect(p5.contains("Mon-AM 2026-11-30 slot 1"))
        #expect(p5.contains("Tue-EVE 2026-12-01 slot 2"))
        #expect(dom.contains("&lt;script&gt;alert"))
        #expect(!dom.contains("<script>alert"))
        #expect(dom.contains("id=\"unmet\""))

        // Without a fragment the week shows; a link to a patient shows the patients' view instead.
        #expect(dom.contains("data-shown=\"summary week\""))
        let atPatient = try Browser.dumpDOM(of: page, fragment: "patient-p5", in: folder.url)
        #expect(atPatient.contains("data-shown=\"summary patients\""))
    }

    /// The `<td>` element whose start tag contains `marker`, up to its end tag.
    static func element(containing marker: String, in dom: String) -> String? {
        guard let start = dom.range(of: marker),
            let end = dom.range(of: "</td>", range: start.upperBound..<dom.endIndex)
        else { return nil }
        return String(dom[start.lowerBound..<end.upperBound])
    }
}
