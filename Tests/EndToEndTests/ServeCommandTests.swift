import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `iop-planner serve` through the binary: "serving on" only once it listens, a port it cannot
/// listen on exits 2, and `--demo` removes its temporary database when it stops.
@Suite("Serve, end to end", .serialized)
struct ServeCommandTests {
    /// A running `serve --demo --port 0`, its output going to files in `folder`.
    struct Server {
        let process: Process
        let output: String
        let error: String

        init(_ arguments: [String], folder: String, label: String) throws {
            output = "\(folder)/\(label).out"
            error = "\(folder)/\(label).err"
            process = Process()
            process.executableURL = URL(fileURLWithPath: Planner.binary)
            process.arguments = ["serve", "--demo", "--plan-seconds", "1"] + arguments
            process.standardInput = FileHandle.nullDevice
            for path in [output, error] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: error))
            try process.run()
        }

        var printed: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        var complaints: String { (try? String(contentsOfFile: error, encoding: .utf8)) ?? "" }

        /// The text after `prefix` on the first output line that has it.
        func line(after prefix: String) -> String? {
            printed.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }

        /// The port of "serving on http://127.0.0.1:PORT/", once printed (within a minute).
        func port() async throws -> Int {
            for _ in 0..<600 where process.isRunning {
                if let rest = line(after: "serving on http://127.0.0.1:"), let port = Int(rest.prefix { $0.isNumber }) {
                    return port
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("no 'serving on' line: \(printed) \(complaints)")
            throw CancellationError()
        }

        /// Waits (a minute at most) for the process to end; its exit status.
        func ended() async throws -> Int32 {
            for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    @Test(arguments: [SIGTERM, SIGINT]) func theDemoDatabaseIsRemovedWhenTheServerStops(signal: Int32) async throws {
        let folder = try Planner.scratchFolder("serve-demo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try Server(["--port", "0"], folder: folder, label: "demo")
        let port = try await server.port()
        #expect(port > 0)
        let database = try #require(server.line(after: "demo database: "))
        #expect(FileManager.default.fileExists(atPath: database))
        let answer = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/login")!)
        #expect((answer.1 as? HTTPURLResponse)?.statusCode == 200)
        kill(server.process.processIdentifier, signal)
        #expect(try await server.ended() == 0, "\(server.complaints)")
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: (database as NSString).deletingLastPathComponent))
    }

    @Test func aPortInUseIsAClearErrorAndNothingClaimsToServe() async throws {
        let folder = try Planner.scratchFolder("serve-busy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try Server(["--port", "0"], folder: folder, label: "first")
        defer { if first.process.isRunning { first.process.terminate() } }
        let port = try await first.port()
        let second = try Server(["--port", String(port)], folder: folder, label: "second")
        #expect(try await second.ended() == 2)
        #expect(!second.printed.contains("serving on"), "\(second.printed)")
        #expect(second.complaints.contains("error: cannot listen on 127.0.0.1 port \(port)"), "\(second.complaints)")
        let database = try #require(second.line(after: "demo database: "))
        #expect(!FileManager.default.fileExists(atPath: database))
        kill(first.process.processIdentifier, SIGTERM)
        #expect(try await first.ended() == 0)
    }
}
