/// A program-level what-if for `simulate --variant`: a change of the program's resources, written
/// as a short sentence or read from a scenario file, applied to the base week (every later week
/// of a simulation is moved on from it, so it keeps the change).
///
/// ```swift
/// let variant = try ProgramVariant(text: "add clinician c9 DBT,CBT")
/// let week = try variant.scenario.apply(to: base).instance
/// ```
///
/// The sentences are `add clinician ID MODALITY[,MODALITY...] [max HOURS]`, `remove clinician
/// ID`, `add room ID CAPACITY` and `remove room ID`; several are joined with `;`. Whether the ids
/// and modalities fit the base is decided when the scenario is applied.
public struct ProgramVariant: Hashable, Sendable {
    /// The variant as given (the sentence, or the scenario file's path).
    public var label: String
    /// The changes the variant makes to the base week.
    public var scenario: Scenario

    /// Builds a variant from a scenario already read.
    public init(label: String, scenario: Scenario) {
        self.label = label
        self.scenario = scenario
    }

    /// What a variant sentence may say, for error messages.
    public static let expected =
        "expected \"add clinician ID MODALITY[,MODALITY...] [max HOURS]\", \"remove clinician ID\", \"add "
        + "room ID CAPACITY\", \"remove room ID\" (several joined with ;) or a scenario file ending in .json"

    /// A sentence that cannot be read; the message says what was expected.
    public struct TextError: Error, Sendable, CustomStringConvertible {
        /// The sentence as given.
        public var text: String
        /// What is wrong with it.
        public var reason: String
        public var description: String { "--variant \"\(text)\": \(reason); \(ProgramVariant.expected)" }
    }

    /// Reads a variant sentence.
    public init(text: String) throws(TextError) {
        let parts = text.split(separator: ";").map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else {
            throw TextError(text: text, reason: "an empty change")
        }
        var changes: [ScenarioChange] = []
        for words in parts {
            changes.append(try Self.change(words, in: text))
        }
        self.init(label: text, scenario: Scenario(name: text, changes: changes))
    }

    private static func change(_ words: [String], in text: String) throws(TextError) -> ScenarioChange {
        let phrase = words.joined(separator: " ")
        switch (words.first?.lowercased(), words.dropFirst().first?.lowercased()) {
        case ("add", "clinician"):
            guard words.count == 4 || (words.count == 6 && words[4].lowercased() == "max") else {
                throw TextError(
                    text: text, reason: "\"\(phrase)\" should be add clinician ID MODALITY[,MODALITY...] [max HOURS]")
            }
            let modalities = words[3].split(separator: ",").map { Modality(rawValue: String($0)) }
            var hours: Int?
            if words.count == 6 {
                guard let limit = Int(words[5]), limit > 0 else {
                    throw TextError(text: text, reason: "max \(words[5]) is not a whole number of hours")
                }
                hours = limit
            }
            return .addClinician(Clinician(id: ClinicianID(words[2]), modalities: modalities, maxHoursPerWeek: hours))
        case ("remove", "clinician"):
            guard words.count == 3 else {
                throw TextError(text: text, reason: "\"\(phrase)\" should be remove clinician ID")
            }
            return .removeClinician(ClinicianID(words[2]))
        case ("add", "room"):
            guard words.count == 4, let capacity = Int(words[3]), capacity > 0 else {
                throw TextError(
                    text: text,
                    reason: "\"\(phrase)\" should be add room ID CAPACITY (a positive whole number of seats)")
            }
            return .addRoom(Room(id: RoomID(words[2]), capacity: capacity))
        case ("remove", "room"):
            guard words.count == 3 else {
                throw TextError(text: text, reason: "\"\(phrase)\" should be remove room ID")
            }
            return .removeRoom(RoomID(words[2]))
        default:
            throw TextError(text: text, reason: "\"\(phrase)\" is not a change this option knows")
        }
    }
}
