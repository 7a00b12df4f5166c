import Foundation

/// A patient who arrives in a given week of a simulation (week 1 is the base week).
public struct Arrival: Hashable, Sendable {
    /// The week of arrival; 1 is the base week.
    public var week: Int
    /// The patient as validated against the base instance, without a previous week.
    public var patient: Patient

    /// Builds an arrival.
    public init(week: Int, patient: Patient) {
        self.week = week
        self.patient = patient
    }
}

/// The arrivals of a `simulate --arrivals` file, and its warnings (unknown fields).
public struct ArrivalList: Sendable {
    /// The arrivals in file order.
    public var arrivals: [Arrival]
    /// Unknown fields, each with its place; they do not stop reading.
    public var warnings: [InputProblem]

    /// The arriving patients by week, in file order.
    public var byWeek: [Int: [Patient]] { Dictionary(grouping: arrivals, by: \.week).mapValues { $0.map(\.patient) } }
}

extension InputFile {
    /// Reads a dated list of arrivals for a simulation of `weeks` weeks from `base`.
    ///
    /// A `.csv` file has a header row naming its columns: `week` or `date` (one of them per row),
    /// then the patient's fields `id`, `track`, `weeklyHours` and optionally `cohort`,
    /// `secondary`, `name`, `maxDaysPerWeek`, `availability` and `separateFrom` (lists separated
    /// by spaces or `;`, e.g. `Mon-AM Tue-*`). Any other file is JSON:
    ///
    /// ```json
    /// {"arrivals": [{"week": 2, "patient": {"id": "n1", "track": "DBT", "weeklyHours": 9}},
    ///               {"date": "2026-12-14", "patient": {"id": "n2", "track": "CBT", "weeklyHours": 12}}]}
    /// ```
    ///
    /// A `date` falls in the week that contains it, counted from the base's `weekOf` (so a date
    /// needs a base with `weekOf`); arrivals after the last simulated week are left out with a
    /// warning. Every patient is validated against the base exactly as a
    /// scenario's `admit` change, ids unique among the base's patients and the arrivals. Every
    /// problem is reported with the file and its place: `arrivals[3].patient.track` in JSON,
    /// `line 4: weeklyHours` in CSV.
    public static func loadArrivals(_ path: String, base: Instance, weeks: Int) throws(InputError) -> ArrivalList {
        var reader = ArrivalReader(base: base, weeks: weeks)
        if path.lowercased().hasSuffix(".csv") {
            let data = try readBytes(path, expected: "a CSV file")
            do {
                try reader.readCSV(CSVTable.parse(String(decoding: data, as: UTF8.self)))
            } catch {
                throw .invalid(file: path, problems: [InputProblem(path: "line \(error.line)", message: error.message)])
            }
        } else {
            reader.readJSON(try readJSON(path))
        }
        do {
            return try reader.finish()
        } catch {
            throw .invalid(file: path, problems: error.problems)
        }
    }
}

/// Collects the arrivals of one file, JSON or CSV, and validates their patients.
private struct ArrivalReader {
    /// Where an arrival was written, to name it in problems.
    enum Origin {
        case json(JSONPath)
        case csv(line: Int)

        func field(_ name: String) -> String {
            switch self {
            case .json(let path): (path / name).description
            case .csv(let line): "line \(line): \(name)"
            }
        }

        /// The place of `rest`, a path inside the arrival's patient (`.track`, or empty).
        func patient(_ rest: String) -> String {
            switch self {
            case .json(let path): (path / "patient").description + rest
            case .csv(let line):
                rest.isEmpty ? "line \(line)" : "line \(line): \(rest.hasPrefix(".") ? String(rest.dropFirst()) : rest)"
            }
        }
    }

    struct Entry {
        var origin: Origin
        var week: Int
        var patient: JSONValue
    }

    static let patientColumns = [
        "id", "name", "cohort", "track", "secondary", "weeklyHours", "maxDaysPerWeek", "availability", "separateFrom",
    ]
    static let wholeNumberColumns: Set = ["weeklyHours", "maxDaysPerWeek"]
    static let listColumns: Set = ["availability", "separateFrom"]

    let base: Instance
    let weeks: Int
    var entries: [Entry] = []
    var log = ProblemLog()

    init(base: Instance, weeks: Int) {
        self.base = base
        self.weeks = weeks
    }

    // MARK: JSON

    mutating func readJSON(_ document: JSONValue) {
        guard
            var root = FieldReader.object(
                document, at: .root, what: "an arrivals file such as {\"arrivals\": [...]}", log: &log)
        else { return }
        for (index, element) in (root.list("arrivals", required: true, log: &log) ?? []).enumerated() {
            let path = JSONPath.root / "arrivals" / index
            guard
                var entry = FieldReader.object(
                    element, at: path, what: "an arrival such as {\"week\": 2, \"patient\": {...}}", log: &log)
            else { continue }
            let weekGiven = element.objectValue?["week"].map { $0 != .null } ?? false
            let number = entry.integer("week", minimum: 1, log: &log)
            let date = entry.string("date", log: &log)
            let patient = entry.raw("patient")
            entry.warnAboutUnknownMembers(log: &log)
            if patient == nil {
                log.fail(path / "patient", "missing; expected a patient object as in an instance's patients")
            }
            guard let week = resolveWeek(number: number, date: date, origin: .json(path), weekGiven: weekGiven),
                let patient
            else { continue }
            entries.append(Entry(origin: .json(path), week: week, patient: patient))
        }
        root.warnAboutUnknownMembers(log: &log)
    }

    // MARK: CSV

    mutating func readCSV(_ table: CSVTable) {
        let known = Set(["week", "date"] + Self.patientColumns)
        for name in table.header where !known.contains(name) {
            log.fail(
                at: "line 1: \(name.isEmpty ? "an empty column name" : name)",
                "unknown column; expected week or date, then \(Self.patientColumns.joined(separator: ", "))")
        }
        if !table.header.contains("week") && !table.header.contains("date") {
            log.fail(at: "line 1", "no week or date column; each arrival needs a week (1 is the base week) or a date")
        }
        guard log.problems.isEmpty else { return }
        for row in table.rows {
            let origin = Origin.csv(line: row.line)
            guard row.fields.count == table.header.count else {
                log.fail(
                    at: "line \(row.line)",
                    "\(row.fields.count) fields, but the header names \(table.header.count) columns")
                continue
            }
            var cells: [String: String] = [:]
            for (name, field) in zip(table.header, row.fields) {
                let text = field.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { cells[name] = text }
            }
            var number: Int?
            if let text = cells["week"] {
                number = Int(text)
                if number == nil || number! < 1 {
                    log.fail(at: origin.field("week"), "expected a whole number from 1 to \(weeks)")
                }
            }
            guard
                let week = resolveWeek(
                    number: number, date: cells["date"], origin: origin, weekGiven: cells["week"] != nil)
            else { continue }
            var patient = JSONObject()
            for name in Self.patientColumns {
                guard let text = cells[name] else { continue }
                if Self.wholeNumberColumns.contains(name) {
                    patient[name] = Int(text).map { .integer($0) } ?? .string(text)
                } else if Self.listColumns.contains(name) {
                    let items = text.split(whereSeparator: { $0 == ";" || $0 == " " }).map {
                        JSONValue.string(String($0))
                    }
                    patient[name] = .array(items)
                } else {
                    patient[name] = .string(text)
                }
            }
            entries.append(Entry(origin: origin, week: week, patient: .object(patient)))
        }
    }

    // MARK: Weeks and patients

    /// The week an arrival falls in, from its week number or its date; records what is wrong.
    mutating func resolveWeek(number: Int?, date: String?, origin: Origin, weekGiven: Bool) -> Int? {
        switch (weekGiven, date) {
        case (true, nil):
            guard let number else { return nil }
            guard number <= weeks else {
                log.warn(
                    at: origin.field("week"), "week \(number) is after the last simulated week (\(weeks)); ignored")
                return nil
            }
            return number
        case (false, let date?):
            guard ISODate.isValid(date) else {
                log.fail(at: origin.field("date"), "expected a date as YYYY-MM-DD")
                return nil
            }
            guard let weekOf = base.weekOf, let days = ISODate.days(from: weekOf, to: date) else {
                log.fail(
                    at: origin.field("date"), "a date needs a base instance with weekOf; give a week number instead")
                return nil
            }
            guard days >= 0 else {
                log.fail(at: origin.field("date"), "the date is before the base week (weekOf \(weekOf))")
                return nil
            }
            let week = days / 7 + 1
            guard week <= weeks else {
                log.warn(
                    at: origin.field("date"),
                    "the date falls in week \(week), after the last simulated week (\(weeks)); ignored")
                return nil
            }
            return week
        case (true, _?):
            log.fail(at: origin.field("week"), "give either a week or a date, not both")
            return nil
        case (false, nil):
            log.fail(at: origin.field("week"), "missing; expected a week (1 is the base week) or a date")
            return nil
        }
    }

    /// The arrivals, their patients validated against the base; every problem at once.
    func finish() throws(ScenarioError) -> ArrivalList {
        let admitted: Instance
        do {
            admitted = try PatientAdmission.admit(entries.map(\.patient), into: base) { position, rest in
                entries[position].origin.patient(rest)
            }
        } catch {
            throw ScenarioError(problems: log.problems + error.problems)
        }
        guard log.problems.isEmpty else { throw ScenarioError(problems: log.problems) }
        let added = admitted.patients.suffix(entries.count)
        let arrivals = zip(entries, added).map { entry, patient in
            var patient = patient
            patient.previous = nil
            return Arrival(week: entry.week, patient: patient)
        }
        return ArrivalList(arrivals: arrivals, warnings: log.warnings)
    }
}
