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
