import Foundation
import RosterKit

/// A simulation's weeks as a terminal table, CSV, JSON and SVG line charts.
public struct SimulationReport: Sendable {
    /// The simulation to report.
    public let run: SimulationRun

    /// A report on `run`.
    public init(_ run: SimulationRun) { self.run = run }

    /// The columns, each with a header and how a week fills it.
    private static let columns: [(header: String, value: @Sendable (WeekMetrics) -> String)] = [
        ("week", { "\($0.week)" }), ("census", { "\($0.census)" }), ("arrivals", { "\($0.arrivals)" }),
        ("admitted", { "\($0.admitted)" }), ("discharged", { "\($0.discharged)" }), ("waiting", { "\($0.waiting)" }),
        ("weeksWaitedByAdmitted", { "\($0.weeksWaitedByAdmitted)" }), ("longestWait", { "\($0.longestWait)" }),
        ("steppedDown", { "\($0.steppedDown)" }),
        ("prescribedHours", { "\($0.prescribedHours)" }), ("placedHours", { "\($0.placedHours)" }),
        ("unmetHours", { "\($0.unmetHours)" }), ("continuityBreaks", { "\($0.continuityBreaks)" }),
        ("groups", { "\($0.groups)" }), ("averageGroupSize", { format($0.averageGroupSize) }),
        ("clinicianUtilisation", { format($0.clinicianUtilisation) }),
        ("roomUtilisation", { format($0.roomUtilisation) }),
        ("objective", { JSONWriter.format($0.objective) }),
    ]

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    // MARK: Table

    /// The terminal table: one row a week.
    public var table: String {
        let shown: [(String, (WeekMetrics) -> String)] = [
            ("week", { "\($0.week)" }), ("census", { "\($0.census)" }), ("in", { "\($0.arrivals)" }),
            ("admitted", { "\($0.admitted)" }), ("out", { "\($0.discharged)" }), ("waiting", { "\($0.waiting)" }),
            ("unmet h", { "\($0.unmetHours)" }), ("breaks", { "\($0.continuityBreaks)" }),
            ("groups", { "\($0.groups)" }),
            ("avg size", { Self.format($0.averageGroupSize) }),
            ("clinicians", { "\(Int(($0.clinicianUtilisation * 100).rounded()))%" }),
            ("rooms", { "\(Int(($0.roomUtilisation * 100).rounded()))%" }),
            ("objective", { JSONWriter.format($0.objective) }),
        ]
        let rows = [shown.map(\.0)] + run.weeks.map { week in shown.map { $0.1(week) } }
        let widths = shown.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in row.indices.map { TextLayout.right(row[$0], widths[$0]) }.joined(separator: "  ") }
            .joined(separator: "\n") + "\n"
    }

    // MARK: Files

    /// One row a week with the table's columns, CRLF line ends, header first.
    public var csv: String {
        ([Self.columns.map(\.header).joined(separator: ",")]
            + run.weeks.map { week in Self.columns.map { $0.value(week) }.joined(separator: ",") }).joined(
                separator: "\r\n") + "\r\n"
    }

    /// `{"baseCensus", "weeks": [...]}`, one object a week with the table's columns as members.
    public var json: JSONValue {
        let weeks: [JSONValue] = run.weeks.map { week in
            var object = JSONObject()
            for column in Self.columns {
                let text = column.value(week)
                object[column.header] =
                    Int(text).map { JSONValue.integer($0) } ?? Double(text).map { JSONValue.number($0) }
                    ?? .string(text)
            }
            return .object(object)
        }
        return ["baseCensus": .integer(run.baseCensus), "weeks": .array(weeks)]
    }

    /// The files of a run, as `simulate --out` names them: `weeks.json`, `weeks.csv`, then the charts'.
    public static let fileNames = [
        "weeks.json", "weeks.csv", "census-and-waiting.svg", "utilisation.svg", "unmet-hours.svg",
    ]

    /// The files of the run named as `fileNames` says: the JSON, the CSV, then the charts.
    public var files: [(name: String, text: String)] {
        Array(zip(Self.fileNames, [JSONWriter.write(json), csv] + charts.map(\.svg)))
    }

    /// The charts a director would rather look at: census and waiting list, utilisation, unmet hours.
    public var charts: [(name: String, svg: String)] {
        let weeks = run.weeks
        return [
            (
                Self.fileNames[2],
                LineChart(
                    title: "Census and waiting list", unit: "patients",
                    series: [
                        ("census", weeks.map { Double($0.census) }), ("waiting", weeks.map { Double($0.waiting) }),
                    ]
                ).svg
            ),
            (
                Self.fileNames[3],
                LineChart(
                    title: "Clinician and room utilisation", unit: "% of available hours",
                    series: [
                        ("clinicians", weeks.map { $0.clinicianUtilisation * 100 }),
                        ("rooms", weeks.map { $0.roomUtilisation * 100 }),
                    ]
                ).svg
            ),
            (
                Self.fileNames[4],
                LineChart(
                    title: "Unmet prescribed hours", unit: "hours",
                    series: [("unmet", weeks.map { Double($0.unmetHours) })]
                ).svg
            ),
        ]
    }
}

/// A small SVG line chart: weeks along the bottom, one line per series, a legend.
struct LineChart {
    var title: String
    var unit: String
    var series: [(label: String, values: [Double])]

    private static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]

    var svg: String {
        let width = 640.0
        let height = 320.0
        let left = 56.0
        let right = 16.0
        let top = 40.0
        let bottom = 40.0
        let count = series.map(\.values.count).max() ?? 0
        let peak = max(1, series.flatMap(\.values).max() ?? 1)
        let scale = Self.niceCeiling(peak)
        func x(_ position: Int) -> Double {
            count <= 1 ? left : left + Double(position) * (width - left - right) / Double(count - 1)
        }
        func y(_ value: Double) -> Double { top + (1 - value / scale) * (height - top - bottom) }
        var parts = [
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(width))" height="\#(Int(height))" "#
                + #"viewBox="0 0 \#(Int(width)) \#(Int(height))" font-family="sans-serif" font-size="12">"#,
            #"<rect width="100%" height="100%" fill="white"/>"#,
            #"<text x="\#(left)" y="20" font-size="15" font-weight="bold">\#(Self.escape(title))</text>"#,
        ]
        for tick in 0...4 {
            let value = scale * Double(tick) / 4
            parts.append(
                #"<line x1="\#(left)" x2="\#(width - right)" y1="\#(y(value))" y2="\#(y(value))" stroke="lightgray"/>"#
                    + #"<text x="\#(left - 6)" y="\#(y(value) + 4)" "#
                    + #"text-anchor="end">\#(JSONWriter.format(value.rounded()))</text>"#)
        }
        for position in 0..<count {
            parts.append(
                #"<text x="\#(x(position))" y="\#(height - bottom + 16)" text-anchor="middle">\#(position + 1)</text>"#)
        }
        parts.append(#"<text x="\#(width / 2)" y="\#(height - 6)" text-anchor="middle">week</text>"#)
        parts.append(
            #"<text x="14" y="\#(height / 2)" text-anchor="middle" transform="rotate(-90 14 "#
                + #"\#(height / 2))">\#(Self.escape(unit))</text>"#)
        for (number, line) in series.enumerated() {
            let colour = Self.colours[number % Self.colours.count]
            let points = line.values.enumerated().map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ")
            parts.append(#"<polyline fill="none" stroke="\#(colour)" stroke-width="2" points="\#(points)"/>"#)
            let legendX = width - right - 110
            let legendY = top + 4 + Double(number) * 16
            parts.append(
                #"<line x1="\#(legendX)" x2="\#(legendX + 18)" y1="\#(legendY)" y2="\#(legendY)" "#
                    + #"stroke="\#(colour)" stroke-width="2"/>"#
                    + #"<text x="\#(legendX + 24)" y="\#(legendY + 4)">\#(Self.escape(line.label))</text>"#)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    /// 1, 2 or 5 times a power of ten, at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
