import Foundation
import RosterKit
import RosterSolvers

/// The machine and software a benchmark ran on (`machine.json`), so results can be compared honestly.
enum MachineInfo {
    /// Facts gathered at the start of a run; `tools` maps a tool name to its path (or `nil` when
    /// missing). The planner's build is known only when it is the running binary.
    static func collect(
        planner: String, plannerIsSelf: Bool, repository: String?, tools: [(name: String, path: String?)]
    ) -> JSONObject {
        var info = JSONObject()
        info["cpuModel"] = .string(cpuModel() ?? "unknown")
        info["logicalCPUs"] = .integer(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        info["memoryMiB"] = memoryMiB().map(JSONValue.integer) ?? .null
        info["os"] = .string(operatingSystem())
        info["kernel"] = .string(kernel())
        info["loadAverageAtStart"] = loadAverage().map(JSONValue.string) ?? .null
        info["swift"] = .string(firstLine(of: capture("swift", ["--version"])) ?? "unknown")
        info["glpk"] = .string(GLPKLibrary.version)
        #if DEBUG
            info["plannerBuild"] = plannerIsSelf ? "debug" : "unknown (--planner)"
        #else
            info["plannerBuild"] = plannerIsSelf ? "release" : "unknown (--planner)"
        #endif
        info["planner"] = .string(planner)
        if let repository {
            let commit = firstLine(of: capture("git", ["-C", repository, "rev-parse", "HEAD"]))
            let dirty = capture("git", ["-C", repository, "status", "--porcelain", "--untracked-files=no"]).map {
                !$0.isEmpty
            }
            info["gitCommit"] =
                commit.map { .string($0 + (dirty == true ? " (with uncommitted changes)" : "")) } ?? .null
        }
        var versions = JSONObject()
        for tool in tools {
            guard let path = tool.path else {
                versions[tool.name] = "not installed"
                continue
            }
            versions[tool.name] = .string(version(of: tool.name, at: path) ?? path)
        }
        info["tools"] = .object(versions)
        return info
    }

    /// `/proc/loadavg`'s first three fields: the machine is shared, so this says how busy it was.
    static func loadAverage() -> String? {
        guard let text = FileContents.text("/proc/loadavg") else { return nil }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// One line for the report's header.
    static func summary(_ info: JSONObject) -> String {
        let cpus = info["logicalCPUs"]?.integerValue.map(String.init) ?? "?"
        let memory = info["memoryMiB"]?.integerValue.map { String(format: "%.1f GiB", Double($0) / 1024) } ?? "? GiB"
        return "\(info["cpuModel"]?.stringValue ?? "unknown CPU"), \(cpus) logical CPUs, \(memory); "
            + "\(info["os"]?.stringValue ?? "unknown OS"); \(info["swift"]?.stringValue ?? "swift ?"); "
            + "GLPK \(info["glpk"]?.stringValue ?? "?"); planner build: \(info["plannerBuild"]?.stringValue ?? "?")"
    }

    private static func cpuModel() -> String? {
        guard let text = FileContents.text("/proc/cpuinfo") else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) }
    }

    private static func memoryMiB() -> Int? {
        guard let text = FileContents.text("/proc/meminfo"),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
            let kib = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "")
        else { return nil }
        return kib / 1024
    }

    private static func operatingSystem() -> String {
        guard let text = FileContents.text("/etc/os-release"),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") })
        else { return ProcessInfo.processInfo.operatingSystemVersionString }
        return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    private static func kernel() -> String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// A tool's version line: `cbc` prints it in its banner, the others answer `--version`.
    private static func version(of name: String, at path: String) -> String? {
        switch name {
        case "cbc":
            let banner = capture(path, ["-quit"]) ?? ""
            return banner.split(separator: "\n").first { $0.hasPrefix("Version:") }
                .map { "cbc " + $0.dropFirst("Version:".count).trimmingCharacters(in: .whitespaces) }
        default:
            return firstLine(of: capture(path, ["--version"]))
        }
    }

    private static func firstLine(of text: String?) -> String? {
        text?.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Standard output (and error) of a short command, or `nil` when it cannot run or fails.
    static func capture(_ executable: String, _ arguments: [String]) -> String? {
        guard let path = executable.contains("/") ? executable : ChildProcess.find(executable) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
