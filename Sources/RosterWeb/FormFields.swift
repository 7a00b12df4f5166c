import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, first value per name.
public struct FormFields: Sendable, Equatable {
    private var values: [String: String]

    /// Fields with these values (for tests and for building forms).
    public init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses `a=1&b=two+words&c=%3C`; a field without `=` is an empty value.
    public init(urlEncoded body: String) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            guard !name.isEmpty, values[name] == nil else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
        self.values = values
    }

    /// The field's value, decoded but not trimmed (empty when sent empty), or `nil` when it was not sent.
    public subscript(name: String) -> String? { values[name] }

    /// The field's value, trimmed; throws ``BadInput`` naming the field when it is missing or empty.
    public func required(_ name: String, label: String? = nil) throws -> String {
        let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !value.isEmpty else { throw BadInput(field: name, expected: "\(label ?? name) is required") }
        return value
    }

    /// The field as a whole number of at least 0; throws ``BadInput`` naming the field otherwise.
    public func count(_ name: String, label: String) throws -> Int {
        guard let value = Int(try required(name, label: label)), value >= 0 else {
            throw BadInput(field: name, expected: "\(label) must be a whole number of 0 or more")
        }
        return value
    }

    /// These fields without the named ones (a form kept for later, without its CSRF token).
    public func removing(_ names: Set<String>) -> FormFields {
        FormFields(values.filter { !names.contains($0.key) })
    }

    /// `application/x-www-form-urlencoded` of these fields, sorted by name (for tests and scripts).
    public var encoded: String {
        values.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(
            separator: "&")
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}

/// A form field that is missing or not what the page expects: a 400 page names it.
public struct BadInput: Error, Sendable, CustomStringConvertible {
    /// The form field's name, as the page's `<input name>`.
    public var field: String
    /// What was expected, in plain words (never the value itself: it may be a patient's name).
    public var expected: String

    public var description: String { "\(field): \(expected)" }
}
