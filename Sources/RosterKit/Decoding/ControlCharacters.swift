/// The one rule for control characters in the ids, names and other text of input documents:
/// they reach terminals (an escape sequence would run there), pages and calendars.
///
/// The spec (and the shared checker) forbid C0 (U+0000-U+001F) and DEL (U+007F) in an
/// instance's ids and names, so instances and the rosters that name their ids are held to that.
/// The planner's own documents (scenarios, and the web's what-if form) also refuse C1
/// (U+0080-U+009F, such as U+009B, which some terminals read as an escape sequence's start).
public enum ControlCharacters {
    /// Whether `scalar` is C0 or DEL, or (with `includingC1`) C1.
    static func isControl(_ scalar: Unicode.Scalar, includingC1: Bool) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (includingC1 && (0x80...0x9F).contains(scalar.value))
    }

    /// Whether `text` holds a control character under the rule: C0 and DEL, and C1 too with
    /// `includingC1` (the rule of the planner's own documents: scenarios, the web's what-if form).
    public static func found(in text: String, includingC1: Bool = false) -> Bool {
        text.unicodeScalars.contains { isControl($0, includingC1: includingC1) }
    }

    /// The problem's message; it never quotes the text (it may be a name, and would run on a terminal).
    public static func problem(includingC1: Bool = false) -> String {
        "holds a control character (U+0000 to U+001F\(includingC1 ? ", U+007F to U+009F" : " or U+007F")); ids and "
            + "names reach terminals, pages and calendars"
    }

    /// The ids and names of `instance` that break the instance rule (C0 and DEL), each at its
    /// JSON path (`patients[3].name`), with ``problem(includingC1:)``: the fields, paths and
    /// message ``InstanceDecoder`` checks in a document (the instance's name, days, session ids,
    /// clinicians' and patients' ids and names, room ids), for an instance built in code (a
    /// store's records from a form) rather than decoded. Empty when it holds none.
    public static func problems(in instance: Instance) -> [InputProblem] {
        var fields: [(JSONPath, String?)] = [(.root / "name", instance.name)]
        fields += instance.days.enumerated().map { (.root / "days" / $0.offset, $0.element) }
        fields += instance.sessions.enumerated().map { (.root / "sessions" / $0.offset / "id", $0.element.id) }
        for (index, clinician) in instance.clinicians.enumerated() {
            fields += [
                (.root / "clinicians" / index / "id", clinician.id.rawValue),
                (.root / "clinicians" / index / "name", clinician.name),
            ]
        }
        fields += instance.rooms.enumerated().map { (.root / "rooms" / $0.offset / "id", $0.element.id.rawValue) }
        for (index, patient) in instance.patients.enumerated() {
            fields += [
                (.root / "patients" / index / "id", patient.id.rawValue),
                (.root / "patients" / index / "name", patient.name),
            ]
        }
        return fields.compactMap { path, text in
            guard let text, found(in: text) else { return nil }
            return InputProblem(path: path.description, message: problem())
        }
    }

    /// `text` with every control character (C1 included) shown as U+FFFD, for terminals: C1 is
    /// legal in an instance's names, and some terminals run U+009B as an escape sequence's start.
    public static func replaced(in text: String) -> String {
        guard found(in: text, includingC1: true) else { return text }
        return String(
            String.UnicodeScalarView(text.unicodeScalars.map { isControl($0, includingC1: true) ? "\u{FFFD}" : $0 }))
    }

    /// `text` with every control character (C1 included) written as `\u{1B}`, for the keys a
    /// JSON path quotes.
    static func escaped(_ text: String) -> String {
        guard found(in: text, includingC1: true) else { return text }
        return text.unicodeScalars.map { scalar in
            isControl(scalar, includingC1: true)
                ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : "\(scalar)"
        }.joined()
    }

    /// Records a problem at the path of every string in `value` (nested lists and objects
    /// included) that holds a control character; whether it recorded one.
    @discardableResult
    static func refuse(in value: JSONValue, at path: JSONPath, includingC1: Bool, log: inout ProblemLog) -> Bool {
        switch value {
        case .string(let text):
            guard found(in: text, includingC1: includingC1) else { return false }
            log.fail(path, problem(includingC1: includingC1))
            return true
        case .array(let elements):
            var refused = false
            for (index, element) in elements.enumerated() {
                refused = refuse(in: element, at: path / index, includingC1: includingC1, log: &log) || refused
            }
            return refused
        case .object(let object):
            var refused = false
            for (key, member) in object.members {
                refused = refuse(in: member, at: path / key, includingC1: includingC1, log: &log) || refused
            }
            return refused
        default: return false
        }
    }
}
