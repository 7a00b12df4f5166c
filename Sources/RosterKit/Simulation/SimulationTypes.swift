/// One simulated week of the program: who came, who left, how the roster went.
public struct WeekMetrics: Hashable, Sendable {
    /// 1 for the first simulated week.
    public var week: Int
    /// Patients in the program this week (continuing and admitted).
    public var census: Int
    /// Arrivals this week (they join the waiting list first).
    public var arrivals: Int
    /// Patients admitted this week (from the waiting list, arrivals of this week included).
    public var admitted: Int
    /// Patients discharged at the end of this week (their stay is over).
    public var discharged: Int
    /// Patients still waiting after this week's admissions.
    public var waiting: Int
    /// Weeks waited by the patients admitted this week, summed (0 for a same-week admission).
    public var weeksWaitedByAdmitted: Int
    /// The longest wait this week, in weeks: of a patient admitted this week (weeks since their
    /// arrival) or of one still waiting after it (their arrival week included).
    public var longestWait: Int
    /// Continuing patients whose prescription stepped down this week.
    public var steppedDown: Int
    /// Group hours prescribed to this week's census.
    public var prescribedHours: Int
    /// Prescribed hours the week's roster places.
    public var placedHours: Int
    /// Prescribed hours the week's roster leaves unmet.
    public var unmetHours: Int
    /// Continuity breaks in the week's roster: attended session-days not in the patient's `previous`.
    public var continuityBreaks: Int
    /// Groups the week's roster runs.
    public var groups: Int
    /// Patient-hours per group.
    public var averageGroupSize: Double
    /// Groups over the clinician hours available (0...1).
    public var clinicianUtilisation: Double
    /// Groups over the room hours available (0...1); 0 when rooms are not planned.
    public var roomUtilisation: Double
    /// The week's objective total under the instance's weights.
    public var objective: Double

    /// Metrics of week `week` with every count zero, to be filled in as the week is simulated.
    public init(week: Int) {
        self.week = week
        census = 0
        arrivals = 0
        admitted = 0
        discharged = 0
        waiting = 0
        weeksWaitedByAdmitted = 0
        longestWait = 0
        steppedDown = 0
        prescribedHours = 0
        placedHours = 0
        unmetHours = 0
        continuityBreaks = 0
        groups = 0
        averageGroupSize = 0
        clinicianUtilisation = 0
        roomUtilisation = 0
        objective = 0
    }
}

/// A whole simulation: the base census, every week's metrics, and each week's roster.
public struct SimulationRun: Sendable {
    /// Patients in the base week.
    public var baseCensus: Int
    /// The metrics of each simulated week, in order.
    public var weeks: [WeekMetrics]
    /// Each week's instance and roster (every roster passes the checker against its instance).
    public var plans: [(instance: Instance, roster: Roster)]
    /// Every arrival, by week.
    public var arrivals: [Arrival]

    /// Builds a run.
    public init(
        baseCensus: Int, weeks: [WeekMetrics], plans: [(instance: Instance, roster: Roster)], arrivals: [Arrival] = []
    ) {
        self.baseCensus = baseCensus
        self.weeks = weeks
        self.plans = plans
        self.arrivals = arrivals
    }

    /// Patients waiting at the end of the last week.
    public var finalWaiting: Int { weeks.last?.waiting ?? 0 }
    /// The longest any patient waited.
    public var longestWait: Int { weeks.map(\.longestWait).max() ?? 0 }
    /// Unmet prescribed hours over all weeks.
    public var unmetHours: Int { weeks.reduce(0) { $0 + $1.unmetHours } }
    /// The mean of the weekly clinician utilisation (0...1).
    public var meanClinicianUtilisation: Double {
        weeks.isEmpty ? 0 : weeks.reduce(0) { $0 + $1.clinicianUtilisation } / Double(weeks.count)
    }
    /// The mean of the weekly room utilisation (0...1).
    public var meanRoomUtilisation: Double {
        weeks.isEmpty ? 0 : weeks.reduce(0) { $0 + $1.roomUtilisation } / Double(weeks.count)
    }
}
