import Foundation
import RosterKit
import Synchronization

/// One live status line on standard error while a solver runs: elapsed time, best objective,
/// bound and gap, redrawn in place (`\r` and clear-line) at most a few times a second.
///
/// It draws only when standard error is a terminal and not `quiet`; otherwise every call does
/// nothing, so logs and pipes never see it. Call ``finish()`` to clear the line at the end.
///
/// ```swift
/// let line = ProgressLine(quiet: quiet)
/// options.progress = { line.update($0) }
/// let outcome = try solver.solve(instance, options: options)
/// line.finish()
/// ```
public final class ProgressLine: Sendable {
    /// Fewest seconds between two redraws (0.2 s: at most 5 a second).
    public let minimumInterval: Double
    /// Whether anything is drawn; when `false`, ``update(_:)`` and ``finish()`` do nothing.
    public let isEnabled: Bool
    private let clock: @Sendable () -> Double
    private let output: @Sendable (String) -> Void
    private let state = Mutex(State())

    private struct State {
        var lastDraw: Double?
        var drawn = false
    }

    /// A line on standard error, enabled when it is a terminal and not `quiet`.
    public convenience init(quiet: Bool = false, minimumInterval: Double = 0.2) {
        self.init(
            enabled: !quiet && isatty(STDERR_FILENO) == 1, minimumInterval: minimumInterval,
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
            output: { text in FileHandle.standardError.write(Data(text.utf8)) })
    }

    /// A line written through `output`, timed by `clock` (seconds), for tests.
    init(
        enabled: Bool, minimumInterval: Double, clock: @escaping @Sendable () -> Double,
        output: @escaping @Sendable (String) -> Void
    ) {
        self.isEnabled = enabled
        self.minimumInterval = minimumInterval
        self.clock = clock
        self.output = output
    }

    /// Redraws the line with `progress`, unless the last redraw was less than `minimumInterval` ago.
    public func update(_ progress: SolveProgress) {
        guard isEnabled else { return }
        let now = clock()
        let draw = state.withLock { state -> Bool in
            if let last = state.lastDraw, now - last < minimumInterval { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        if draw { output(Self.clearLine + Self.text(progress)) }
    }

    /// Clears the line, if one was drawn.
    public func finish() {
        guard isEnabled else { return }
        let drawn = state.withLock { state in
            defer { state = State() }
            return state.drawn
        }
        if drawn { output(Self.clearLine) }
    }

    /// Carriage return, then erase the whole line (ANSI `EL 2`).
    static let clearLine = "\r\u{1B}[2K"

    /// `glpk  12.3 s  best 24180  bound 24000  gap 0.74%`, at most 79 characters.
    public static func text(_ progress: SolveProgress) -> String {
        var parts = ["\(progress.solver)", String(format: "%.1f s", progress.elapsed)]
        parts.append("best " + (progress.incumbent.map(JSONWriter.format) ?? "-"))
        parts.append("bound " + (progress.bound.map(JSONWriter.format) ?? "-"))
        if let gap = progress.gap { parts.append(String(format: "gap %.2f%%", gap * 100)) }
        let line = parts.joined(separator: "  ")
        return line.count > 79 ? String(line.prefix(79)) : line
    }
}
