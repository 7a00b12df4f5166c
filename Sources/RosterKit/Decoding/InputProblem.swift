/// One problem found in an input file: where (a JSON path such as `patients[17].track`) and
/// what was expected there.
///
/// Messages name ids, paths and calendar values, never a patient's free-text fields. A wrong
/// value inside a patient's entry (`previous`, `availability`, `separateFrom`) is located by its
/// path but not quoted: it may be a name typed where an id or a pattern belongs.
public struct InputProblem: Hashable, Sendable, CustomStringConvertible {
    /// The JSON path of the offending value; empty for the document itself.
    public var path: String
    /// What was expected or wrong there, in plain words.
    public var message: String

    /// Builds a problem at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A location inside a JSON document, printed the way people write it: `patients[3].availability[0]`.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    public private(set) var description: String

    /// The document itself (an empty path).
    public static let root = JSONPath(description: "")

    /// The path of member `key`: `.key`, or `["key"]` when the key is not letters, digits and `_`
    /// (control characters in it written `\u{1B}`, so a path never carries one to a terminal).
    public func member(_ key: String) -> JSONPath {
        let isPlain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        if isPlain { return JSONPath(description: description.isEmpty ? key : "\(description).\(key)") }
        return JSONPath(description: "\(description)[\"\(ControlCharacters.escaped(key))\"]")
    }

    /// The path of list element `index`: `[index]`.
    public func element(_ index: Int) -> JSONPath { JSONPath(description: "\(description)[\(index)]") }

    /// `path / "patients"` is `path.member("patients")`.
    public static func / (path: JSONPath, key: String) -> JSONPath { path.member(key) }
    /// `path / 3` is `path.element(3)`.
    public static func / (path: JSONPath, index: Int) -> JSONPath { path.element(index) }
}

/// Collects problems while a document is read, so one pass reports all of them.
struct ProblemLog {
    private(set) var problems: [InputProblem] = []
    private(set) var warnings: [InputProblem] = []

    /// Opens `document` as the JSON object `what` names (`"an instance"`) and runs `read` on its
    /// members with a fresh log: the document it read and the warnings met on the way; when the
    /// document is no object, `read` read nothing or logged a problem, throws `failure` of every
    /// problem, in document order.
    static func decoding<Value, Failure: Error>(
        _ document: JSONValue, as what: String, orThrow failure: ([InputProblem]) -> Failure,
        _ read: (_ root: inout FieldReader, _ log: inout ProblemLog) -> Value?
    ) throws(Failure) -> DecodedDocument<Value> {
        var log = ProblemLog()
        guard var root = FieldReader.object(document, at: .root, what: what, log: &log),
            let value = read(&root, &log), log.problems.isEmpty
        else { throw failure(log.problems) }
        return DecodedDocument(value: value, warnings: log.warnings)
    }

    mutating func fail(_ path: JSONPath, _ message: String) {
        problems.append(InputProblem(path: path.description, message: message))
    }

    /// Records a problem at a place that is not a JSON path (a CSV line: `line 4: weeklyHours`).
    mutating func fail(at place: String, _ message: String) {
        problems.append(InputProblem(path: place, message: message))
    }

    /// Records a warning at a place that is not a JSON path.
    mutating func warn(at place: String, _ message: String) {
        warnings.append(InputProblem(path: place, message: message))
    }

    mutating func warn(_ path: JSONPath, _ message: String) {
        warnings.append(InputProblem(path: path.description, message: message))
    }
}

/// An error that lists every problem of a document at once (an instance, a scenario, a roster).
public protocol DocumentProblems: Error, CustomStringConvertible {
    /// Every problem found, in document order.
    var problems: [InputProblem] { get }
}

extension DocumentProblems {
    /// The problems, one a line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A decoded document (an instance, a scenario) and the warnings (unknown fields) met on the way.
public struct DecodedDocument<Value: Sendable>: Sendable {
    /// The value the document describes, valid by the spec.
    public var value: Value
    /// Unknown members, each with its JSON path; they do not stop decoding.
    public var warnings: [InputProblem]
}

extension DecodedDocument where Value == Instance {
    /// The instance, valid by the spec.
    public var instance: Instance { value }
}

extension DecodedDocument where Value == Scenario {
    /// The scenario, not yet checked against a base instance.
    public var scenario: Scenario { value }
}
