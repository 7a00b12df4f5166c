/// A parsed JSON document that keeps what the planner's files need and Foundation blurs:
/// whole numbers apart from fractions (`9` is a whole number, `9.0` is not), booleans apart
/// from numbers, and the order of object members.
public enum JSONValue: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int`.
    case integer(Int)
    /// A number written without fraction or exponent that does not fit in `Int`, as written
    /// (`123456789012345678901234`), so messages can say it is out of range rather than fractional.
    case largeInteger(String)
    /// Any other number.
    case number(Double)
    /// A string, escapes resolved.
    case string(String)
    /// A list, elements in order.
    case array([JSONValue])
    /// An object, members in the order written.
    case object(JSONObject)

    /// The kind of value, in the words error messages use ("a string", "a whole number").
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "a whole number"
        case .largeInteger: "a whole number beyond 64 bits"
        case .number: "a fractional number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// The text of a string, or `nil` for any other kind.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value of a whole number that fits in `Int`, or `nil` for any other kind.
    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value of any JSON number, whole or not.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .largeInteger(let digits): Double(digits)
        case .number(let value): value
        default: nil
        }
    }

    /// The elements of a list, or `nil` for any other kind.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members of an object, or `nil` for any other kind.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }
}

/// A JSON object: members in the order written, looked up by key as spelled (``Spelling``).
public struct JSONObject: Equatable, Sendable {
    /// The members in the order written or assigned.
    public private(set) var members: [(key: String, value: JSONValue)] = []
    private var index: [Spelling: Int] = [:]

    /// An empty object.
    public init() {}

    /// An object of `members` in order; a repeated key keeps its first position and its last value.
    public init(_ members: [(String, JSONValue)]) {
        for (key, value) in members { self[key] = value }
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The member's value; assigning `nil` removes it, assigning a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { index[key].map { members[$0].value } }
        set {
            if let position = index[key] {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    index = Dictionary(uniqueKeysWithValues: members.enumerated().map { (Spelling($1.key), $0) })
                }
            } else if let newValue {
                index[Spelling(key)] = members.count
                members.append((key, newValue))
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { Spelling($0.key) == Spelling($1.key) && $0.value == $1.value }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    /// A whole number: `let hours: JSONValue = 9`.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A boolean: `true`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A list: `["Mon-AM", "Tue-AM"]`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object with members in the literal's order: `["slot": 1]`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
}
