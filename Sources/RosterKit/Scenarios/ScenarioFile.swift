extension InputFile {
    /// Reads, parses and decodes a scenario file (its fit to a base instance is checked when applied).
    public static func loadScenario(_ path: String) throws(InputError) -> ScenarioDecoder.Decoded {
        try load(path, ScenarioDecoder().decode)
    }

    /// Reads a scenario file and applies it to `base`; any problem is reported against the scenario file.
    public static func applyScenario(_ path: String, to base: Instance) throws(InputError) -> ScenarioRun {
        let decoded = try loadScenario(path)
        do {
            let applied = try decoded.scenario.apply(to: base)
            return ScenarioRun(
                scenario: decoded.scenario, instance: applied.instance, warnings: decoded.warnings + applied.warnings)
        } catch {
            throw .invalid(file: path, problems: error.problems)
        }
    }
}

/// A scenario read from a file and applied to its base: the changed instance, ready to solve.
public struct ScenarioRun: Sendable {
    /// The scenario as read.
    public var scenario: Scenario
    /// The base instance with the scenario applied, valid by the spec.
    public var instance: Instance
    /// Unknown fields and changes that change nothing.
    public var warnings: [InputProblem]
}
