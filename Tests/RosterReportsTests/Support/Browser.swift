import Foundation

/// Debian's headless Chromium, for tests that render HTML in a real browser.
enum Browser {
    /// The first Chromium binary on the PATH, if any.
    static let chromium: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The DOM Chromium builds from `file` opened at `#fragment`, serialized (`--dump-dom`)
    /// once scripts and timers have run for a second of virtual time.
    static func dumpDOM(of file: URL, fragment: String? = nil, in folder: URL, timeout: TimeInterval = 60) throws
        -> String
    {
        guard let chromium else { throw Failure(description: "no chromium binary") }
        let dump = folder.appendingPathComponent("dom-\(UUID().uuidString).html")
        _ = FileManager.default.createFile(atPath: dump.path, contents: nil)
        let output = try FileHandle(forWritingTo: dump)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--virtual-time-budget=1000",
            "--dump-dom",
            file.absoluteString + (fragment.map { "#\($0)" } ?? ""),
        ]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        // Also after the child has exited: on Linux, Foundation's run-loop source keeps the
        // Process (and its file handle) alive until waitUntilExit runs (a leak under ASan).
        process.waitUntilExit()
        if timedOut { throw Failure(description: "chromium did not finish within \(Int(timeout)) s") }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium exited with \(process.terminationStatus)")
        }
        return try String(contentsOf: dump, encoding: .utf8)
    }
}
