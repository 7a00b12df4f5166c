import Foundation
import Synchronization

/// Why an input file could not be used: the file, and what is wrong with it.
public enum InputError: Error, Sendable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// The file is not well-formed JSON.
    case syntax(file: String, JSONSyntaxError)
    /// The JSON is well-formed but breaks the format; every problem with its JSON path.
    case invalid(file: String, problems: [InputProblem])

    /// How many problems a message lists; the rest are counted.
    public static let problemsShown = 50

    /// The path of the file at fault (`-` for standard input).
    public var file: String {
        switch self {
        case .unreadable(let file, _), .syntax(let file, _), .invalid(let file, _): file
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the file: \(reason)"
        case .syntax(let file, let error):
            return "\(file): not valid JSON at \(error)"
        case .invalid(let file, let problems):
            let noun = problems.count == 1 ? "problem" : "problems"
            var lines = problems.prefix(Self.problemsShown).map { "  \($0)" }
            if problems.count > Self.problemsShown {
                lines.append("  and \(problems.count - Self.problemsShown) more problems")
            }
            return "\(file): \(problems.count) \(noun):\n" + lines.joined(separator: "\n")
        }
    }
}

/// Reading the planner's JSON files.
public enum InputFile {
    /// The largest input accepted by default, in MB (a 2,000-patient instance is about 1 MB).
    public static let defaultMaximumMegabytes = 64

    /// The largest input accepted, in bytes; files beyond it are refused before they are read
    /// (the command line raises it with `--max-input-mb`).
    public static var maximumSize: Int {
        get { limit.withLock { $0 } }
        set { limit.withLock { $0 = newValue } }
    }

    private static let limit = Mutex(defaultMaximumMegabytes << 20)

    /// The UTF-8 byte-order mark, which JSON files must not start with (RFC 8259, 8.1).
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Reads and parses a JSON file; `-` reads standard input.
    public static func readJSON(_ path: String) throws(InputError) -> JSONValue {
        let data = try readBytes(path, expected: "a JSON file")
        if data.starts(with: byteOrderMark) {
            throw .unreadable(
                file: path,
                reason: "it starts with a UTF-8 byte-order mark (bytes EF BB BF), which JSON files must not have; "
                    + "save it as UTF-8 without BOM")
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw .syntax(file: path, error)
        }
    }

    /// Reads a whole input file (`-` is standard input) within ``maximumSize``; `expected` names
    /// the kind of file in the message for a folder ("a JSON file").
    public static func readBytes(_ path: String, expected: String) throws(InputError) -> Data {
        let data: Data
        do {
            if path == "-" {
                data = try FileHandle.standardInput.read(upToCount: maximumSize + 1) ?? Data()
                if data.count > maximumSize {
                    throw InputError.unreadable(
                        file: path,
                        reason: "it is more than the \(maximumSize >> 20) MB accepted (--max-input-mb raises it)")
                }
            } else {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                if attributes[.type] as? FileAttributeType == .typeDirectory {
                    throw InputError.unreadable(file: path, reason: "it is a folder, expected \(expected)")
                }
                if let size = attributes[.size] as? Int, size > maximumSize {
                    throw InputError.unreadable(
                        file: path,
                        reason: "it is \(size) bytes, more than the \(maximumSize >> 20) MB accepted (--max-input-mb "
                            + "raises it); nothing was read")
                }
                data = try FileContents.data(path)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw .unreadable(file: path, reason: describe(error))
        }
        return data
    }

    /// Reads, parses and validates an instance file.
    public static func loadInstance(_ path: String) throws(InputError) -> InstanceDecoder.Decoded {
        try load(path, InstanceDecoder().decode)
    }

    /// Reads and parses a roster file (it is checked against an instance separately).
    public static func loadRoster(_ path: String) throws(InputError) -> Roster {
        try load(path, RosterDecoder().decode)
    }

    /// Reads and parses the JSON file at `path` and decodes it with `decode`; the document's
    /// problems are reported against the file.
    static func load<Value, Failure: DocumentProblems>(
        _ path: String, _ decode: (JSONValue) throws(Failure) -> Value
    ) throws(InputError) -> Value {
        let document = try readJSON(path)
        do {
            return try decode(document)
        } catch {
            throw .invalid(file: path, problems: error.problems)
        }
    }

    /// Whether two paths name the same existing file (same device and inode, however spelled).
    public static func isSameFile(_ first: String, _ second: String) -> Bool {
        guard first != "-", second != "-" else { return false }
        var a = stat()
        var b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain,
            nsError.code == NSFileReadNoSuchFileError || nsError.code == NSFileNoSuchFileError
        {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}
