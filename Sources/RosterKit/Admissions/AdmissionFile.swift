extension InputFile {
    /// Reads one patient to admit (a patient object as written in an instance's `patients`) and
    /// returns `base` with that patient added, validated exactly as a scenario's `admit` change.
    ///
    /// Problems are reported against the patient file with paths inside it (`track`,
    /// `availability[1]`), e.g. an unlisted modality or an id that is already a patient's.
    public static func loadAdmission(_ path: String, into base: Instance) throws(InputError) -> Instance {
        let patient = try readJSON(path)
        do {
            return try PatientAdmission.admit([patient], into: base) { _, rest in
                rest.hasPrefix(".") ? String(rest.dropFirst()) : rest
            }
        } catch {
            throw .invalid(file: path, problems: error.problems)
        }
    }
}

/// New patients (patient objects in the spec's format) validated and added to an instance
/// exactly as a scenario's `admit` change is: the one implementation behind `admit`'s patient
/// file and `simulate --arrivals`.
enum PatientAdmission {
    /// `base` with `patients` added. Each problem's path is placed by `locate(position, rest)`,
    /// where `rest` is the path inside the patient (`.track`, `.availability[1]`, or empty).
    static func admit(
        _ patients: [JSONValue], into base: Instance, locate: (Int, String) -> String
    ) throws(ScenarioError) -> Instance {
        let wrapped: JSONValue = ["changes": [["admit": .array(patients)]]]
        let prefix = "changes[0].admit["
        func relocated(_ problem: InputProblem) -> InputProblem {
            guard problem.path.hasPrefix(prefix) else { return problem }
            let tail = problem.path.dropFirst(prefix.count)
            guard let close = tail.firstIndex(of: "]"), let position = Int(tail[..<close]) else { return problem }
            return InputProblem(
                path: locate(position, String(tail[tail.index(after: close)...])), message: problem.message)
        }
        do {
            let decoded = try ScenarioDecoder().decode(wrapped)
            return try decoded.scenario.apply(to: base).instance
        } catch {
            throw ScenarioError(problems: error.problems.map(relocated))
        }
    }
}
