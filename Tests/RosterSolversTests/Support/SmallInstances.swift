import RosterKit
import Testing

/// Hand-made instances small enough to know their optimum.
enum SmallInstances {
    /// `count` patients of one cohort, track DBT and secondary Psychoeducation, 3 hours a week.
    static func patients(
        _ count: Int, prefix: String = "p", cohort: String = Patient.defaultCohort, weeklyHours: Int = 3,
        previous: [SessionDay]? = nil, maxDays: Int? = nil, availability: Availability = .always
    ) -> [Patient] {
        (0..<count).map { number in
            Patient(
                id: PatientID("\(prefix)\(number + 1)"), cohort: cohort, track: "DBT", secondary: "Psychoeducation",
                weeklyHours: weeklyHours, availability: availability, maxDaysPerWeek: maxDays, previous: previous)
        }
    }

    static let morning = Session(id: "AM", start: "09:00", hours: 3)

    /// One clinician trained in DBT and Psychoeducation.
    static let leader = Clinician(id: "c1", modalities: ["DBT", "Psychoeducation"])

    /// Eight DBT patients, one morning: the optimum is DBT, DBT, then Psychoeducation
    /// (each patient needs a non-DBT hour; the secondary is cheapest): 3 groups x 2 + 8 x 3 = 30.
    static var oneGroup: Instance {
        Instance(name: "one-group", days: ["Mon"], sessions: [morning], clinicians: [leader], patients: patients(8))
    }

    /// As ``oneGroup`` over two days; everyone came on Tuesday last week: 30, no continuity break.
    static var continuity: Instance {
        Instance(
            name: "continuity", days: ["Mon", "Tue"], sessions: [morning], clinicians: [leader],
            patients: patients(8, previous: [SessionDay(day: "Tue", session: "AM")]))
    }

    /// As ``oneGroup`` plus three adolescents, too few for a group of their own: 9 unmet hours, 9030.
    static var cohortTooSmall: Instance {
        Instance(
            name: "cohort-too-small", days: ["Mon"], sessions: [morning], clinicians: [leader],
            patients: patients(8) + patients(3, prefix: "a", cohort: "adolescent"))
    }

    /// Sixteen patients, two clinicians, groups of exactly 8, and two separated pairs:
    /// two groups a slot, 6 x 2 + 16 x 3 = 60.
    static var separations: Instance {
        var people = patients(16)
        people[0].separateFrom = ["p2"]
        people[2].separateFrom = ["p4", "p5"]
        return Instance(
            name: "separations", days: ["Mon"], sessions: [morning],
            policy: Policy(minGroupSize: 8, maxGroupSize: 8),
            clinicians: [leader, Clinician(id: "c2", modalities: ["DBT", "Psychoeducation"])], patients: people)
    }

    /// Four hours prescribed, three-hour sessions, one day: 1 unmet hour each, 8000 + 30.
    static var oddHours: Instance {
        Instance(
            name: "odd-hours", days: ["Mon"], sessions: [morning], clinicians: [leader],
            patients: patients(8, weeklyHours: 4))
    }

    /// Nine hours prescribed but at most two days, over three days: 6 hours each, 3 unmet:
    /// 24000 + 2 mornings x 30.
    static var dayLimit: Instance {
        Instance(
            name: "day-limit", days: ["Mon", "Tue", "Wed"], sessions: [morning], clinicians: [leader],
            patients: patients(8, weeklyHours: 9, maxDays: 2))
    }

    /// Nobody is prescribed anything: the empty roster, objective 0.
    static var zeroHours: Instance {
        Instance(
            name: "zero-hours", days: ["Mon"], sessions: [morning], clinicians: [leader],
            patients: patients(8, weeklyHours: 0))
    }

    /// No clinician at all: the empty roster, every hour unmet (24000).
    static var noClinicians: Instance {
        Instance(name: "no-clinicians", days: ["Mon"], sessions: [morning], clinicians: [], patients: patients(8))
    }

    /// The only room seats 7, fewer than any group's minimum: the empty roster (24000).
    static var roomTooSmall: Instance {
        Instance(
            name: "room-too-small", days: ["Mon"], sessions: [morning], clinicians: [leader],
            rooms: [Room(id: "R1", capacity: 7)], patients: patients(8))
    }

    /// Everyone comes Wednesday only, out of five days, with rooms: 30.
    static var oneDayOnly: Instance {
        Instance(
            name: "one-day-only", days: ["Mon", "Tue", "Wed", "Thu", "Fri"], sessions: [morning], clinicians: [leader],
            rooms: [Room(id: "R1", capacity: 8), Room(id: "R2", capacity: 12)],
            patients: patients(8, availability: Availability([AvailabilityPattern(day: "Wed", session: nil)])))
    }

    /// A hand-made instance and its optimal objective total.
    struct KnownOptimum: Sendable, CustomTestStringConvertible {
        var instance: Instance
        var optimum: Double
        var testDescription: String { instance.name ?? "unnamed" }
    }

    static let withOptimum: [KnownOptimum] = [
        KnownOptimum(instance: oneGroup, optimum: 30), KnownOptimum(instance: continuity, optimum: 30),
        KnownOptimum(instance: cohortTooSmall, optimum: 9030), KnownOptimum(instance: separations, optimum: 60),
        KnownOptimum(instance: oddHours, optimum: 8030), KnownOptimum(instance: dayLimit, optimum: 24060),
        KnownOptimum(instance: zeroHours, optimum: 0), KnownOptimum(instance: noClinicians, optimum: 24000),
        KnownOptimum(instance: roomTooSmall, optimum: 24000), KnownOptimum(instance: oneDayOnly, optimum: 30),
    ]
}
