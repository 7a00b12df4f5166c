extension Instance {
    /// The one-hour time slots of the week an availability allows.
    public func hours(allowedBy availability: Availability) -> Int {
        sessionDays.filter(availability.allows).reduce(0) { total, sessionDay in total + (session(sessionDay.session)?.hours ?? 0) }
    }

    /// Group hours the clinicians can lead in a week: each one's available hours, capped by their weekly limit.
    public var clinicianHoursAvailable: Int {
        clinicians.reduce(0) { $0 + min($1.maxHoursPerWeek ?? Int.max, hours(allowedBy: $1.availability)) }
    }

    /// Group hours the rooms can host in a week (0 when rooms are not planned).
    public var roomHoursAvailable: Int { rooms.reduce(0) { $0 + hours(allowedBy: $1.availability) } }
}
