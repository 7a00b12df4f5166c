/// An id that cannot be mixed up with another entity's id: `Identifier<Patient>` is not an
/// `Identifier<Clinician>`, though both are written as plain strings in the files.
///
/// Ids are equal when they are spelled alike (see ``Spelling``): `"é"` and `"e\u{301}"` are two
/// patients, as they are to the shared checker.
public struct Identifier<Entity>: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id as written in the files.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps an id as written.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func == (lhs: Self, rhs: Self) -> Bool { Spelling(lhs.rawValue) == Spelling(rhs.rawValue) }
    public func hash(into hasher: inout Hasher) { Spelling(rawValue).hash(into: &hasher) }
    public static func < (lhs: Self, rhs: Self) -> Bool { Spelling(lhs.rawValue) < Spelling(rhs.rawValue) }
}

/// A patient's id (`p001`).
public typealias PatientID = Identifier<Patient>
/// A clinician's id (`c1`).
public typealias ClinicianID = Identifier<Clinician>
/// A room's id (`R1`).
public typealias RoomID = Identifier<Room>
