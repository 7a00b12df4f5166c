import Foundation

/// The report's chart (`chart.svg`): wall time (log scale) and gap against patient count (log
/// scale), one series per configuration. Plain SVG, written by hand, no dependencies.
enum BenchChart {
    private static let colors = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22",
    ]
    private static let plotWidth = 400.0
    private static let plotHeight = 300.0
    private static let top = 60.0
    private static let panels = [70.0, 570.0]

    /// The chart of `rows` (medians), series in `configurations` order; rows without a result are left out.
    static func svg(_ rows: [BenchRow], configurations: [String], title: String) -> String {
        let plotted = rows.filter { $0.total != nil && $0.wallSeconds != nil }
        let legendRows = (configurations.count + 3) / 4
        let height = top + plotHeight + 70 + Double(legendRows) * 22
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="1000" height="\(format(height))" \
            viewBox="0 0 1000 \(format(height))" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="500" y="24" text-anchor="middle" font-size="16">\(escape(title))</text>

            """
        let patients = plotted.map { Double($0.pair.patients) }
        let xDomain = logDomain(patients.isEmpty ? [10, 1000] : patients, pad: 0.08)
        let times = plotted.compactMap(\.wallSeconds).map { max($0, 0.001) }
        let timeDomain = (
            floor(log10(times.min() ?? 0.01)),
            max(ceil(log10(times.max() ?? 10)), floor(log10(times.min() ?? 0.01)) + 1)
        )
        let gaps = plotted.compactMap(\.gap).map { $0 * 100 }
        let (gapTop, gapStep) = niceCeiling(max(gaps.max() ?? 1, 0.1))

        for (panel, left) in panels.enumerated() {
            let yLabel = panel == 0 ? "wall time (s, log scale)" : "gap to bound (%)"
            out += "<g>\n"
            out +=
                "<text x=\"\(format(left + plotWidth / 2))\" y=\"\(format(top - 12))\" text-anchor=\"middle\" "
                + "font-size=\"13\">\(panel == 0 ? "Wall time" : "Gap")</text>\n"
            out +=
                "<rect x=\"\(format(left))\" y=\"\(format(top))\" width=\"\(format(plotWidth))\" "
                + "height=\"\(format(plotHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
            for tick in logTicks(xDomain) {
                let x = left + scale(log10(tick), xDomain, 0, plotWidth)
                out += gridLine(x1: x, y1: top, x2: x, y2: top + plotHeight)
                out +=
                    "<text x=\"\(format(x))\" y=\"\(format(top + plotHeight + 16))\" "
                    + "text-anchor=\"middle\">\(label(tick))</text>\n"
            }
            out +=
                "<text x=\"\(format(left + plotWidth / 2))\" y=\"\(format(top + plotHeight + 36))\" "
                + "text-anchor=\"middle\">patients (log scale)</text>\n"
            if panel == 0 {
                for exponent in stride(from: timeDomain.0, through: timeDomain.1, by: 1) {
                    let y = top + plotHeight - scale(exponent, timeDomain, 0, plotHeight)
                    out += gridLine(x1: left, y1: y, x2: left + plotWidth, y2: y)
                    out +=
                        "<text x=\"\(format(left - 6))\" y=\"\(format(y + 4))\" "
                        + "text-anchor=\"end\">\(label(pow(10, exponent)))</text>\n"
                }
            } else {
                for value in stride(from: 0.0, through: gapTop + gapStep / 2, by: gapStep) {
                    let y = top + plotHeight - scale(value, (0, gapTop), 0, plotHeight)
                    out += gridLine(x1: left, y1: y, x2: left + plotWidth, y2: y)
                    out +=
                        "<text x=\"\(format(left - 6))\" y=\"\(format(y + 4))\" "
                        + "text-anchor=\"end\">\(label(value))</text>\n"
                }
            }
            let middle = top + plotHeight / 2
            out +=
                "<text x=\"\(format(left - 48))\" y=\"\(format(middle))\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 \(format(left - 48)) \(format(middle)))\">\(yLabel)</text>\n"
            for (series, configuration) in configurations.enumerated() {
                let color = colors[series % colors.count]
                let points: [(x: Double, y: Double, tip: String)] = plotted.filter {
                    $0.pair.configuration == configuration
                }
                .sorted { ($0.pair.patients, $0.pair.instance) < ($1.pair.patients, $1.pair.instance) }
                .compactMap { row in
                    let x = left + scale(log10(Double(row.pair.patients)), xDomain, 0, plotWidth)
                    if panel == 0 {
                        let seconds = max(row.wallSeconds!, 0.001)
                        let y = top + plotHeight - scale(log10(seconds), timeDomain, 0, plotHeight)
                        return (x, y, "\(row.pair.instance) / \(configuration): \(String(format: "%.2f", seconds)) s")
                    }
                    guard let gap = row.gap else { return nil }
                    let y = top + plotHeight - scale(gap * 100, (0, gapTop), 0, plotHeight)
                    return (x, y, "\(row.pair.instance) / \(configuration): gap \(String(format: "%.2f", gap * 100))%")
                }
                guard !points.isEmpty else { continue }
                let dashed =
                    plotted.first { $0.pair.configuration == configuration }?.isExternal == true
                    ? " stroke-dasharray=\"5 3\"" : ""
                if points.count > 1 {
                    let path = points.map { "\(format($0.x)),\(format($0.y))" }.joined(separator: " ")
                    out +=
                        "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" "
                        + "stroke-opacity=\"0.7\"\(dashed)/>\n"
                }
                for point in points {
                    out +=
                        "<circle cx=\"\(format(point.x))\" cy=\"\(format(point.y))\" r=\"3.5\" "
                        + "fill=\"\(color)\"><title>\(escape(point.tip))</title></circle>\n"
                }
            }
            out += "</g>\n"
        }
        for (series, configuration) in configurations.enumerated() {
            let x = 70 + Double(series % 4) * 230
            let y = top + plotHeight + 62 + Double(series / 4) * 22
            out +=
                "<rect x=\"\(format(x))\" y=\"\(format(y - 9))\" width=\"14\" height=\"10\" "
                + "fill=\"\(colors[series % colors.count])\"/>\n"
            out += "<text x=\"\(format(x + 20))\" y=\"\(format(y))\">\(escape(configuration))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    // MARK: Scales

    /// `log10` bounds around `values` (all > 0), widened by `pad` decades; a single value gets a decade around it.
    static func logDomain(_ values: [Double], pad: Double) -> (Double, Double) {
        let low = log10(values.min()!)
        let high = log10(values.max()!)
        return high - low < 0.5 ? (low - 0.5, high + 0.5) : (low - pad, high + pad)
    }

    /// 1, 2 and 5 times powers of ten inside a `log10` domain.
    static func logTicks(_ domain: (Double, Double)) -> [Double] {
        var ticks: [Double] = []
        for exponent in Int(floor(domain.0))...Int(ceil(domain.1)) {
            for mantissa in [1.0, 2, 5] {
                let tick = mantissa * pow(10, Double(exponent))
                if log10(tick) >= domain.0, log10(tick) <= domain.1 { ticks.append(tick) }
            }
        }
        return ticks
    }

    /// A round upper end for a linear axis starting at 0, and its tick step (at most 5 steps).
    static func niceCeiling(_ maximum: Double) -> (top: Double, step: Double) {
        for magnitude in -3...6 {
            for mantissa in [1.0, 2, 5] {
                let step = mantissa * pow(10, Double(magnitude))
                if maximum / step <= 5 { return ((maximum / step).rounded(.up) * step, step) }
            }
        }
        return (maximum, maximum)
    }

    private static func scale(_ value: Double, _ domain: (Double, Double), _ low: Double, _ high: Double) -> Double {
        guard domain.1 > domain.0 else { return (low + high) / 2 }
        return low + (value - domain.0) / (domain.1 - domain.0) * (high - low)
    }

    private static func gridLine(x1: Double, y1: Double, x2: Double, y2: Double) -> String {
        "<line x1=\"\(format(x1))\" y1=\"\(format(y1))\" x2=\"\(format(x2))\" y2=\"\(format(y2))\" stroke=\"#ddd\"/>\n"
    }

    private static func label(_ value: Double) -> String {
        if value >= 1, value == value.rounded() { return String(Int(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text safe inside XML.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
