import Foundation
import RosterKit

/// The same arrivals simulated under a baseline and program-level variants, side by side: a
/// table, one sentence per variant ("one more DBT clinician (c9) cuts the waiting list at the
/// end from 14 to 3"), JSON, CSV and a chart of the waiting list under each.
public struct SimulationComparison: Sendable {
    /// One simulated program: a label (`baseline`, or the variant as given), the variant in a few
    /// words for the sentences, and the run.
    public struct Column: Sendable {
        /// `baseline`, or the variant as given.
        public var label: String
        /// The variant in a few words for the sentences (`one more DBT clinician (c9)`).
        public var summary: String
        /// The simulation under the variant.
        public var run: SimulationRun
    }

    /// The baseline first, then the variants.
    public let columns: [Column]

    /// Compares `baseline` with each variant's run, in the order given.
    public init(baseline: SimulationRun, variants: [(variant: ProgramVariant, run: SimulationRun)]) {
        columns =
            [Column(label: "baseline", summary: "the baseline", run: baseline)]
            + variants.map { Column(label: $0.variant.label, summary: $0.variant.summary, run: $0.run) }
    }

    /// The measures compared, each with a header and how a run gives it.
    private static let measures: [(header: String, value: @Sendable (SimulationRun) -> JSONValue)] = [
        ("waitingAtEnd", { .integer($0.finalWaiting) }), ("longestWait", { .integer($0.longestWait) }),
        ("admitted", { .integer($0.weeks.reduce(0) { $0 + $1.admitted }) }),
        ("unmetHours", { .integer($0.unmetHours) }),
        ("censusAtEnd", { .integer($0.weeks.last?.census ?? 0) }),
        ("clinicianUtilisation", { .number(($0.meanClinicianUtilisation * 100).rounded() / 100) }),
        ("roomUtilisation", { .number(($0.meanRoomUtilisation * 100).rounded() / 100) }),
    ]

    // MARK: Table and sentences

    /// The terminal table: one row per program, then one sentence per variant.
    public var text: String {
        let headers = [
            "program", "waiting at end", "longest wait", "admitted", "unmet h", "census at end", "clinicians", "rooms",
        ]
        let rows =
            [headers]
            + columns.map { column in
                let run = column.run
                return [
                    TextLayout.isolated(column.label), "\(run.finalWaiting)", "\(run.longestWait) wk",
                    "\(run.weeks.reduce(0) { $0 + $1.admitted })",
                    "\(run.unmetHours)", "\(run.weeks.last?.census ?? 0)", Self.percent(run.meanClinicianUtilisation),
                    Self.percent(run.meanRoomUtilisation),
                ]
            }
        // Program labels come from files: isolated (see `TextLayout.isolated`), measured without the isolates.
        let widths = headers.indices.map { column in rows.map { TextLayout.width($0[column]) }.max() ?? 0 }
        let table = rows.map { row in
            row.indices.map { TextLayout.padded(row[$0], widths[$0], right: $0 > 0) }.joined(separator: "  ")
        }
        return (table + [""] + sentences).joined(separator: "\n") + "\n"
    }

    /// One sentence per variant against the baseline, on the waiting list at the end and the unmet hours.
    public var sentences: [String] {
        guard let baseline = columns.first?.run else { return [] }
        return columns.dropFirst().map { column in
            let before = baseline.finalWaiting
            let after = column.run.finalWaiting
            let waiting: String
            if after < before {
                waiting = "cuts the waiting list at the end from \(before) to \(after)"
            } else if after > before {
                waiting = "lengthens the waiting list at the end from \(before) to \(after)"
            } else {
                waiting = "leaves the waiting list at the end at \(before)"
            }
            let (oldHours, newHours) = (baseline.unmetHours, column.run.unmetHours)
            let (oldWait, newWait) = (Self.weeks(baseline.longestWait), Self.weeks(column.run.longestWait))
            let unmet =
                oldHours == newHours
                ? "unmet hours stay at \(oldHours)" : "unmet hours go from \(oldHours) to \(newHours)"
            let longest =
                baseline.longestWait == column.run.longestWait
                ? "the longest wait stays at \(oldWait)" : "the longest wait goes from \(oldWait) to \(newWait)"
            return TextLayout.isolated(Self.capitalised(column.summary)) + " \(waiting); \(longest); \(unmet)."
        }
    }

    private static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
    private static func weeks(_ count: Int) -> String { count == 1 ? "1 week" : "\(count) weeks" }
    private static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    // MARK: Files

    /// `folders[i]` is where the i-th program's weeks are written (`baseline`, `variant-1`, ...).
    public var folders: [String] { Self.folders(programs: columns.count) }

    /// The folders of the baseline and `programs - 1` variants: `baseline`, `variant-1`, ...
    public static func folders(programs: Int) -> [String] {
        (0..<programs).map { $0 == 0 ? "baseline" : "variant-\($0)" }
    }

    /// The comparison's own files, as `simulate --out` names them: JSON, CSV, the waiting chart.
    public static let fileNames = ["comparison.json", "comparison.csv", "waiting-by-variant.svg"]

    /// The comparison's own files named as `fileNames` says.
    public var files: [(name: String, text: String)] {
        Array(zip(Self.fileNames, [JSONWriter.write(json), csv, waitingChart.svg]))
    }

    /// `{"programs": [...], "sentences": [...]}`: each program's measures and folder, then one sentence per variant.
    public var json: JSONValue {
        let programs: [JSONValue] = zip(columns, folders).map { column, folder in
            var object = JSONObject()
            object["program"] = .string(column.label)
            object["folder"] = .string(folder)
            for measure in Self.measures { object[measure.header] = measure.value(column.run) }
            return .object(object)
        }
        return ["programs": .array(programs), "sentences": .array(sentences.map { .string($0) })]
    }

    /// One row per program with its folder and measures, CRLF line ends, header first.
    public var csv: String {
        let header = (["program", "folder"] + Self.measures.map(\.header)).joined(separator: ",")
        let lines = zip(columns, folders).map { column, folder in
            ([CSVExport.field(column.label), folder] + Self.measures.map { JSONWriter.write($0.value(column.run)) })
                .joined(separator: ",")
        }
        return ([header] + lines).joined(separator: "\r\n") + "\r\n"
    }

    /// The waiting list week by week under each program.
    public var waitingChart: (name: String, svg: String) {
        (
            Self.fileNames[2],
            LineChart(
                title: "Waiting list by program", unit: "patients waiting",
                series: columns.map { ($0.label, $0.run.weeks.map { Double($0.waiting) }) }
            ).svg
        )
    }
}

extension ProgramVariant {
    /// The variant in a few words for a sentence: "one more DBT and CBT clinician (c9)", "removing
    /// room R3", or the scenario's name (else its label) when it is not a single change of those kinds.
    public var summary: String {
        guard scenario.changes.count == 1, let change = scenario.changes.first else {
            return scenario.name.map { "the scenario \"\($0)\"" } ?? label
        }
        switch change {
        case .addClinician(let clinician):
            return "one more \(TextLayout.list(clinician.modalities.map(\.rawValue))) clinician (\(clinician.id))"
        case .removeClinician(let id): return "removing clinician \(id)"
        case .addRoom(let room): return "one more room of \(room.capacity) seats (\(room.id))"
        case .removeRoom(let id): return "removing room \(id)"
        default: return scenario.name.map { "the scenario \"\($0)\"" } ?? label
        }
    }
}
