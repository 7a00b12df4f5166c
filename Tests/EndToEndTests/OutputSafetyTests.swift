import Foundation
import RosterKit
import TestSupport
import Testing

/// `-o` never destroys a file: only regular files are replaced, the input is never the output,
/// the format follows the extension, and SIGTERM writes the best roster like Ctrl-C (issue 16).
@Suite("Output safety, end to end")
struct OutputSafetyTests {
    static let instance = Planner.path("instances/tiny.json")
    static let quickSolve = ["--solver", "greedy", "--no-local-search", "--quiet"]

    /// A copy of `instances/tiny.json` and its solved roster in a fresh folder.
    static func workspace(_ label: String) throws -> (folder: String, instance: String, roster: String) {
        let folder = try Planner.scratchFolder(label)
        let instance = "\(folder)/week.json"
        try FileManager.default.copyItem(atPath: Self.instance, toPath: instance)
        let roster = "\(folder)/roster.json"
        let solved = try Planner.run(["solve", instance, "-o", roster] + quickSolve)
        try #require(solved.status == 0, "\(solved.error)")
        return (folder, instance, roster)
    }

    static func fileType(_ path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    @Test func aFIFOIsWrittenThroughNotReplaced() throws {
        let folder = try Planner.scratchFolder("fifo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = "\(folder)/pipe"
        try #require(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let received = Pipe()
        reader.standardOutput = received
        try reader.run()
        let result = try Planner.run(["solve", Self.instance, "-o", fifo] + Self.quickSolve)
        let text = String(decoding: received.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(result.status == 0, "\(result.error)")
        #expect(Self.fileType(fifo) != .typeRegular, "the FIFO was replaced")
        #expect(text.contains("\"groups\""), "the reader got: \(text.prefix(200))")
    }

    /// A FIFO no process reads is refused after a short wait for a reader, instead of blocking
    /// the planner forever (deaf to --time-limit, SIGTERM and Ctrl-C).
    @Test func aFIFOWithoutAReaderIsRefusedNotWaitedOnForever() throws {
        let folder = try Planner.scratchFolder("fifo-no-reader")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = "\(folder)/pipe"
        try #require(mkfifo(fifo, 0o600) == 0)
        let process = try Planner.launch(
            ["solve", Self.instance, "-o", fifo, "--time-limit", "5"] + Self.quickSolve,
            standardError: "\(folder)/stderr.txt")
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let hung = process.isRunning
        if hung { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(!hung, "solve -o FIFO without a reader still ran after 30 s")
        let error = try String(contentsOfFile: "\(folder)/stderr.txt", encoding: .utf8)
        #expect(process.terminationStatus == 2, "\(error)")
        #expect(error.contains(fifo) && error.contains("no process is reading the FIFO"), "\(error)")
        var status = stat()
        #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["pipe", "stderr.txt"])
    }

    /// A FIFO whose reader quits part-way (`head -c 100 FIFO`) is reported, naming the FIFO, with
    /// exit 2; it used to end the planner by SIGPIPE (status 141) with no message at all.
    @Test func aFIFOWhoseReaderQuitsPartWayIsReportedNotASilentSIGPIPE() throws {
        let folder = try Planner.scratchFolder("fifo-reader-quits")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = "\(folder)/pipe"
        try #require(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/head")
        reader.arguments = ["-c", "100", fifo]
        reader.standardOutput = FileHandle.nullDevice
        try reader.run()
        // About 1 MB of HTML, far more than a pipe holds, so the writer is still writing when head quits.
        let result = try Planner.run(
            ["solve", Self.largeInstance, "--format", "html", "-o", fifo] + Self.quickSolve)
        reader.waitUntilExit()
        #expect(result.status == 2, "status \(result.status): \(result.error)")
        #expect(result.error.contains("error: \(fifo): cannot write the file: its reader closed it"), "\(result.error)")
        var status = stat()
        #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
    }

    /// `-o -` (and standard output without `-o`) into a reader that quits (`| head`) ends the way
    /// it ends `cat`: by SIGPIPE, with no message, so the shell sees 141 and prints nothing.
    @Test(arguments: [["-o", "-"], []])
    func standardOutputIntoAReaderThatQuitsEndsQuietlyBySIGPIPE(_ output: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Planner.binary)
        process.arguments = ["solve", Self.largeInstance, "--format", "html"] + output + Self.quickSolve
        let printed = Pipe()
        let errors = Pipe()
        process.standardOutput = printed
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let start = printed.fileHandleForReading.readData(ofLength: 100)
        try printed.fileHandleForReading.close()
        let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(!start.isEmpty)
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGPIPE, "\(error)")
        #expect(error.isEmpty, "\(error)")
    }

    static let largeInstance = Planner.path("instances/bench/large-300.json")

    /// Whether this process may create device nodes (a private copy of /dev/null); without that
    /// right the character-device test is skipped, and shows as skipped.
    static let mayMakeDevices: Bool = {
        guard let folder = try? Planner.scratchFolder("chardev-probe") else { return false }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var null = stat()
        return stat("/dev/null", &null) == 0 && mknod("\(folder)/null", S_IFCHR | 0o666, null.st_rdev) == 0
    }()

    /// /dev/null itself is written through (a process without the right to create device nodes
    /// cannot replace it either, and the test below is skipped then).
    @Test func devNullIsWrittenThrough() throws {
        let result = try Planner.run(["solve", Self.instance, "-o", "/dev/null"] + Self.quickSolve)
        #expect(result.status == 0, "\(result.error)")
        #expect(Self.fileType("/dev/null") == .typeCharacterSpecial)
    }

    /// A character device (a private copy of /dev/null, so the real one is never at risk).
    @Test(.enabled(if: mayMakeDevices, "this process may not create device nodes"))
    func aCharacterDeviceIsWrittenThroughNotReplaced() throws {
        let folder = try Planner.scratchFolder("chardev")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let device = "\(folder)/null"
        var null = stat()
        try #require(stat("/dev/null", &null) == 0)
        try #require(mknod(device, S_IFCHR | 0o666, null.st_rdev) == 0)
        let result = try Planner.run(["solve", Self.instance, "-o", device] + Self.quickSolve)
        #expect(result.status == 0, "\(result.error)")
        #expect(Self.fileType(device) == .typeCharacterSpecial)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["null"])
    }

    @Test func aFolderIsRefusedWithAMessage() throws {
        let folder = try Planner.scratchFolder("folder-out")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Planner.run(["solve", Self.instance, "-o", folder] + Self.quickSolve)
        #expect(result.status == 2)
        #expect(result.error.contains("it is a folder"), "\(result.error)")
        #expect(Self.fileType(folder) == .typeDirectory)
    }

    @Test func dashWritesToStandardOutput() throws {
        let (folder, instance, roster) = try Self.workspace("dash")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Planner.run(["solve", instance, "-o", "-"] + Self.quickSolve)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("{") && result.output.contains("\"groups\""), "\(result.output.prefix(200))")
        let report = try Planner.run(["report", instance, roster, "-o", "-"])
        #expect(report.status == 0, "\(report.error)")
        #expect(report.output.contains("Mon") || !report.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "-"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/-"))
    }

    @Test func solveRefusesToOverwriteItsInputHoweverSpelled() throws {
        let (folder, instance, _) = try Self.workspace("self-solve")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try Data(contentsOf: URL(fileURLWithPath: instance))
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/link.json", withDestinationPath: instance)
        for spelling in [instance, "\(folder)/./sub/../week.json", "\(folder)/link.json"] {
            try? FileManager.default.createDirectory(atPath: "\(folder)/sub", withIntermediateDirectories: true)
            let result = try Planner.run(["solve", instance, "-o", spelling] + Self.quickSolve)
            #expect(result.status == 2, "\(spelling): \(result.status)")
            #expect(result.error.contains("refusing to overwrite"), "\(result.error)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: instance)) == before)
        }
    }

    @Test func reportRefusesToOverwriteItsInputs() throws {
        let (folder, instance, roster) = try Self.workspace("self-report")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.linkItem(atPath: roster, toPath: "\(folder)/hard-link.json")
        let rosterBefore = try Data(contentsOf: URL(fileURLWithPath: roster))
        let instanceBefore = try Data(contentsOf: URL(fileURLWithPath: instance))
        for output in [roster, "\(folder)/hard-link.json", instance] {
            let result = try Planner.run(["report", instance, roster, "--format", "json", "-o", output])
            #expect(result.status == 2, "\(output): \(result.status) \(result.error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: roster)) == rosterBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: instance)) == instanceBefore)
    }

    @Test func reportTakesTheFormatFromTheExtensionAndRefusesAClash() throws {
        let (folder, instance, roster) = try Self.workspace("extension")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let page = "\(folder)/week.html"
        let result = try Planner.run(["report", instance, roster, "-o", page])
        #expect(result.status == 0, "\(result.error)")
        #expect((FileContents.text(page) ?? "").lowercased().contains("<html"))
        let csv = "\(folder)/week.csv"
        #expect(try Planner.run(["report", instance, roster, "-o", csv]).status == 0)
        #expect(!(FileContents.text(csv) ?? "{").hasPrefix("{"))
        let clash = try Planner.run(["report", instance, roster, "--format", "json", "-o", "\(folder)/other.html"])
        #expect(clash.status == 64)
        #expect(clash.error.contains("contradicts"), "\(clash.error)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/other.html"))
    }

    /// Leftovers of a dead process are removed by the next write; a live writer's are kept.
    @Test func staleTemporariesOfDeadRunsAreRemoved() throws {
        let folder = try Planner.scratchFolder("stale")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = ".iop-planner-roster.json.\(finished.processIdentifier).AbCdEf"
        let live = ".iop-planner-roster.json.\(getpid()).GhIjKl"
        for name in [dead, live] { try "half".write(toFile: "\(folder)/\(name)", atomically: false, encoding: .utf8) }
        #expect(AtomicFile.isTemporary(dead))
        let result = try Planner.run(["solve", Self.instance, "-o", "\(folder)/roster.json"] + Self.quickSolve)
        #expect(result.status == 0, "\(result.error)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["roster.json", live])
    }

    /// SIGTERM (from `timeout` or a service manager) stops the search like Ctrl-C: exit 143 and
    /// the best roster written.
    @Test func sigtermWritesTheBestRosterAndExits143() throws {
        let folder = try Planner.scratchFolder("sigterm")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/roster.json"
        let instance = Planner.path("instances/bench/large-300.json")
        let process = try Planner.launch(
            ["solve", instance, "--time-limit", "120", "-o", output], standardError: "\(folder)/stderr.txt")
        Thread.sleep(forTimeInterval: 2)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 143)
        let roster = try InputFile.loadRoster(output)
        #expect(RosterChecker(try InputFile.loadInstance(instance).instance).check(roster).isValid)
    }
}

@Suite("Command-line usage")
struct UsageTests {
    @Test func noArgumentsPrintsTheUsageAndExits64() throws {
        let result = try Planner.run([])
        #expect(result.status == 64)
        #expect(result.error.contains("USAGE"), "\(result.error)")
        let help = try Planner.run(["--help"])
        #expect(help.status == 0)
    }
}

extension UsageTests {
    @Test(arguments: [
        ["solve", "instances/tiny.json"],
        ["whatif", "instances/riverside-40.json", "instances/scenarios/riverside-cap-groups-at-10.json"],
    ])
    func aNegativeTimeLimitSaysWhatIsWrong(_ command: [String]) throws {
        let result = try Planner.run([command[0]] + command.dropFirst().map(Planner.path) + ["--time-limit", "-3"])
        #expect(result.status == 64)
        #expect(result.error.contains("--time-limit must be a positive number"), "\(result.error)")
        #expect(!result.error.contains("Missing value"))
    }
}
