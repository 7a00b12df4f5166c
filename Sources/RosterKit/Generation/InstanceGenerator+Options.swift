extension InstanceGenerator {
    /// What to generate. Every field has a default except the number of patients.
    public struct Options: Hashable, Sendable {
        /// How many patients (1 or more).
        public var patients: Int
        /// Seed of every random choice: the same options give a byte-identical instance.
        public var seed: UInt64 = 1
        /// The instance's name; `nil` for `gen-<patients>p-s<seed>`.
        public var name: String?
        /// ISO date of the week's Monday.
        public var weekOf = "2026-11-30"
        /// The daily sessions the program runs, in any order (they are listed in calendar order).
        public var sessions: [SessionKind] = [.morning]
        /// Share of patients in the adolescent cohort (their groups never mix with adults').
        public var adolescentShare = 0.0
        /// Share of patients stepping down to 6 hours a week.
        public var stepDownShare = 0.15
        /// Share of patients who were in the program last week (they carry `previous`).
        public var continuingShare = 0.7
        /// Pairs of patients who must be kept apart; `nil` for one pair per 40 patients (at least one).
        public var separations: Int?
        /// Share of patients who can come on one day only this week.
        public var singleDayShare = 0.0
        /// Clinician group-hours offered per group-hour the patients need (below 1: scarce).
        public var clinicianSupply = 1.3
        /// Whether the instance lists rooms.
        public var rooms = true
        /// Rooms per group expected to meet at once at the busiest session (below 1: tight).
        public var roomSupply = 1.25
        /// Smallest and largest room capacity.
        public var roomCapacities: ClosedRange<Int> = 8...14

        /// Options for `patients` patients from `seed`, every other field at its default.
        public init(patients: Int, seed: UInt64 = 1) {
            self.patients = patients
            self.seed = seed
        }

        /// The largest instance the generator makes.
        public static let maximumPatients = 100_000

        /// The instance name used when `name` is `nil`.
        public var resolvedName: String { name ?? "gen-\(patients)p-s\(seed)" }

        /// The pairs to separate, the default filled in.
        public var resolvedSeparations: Int { separations ?? (patients >= 2 ? max(1, patients / 40) : 0) }

        /// Every reason these options cannot be used, in words; empty when they can.
        public var problems: [String] {
            var problems: [String] = []
            if !(1...Self.maximumPatients).contains(patients) {
                problems.append("patients must be between 1 and \(Self.maximumPatients), found \(patients)")
            }
            if !ISODate.isValid(weekOf) {
                problems.append("week-of must be an ISO date YYYY-MM-DD, found \"\(weekOf)\"")
            }
            if sessions.isEmpty { problems.append("sessions must list at least one of AM, PM, EVE") }
            if Set(sessions).count != sessions.count { problems.append("sessions lists a session twice") }
            for (label, share) in [
                ("adolescent-share", adolescentShare), ("step-down-share", stepDownShare),
                ("continuing-share", continuingShare), ("single-day-share", singleDayShare),
            ] where !(0...1).contains(share) {
                problems.append("\(label) must be between 0 and 1, found \(share)")
            }
            for (label, supply) in [("clinician-supply", clinicianSupply), ("room-supply", roomSupply)]
            where !(supply > 0 && supply <= 10) {
                problems.append("\(label) must be above 0 and at most 10, found \(supply)")
            }
            if roomCapacities.lowerBound < 1 { problems.append("room capacities must be 1 or more") }
            if let separations {
                let possible = patients * (patients - 1) / 2
                if separations < 0 || separations > min(possible, 2 * patients) {
                    problems.append(
                        "separations must be between 0 and \(max(0, min(possible, 2 * patients))) for "
                            + "\(patients) patients, found \(separations)")
                }
            }
            return problems
        }
    }

    /// The sessions a program can run: all three hours long, at the usual clinic times.
    public enum SessionKind: String, CaseIterable, Hashable, Sendable, Comparable {
        /// `AM`, 09:00-12:00.
        case morning = "AM"
        /// `PM`, 13:00-16:00.
        case afternoon = "PM"
        /// `EVE`, 17:30-20:30.
        case evening = "EVE"

        /// The session as the instance lists it: `AM` at 09:00, `PM` at 13:00, `EVE` at 17:30, each 3 hours.
        public var session: Session {
            switch self {
            case .morning: Session(id: "AM", start: "09:00", hours: 3)
            case .afternoon: Session(id: "PM", start: "13:00", hours: 3)
            case .evening: Session(id: "EVE", start: "17:30", hours: 3)
            }
        }

        /// How many adult patients come to this session when a program runs several (before normalising).
        var adultWeight: Double {
            switch self {
            case .morning: 0.5
            case .afternoon: 0.2
            case .evening: 0.3
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}
