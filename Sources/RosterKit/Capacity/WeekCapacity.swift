/// What the week can hold at most, counted from each resource alone: the hours patients' own
/// constraints allow, the group-hours clinicians can lead and the patient-hours they and the
/// rooms can seat. Each is a relaxation of the spec's rules, so the unmet hours they force are
/// a valid lower bound on every roster's unmet hours.
///
/// ```swift
/// let capacity = WeekCapacity(instance)
/// print(capacity.forcedUnmetHours)   // hours no roster can place
/// ```
public struct WeekCapacity: Sendable {
    /// The instance measured.
    public let instance: Instance
    /// Each patient's cap from their own constraints, in instance order.
    public let caps: [HoursCap]
    /// Hours the patients ask for in the week.
    public let prescribedHours: Int
    /// Hours the patients could take at most, each within their own cap.
    public let demand: Int
    /// Group-hours the clinicians can lead, within their availability and limits.
    public let groupHours: Int
    /// Patient-hours the clinicians' groups can seat (each group at the largest size its modalities allow).
    public let clinicianSeats: Int
    /// Patient-hours the rooms can seat, when the week plans rooms.
    public let roomSeats: Int?
    /// Group-hours the rooms can host (their available one-hour slots); 0 when rooms are not planned.
    public let roomHours: Int

    /// Measures `instance`: each patient's cap, and the seats clinicians and rooms offer.
    public init(_ instance: Instance) {
        self.instance = instance
        caps = instance.patients.map { HoursCap($0, instance: instance) }
        prescribedHours = instance.patients.reduce(0) { $0 + max(0, $1.weeklyHours) }
        demand = caps.reduce(0) { $0 + $1.hours }
        let policy = instance.policy
        // A set: clinicians may list thousands of modalities.
        let listed = Set(instance.modalities)
        let leadable = instance.clinicians.map { Self.leadableHours($0, instance: instance, listed: listed) }
        groupHours = leadable.reduce(0, +)
        clinicianSeats = zip(instance.clinicians, leadable).reduce(0) { total, pair in
            let largest =
                pair.0.modalities.filter(listed.contains).map { policy.sizeRange(for: $0).upperBound }.max() ?? 0
            return total + pair.1 * largest
        }
        let hosted = instance.rooms.map { Self.hostableHours($0, instance: instance) }
        roomHours = hosted.reduce(0, +)
        if instance.plansRooms {
            let largestGroup =
                instance.modalities.map { policy.sizeRange(for: $0).upperBound }.max() ?? policy.maxGroupSize
            roomSeats = zip(instance.rooms, hosted).reduce(0) { total, pair in
                total + pair.1 * min(pair.0.capacity, largestGroup)
            }
        } else {
            roomSeats = nil
        }
    }

    /// The most hours any roster can place: no more than patients, clinicians or rooms allow.
    public var placeableHours: Int { min(demand, clinicianSeats, roomSeats ?? Int.max) }

    /// Hours no roster can place.
    public var forcedUnmetHours: Int { max(0, prescribedHours - placeableHours) }

    /// A lower bound on every roster's objective total: the forced unmet hours at their weight
    /// (every other term is at least zero).
    public var lowerBound: Double { Double(forcedUnmetHours) * instance.policy.weights.unmetHour }

    /// The one-hour slots of the week a room is available at.
    public static func hostableHours(_ room: Room, instance: Instance) -> Int {
        instance.timeSlots.count { room.availability.allows($0.sessionDay) }
    }

    /// The most hours a clinician can lead: their available hours, within their daily and weekly limits.
    public static func leadableHours(_ clinician: Clinician, instance: Instance) -> Int {
        leadableHours(clinician, instance: instance, listed: Set(instance.modalities))
    }

    private static func leadableHours(_ clinician: Clinician, instance: Instance, listed: Set<Modality>) -> Int {
        guard clinician.modalities.contains(where: listed.contains) else { return 0 }
        let perDay = instance.days.map { day in
            let hours = instance.sessions.filter { clinician.availability.allows(SessionDay(day: day, session: $0.id)) }
                .reduce(0) { $0 + $1.hours }
            return min(hours, clinician.maxHoursPerDay ?? Int.max)
        }
        return min(perDay.reduce(0, +), clinician.maxHoursPerWeek ?? Int.max)
    }
}
