import RosterSolvers

/// The seconds each stage of a command took, printed on stderr with `--verbose` so a time limit
/// that is not held shows where the time went: `time: start 0.02 s, read 0.12 s, solve 2.95 s, ... (3.21 s in
/// all)`. The first stage, `start`, is the time from the process's start to the command's first line.
struct PhaseTimes {
    private let clock: Deadline
    private var stages: [(name: String, seconds: Double)] = []
    private var last = 0.0

    /// Starts counting on `clock` (the command's own, started with the process): what has passed
    /// on it so far is the stage `start`.
    init(_ clock: Deadline) {
        self.clock = clock
        end("start")
    }

    /// Ends the stage `name` now.
    mutating func end(_ name: String) {
        let now = clock.elapsed
        stages.append((name, now - last))
        last = now
    }

    /// The line, e.g. `time: start 0.02 s, read 0.12 s, solve 2.95 s (3.09 s in all)`.
    var line: String {
        "time: " + stages.map { "\($0.name) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
            + " (\(String(format: "%.2f", last)) s in all)"
    }
}
