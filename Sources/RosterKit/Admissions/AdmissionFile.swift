extension InputFile {
    /// Reads one patient to admit (a patient object as written in an instance's `patients`) and
    /// returns `base` with that patient added, validated exactly as a scenario's `admit` change.
    ///
    /// Problems are reported against the patient file with paths inside it (`track`,
    /// `availability[1]`), e.g. an unlisted modality or an id that is already a patient's.
    public static func loadAdmission(_ path: String, into base: Instance) throws(InputError) -> Instance {
        let patient = try readJSON(path)
        let wrapped: JSONValue = ["changes": [["admit": [patient]]]]
        let prefix = "changes[0].admit[0]"
        func relocated(_ problems: [InputProblem]) -> [InputProblem] {
            problems.map { problem in
                guard problem.path.hasPrefix(prefix) else { return problem }
                var rest = String(problem.path.dropFirst(prefix.count))
                if rest.hasPrefix(".") { rest.removeFirst() }
                return InputProblem(path: rest, message: problem.message)
            }
        }
        do {
            let decoded = try ScenarioDecoder().decode(wrapped)
            return try decoded.scenario.apply(to: base).instance
        } catch {
            throw .invalid(file: path, problems: relocated(error.problems))
        }
    }
}
