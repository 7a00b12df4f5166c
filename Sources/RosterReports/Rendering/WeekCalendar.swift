import RosterKit

/// Clock times of time slots and, when the instance has `weekOf`, their dates.
///
/// Day `i` of the instance's `days` is `weekOf + i` days; slot `n` of a session starts
/// `n - 1` hours after the session's start. A slot past midnight falls on the next date.
struct WeekCalendar: Sendable {
    private let dayOrder: [Spelling: Int]
    private let sessionStarts: [String: Int]
    /// Days since 1970-01-01 of the week's first day, when `weekOf` is known.
    let firstDay: Int?

    init(_ instance: Instance) {
        dayOrder = Dictionary(
            instance.days.enumerated().map { (Spelling($1), $0) }, uniquingKeysWith: { first, _ in first })
        sessionStarts = Dictionary(
            instance.sessions.map { ($0.id, $0.startMinutes ?? 0) }, uniquingKeysWith: { first, _ in first })
        firstDay = instance.weekOf.flatMap(ISODate.daysSinceEpoch)
    }

    /// Minutes after midnight of the slot's day at which the slot starts (may exceed a day).
    func startMinutes(_ slot: TimeSlot) -> Int { (sessionStarts[slot.session] ?? 0) + (slot.slot - 1) * 60 }

    /// `09:00`, for the slot's start.
    func startText(_ slot: TimeSlot) -> String { Self.clock(startMinutes(slot)) }
    /// `10:00`, for the slot's end.
    func endText(_ slot: TimeSlot) -> String { Self.clock(startMinutes(slot) + 60) }
    /// `09:00-10:00`.
    func rangeText(_ slot: TimeSlot) -> String { "\(startText(slot))-\(endText(slot))" }

    /// The start and end of a session-day's slots, `09:00-12:00`.
    func rangeText(_ sessionDay: SessionDay, hours: Int) -> String {
        let start = startMinutes(TimeSlot(sessionDay, slot: 1))
        return "\(Self.clock(start))-\(Self.clock(start + hours * 60))"
    }

    /// The ISO date (`2026-11-30`) of a day of the week, when `weekOf` is known.
    func isoDate(ofDay day: String) -> String? {
        guard let firstDay, let offset = dayOrder[day] else { return nil }
        return ISODate.text(daysSinceEpoch: firstDay + offset)
    }

    /// The slot's start and end as iCalendar local date-times (`20261130T090000`), when `weekOf` is known.
    func localDateTimes(_ slot: TimeSlot) -> (start: String, end: String)? {
        guard let firstDay, let offset = dayOrder[slot.day] else { return nil }
        let start = startMinutes(slot)
        func stamp(_ minutes: Int) -> String {
            let date = String(ISODate.text(daysSinceEpoch: firstDay + offset + minutes / 1440).filter { $0 != "-" })
            let time = minutes % 1440
            return "\(date)T\(pad(time / 60))\(pad(time % 60))00"
        }
        return (stamp(start), stamp(start + 60))
    }

    /// `HH:MM` of minutes after midnight; times past midnight wrap to the next day's clock.
    static func clock(_ minutes: Int) -> String {
        let time = ((minutes % 1440) + 1440) % 1440
        return "\(pad(time / 60)):\(pad(time % 60))"
    }
}

private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
