import RosterKit

/// The side-by-side comparison of a base week and its scenarios: objective terms and total,
/// clinician hours, and the patients whose schedule changed against the base.
///
/// ```swift
/// let comparison = WhatIfComparison(base: baseColumn, scenarios: [danaOut, sixAdmissions])
/// print(comparison.text)
/// ```
///
/// Patients appear by id only, never by name. A patient's schedule changed when the time slots
/// or modalities they sit in differ from the base roster's (admitted patients with hours and
/// discharged patients who had hours count as changed).
public struct WhatIfComparison: Sendable {
    /// One solved week: the base or a scenario.
    public struct Column: Sendable {
        /// The column's header: `base`, or the scenario's name (else its file name).
        public var label: String
        /// The scenario file, or the base instance file.
        public var file: String
        /// The week solved: the base, or the base with the scenario applied.
        public var instance: Instance
        /// How it was solved.
        public var outcome: SolveOutcome
        /// How the roster differs from the base roster, when it was re-planned from it.
        public var replanning: ReplanningSummary?
        /// The checker's verdict on the outcome's roster, computed once.
        public let report: RosterChecker.Report

        /// A column for `outcome`, checked against `instance` here.
        public init(
            label: String, file: String, instance: Instance, outcome: SolveOutcome, replanning: ReplanningSummary? = nil
        ) {
            self.label = label
            self.file = file
            self.instance = instance
            self.outcome = outcome
            self.replanning = replanning
            report = RosterChecker(instance).check(outcome.roster)
        }

        var prescribedHours: Int { instance.patients.reduce(0) { $0 + $1.weeklyHours } }

        func hours(of clinician: ClinicianID) -> Int? {
            instance.clinician(clinician) == nil ? nil : outcome.roster.groups.count { $0.clinician == clinician }
        }
    }

    /// The base week.
    public let base: Column
    /// The scenarios, in the order given.
    public let scenarios: [Column]
    /// For each scenario, the patients whose schedule differs from the base's, sorted.
    public let changedPatients: [[PatientID]]

    /// Compares each scenario with `base`, patient by patient.
    public init(base: Column, scenarios: [Column]) {
        self.base = base
        self.scenarios = scenarios
        let before = Self.schedules(base.outcome.roster)
        changedPatients = scenarios.map { scenario in
            let after = Self.schedules(scenario.outcome.roster)
            return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        }
    }

    private static func schedules(_ roster: Roster) -> [PatientID: Set<[String]>] {
        var result: [PatientID: Set<[String]>] = [:]
        for group in roster.groups {
            for patient in group.patients {
                result[patient, default: []].insert([group.timeSlot.description, group.modality.rawValue])
            }
        }
        return result
    }

    private var columns: [Column] { [base] + scenarios }

    /// Clinicians of the base and of every scenario, in first-listed order.
    private var clinicianIDs: [ClinicianID] {
        var seen: Set<ClinicianID> = []
        return columns.flatMap { $0.instance.clinicians.map(\.id) }.filter { seen.insert($0).inserted }
    }

    // MARK: Rows

    /// The table: a label and one value per column (base first).
    public var rows: [(label: String, values: [String])] {
        func row(_ label: String, _ value: (Column) -> String) -> (String, [String]) { (label, columns.map(value)) }
        var rows = [
            row("patients") { String($0.instance.patients.count) },
            row("prescribed hours") { String($0.prescribedHours) },
            row("solver") { "\($0.outcome.solver) \($0.outcome.status.rawValue)" },
            row("unmet hours") { String($0.report.terms.unmetHours) },
            row("other-modality hours") { String($0.report.terms.otherModalityHours) },
            row("secondary hours") { String($0.report.terms.secondaryModalityHours) },
            row("groups") { String($0.report.terms.groups) },
            row("continuity breaks") { String($0.report.terms.continuityBreaks) },
            row("total") { JSONWriter.format($0.report.total) },
        ]
        for id in clinicianIDs {
            rows.append(row("\(id) hours") { column in column.hours(of: id).map(String.init) ?? "-" })
        }
        rows.append(("patients changed", ["-"] + changedPatients.map { String($0.count) }))
        if scenarios.contains(where: { $0.replanning != nil }) {
            rows.append(("patient-hours kept", ["-"] + scenarios.map { $0.replanning.map { String($0.kept) } ?? "-" }))
            rows.append(
                ("patient-hours moved", ["-"] + scenarios.map { $0.replanning.map { String($0.moved.count) } ?? "-" }))
        }
        return rows
    }

    // MARK: Formats

    /// An aligned plain-text table, then the changed patients of each scenario.
    public var text: String {
        // Scenario labels, clinician and patient ids come from input files: each is isolated so
        // that a right-to-left override in one cannot reorder the table (widths leave the isolates out).
        let header = [""] + columns.map { TextLayout.isolated($0.label) }
        let clinicianRows = Set(clinicianIDs.map { "\($0) hours" })
        let body = rows.map { row in
            [clinicianRows.contains(row.label) ? TextLayout.isolated(row.label) : row.label] + row.values
        }
        let widths = header.indices.map { column in ([header] + body).map { TextLayout.width($0[column]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { TextLayout.padded($1, widths[$0], right: $0 > 0) }.joined(separator: "  ")
        }
        var lines = [line(header)] + body.map(line)
        for (scenario, changed) in zip(scenarios, changedPatients) where !changed.isEmpty {
            lines.append("")
            lines += TextLayout.wrap(
                "\(TextLayout.isolated(scenario.label)): \(changed.count) patients changed: "
                    + "\(changed.map { TextLayout.isolated($0.rawValue) }.joined(separator: " "))", width: 100,
                hangingIndent: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same as a Markdown document: a title, the table, the changed patients.
    public var markdown: String {
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["# What if: \(escape(base.instance.name ?? base.file))", ""]
        lines.append("| | " + columns.map { escape($0.label) }.joined(separator: " | ") + " |")
        lines.append("| --- |" + String(repeating: " ---: |", count: columns.count))
        for row in rows {
            lines.append("| \(escape(row.label)) | " + row.values.map(escape).joined(separator: " | ") + " |")
        }
        lines += ["", "## Patients whose schedule changed", ""]
        for (scenario, changed) in zip(scenarios, changedPatients) {
            let ids = changed.isEmpty ? "none" : changed.map(\.rawValue).joined(separator: ", ")
            lines.append("- **\(escape(scenario.label))** (\(changed.count)): \(ids)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every column's numbers, for programs.
    public var json: JSONValue {
        func column(_ column: Column, changed: [PatientID]?) -> JSONValue {
            var object = JSONObject()
            object["label"] = .string(column.label)
            object["file"] = .string(column.file)
            object["patients"] = .integer(column.instance.patients.count)
            object["prescribedHours"] = .integer(column.prescribedHours)
            object["solver"] = .string(column.outcome.solver)
            object["status"] = .string(column.outcome.status.rawValue)
            object["valid"] = .bool(column.report.isValid)
            object["objective"] = column.report.terms.json(column.instance.policy.weights)
            var hours = JSONObject()
            for clinician in column.instance.clinicians {
                hours[clinician.id.rawValue] = .integer(column.hours(of: clinician.id) ?? 0)
            }
            object["clinicianHours"] = .object(hours)
            if let changed {
                object["changedPatients"] = [
                    "count": .integer(changed.count), "ids": .array(changed.map { .string($0.rawValue) }),
                ]
            }
            if let replanning = column.replanning {
                object["replanning"] = [
                    "keptPatientHours": .integer(replanning.kept),
                    "movedPatientHours": .integer(replanning.moved.count),
                    "addedPatientHours": .integer(replanning.added.count),
                    "droppedPatientHours": .integer(replanning.dropped.count),
                ]
            }
            return .object(object)
        }
        return [
            "base": column(base, changed: nil),
            "scenarios": .array(zip(scenarios, changedPatients).map { column($0, changed: $1) }),
        ]
    }
}
