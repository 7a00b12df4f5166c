extension GLPKSolver {
    /// The knobs of the GLPK search, with the defaults measured on the benchmark suite
    /// (`benchmarks/README.md` says how each was chosen). Shares are of the time left.
    public struct Tuning: Sendable, Equatable {
        /// Share of the time left that the first whole-program pass (the bound) gets.
        public var firstPassShare = 0.35
        /// Share of the first whole-program pass after which it stops if neither roster nor bound
        /// has moved (only when the search starts from a given roster): the neighbourhoods make
        /// better use of that time.
        public var stallShare = 0.2
        /// Largest program that gets root cuts. Cuts run without calling back (no deadline, no
        /// Ctrl-C); up to here they take well under a second.
        public var cutsColumnLimit = 1_500
        /// Largest program branched on by Driebeck and Tomlin's rule; larger ones take the most
        /// fractional variable, because the estimate costs seconds per node there without calling back.
        public var tableauBranchingColumnLimit = 3_000
        /// How close to the bound (relative) the roster must be before neighbourhoods search to
        /// proof (gap 0) instead of `farGap`.
        public var nearBound = 0.05
        /// The relative gap a neighbourhood stops at while the roster is far from the bound (the
        /// caller's default gap before the search ran to proof by default).
        public var farGap = 0.001
        /// How many random shares of the patients move in turn when reseating.
        public var reseatingParts = 4
        /// Rounds in a row without improvement after which cheap reseating gives way to the other
        /// neighbourhoods.
        public var reseatingPatience = 3
        /// A reseating round is cheap when it takes at most this share of the time left.
        public var cheapRoundShare = 0.01
        /// Seconds one reseating share may take: this share of the time left, within `reseatingSeconds`.
        public var reseatingShare = 0.1
        /// The shortest and longest seconds one reseating share may take.
        public var reseatingSeconds: ClosedRange<Double> = 1...5
        /// Seconds the relaxation-induced neighbourhood may take: this share of the time left, at most 10 s.
        public var relaxationShare = 0.15
        /// The most seconds the relaxation-induced neighbourhood may take.
        public var relaxationMaxSeconds = 10.0
        /// Share of the time left that a cycle of day windows splits among its windows, each within `windowSeconds`.
        public var windowShare = 0.8
        /// The shortest and longest seconds one day window may take.
        public var windowSeconds: ClosedRange<Double> = 1...10

        /// The measured defaults.
        public init() {}
    }
}
