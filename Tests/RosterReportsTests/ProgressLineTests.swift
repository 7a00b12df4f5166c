import Foundation
import RosterKit
import Synchronization
import Testing

@testable import RosterReports

@Suite("Progress line")
struct ProgressLineTests {
    final class Recorder: Sendable {
        let writes = Mutex<[String]>([])
        let now = Mutex<Double>(0)
        var all: [String] { writes.withLock { $0 } }
    }

    static func line(enabled: Bool, recorder: Recorder) -> ProgressLine {
        ProgressLine(
            enabled: enabled, minimumInterval: 0.2, clock: { recorder.now.withLock { $0 } },
            output: { text in recorder.writes.withLock { $0.append(text) } })
    }

    static let progress = SolveProgress(solver: "glpk", elapsed: 12.34, incumbent: 24180, bound: 24000)

    @Test func showsElapsedIncumbentBoundAndGap() {
        #expect(ProgressLine.text(Self.progress) == "glpk  12.3 s  best 24180  bound 24000  gap 0.74%")
        #expect(
            ProgressLine.text(SolveProgress(solver: "greedy", elapsed: 0.5, incumbent: nil, bound: nil))
                == "greedy  0.5 s  best -  bound -")
    }

    @Test func redrawsInPlaceAtMostFiveTimesASecond() {
        let recorder = Recorder()
        let line = Self.line(enabled: true, recorder: recorder)
        for step in 0..<20 {
            recorder.now.withLock { $0 = Double(step) * 0.05 }  // 20 updates over one second
            line.update(Self.progress)
        }
        #expect(recorder.all.count == 5)
        #expect(recorder.all.allSatisfy { $0.hasPrefix("\r\u{1B}[2K") && !$0.contains("\n") })
        line.finish()
        #expect(recorder.all.last == "\r\u{1B}[2K")
    }

    @Test func silentWhenDisabled() {
        let recorder = Recorder()
        let line = Self.line(enabled: false, recorder: recorder)
        line.update(Self.progress)
        line.finish()
        #expect(recorder.all.isEmpty)
    }

    @Test func finishClearsOnlyWhatWasDrawn() {
        let recorder = Recorder()
        Self.line(enabled: true, recorder: recorder).finish()
        #expect(recorder.all.isEmpty)
    }

    @Test func quietOrNotATerminalMeansDisabled() {
        #expect(!ProgressLine(quiet: true).isEnabled)
        // Under `swift test` standard error is a pipe or a file, not a terminal.
        #expect(ProgressLine(quiet: false).isEnabled == (isatty(2) == 1))
    }
}
