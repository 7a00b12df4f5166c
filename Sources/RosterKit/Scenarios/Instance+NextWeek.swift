extension Instance {
    /// Next week's instance: every patient's `previous` is the session-days they attend in `roster`
    /// (`[]` for patients who attend none), and `weekOf` moves on by seven days when present.
    /// Everything else stays as it is.
    public func nextWeek(after roster: Roster) -> Instance {
        let index = InstanceIndex(self)
        var attended: [PatientID: Set<SessionDay>] = [:]
        for group in roster.groups {
            for patient in group.patients { attended[patient, default: []].insert(group.timeSlot.sessionDay) }
        }
        var next = self
        next.weekOf = weekOf.flatMap { ISODate.adding(days: 7, to: $0) } ?? weekOf
        for position in next.patients.indices {
            let days = attended[next.patients[position].id] ?? []
            next.patients[position].previous = days.sorted {
                (index.dayOrder[$0.day] ?? .max, index.sessionOrder[$0.session] ?? .max)
                    < (index.dayOrder[$1.day] ?? .max, index.sessionOrder[$1.session] ?? .max)
            }
        }
        return next
    }
}

extension ISODate {
    /// The ISO date `days` after a valid `YYYY-MM-DD` date, or `nil` when `text` is not one.
    ///
    /// ```swift
    /// ISODate.adding(days: 7, to: "2026-12-28")  // "2027-01-04"
    /// ```
    public static func adding(days: Int, to text: String) -> String? {
        guard let date = components(text) else { return nil }
        let (year, month, day) = civil(fromDays: daysSinceEpoch(date.year, date.month, date.day) + days)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days from `start` to `end` (negative when `end` comes first), or `nil` when either is not a valid date.
    ///
    /// ```swift
    /// ISODate.days(from: "2026-12-28", to: "2027-01-04")  // 7
    /// ```
    public static func days(from start: String, to end: String) -> Int? {
        guard let first = components(start), let second = components(end) else { return nil }
        return daysSinceEpoch(second.year, second.month, second.day) - daysSinceEpoch(first.year, first.month, first.day)
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysSinceEpoch(_:_:_:)`` (`civil_from_days`).
    private static func civil(fromDays count: Int) -> (year: Int, month: Int, day: Int) {
        let z = count + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
