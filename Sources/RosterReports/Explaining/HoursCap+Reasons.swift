import RosterKit

extension HoursCap {
    /// The reasons the patient's own constraints take hours away, each with the cap it leaves.
    func reasons(instance: Instance) -> [UnmetReason] {
        var reasons: [UnmetReason] = []
        let afterAvailability = min(weeklyHours, availabilityHours)
        if availabilityHours < weeklyHours {
            let sentence =
                if availableSessionDays.isEmpty {
                    "not available at any session-day: 0 of \(weeklyHours) hours"
                } else if availableSessionDays.count == instance.sessionDays.count {
                    "the week's sessions hold at most \(availabilityHours) of \(weeklyHours) hours (one session a day)"
                } else {
                    "available only at \(TextLayout.list(availableSessionDays.map(\.description))): at most "
                        + "\(availabilityHours) of \(weeklyHours) hours"
                }
            reasons.append(UnmetReason(.availability, sentence, sessionDays: availableSessionDays))
        }
        let afterDays = min(afterAvailability, dayLimitedHours)
        if dayLimitedHours < afterAvailability, let limit = patient.maxDaysPerWeek {
            let sentence =
                limit == 0
                ? "maxDaysPerWeek 0 allows no hours"
                : "maxDaysPerWeek \(limit) allows at most \(dayLimitedHours) of \(weeklyHours) hours"
            reasons.append(UnmetReason(.maxDaysPerWeek, sentence))
        }
        if hours < afterDays {
            let lengths = Set(instance.sessions.map(\.hours))
            let sentence =
                if lengths.count == 1, let length = lengths.first {
                    "\(weeklyHours) weekly hours is not a multiple of the \(length)-hour session: at most \(hours)"
                } else {
                    "\(weeklyHours) weekly hours cannot be made of whole sessions ("
                        + instance.sessions.map { "\($0.id) \($0.hours) hours" }.joined(separator: ", ")
                        + ") on the available days: at most \(hours)"
                }
            reasons.append(UnmetReason(.wholeSessions, sentence))
        }
        return reasons
    }
}
