/// The most hours a patient can get from their own constraints alone: availability, one whole
/// session a day, `maxDaysPerWeek` and `weeklyHours`, whatever the clinicians and rooms.
///
/// Three caps are computed in turn, each no larger than the one before, so each reason says
/// what its own constraint takes away:
/// availability (one longest session per available day), then the best `maxDaysPerWeek` of
/// those days, then whole sessions adding up to at most `weeklyHours`.
public struct HoursCap: Sendable {
    /// The patient measured.
    public let patient: Patient
    /// Session-days the patient is available at, in calendar order.
    public let availableSessionDays: [SessionDay]
    /// Longest available session on each available day, summed over the week.
    public let availabilityHours: Int
    /// The same over the best `maxDaysPerWeek` days.
    public let dayLimitedHours: Int
    /// The most hours whole sessions give, one a day, within `maxDaysPerWeek` and `weeklyHours`.
    public let hours: Int

    /// Measures `patient` against the calendar of `instance`.
    public init(_ patient: Patient, instance: Instance) {
        self.patient = patient
        let sessionHours = Dictionary(
            instance.sessions.map { ($0.id, $0.hours) }, uniquingKeysWith: { first, _ in first })
        // Day by day, in calendar order (days are listed once, by any spelling): no grouping of
        // thousands of session-days by their day's name for each patient.
        var available: [SessionDay] = []
        var options: [[Int]] = []
        for day in instance.days {
            var hoursThatDay = Set<Int>()
            for session in instance.sessions {
                let sessionDay = SessionDay(day: day, session: session.id)
                guard patient.availability.allows(sessionDay) else { continue }
                available.append(sessionDay)
                if let hours = sessionHours[session.id] { hoursThatDay.insert(hours) }
            }
            options.append(hoursThatDay.sorted())
        }
        availableSessionDays = available
        let dayLimit = patient.maxDaysPerWeek ?? instance.days.count
        let longest = options.compactMap(\.last)
        availabilityHours = longest.reduce(0, +)
        dayLimitedHours = longest.sorted(by: >).prefix(max(0, dayLimit)).reduce(0, +)
        hours = Self.bestWholeSessions(options, dayLimit: dayLimit, weeklyHours: patient.weeklyHours)
    }

    /// The patient's prescription.
    public var weeklyHours: Int { patient.weeklyHours }
    /// Whether the patient's own constraints leave some hours impossible.
    public var isBinding: Bool { hours < weeklyHours }

    /// The most hours from at most one session a day, at most `dayLimit` days, at most `weeklyHours`.
    private static func bestWholeSessions(_ options: [[Int]], dayLimit: Int, weeklyHours: Int) -> Int {
        guard weeklyHours > 0, dayLimit > 0 else { return 0 }
        // No more days than the calendar has, and (a session lasts an hour or more) no more than
        // `weeklyHours`: on a calendar of a hundred days the table stays as small as the prescription.
        let dayLimit = min(dayLimit, weeklyHours, options.count)
        // reachable[d] = the hour totals reachable with exactly d days.
        var reachable: [Set<Int>] = [[0]] + Array(repeating: [], count: dayLimit)
        var daysSeen = 0
        for hoursThatDay in options where !hoursThatDay.isEmpty {
            daysSeen += 1
            // With `daysSeen - 1` days behind, no more of them can be in use.
            for days in stride(from: min(dayLimit, daysSeen) - 1, through: 0, by: -1) {
                for total in reachable[days] {
                    for hours in hoursThatDay where total + hours <= weeklyHours {
                        reachable[days + 1].insert(total + hours)
                    }
                }
            }
        }
        return reachable.compactMap { $0.max() }.max() ?? 0
    }
}
