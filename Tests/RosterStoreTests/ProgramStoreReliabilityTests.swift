import Foundation
import GRDB
import RosterKit
import RosterStore
import TestSupport
import Testing

/// The program database under killed and concurrent `iop-planner` processes (imports and plans): it stays sound
/// (`PRAGMA integrity_check`), keeps everything committed, and a writer that cannot get in is
/// told so (exit 75) instead of corrupting anything.
@Suite("Program store reliability", .tags(.slow))
struct ProgramStoreReliabilityTests {
    static let lakeside = SpreadsheetTable.allCases.map { Planner.path("instances/csv/\($0.fileName)") }

    /// Lakeside's program files and a patients.csv of `count` generated patients (`prefix00000`...)
    /// prescribed `hours` each, admitted on `admittedOn`; the paths to import.
    static func largeImport(
        in folder: String, count: Int, hours: Int, prefix: String = "b", admittedOn: String = "2026-11-30"
    ) throws -> [String] {
        let tracks = ["CBT", "DBT", "Mindfulness", "Psychoeducation"]
        var text = "id,track,weeklyHours,availability,admittedOn\n"
        for index in 0..<count {
            text += "\(prefix)\(String(format: "%05d", index)),\(tracks[index % 4]),\(hours),*-AM,\(admittedOn)\n"
        }
        let patients = "\(folder)/\(prefix)-patients.csv"
        try text.write(toFile: patients, atomically: true, encoding: .utf8)
        let program = ["program", "sessions", "modalities"].map { Planner.path("instances/csv/\($0).csv") }
        // The table comes from the header: the file name is not patients.csv.
        return program + [patients]
    }

    /// Opens the database as a fresh process would and checks it is sound.
    static func reopened(_ path: String) throws -> ProgramStore {
        let store = try ProgramStore(path: path)
        #expect(try store.integrityCheck() == "ok")
        return store
    }

    @Test func killingAnImportAtARandomMomentKeepsTheFileSoundAndEverythingCommitted() throws {
        let folder = try Planner.scratchFolder("kill-import")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/program.sqlite"
        #expect(try Planner.run(["program", "import", "--db", path] + Self.lakeside).status == 0)
        let lakesideIDs = Set(try Self.reopened(path).currentPatients().map(\.patient.id.rawValue))
        #expect(lakesideIDs.count == 120)

        // One whole import first: it commits the generated patients and measures the window.
        let count = 3000
        let started = Date()
        let first = try Planner.run(
            ["program", "import", "--db", path] + Self.largeImport(in: folder, count: count, hours: 9))
        #expect(first.status == 0, "\(first.error)")
        let duration = Date().timeIntervalSince(started)
        var committedHours = 9
        var killed = 0
        for round in 0..<4 {
            let hours = 3 + round
            let files = try Self.largeImport(in: folder, count: count, hours: hours)
            let child = try Planner.launch(["program", "import", "--db", path] + files)
            let delay = Double.random(in: 0.05...max(0.1, duration))
            Thread.sleep(forTimeInterval: delay)
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let finished = child.terminationReason == .exit && child.terminationStatus == 0
            if !finished { killed += 1 }

            let patients = try Self.reopened(path).currentPatients()
            let ids = Set(patients.map(\.patient.id.rawValue))
            #expect(ids.isSuperset(of: lakesideIDs), "round \(round), killed after \(delay) s")
            let generated = patients.filter { !lakesideIDs.contains($0.patient.id.rawValue) }
            #expect(generated.count == count, "round \(round), killed after \(delay) s")
            // All or nothing: every generated patient has the committed prescription or the new one.
            let prescribed = Set(generated.map(\.patient.weeklyHours))
            if finished {
                #expect(prescribed == [hours], "round \(round)")
            } else {
                #expect(
                    prescribed == [committedHours] || prescribed == [hours],
                    "round \(round), killed after \(delay) s: \(prescribed)")
            }
            committedHours = prescribed.first ?? committedHours
        }
        #expect(killed > 0, "every import finished before its kill; the window was \(duration) s")
    }

    @Test func killingAWeekPlanAtARandomMomentKeepsEveryStoredRoster() throws {
        let folder = try Planner.scratchFolder("kill-plan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/program.sqlite"
        #expect(try Planner.run(["program", "import", "--db", path] + Self.lakeside).status == 0)
        let plan = ["week", "plan", "2026-11-30", "--db", path, "--solver", "greedy", "--time-limit", "1"]
        let started = Date()
        #expect(try Planner.run(plan).status == 0)
        let duration = Date().timeIntervalSince(started)
        var stored = 1
        for round in 0..<3 {
            let child = try Planner.launch(plan)
            let delay = Double.random(in: 0.05...max(0.1, duration))
            Thread.sleep(forTimeInterval: delay)
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let finished = child.terminationReason == .exit && child.terminationStatus == 0
            let revisions = try Self.reopened(path).rosters(of: "2026-11-30").map(\.revision)
            // Every earlier revision is there; the killed plan added its own or nothing.
            if finished {
                #expect(revisions == Array(1...stored + 1), "round \(round)")
            } else {
                #expect(
                    revisions == Array(1...stored) || revisions == Array(1...stored + 1),
                    "round \(round), killed after \(delay) s: \(revisions)")
            }
            stored = revisions.count
        }
    }

    @Test func twoProcessesWritingAtOnceBothSucceedOrOneIsToldTheDatabaseIsBusy() throws {
        let folder = try Planner.scratchFolder("concurrent")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/program.sqlite"
        #expect(try Planner.run(["program", "import", "--db", path] + Self.lakeside).status == 0)
        // Admitted the week after, so the week planned meanwhile stays lakeside's 120 patients.
        let first = try Self.largeImport(in: folder, count: 2000, hours: 9, prefix: "x", admittedOn: "2026-12-07")
        let second = try Self.largeImport(in: folder, count: 2000, hours: 6, prefix: "y", admittedOn: "2026-12-07")
        let runs: [[String]] = [
            ["program", "import", "--db", path] + first,
            ["program", "import", "--db", path] + second,
            ["week", "plan", "2026-11-30", "--db", path, "--solver", "greedy", "--max-moves", "20"],
        ]
        let children = try runs.enumerated().map { index, arguments in
            (
                arguments, "\(folder)/stderr-\(index)",
                try Planner.launch(arguments, standardError: "\(folder)/stderr-\(index)")
            )
        }
        var succeeded: [[String]] = []
        for (arguments, errorFile, child) in children {
            child.waitUntilExit()
            let error = try String(contentsOfFile: errorFile, encoding: .utf8)
            #expect(
                child.terminationReason == .exit && [0, 75].contains(child.terminationStatus),
                "\(arguments[0...1]): \(error)")
            if child.terminationStatus == 75 { #expect(error.contains("the program database is busy")) }
            if child.terminationStatus == 0 { succeeded.append(arguments) }
        }
        #expect(!succeeded.isEmpty)
        let store = try Self.reopened(path)
        let ids = Set(try store.currentPatients().map(\.patient.id.rawValue))
        for (arguments, prefix) in [(runs[0], "x"), (runs[1], "y")] where succeeded.contains(arguments) {
            #expect((0..<2000).allSatisfy { ids.contains("\(prefix)\(String(format: "%05d", $0))") })
        }
        if succeeded.contains(runs[2]) { #expect(try store.weekInstance("2026-11-30").patients.count == 120) }
    }

    @Test func aWriterHeldUpLongerThanTheBusyTimeoutExits75() throws {
        let folder = try Planner.scratchFolder("held-up")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/program.sqlite"
        #expect(try Planner.run(["program", "init", "--db", path]).status == 0)
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        let holder = try DatabaseQueue(path: path, configuration: configuration)
        try holder.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let result = try Planner.run(["program", "import", "--db", path] + Self.lakeside)
            #expect(result.status == 75)
            #expect(result.error.contains("the program database is busy"))
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try Planner.run(["program", "import", "--db", path] + Self.lakeside).status == 0)
        #expect(try Self.reopened(path).recordCounts().patients == 120)
    }
}
