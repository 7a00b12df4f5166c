/// A group type such as CBT or DBT; the instance lists which exist. Compared as spelled (``Spelling``).
public struct Modality: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The modality's name as written in the instance (`DBT`).
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func == (lhs: Self, rhs: Self) -> Bool { Spelling(lhs.rawValue) == Spelling(rhs.rawValue) }
    public func hash(into hasher: inout Hasher) { Spelling(rawValue).hash(into: &hasher) }
    public static func < (lhs: Self, rhs: Self) -> Bool { Spelling(lhs.rawValue) < Spelling(rhs.rawValue) }

    /// The modalities an instance has when it lists none.
    public static let defaults: [Modality] = ["CBT", "DBT", "Mindfulness", "Psychoeducation"]
}

/// A daily session (morning, afternoon, evening): `hours` consecutive one-hour slots.
public struct Session: Hashable, Sendable {
    /// The session's id, as written in session-days (`AM`).
    public var id: String
    /// Start time as written, `HH:MM`.
    public var start: String
    /// Number of consecutive one-hour slots.
    public var hours: Int

    /// Builds a session starting at `start` (`HH:MM`) with `hours` one-hour slots.
    public init(id: String, start: String, hours: Int) {
        self.id = id
        self.start = start
        self.hours = hours
    }

    /// Minutes after midnight of the start, or `nil` when `start` is not `HH:MM`.
    public var startMinutes: Int? { Self.minutes(fromClockTime: start) }

    /// Slot numbers, 1 through `hours`.
    public var slots: ClosedRange<Int> { 1...max(hours, 1) }

    /// Parses `HH:MM` (hours 00-23, minutes 00-59) into minutes after midnight.
    public static func minutes(fromClockTime text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}

/// One session on one day, written `DAY-SESSION` (`Mon-AM`); day and session compared as spelled.
public struct SessionDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The day, as listed in ``Instance/days`` (`Mon`).
    public var day: String
    /// The session id (`AM`).
    public var session: String

    /// Builds the session-day `day-session`.
    public init(day: String, session: String) {
        self.day = day
        self.session = session
    }

    /// Splits `DAY-SESSION` at the first dash, as the shared checker does (a dash followed by a
    /// combining mark is still a dash).
    public init?(parsing text: String) {
        let scalars = text.unicodeScalars
        guard let dash = scalars.firstIndex(of: "-") else { return nil }
        self.init(day: String(scalars[..<dash]), session: String(scalars[scalars.index(after: dash)...]))
    }

    public var description: String { "\(day)-\(session)" }

    private var key: (Spelling, Spelling) { (Spelling(day), Spelling(session)) }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key.0)
        hasher.combine(key.1)
    }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.key < rhs.key }
}

/// One hour: a session-day and a slot number within the session.
public struct TimeSlot: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The session-day the hour belongs to.
    public var sessionDay: SessionDay
    /// The slot number within the session, from 1.
    public var slot: Int

    /// Builds slot number `slot` (from 1) of `sessionDay`.
    public init(_ sessionDay: SessionDay, slot: Int) {
        self.sessionDay = sessionDay
        self.slot = slot
    }

    /// The day of the session-day.
    public var day: String { sessionDay.day }
    /// The session id of the session-day.
    public var session: String { sessionDay.session }
    public var description: String { "\(sessionDay) slot \(slot)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.sessionDay, lhs.slot) < (rhs.sessionDay, rhs.slot) }
}

/// A session-day pattern where either side may be `*`: `Mon-AM`, `*-EVE`, `Tue-*`, `*-*`.
public struct AvailabilityPattern: Hashable, Sendable, CustomStringConvertible {
    /// The day, or `nil` for `*`.
    public var day: String?
    /// The session, or `nil` for `*`.
    public var session: String?

    /// Builds a pattern; `nil` on either side matches every day or every session.
    public init(day: String?, session: String?) {
        self.day = day
        self.session = session
    }

    /// Parses `DAY-SESSION`, where either side may be `*`; `nil` when the text has no dash.
    public init?(parsing text: String) {
        guard let parts = SessionDay(parsing: text) else { return nil }
        self.init(day: parts.day == "*" ? nil : parts.day, session: parts.session == "*" ? nil : parts.session)
    }

    /// Whether the pattern covers `sessionDay` (names compared as spelled).
    public func matches(_ sessionDay: SessionDay) -> Bool {
        (day.map { Spelling($0) == Spelling(sessionDay.day) } ?? true)
            && (session.map { Spelling($0) == Spelling(sessionDay.session) } ?? true)
    }

    public var description: String { "\(day ?? "*")-\(session ?? "*")" }
}

/// When someone or something can be scheduled: every session-day unless patterns are given.
public struct Availability: Hashable, Sendable {
    /// The patterns, or `nil` for "available at every session-day". An empty list means never.
    public var patterns: [AvailabilityPattern]?

    /// Builds an availability from patterns; `nil` means always available, `[]` never.
    public init(_ patterns: [AvailabilityPattern]?) { self.patterns = patterns }

    /// Available at every session-day (no patterns given).
    public static let always = Availability(nil)

    /// Whether some pattern covers `sessionDay`; always `true` when no patterns are given.
    public func allows(_ sessionDay: SessionDay) -> Bool {
        patterns?.contains { $0.matches(sessionDay) } ?? true
    }

    /// This availability without the `removed` session-days: each pattern that covers one of them
    /// is replaced by the session-days of `sessionDays` it covers and that stay, other patterns are
    /// kept as written (what a scenario's `clinicianUnavailable` does, and a room out on some days).
    public func excluding(_ removed: Set<SessionDay>, of sessionDays: [SessionDay]) -> Availability {
        var kept: [AvailabilityPattern] = []
        for pattern in patterns ?? [AvailabilityPattern(day: nil, session: nil)] {
            let matched = sessionDays.filter(pattern.matches)
            if matched.contains(where: removed.contains) {
                kept += matched.filter { !removed.contains($0) }.map {
                    AvailabilityPattern(day: $0.day, session: $0.session)
                }
            } else {
                kept.append(pattern)
            }
        }
        var seen: Set<AvailabilityPattern> = []
        return Availability(kept.filter { seen.insert($0).inserted })
    }
}
