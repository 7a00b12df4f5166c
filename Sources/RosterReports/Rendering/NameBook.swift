import RosterKit

/// The names outputs for people may show, or none at all when pseudonymizing.
///
/// Patient names are health information: only renderers for people (text, HTML, ICS, CSV)
/// ask this book for them, and never for logs or error messages. With `pseudonymize`
/// every lookup answers `nil`, so every output uses ids only.
public struct NameBook: Sendable {
    private let patients: [PatientID: String]
    private let clinicians: [ClinicianID: String]

    /// The names of `instance`'s patients and clinicians, cleaned to one line; none when `pseudonymize`.
    public init(_ instance: Instance, pseudonymize: Bool) {
        guard !pseudonymize else {
            patients = [:]
            clinicians = [:]
            return
        }
        patients = Dictionary(
            instance.patients.compactMap { patient in patient.name.flatMap(Self.cleaned).map { (patient.id, $0) } },
            uniquingKeysWith: { first, _ in first })
        clinicians = Dictionary(
            instance.clinicians.compactMap { clinician in
                clinician.name.flatMap(Self.cleaned).map { (clinician.id, $0) }
            },
            uniquingKeysWith: { first, _ in first })
    }

    /// The patient's name, or `nil` when pseudonymizing or when the instance gives none.
    public func name(of patient: PatientID) -> String? { patients[patient] }
    /// The clinician's name, or `nil` when pseudonymizing or when the instance gives none.
    public func name(of clinician: ClinicianID) -> String? { clinicians[clinician] }

    /// `p001 Chloe Farrell`, or `p001` without a name.
    public func label(_ patient: PatientID) -> String {
        patients[patient].map { "\(patient) \($0)" } ?? patient.rawValue
    }
    /// `c1 Dr. Maya Okonkwo`, or `c1` without a name.
    public func label(_ clinician: ClinicianID) -> String {
        clinicians[clinician].map { "\(clinician) \($0)" } ?? clinician.rawValue
    }

    /// A name on one line, trimmed; `nil` when nothing is left.
    private static func cleaned(_ name: String) -> String? {
        let words = name.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
