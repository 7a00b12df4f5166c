import Foundation
import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import iop_planner

/// `generate --stress`: the pathological family the time limit is measured on.
@Suite("iop-planner generate --stress")
struct StressGenerateTests {
    @Test(arguments: [
        ("modalities", 30, "30 modalities"), ("sessions", 50, "50 session-days"), ("rooms", 40, "40 rooms"),
        ("separations", 50, "50 separations"),
    ])
    func writesAValidInstanceTheSharedCheckerAccepts(_ family: String, _ size: Int, _ label: String) throws {
        let folder = try Planner.scratchFolder("stress")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = "\(folder)/\(family).json"
        let generated = try Planner.run(["generate", "--stress", family, "--size", "\(size)", "-o", file])
        #expect(generated.status == 0, "\(generated.error)")
        let instance = try InputFile.loadInstance(file).instance
        switch family {
        case "modalities":
            #expect(instance.modalities.count == size + 2)
            #expect(instance.clinicians.allSatisfy { $0.modalities.count == size + 2 })
        case "sessions": #expect(instance.sessionDays.count >= size)
        case "rooms": #expect(instance.rooms.count == size)
        default:
            #expect(instance.patients[0].separateFrom.count == size)
            #expect(instance.patients[0].availability == .always)
        }
        let empty = "\(folder)/empty.json"
        try #"{"groups": []}"#.write(toFile: empty, atomically: true, encoding: .utf8)
        let verdict = try Planner.sharedCheck([file, empty])
        #expect(verdict.status == 0, "\(label): \(verdict.output)\(verdict.error)")
    }

    @Test(arguments: [
        (["--stress", "rooms", "--patients", "10"], "leave out --patients"),
        (["--patients", "10", "--size", "5"], "--size applies to --stress only"),
        (["--stress", "rooms", "--size", "0"], "--size must be between"),
        ([String](), "give --patients N, or --stress FAMILY"),
    ])
    func refusesOptionsThatDoNotGoTogether(_ arguments: [String], _ message: String) throws {
        let result = try Planner.run(["generate"] + arguments)
        #expect(result.status == 64)
        #expect(result.error.contains(message), "\(result.error)")
    }
}

/// The time limit covers the whole command on moderately pathological weeks (issue 16): the
/// planner's own work stays within the limit plus max(1 s, 10%), and what it writes passes
/// both checkers. The bound is on the child's CPU seconds, which a loaded machine does not
/// inflate; `benchmarks/robustness.sh` measures wall time on a release build.
@Suite("the time limit on pathological weeks", .tags(.slow))
struct TimeLimitTests {
    static let limit = 1.5
    static let allowance = max(1, 0.1 * limit)

    @Test(arguments: [("separations", 3_000, "auto"), ("modalities", 2_000, "glpk"), ("sessions", 1_200, "greedy")])
    func solveStopsInTimeAndWritesARosterBothCheckersAccept(_ family: String, _ size: Int, _ solver: String) throws {
        let folder = try Planner.scratchFolder("time-limit")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let instance = "\(folder)/\(family).json"
        #expect(try Planner.run(["generate", "--stress", family, "--size", "\(size)", "-o", instance]).status == 0)
        let roster = "\(folder)/roster.json"
        let run = try TimedRun(
            ["solve", instance, "--solver", solver, "--time-limit", "\(Self.limit)", "-o", roster], in: folder)
        // 3: the time limit ended the construction, and the roster holds what was placed.
        #expect(run.status == 0 || run.status == 3, "\(run.error)")
        if run.status == 3 { #expect(run.error.contains("the time limit ended the construction")) }
        // The limit itself (limit + max(1 s, 10%)) is measured by benchmarks/robustness.sh, not here:
        // a shared machine's load moves it. This catches a limit that is ignored: before the deadline
        // checks these weeks ran 44-50 s.
        #expect(
            run.cpuSeconds <= 4 * Self.limit + Self.allowance,
            "\(family) \(solver): \(run.cpuSeconds) s of CPU, \(run.wallSeconds) s of wall time")
        let check = try Planner.run(["check", instance, roster])
        #expect(check.status == 0, "\(check.output)\(check.error)")
        let shared = try Planner.sharedCheck([instance, roster])
        #expect(shared.status == 0, "\(shared.output)\(shared.error)")
    }

    @Test func exportModelStopsAtTheLimitAndWritesNothing() throws {
        let folder = try Planner.scratchFolder("time-limit")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let instance = "\(folder)/modalities.json"
        #expect(try Planner.run(["generate", "--stress", "modalities", "-o", instance]).status == 0)
        let model = "\(folder)/model.lp"
        // What reading and validating the week costs this build on this machine (a debug build in CI
        // spent 1.2 s of CPU on it): the limit and its allowance come on top of that. Without the
        // deadline the export runs for over a minute.
        let reading = try TimedRun(["validate", instance], in: folder)
        #expect(reading.status == 0, "\(reading.error)")
        let run = try TimedRun(["export-model", instance, "--time-limit", "0.2", "-o", model], in: folder)
        #expect(run.status == 3, "\(run.error)")
        #expect(run.error.contains("the time limit passed while building the integer program"), "\(run.error)")
        #expect(
            run.cpuSeconds <= reading.cpuSeconds + 0.2 + Self.allowance,
            "\(run.cpuSeconds) s of CPU (validating: \(reading.cpuSeconds) s), \(run.wallSeconds) s of wall time")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["modalities.json"])
    }
}

/// A limit that has passed before the solve begins (reading a 2,000-patient week takes longer than
/// a millisecond) still ends in a roster: nothing was placed, the roster is valid (every hour
/// unmet), the command says so and exits with the time-limit status, whichever solver runs.
@Suite("a limit that passes while reading")
struct LimitPassedWhileReadingTests {
    @Test(arguments: ["greedy", "glpk", "auto"])
    func writesAValidRosterOfWhatWasPlacedAndExitsThree(_ solver: String) throws {
        let folder = try Planner.scratchFolder("limit-read")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let instance = Planner.path("instances/bench/xl-2000.json")
        let roster = "\(folder)/roster.json"
        let run = try Planner.run(["solve", instance, "--solver", solver, "--time-limit", "0.001", "-o", roster])
        #expect(run.status == 3, "\(run.error)")
        #expect(run.error.contains("the time limit ended the construction"), "\(run.error)")
        #expect(run.error.contains("places 0 of 21342 prescribed hours"), "\(run.error)")
        let shared = try Planner.sharedCheck([instance, roster])
        #expect(shared.status == 0, "\(shared.output)\(shared.error)")
        let written = try InputFile.loadRoster(roster)
        #expect(written.groups.isEmpty)
    }

    /// The search leaves room for checking and writing: a hundredth of the limit, four times the
    /// reading when that is more, never more than half the limit.
    @Test func theReserveScalesWithTheReadingAndStaysUnderHalfTheLimit() {
        #expect(SolveCommand.finishingReserve(timeLimit: 30, readSeconds: 0.01) == 0.3)
        #expect(SolveCommand.finishingReserve(timeLimit: 3, readSeconds: 0.2) == 0.8)
        #expect(SolveCommand.finishingReserve(timeLimit: 2, readSeconds: 0.5) == 1)
    }

    /// The explanation stops early enough to leave twice the reading for rendering and writing.
    @Test func theExplanationLeavesTwiceTheReadingForRenderingAndWriting() {
        #expect(SolveCommand.renderingReserve(readSeconds: 0.3) == 0.6)
    }

    /// `--verbose` says where the time went, stage by stage, so an overshoot can be traced.
    @Test func verboseNamesTheTimeOfEveryStage() throws {
        let folder = try Planner.scratchFolder("limit-read")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Planner.run([
            "solve", Planner.path("instances/tiny.json"), "--solver", "greedy", "--time-limit", "2", "--verbose",
            "-o", "\(folder)/roster.json",
        ])
        #expect(run.status == 0, "\(run.error)")
        let line = try #require(run.error.split(separator: "\n").first { $0.hasPrefix("time: ") }, "\(run.error)")
        #expect(line.hasPrefix("time: start "), "\(line)")
        for stage in ["start", "read", "pre-check", "solve", "check and explain", "render", "write"] {
            #expect(line.contains("\(stage) "), "\(stage) missing from \(line)")
        }
        #expect(line.hasSuffix(" s in all)"), "\(line)")
    }
}

/// The command's clock starts with its process, so the time before `run()` (loading the
/// program, parsing the arguments) counts against `--time-limit` and shows in the summary.
@Suite("the command's clock")
struct CommandClockTests {
    /// A deadline set on a clock that started earlier has that much less left.
    @Test func aDeadlineStartedEarlierCountsTheTimeBefore() {
        let late = Deadline(seconds: 1, startedSecondsAgo: 5)
        #expect(late.hasPassed)
        #expect(late.remaining == 0)
        #expect(late.elapsed >= 5)
        let early = Deadline(seconds: 100, startedSecondsAgo: 5)
        #expect(!early.hasPassed)
        #expect(early.remaining <= 95)
    }

    /// This test process started before the test did: its age is positive (and not absurd).
    @Test func theProcessAgeIsRead() {
        #expect(ProcessClock.age > 0)
        #expect(ProcessClock.age < 3600)
        #expect(ProcessClock.deadline(seconds: 1e6).elapsed >= ProcessClock.age - 0.02)
    }

    /// The summary shows the command's seconds, not the solver's.
    @Test func theHeadlineShowsTheSecondsItIsGiven() {
        let outcome = SolveOutcome(roster: .empty, solver: "greedy", status: .heuristic, detail: "", elapsed: 1.9)
        let line = SolveCommand.headline(outcome, total: 12, weights: Weights(), seconds: 10.7)
        #expect(line.hasSuffix("(10.70 s in all)"), "\(line)")
    }
}

/// One run of the planner with its exit status, standard error, wall time and CPU time (user
/// plus system, from `wait4`).
struct TimedRun {
    var status: Int32
    var error: String
    var wallSeconds: Double
    var cpuSeconds: Double

    init(_ arguments: [String], in folder: String) throws {
        let errorFile = "\(folder)/.stderr"
        defer { try? FileManager.default.removeItem(atPath: errorFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([Planner.binary] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let start = DispatchTime.now().uptimeNanoseconds
        var pid = pid_t()
        let spawned = posix_spawn(&pid, Planner.binary, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var waitStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &waitStatus, 0, &usage) < 0, errno == EINTR {}
        wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        cpuSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime)
        status = waitStatus & 0x7f == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
        error = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
    }
}
