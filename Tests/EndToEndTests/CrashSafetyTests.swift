import Foundation
import RosterKit
import TestSupport
import Testing

/// Killing the tool never leaves a half-written roster, and Ctrl-C writes the best roster so far.
@Suite("Crash safety, end to end", .tags(.slow))
struct CrashSafetyTests {
    /// 150 patients: a week's roster of about 45 KB, written in under a second by a debug build.
    static let instance = Planner.path("instances/bench/medium-150.json")
    static let kills = 50

    /// The temporary files of the atomic writer in `folder`.
    static func temporaries(in folder: String) -> Set<String> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return Set(entries.filter(AtomicFile.isTemporary))
    }

    /// The file is a whole roster that keeps every hard rule, private to its owner.
    static func expectCompleteRoster(_ path: String, _ checker: RosterChecker) {
        do {
            let roster = try InputFile.loadRoster(path)
            let report = checker.check(roster)
            #expect(report.isValid && !roster.groups.isEmpty, "\(path): \(report.violations.prefix(3))")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
        } catch {
            Issue.record("\(path) is not a complete roster: \(error)")
        }
    }

    /// SIGKILL at 50 moments of `solve -o`: half anywhere in the run, half just after the
    /// temporary file appears (while it is written, flushed or renamed). Every fifth run starts
    /// without an output file; the others replace the previous one.
    @Test func aKilledWriteLeavesNoFileOrACompleteOne() throws {
        let folder = try Planner.scratchFolder("crash")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/roster.json"
        let checker = RosterChecker(try InputFile.loadInstance(Self.instance).instance)
        let arguments = ["solve", Self.instance, "--solver", "greedy", "--no-local-search", "--quiet", "-o", output]

        let started = Date()
        let first = try Planner.run(arguments)
        let duration = Date().timeIntervalSince(started)
        try #require(first.status == 0, "\(first.error)")

        var random = SplitMix64(seed: 20_261_123)
        var absent = 0
        var replaced = 0
        var finished = 0
        var killedWhileWriting = 0
        for round in 0..<Self.kills {
            if round.isMultiple(of: 5) { try? FileManager.default.removeItem(atPath: output) }
            let before = Self.temporaries(in: folder)
            let process = try Planner.launch(arguments)
            if round.isMultiple(of: 2) {
                let limit = Date().addingTimeInterval(duration * 4 + 5)
                while process.isRunning, Self.temporaries(in: folder).subtracting(before).isEmpty, Date() < limit {
                    usleep(200)
                }
                usleep(UInt32(random.below(10_000)))
            } else {
                usleep(UInt32(random.unit() * duration * 1.1 * 1e6))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit {
                finished += 1
                #expect(process.terminationStatus == 0)
                #expect(Self.temporaries(in: folder).isEmpty, "a finished run left a temporary file")
            } else if !Self.temporaries(in: folder).subtracting(before).isEmpty {
                killedWhileWriting += 1
            }
            if FileManager.default.fileExists(atPath: output) {
                replaced += 1
                Self.expectCompleteRoster(output, checker)
            } else {
                absent += 1
            }
        }
        // The next run to the same output removes whatever the killed runs left.
        let last = try Planner.run(arguments)
        #expect(last.status == 0, "\(last.error)")
        #expect(Self.temporaries(in: folder).isEmpty)
        Self.expectCompleteRoster(output, checker)
        print(
            "crash safety: \(Self.kills) kills: output absent \(absent), complete \(replaced); \(finished) "
                + "runs finished first;"
                + " \(killedWhileWriting) killed with their temporary file written")
    }

    /// Ctrl-C during a long solve: exit 130, "interrupted" on stderr, and a valid roster written.
    @Test func anInterruptedSolveWritesTheBestRosterSoFar() throws {
        let folder = try Planner.scratchFolder("interrupt")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/roster.json"
        let errors = "\(folder)/stderr.txt"
        let instance = Planner.path("instances/bench/large-300.json")
        // Local search alone may take 5 s here; it polls the flag between moves.
        let process = try Planner.launch(
            ["solve", instance, "--solver", "auto", "--time-limit", "120", "-o", output], standardError: errors)
        Thread.sleep(forTimeInterval: 2)
        let interrupted = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let stopping = Date().timeIntervalSince(interrupted)
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        #expect(stopping < 15, "it took \(stopping) s to stop")
        let message = FileContents.text(errors) ?? ""
        #expect(message.contains("interrupted"), "\(message)")
        Self.expectCompleteRoster(output, RosterChecker(try InputFile.loadInstance(instance).instance))
        #expect(Self.temporaries(in: folder).isEmpty)
    }
}
