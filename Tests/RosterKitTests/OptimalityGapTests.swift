import RosterKit
import Testing

/// A roster is called optimal only when its total meets the proven bound, rounded up when
/// every weight is whole; otherwise its gap is told in points and percent.
@Suite("Optimality gap and status")
struct OptimalityGapTests {
    @Test func wholeWeightsRoundTheBoundUp() {
        let gap = OptimalityGap(total: 520_124, bound: 520_123.4, weights: Weights())
        #expect(gap.provenBound == 520_124)
        #expect(gap.isClosed)
        #expect(gap.sentence == "Proven optimal: no roster scores below 520124.")
    }

    @Test func aBoundJustAboveAWholeNumberIsNotRoundedPastIt() {
        #expect(OptimalityGap(total: 204, bound: 204.000000001, weights: Weights()).provenBound == 204)
    }

    @Test func fractionalWeightsKeepTheBoundAsItIs() {
        let weights = Weights(group: 2.5)
        let gap = OptimalityGap(total: 100, bound: 99.4, weights: weights)
        #expect(gap.provenBound == 99.4)
        #expect(!gap.isClosed)
    }

    @Test func anOpenGapIsToldInPointsAndPercent() {
        let gap = OptimalityGap(total: 520_441, bound: 520_124, weights: Weights())
        #expect(gap.points == 317)
        #expect(!gap.isClosed)
        #expect(gap.brief == "bound 520124, gap 317 points (0.06%)")
        #expect(gap.sentence.contains("at most 317 points (0.06%) above the optimum"))
    }

    @Test func percentKeepsATinyGapVisible() {
        #expect(OptimalityGap.percent(0) == "0.00%")
        #expect(OptimalityGap.percent(0.00001) == "<0.01%")
        #expect(OptimalityGap.percent(0.0605) == "6.05%")
        #expect(OptimalityGap.percent(0.29) == "29.00%")
    }

    static func outcome(_ status: SolveStatus, bound: Double?) -> SolveOutcome {
        SolveOutcome(roster: .empty, solver: "test", status: status, detail: "", bound: bound, elapsed: 0)
    }

    @Test func optimalWithinARelativeGapBecomesFeasible() {
        var outcome = Self.outcome(.optimal, bound: 118_411)
        outcome.settleStatus(total: 118_421, weights: Weights())
        #expect(outcome.status == .feasible)
    }

    @Test func aClosedGapIsOptimalWhateverTheSolverSaid() {
        for status in [SolveStatus.feasible, .timeLimit, .fallback, .heuristic] {
            var outcome = Self.outcome(status, bound: 203.2)
            outcome.settleStatus(total: 204, weights: Weights())
            #expect(outcome.status == .optimal, "\(status)")
        }
    }

    @Test func anOpenGapKeepsTheStatusThatSaysWhyTheSearchStopped() {
        for status in [SolveStatus.feasible, .timeLimit, .interrupted, .fallback] {
            var outcome = Self.outcome(status, bound: 539)
            outcome.settleStatus(total: 565, weights: Weights())
            #expect(outcome.status == status)
        }
    }

    @Test func withoutABoundNothingIsOptimal() {
        var outcome = Self.outcome(.optimal, bound: nil)
        outcome.settleStatus(total: 10, weights: Weights())
        #expect(outcome.status == .feasible)
        var heuristic = Self.outcome(.heuristic, bound: nil)
        heuristic.settleStatus(total: 10, weights: Weights())
        #expect(heuristic.status == .heuristic)
    }
}
