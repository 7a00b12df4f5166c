import Foundation
import RosterSolvers

/// The command's own clock, started when the process was: `--time-limit` covers loading the
/// program and parsing the arguments too, not only what `run()` does.
enum ProcessClock {
    /// Seconds since the process started (Linux: `/proc/self/stat`'s start time against the
    /// boot-time clock, to the kernel's 10 ms tick), or 0 when that cannot be read.
    static var age: Double {
        guard let started = startSecondsAfterBoot else { return 0 }
        var now = timespec()
        guard clock_gettime(CLOCK_BOOTTIME, &now) == 0 else { return 0 }
        let age = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 - started
        // A negative or absurd age (a clock the kernel reports otherwise) counts as none.
        return age >= 0 && age < 3600 ? age : 0
    }

    /// The deadline `seconds` after the process started.
    static func deadline(seconds: Double) -> Deadline { Deadline(seconds: seconds, startedSecondsAgo: age) }

    /// Field 22 of `/proc/self/stat` (start time in clock ticks after boot), in seconds. The
    /// command name (field 2) is in parentheses and may hold spaces: fields are counted after its `)`.
    private static var startSecondsAfterBoot: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the `)`: field 3 (state) is fields[0], so field 22 is fields[19].
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        guard fields.count > 19, let start = Double(fields[19]), ticks > 0 else { return nil }
        return start / Double(ticks)
    }
}
