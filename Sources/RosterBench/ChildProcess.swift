import Foundation
import RosterKit
import RosterSolvers

/// Runs one program as a child process and measures its wall time, CPU time and peak memory,
/// stopping it at a hard time limit.
///
/// Peak memory is the child's `ru_maxrss` from `wait4` (KiB on Linux). Linux starts a spawned
/// child's `ru_maxrss` at the parent's own high-water mark when it execs, so when the child's
/// figure does not exceed the runner's (read after the child ended, since the runner's may grow
/// while it runs), the runner uses the largest `VmHWM` it read from `/proc/PID/status` while the
/// child ran (a lower bound) and says so in `peakSource`; a child too quick to be sampled has no peak.
///
/// The runner polls the child every 10 ms at most (reading `VmHWM` each time), so wall times
/// may read up to 10 ms long.
///
/// Not `swift-subprocess`: its 1.0 reaps the child itself and returns only the termination
/// status, so the child's own `rusage` (the peak memory and CPU time the benchmark reports per
/// run) is lost; `RUSAGE_CHILDREN` only ever holds the largest child so far.
struct ChildProcess {
    var executable: String
    var arguments: [String]
    /// Files that receive the child's standard output and error (created with mode 0600).
    var standardOutput: String
    var standardError: String
    /// Seconds after which the child gets SIGTERM, then SIGKILL `killGrace` seconds later.
    var hardLimit: Double?
    var killGrace = 5.0
    /// Set on Ctrl-C: the child (in the same process group) got the signal too; it has
    /// `killGrace` seconds to finish before it is stopped.
    var interruption: CancellationFlag?

    /// How the child ended and what it used.
    struct Outcome: Sendable, Equatable {
        enum Ending: Sendable, Equatable {
            case exited(Int32)
            case signaled(Int32)
        }

        var ending: Ending
        /// The runner stopped it (time limit or interruption).
        var stopped: Bool
        var wallSeconds: Double
        var cpuSeconds: Double
        var peakKiB: Int?
        /// `rusage` (exact), `sampled` (largest VmHWM seen: a lower bound) or `none`.
        var peakSource: String

        var succeeded: Bool { ending == .exited(0) && !stopped }

        var endingDescription: String {
            switch ending {
            case .exited(let status): "exit status \(status)"
            case .signaled(let signal): "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
            }
        }
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    func run() throws(SpawnError) -> Outcome {
        let start = Self.now()
        let pid = try spawn()
        var status: Int32 = 0
        var usage = rusage()
        var sampledKiB = 0
        var pause = 0.001
        var interruptedAt: Double?
        var terminatedAt: Double?
        var killed = false
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped == -1, errno != EINTR {
                throw SpawnError(description: "waiting for \(executable): \(String(cString: strerror(errno)))")
            }
            let elapsed = Self.now() - start
            sampledKiB = max(sampledKiB, Self.highWaterKiB(of: pid) ?? 0)
            if interruptedAt == nil, interruption?.isCancelled == true { interruptedAt = elapsed }
            let limit = min(hardLimit ?? .infinity, (interruptedAt ?? .infinity) + killGrace)
            if terminatedAt == nil, elapsed >= limit {
                kill(pid, SIGTERM)
                terminatedAt = elapsed
            }
            if let terminatedAt, !killed, elapsed >= terminatedAt + killGrace {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(useconds_t(pause * 1e6))
            pause = min(pause * 2, 0.01)
        }
        let wall = Self.now() - start
        let ending: Outcome.Ending = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        let cpu = Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
        // The runner's peak now is at least what the child inherited when it started.
        let exact = usage.ru_maxrss > Self.ownPeakKiB()
        return Outcome(
            ending: ending, stopped: terminatedAt != nil, wallSeconds: wall, cpuSeconds: cpu,
            peakKiB: exact ? usage.ru_maxrss : sampledKiB > 0 ? sampledKiB : nil,
            peakSource: exact ? "rusage" : sampledKiB > 0 ? "sampled" : "none")
    }

    private func spawn() throws(SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let result =
            executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// The last lines of a file (at most `bytes` from its end), for error rows.
    static func tail(of path: String, lines: Int = 12, bytes: Int = 4000) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(bytes) ? size - UInt64(bytes) : 0)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1)
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first executable named `name` on `PATH`, or `nil`.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }

    /// This process's own `ru_maxrss` in KiB.
    static func ownPeakKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    /// `VmHWM` of a running process in KiB, or `nil` when it cannot be read.
    static func highWaterKiB(of pid: pid_t) -> Int? {
        guard let status = FileContents.text("/proc/\(pid)/status"),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(
            line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
    }
}
