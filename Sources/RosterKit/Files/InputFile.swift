import Foundation

/// Why an input file could not be used: the file, and what is wrong with it.
public enum InputError: Error, Sendable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// The file is not well-formed JSON.
    case syntax(file: String, JSONSyntaxError)
    /// The JSON is well-formed but breaks the format; every problem with its JSON path.
    case invalid(file: String, problems: [InputProblem])

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
            return "\(file): \(problems.count) \(noun):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}

/// Reading the planner's JSON files.
public enum InputFile {
    /// The largest input accepted (a 2000-patient instance is about 1 MB).
    public static let maximumSize = 64 << 20

    /// Reads and parses a JSON file; `-` reads standard input.
    public static func readJSON(_ path: String) throws(InputError) -> JSONValue {
        let data: Data
        do {
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                if attributes[.type] as? FileAttributeType == .typeDirectory {
                    throw InputError.unreadable(file: path, reason: "it is a folder, expected a JSON file")
                }
                if let size = attributes[.size] as? Int, size > maximumSize {
                    throw InputError.unreadable(file: path, reason: "it is \(size) bytes, more than the \(maximumSize) accepted")
                }
                data = try FileContents.data(path)
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw .unreadable(file: path, reason: describe(error))
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw .syntax(file: path, error)
        }
    }

    /// Reads, parses and validates an instance file.
    public static func loadInstance(_ path: String) throws(InputError) -> InstanceDecoder.Decoded {
        let document = try readJSON(path)
        do {
            return try InstanceDecoder().decode(document)
        } catch {
            throw .invalid(file: path, problems: error.problems)
        }
    }

    /// Reads and parses a roster file (it is checked against an instance separately).
    public static func loadRoster(_ path: String) throws(InputError) -> Roster {
        let document = try readJSON(path)
        do {
            return try RosterDecoder().decode(document)
        } catch {
            throw .invalid(file: path, problems: error.problems)
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError || nsError.code == NSFileNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}
