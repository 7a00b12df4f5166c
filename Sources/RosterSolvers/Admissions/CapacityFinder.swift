import RosterKit

/// How many more typical patients a week can take with every hour placed.
///
/// ```swift
/// let estimate = CapacityFinder(instance: week, roster: roster).estimate(ceiling: 40)
/// print(estimate.mix.admissions)  // 7: the census' mix of tracks fits seven more patients
/// ```
///
/// A typical admission copies the census patient with the median weekly hours of a cohort and
/// track (see `AdmissionProfile`). For each profile alone, and for the census' mix, the number
/// of admissions is doubled and then bisected; each try re-plans around the roster
/// (``Replanner``, every other patient held to their current hours) and fits when every new
/// patient gets all their hours. The roster of the first try that does not fit is kept, so a
/// report can say what binds. The count assumes that what does not fit for n does not fit for
/// more, which holds for the seats and hours a week has but not always for one re-planning.
public struct CapacityFinder: Sendable {
    /// The week to measure.
    public let instance: Instance
    /// The week's roster (it must pass every hard rule).
    public let roster: Roster

    /// A finder for `instance` and its roster.
    public init(instance: Instance, roster: Roster) {
        self.instance = instance
        self.roster = roster
    }

    /// The census' cohorts and tracks, most patients first, each with a typical patient.
    public static func profiles(of instance: Instance) -> [AdmissionProfile] {
        var groups: [String: [Patient]] = [:]
        for patient in instance.patients where patient.weeklyHours > 0 {
            groups["\(patient.cohort)\u{1}\(patient.track.rawValue)", default: []].append(patient)
        }
        let profiles = groups.values.map { members -> AdmissionProfile in
            let sorted = members.sorted { ($0.weeklyHours, $0.id) < ($1.weeklyHours, $1.id) }
            var typical = sorted[(sorted.count - 1) / 2]
            typical.name = nil
            typical.previous = nil
            typical.separateFrom = []
            return AdmissionProfile(
                cohort: typical.cohort, track: typical.track, census: members.count, patient: typical)
        }
        return profiles.sorted { ($1.census, $0.label) < ($0.census, $1.label) }
    }

    /// Limits for each profile and for the mix, trying at most `ceiling` admissions, each try
    /// re-planning for at most `secondsPerTry`.
    public func estimate(ceiling: Int = 40, secondsPerTry: Double = 2) -> CapacityEstimate {
        let deadline = Deadline(seconds: 1e9)
        let profiles = Self.profiles(of: instance)
        let byProfile = profiles.map { profile in
            limit(ceiling: ceiling, seconds: secondsPerTry) { count in Array(repeating: profile.patient, count: count) }
        }
        let mix = limit(ceiling: ceiling, seconds: secondsPerTry) { count in Self.mix(of: profiles, count: count) }
        return CapacityEstimate(
            profiles: profiles, byProfile: byProfile, mix: mix, ceiling: ceiling, elapsed: deadline.elapsed)
    }

    /// `count` typical patients in the census' proportions (largest remainders, most common first).
    public static func mix(of profiles: [AdmissionProfile], count: Int) -> [Patient] {
        let census = profiles.reduce(0) { $0 + $1.census }
        guard census > 0 else { return [] }
        var shares = profiles.map { count * $0.census / census }
        let remainders = profiles.indices.sorted { lhs, rhs in
            let left = count * profiles[lhs].census % census
            let right = count * profiles[rhs].census % census
            return left != right ? left > right : lhs < rhs
        }
        for position in remainders.prefix(count - shares.reduce(0, +)) { shares[position] += 1 }
        // Interleaved, so that a prefix of the list keeps the mix.
        var patients: [Patient] = []
        var left = shares
        while patients.count < count {
            for position in profiles.indices where left[position] > 0 {
                patients.append(profiles[position].patient)
                left[position] -= 1
            }
        }
        return patients
    }

    // MARK: Searching

    private func limit(ceiling: Int, seconds: Double, _ patients: (Int) -> [Patient]) -> CapacityLimit {
        var fits = 0
        var failing: (count: Int, failure: CapacityFailure)?
        var count = 1
        while count <= ceiling {
            if let failure = attempt(patients(count), seconds: seconds) {
                failing = (count, failure)
                break
            }
            fits = count
            if count == ceiling { break }
            count = min(count * 2, ceiling)
        }
        while let bad = failing, bad.count - fits > 1 {
            let middle = (fits + bad.count) / 2
            if let failure = attempt(patients(middle), seconds: seconds) {
                failing = (middle, failure)
            } else {
                fits = middle
            }
        }
        return CapacityLimit(admissions: fits, failure: failing?.failure)
    }

    /// Nil when every one of `patients` gets all their hours; otherwise what was found.
    private func attempt(_ patients: [Patient], seconds: Double) -> CapacityFailure? {
        var admitted = instance
        var taken = Set(instance.patients.map(\.id))
        var ids: [PatientID] = []
        for patient in patients {
            var copy = patient
            var number = ids.count + 1
            while taken.contains(PatientID("admission-\(number)")) { number += 1 }
            copy.id = PatientID("admission-\(number)")
            taken.insert(copy.id)
            ids.append(copy.id)
            admitted.patients.append(copy)
        }
        let held = admitted.holdingHours(of: roster, except: Set(ids))
        // Completion around the held roster only, as before issue 16; a refused re-planning places no one.
        let replanner = Replanner(previous: roster, fullSearch: nil)
        let replanned =
            (try? replanner.replan(held, options: SolveOptions(timeLimit: seconds)))?.outcome.roster ?? roster
        let schedule = replanned.schedule()
        let placesAll = admitted.patients.suffix(ids.count).allSatisfy {
            (schedule[$0.id]?.count ?? 0) >= $0.weeklyHours
        }
        return placesAll ? nil : CapacityFailure(instance: held, roster: replanned, admitted: ids)
    }
}
