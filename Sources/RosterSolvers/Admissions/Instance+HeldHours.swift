import RosterKit

extension Instance {
    /// The instance with every patient outside `newcomers` held to the hours `roster` gives them
    /// (never above their prescription), so that a re-planning around the roster works only on
    /// the newcomers' hours: others move only when that places more of them.
    func holdingHours(of roster: Roster, except newcomers: Set<PatientID>) -> Instance {
        var held = self
        let scheduled = roster.schedule()
        for position in held.patients.indices where !newcomers.contains(held.patients[position].id) {
            let hours = scheduled[held.patients[position].id]?.count ?? 0
            held.patients[position].weeklyHours = min(held.patients[position].weeklyHours, hours)
        }
        return held
    }
}
