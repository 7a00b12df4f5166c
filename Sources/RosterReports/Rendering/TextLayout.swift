import RosterKit

/// Small helpers that lay plain text out for a terminal. Every terminal output that prints a
/// name or an id from an input file isolates it with ``isolated(_:)`` and measures with ``width(_:)``.
public enum TextLayout {
    /// FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: a name between them cannot reorder the
    /// text around it (a right-to-left override in a name stays inside the name).
    static let isolateStart: Character = "\u{2068}"
    static let isolateEnd: Character = "\u{2069}"

    /// `text` isolated for the terminal's bidirectional algorithm, any control character in it
    /// (C1 such as U+009B is legal in an instance's names) shown as U+FFFD so it cannot run there.
    public static func isolated(_ text: String) -> String {
        "\(isolateStart)\(ControlCharacters.replaced(in: text))\(isolateEnd)"
    }

    /// Columns `text` takes on a terminal: its characters, the isolates (which take none) left out.
    public static func width<S: StringProtocol>(_ text: S) -> Int {
        text.count { $0 != isolateStart && $0 != isolateEnd }
    }

    /// Words of `text` wrapped to `width` columns; continuation lines start with `hangingIndent`.
    static func wrap(_ text: String, width: Int, indent: String = "", hangingIndent: String? = nil) -> [String] {
        let hanging = hangingIndent ?? indent
        var lines: [String] = []
        var line = indent
        var lineHasWords = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = lineHasWords ? line + " " + word : line + word
            if lineHasWords, Self.width(candidate) > width {
                lines.append(line)
                line = hanging + word
            } else {
                line = candidate
            }
            lineHasWords = true
        }
        if lineHasWords || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Items separated by `separator`, wrapped to `width` columns without breaking an item.
    static func flow(_ items: [String], width: Int, indent: String, separator: String = "  ") -> [String] {
        var lines: [String] = []
        var line = indent
        for item in items {
            if line.count > indent.count, Self.width(line) + separator.count + Self.width(item) > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? separator : "") + item
        }
        if line.count > indent.count { lines.append(line) }
        return lines
    }

    /// `text` cut to `width` characters (ending with `~` when cut) and padded with spaces; with
    /// `isolating`, what is kept is isolated (``isolated(_:)``) and the padding stays outside.
    static func column(_ text: String, _ width: Int, isolating: Bool = false) -> String {
        let cut = text.count > width ? String(text.prefix(max(0, width - 1))) + "~" : text
        return (isolating ? isolated(cut) : cut) + String(repeating: " ", count: max(0, width - cut.count))
    }

    /// `text` padded with spaces to `width` columns as ``width(_:)`` counts them (isolates take
    /// none), on the right or, with `right`, on the left; never cut.
    static func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - Self.width(text)))
        return right ? padding + text : text + padding
    }

    /// `text` right-aligned in `width` columns.
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// `1 patient`, `3 patients`.
    static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(value) \(value == 1 ? singular : plural ?? singular + "s")"
    }
}
