import Foundation
import TestSupport
import Testing

/// `iop-planner week plan` over a fresh program database.
@Suite struct WeekPlanCommandTests {
    /// A week before the records' first admission has no patient in care: `week plan` refuses it
    /// and names the first admission, instead of storing an empty roster of objective 0; the week
    /// that reaches the admission is planned.
    @Test func aWeekWithNoPatientInCareIsRefusedAndNothingIsStored() throws {
        let folder = try Planner.scratchFolder("empty-week")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = ["--db", "\(folder)/program.sqlite"]
        let imported = try Planner.run(
            ["program", "import", Planner.path("instances/tiny.json"), "--as-of", "2026-12-07"] + db)
        #expect(imported.status == 0, "\(imported.error)")
        let solving = ["--solver", "greedy", "--time-limit", "1"]
        let refused = try Planner.run(["week", "plan", "2026-11-30"] + db + solving)
        #expect(refused.status == 2)
        #expect(refused.error.contains("week 2026-11-30: no patient is in care that week"), "\(refused.error)")
        #expect(refused.error.contains("the first admission in the records is on 2026-12-07"), "\(refused.error)")
        #expect(!refused.output.contains("objective"), "\(refused.output)")
        let shown = try Planner.run(["week", "show", "2026-11-30"] + db)
        #expect(shown.status == 2 && shown.error.contains("no roster for week 2026-11-30"), "\(shown.error)")
        let planned = try Planner.run(["week", "plan", "2026-12-07"] + db + solving)
        #expect(planned.status == 0, "\(planned.error)")
        #expect(planned.output.contains("week 2026-12-07: 20 patients"), "\(planned.output)")
    }

    /// A published week whose patients are all discharged since: `week replan` refuses it as
    /// `week plan` does (exit 2, no patient in care) instead of storing an empty revision.
    @Test func aReplanOfAWeekWhosePatientsAreAllDischargedIsRefused() throws {
        let folder = try Planner.scratchFolder("empty-replan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = ["--db", "\(folder)/program.sqlite"]
        let week = "2026-11-30"
        let solving = ["--solver", "greedy", "--time-limit", "1"]
        for step in [
            ["program", "import", Planner.path("instances/tiny.json"), "--as-of", week],
            ["week", "plan", week] + solving,
            ["week", "publish", week],
        ] {
            let run = try Planner.run(step + db)
            #expect(run.status == 0, "\(step): \(run.error)")
        }
        let header =
            "id,name,cohort,track,secondary,weeklyHours,maxDaysPerWeek,availability,separateFrom,admittedOn,"
            + "plannedDischargeOn\n"
        try header.write(toFile: "\(folder)/patients.csv", atomically: true, encoding: .utf8)
        let discharged = try Planner.run(
            ["program", "import", "\(folder)/patients.csv", "--discharge-missing", "--as-of", week] + db)
        #expect(discharged.output.contains("20 not in the import and discharged"), "\(discharged.output)")
        let refused = try Planner.run(["week", "replan", week, "--keep"] + db + solving)
        #expect(refused.status == 2)
        #expect(refused.error.contains("week \(week): no patient is in care that week"), "\(refused.error)")
        #expect(refused.error.contains("the records hold no patient in care"), "\(refused.error)")
        let shown = try Planner.run(["week", "show", week] + db)
        #expect(shown.output.contains("revision 1") && !shown.output.contains("revision 2"), "\(shown.output)")
    }
}
