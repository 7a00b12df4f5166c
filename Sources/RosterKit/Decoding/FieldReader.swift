/// Reads the members of one JSON object at a known path, recording a problem for each member
/// that is missing or of the wrong type. Members nobody asked for are reported as warnings.
struct FieldReader {
    let object: JSONObject
    let path: JSONPath
    private var consulted: Set<String> = []

    init(_ object: JSONObject, at path: JSONPath) {
        self.object = object
        self.path = path
    }

    /// Reads `value` as an object, or records that an object was expected.
    static func object(_ value: JSONValue, at path: JSONPath, what: String, log: inout ProblemLog) -> FieldReader? {
        guard let object = value.objectValue else {
            log.fail(path, "expected \(what) (a JSON object), found \(value.kindDescription)")
            return nil
        }
        return FieldReader(object, at: path)
    }

    /// The member's value; `null` counts as absent, as in the shared checker.
    mutating func raw(_ key: String) -> JSONValue? {
        consulted.insert(key)
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    /// The member as `read` takes it (`\.stringValue`), or a problem saying it is missing (when
    /// `required`) or is not `expected` (`"a string"`).
    private mutating func member<Value>(
        _ key: String, expected: String, required: Bool, log: inout ProblemLog, _ read: (JSONValue) -> Value?
    ) -> Value? {
        guard let value = raw(key) else {
            if required { log.fail(path / key, "missing; expected \(expected)") }
            return nil
        }
        guard let member = read(value) else {
            log.fail(path / key, "expected \(expected), found \(value.kindDescription)")
            return nil
        }
        return member
    }

    mutating func string(_ key: String, required: Bool = false, log: inout ProblemLog) -> String? {
        member(key, expected: "a string", required: required, log: &log, \.stringValue)
    }

    /// The largest whole number an instance may hold (hours, sizes, capacities, limits): far above
    /// any real week, and small enough that sums and products over a whole instance cannot overflow.
    static let largestWholeNumber = 1_000_000

    /// A whole number from `minimum` to `maximum` (`true`/`false` and fractions are rejected).
    mutating func integer(
        _ key: String, minimum: Int, maximum: Int = largestWholeNumber, required: Bool = false, log: inout ProblemLog
    ) -> Int? {
        guard let value = raw(key) else {
            if required { log.fail(path / key, "missing; expected a whole number \(Self.range(from: minimum))") }
            return nil
        }
        if case .largeInteger(let digits) = value {
            log.fail(
                path / key, "expected a whole number from \(minimum) to \(maximum), found \(digits) (out of range)")
            return nil
        }
        guard let number = value.integerValue else {
            log.fail(path / key, "expected a whole number \(Self.range(from: minimum)), found \(Self.describe(value))")
            return nil
        }
        guard number >= minimum else {
            log.fail(path / key, "expected a whole number \(Self.range(from: minimum)), found \(number)")
            return nil
        }
        guard number <= maximum else {
            log.fail(path / key, "expected a whole number from \(minimum) to \(maximum), found \(number)")
            return nil
        }
        return number
    }

    mutating func list(_ key: String, required: Bool = false, log: inout ProblemLog) -> [JSONValue]? {
        member(key, expected: "a list", required: required, log: &log, \.arrayValue)
    }

    mutating func nestedObject(_ key: String, log: inout ProblemLog) -> FieldReader? {
        guard let value = raw(key) else { return nil }
        return Self.object(value, at: path / key, what: "an object", log: &log)
    }

    /// Strings in a list; each non-string element is recorded at its own path.
    mutating func strings(_ key: String, required: Bool = false, log: inout ProblemLog) -> [(index: Int, text: String)]?
    {
        guard let elements = list(key, required: required, log: &log) else { return nil }
        var result: [(Int, String)] = []
        for (index, element) in elements.enumerated() {
            if let text = element.stringValue {
                result.append((index, text))
            } else {
                log.fail(path / key / index, "expected a string, found \(element.kindDescription)")
            }
        }
        return result
    }

    /// Warns about members this reader was never asked for (likely typos).
    func warnAboutUnknownMembers(log: inout ProblemLog) {
        for key in object.keys where !consulted.contains(key) {
            log.warn(path / key, "unknown field, ignored")
        }
    }

    static func range(from minimum: Int) -> String {
        switch minimum {
        case 0: "(0 or more)"
        case 1: "(1 or more)"
        default: "(\(minimum) or more)"
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let number): "\(number) (\(value.kindDescription))"
        case .bool(let flag): "\(flag)"
        default: value.kindDescription
        }
    }
}
