import RosterKit
import RosterReports

/// The What-if page's form: a scenario of several changes, one section per kind of change a
/// scenario file supports (``ScenarioChange``). Blank sections change nothing. Reading it gives
/// RosterKit's ``Scenario`` and, for each change, the form field it came from, so that a change
/// the scenario refuses is named by its field on the 400 page.
struct ScenarioForm {
    /// The week the scenario changes (the instance of its current roster).
    let instance: Instance
    /// The fields as last posted, so the form shows what was asked.
    let posted: FormFields

    /// How many admission rows the form offers.
    static let admissionRows = 3

    // MARK: Reading

    /// The scenario and, for each of its changes, the form field it came from.
    func scenario() throws -> (scenario: Scenario, fields: [String]) {
        var changes: [ScenarioChange] = []
        var fields: [String] = []
        func add(_ change: ScenarioChange, _ field: String) {
            changes.append(change)
            fields.append(field)
        }
        var summary: [String] = []
        for clinician in instance.clinicians {
            let days = checkedDays("out-\(clinician.id)")
            guard !days.isEmpty else { continue }
            add(
                .clinicianUnavailable(clinician: clinician.id, at: days.map { .init(day: $0, session: nil) }),
                "out-\(clinician.id)")
            summary.append("\(clinician.id) out \(days.joined(separator: ","))")
        }
        var admitted: [Patient] = []
        for row in 1...Self.admissionRows {
            let patients = try admissions(row: row, after: admitted.count)
            admitted += patients
            if !patients.isEmpty { add(.admit(patients), "admit\(row)-track") }
        }
        if !admitted.isEmpty { summary.append("\(admitted.count) admitted") }
        let leaving = instance.patients.map(\.id).filter { checked("discharge-\($0)") }
        if !leaving.isEmpty {
            add(.discharge(leaving), "discharge")
            summary.append("\(leaving.count) discharged")
        }
        for room in instance.rooms {
            let days = checkedDays("roomout-\(room.id)")
            guard !days.isEmpty else { continue }
            let removed = Set(instance.sessionDays.filter { days.contains($0.day) })
            add(
                .setAvailability(.room(room.id), room.availability.excluding(removed, of: instance.sessionDays)),
                "roomout-\(room.id)")
            summary.append("\(room.id) out \(days.joined(separator: ","))")
        }
        if let patch = try policyPatch() {
            add(.setPolicy(patch), "policy")
            summary.append("policy")
        }
        if let patient = try value("hours-patient") {
            add(
                .setWeeklyHours(
                    patient: PatientID(patient), weeklyHours: try count("hours-value", "the new weekly hours")),
                "hours-patient")
            summary.append("a prescription")
        }
        if let clinician = try value("limits-clinician") {
            let perWeek = try limit("limits-week")
            let perDay = try limit("limits-day")
            guard perWeek != .keep || perDay != .keep else {
                throw BadInput(field: "limits-week", expected: "a weekly or daily limit (a whole number, or none)")
            }
            add(
                .setClinicianLimits(
                    clinician: ClinicianID(clinician), maxHoursPerWeek: perWeek, maxHoursPerDay: perDay),
                "limits-clinician")
            summary.append("\(clinician) limits")
        }
        if let id = try value("newclinician-id") {
            guard let modalities = try value("newclinician-modalities") else {
                throw BadInput(field: "newclinician-modalities", expected: "the modalities the new clinician leads")
            }
            let hours = try value("newclinician-max").map { _ in try count("newclinician-max", "the weekly limit") }
            add(
                .addClinician(
                    Clinician(
                        id: ClinicianID(id),
                        modalities: modalities.split(separator: ",").map {
                            Modality(rawValue: $0.trimmingCharacters(in: .whitespaces))
                        },
                        maxHoursPerWeek: hours)), "newclinician-id")
            summary.append("\(id) joins")
        }
        if let id = try value("removeclinician") {
            add(.removeClinician(ClinicianID(id)), "removeclinician")
            summary.append("\(id) leaves")
        }
        if let id = try value("newroom-id") {
            add(
                .addRoom(Room(id: RoomID(id), capacity: try count("newroom-capacity", "the new room's seats"))),
                "newroom-id")
            summary.append("room \(id) added")
        }
        if let id = try value("removeroom") {
            add(.removeRoom(RoomID(id)), "removeroom")
            summary.append("room \(id) removed")
        }
        if let id = try value("newsession-id") {
            guard let start = try value("newsession-start") else {
                throw BadInput(field: "newsession-start", expected: "the new session's start time HH:MM")
            }
            add(
                .addSession(Session(id: id, start: start, hours: try count("newsession-hours", "the session's hours"))),
                "newsession-id")
            summary.append("session \(id) added")
        }
        if let target = try value("availability-target") {
            add(
                .setAvailability(try availabilityTarget(target), try patterns("availability-patterns")),
                "availability-target")
            summary.append("an availability")
        }
        guard !changes.isEmpty else {
            throw BadInput(field: "scenario", expected: "at least one change (a clinician out, an admission...)")
        }
        let name = try value("name") ?? summary.joined(separator: "; ")
        return (Scenario(name: name, changes: changes), fields)
    }

    /// Whether a scenario changes the program's patients or adds or removes people, rooms or
    /// sessions, which a roster of the week cannot adopt (see ``WhatIfRoutes``).
    static func changesPeople(_ scenario: Scenario) -> Bool {
        scenario.changes.contains { change in
            switch change {
            case .admit, .discharge, .setWeeklyHours, .addClinician, .removeClinician, .addRoom, .removeRoom,
                .addSession:
                true
            case .setAvailability(let target, _):
                if case .patient = target { true } else { false }
            case .clinicianUnavailable, .setPolicy, .setClinicianLimits:
                false
            }
        }
    }

    /// A field's text, trimmed, or `nil` when blank. Text holding a control character is refused
    /// by the kit's rule for scenarios (``ControlCharacters``: C0, DEL and C1), naming the field,
    /// as a scenario file holding one is: it would reach the page, the store and the terminal.
    private func value(_ name: String) throws -> String? {
        let text = posted[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if ControlCharacters.found(in: text, includingC1: true) {
            throw BadInput(field: name, expected: ControlCharacters.problem(includingC1: true))
        }
        return text.isEmpty ? nil : text
    }

    /// Whether a checkbox is ticked; its value is never read.
    private func checked(_ name: String) -> Bool {
        !(posted[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "").isEmpty
    }

    private func checkedDays(_ prefix: String) -> [String] { instance.days.filter { checked("\(prefix)-\($0)") } }

    private func count(_ name: String, _ label: String, minimum: Int = 1) throws -> Int {
        guard let text = try value(name), let number = Int(text), number >= minimum else {
            throw BadInput(field: name, expected: "\(label): a whole number of \(minimum) or more")
        }
        return number
    }

    private func limit(_ name: String) throws -> LimitChange {
        guard let text = try value(name) else { return .keep }
        if text.lowercased() == "none" { return .remove }
        guard let hours = Int(text), hours >= 0 else {
            throw BadInput(field: name, expected: "a whole number of hours, or none to lift the limit")
        }
        return .set(hours)
    }

    private func patterns(_ name: String) throws -> Availability {
        guard let text = try value(name) else {
            throw BadInput(field: name, expected: "DAY-SESSION patterns such as Mon-AM *-PM, or none")
        }
        if text.lowercased() == "none" { return Availability([]) }
        var patterns: [AvailabilityPattern] = []
        for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            guard let pattern = AvailabilityPattern(parsing: String(word)) else {
                throw BadInput(field: name, expected: "DAY-SESSION patterns such as Mon-AM *-PM, or none")
            }
            patterns.append(pattern)
        }
        return Availability(patterns)
    }

    private func availabilityTarget(_ text: String) throws -> AvailabilityTarget {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("patient", 2): return .patient(PatientID(parts[1]))
        case ("clinician", 2): return .clinician(ClinicianID(parts[1]))
        case ("room", 2): return .room(RoomID(parts[1]))
        default: throw BadInput(field: "availability-target", expected: "a patient, clinician or room of the list")
        }
    }

    /// The patients an admission row asks for (none when its count is blank or 0), with ids
    /// `new-1`, `new-2`... that no patient of the week has.
    private func admissions(row: Int, after earlier: Int) throws -> [Patient] {
        let prefix = "admit\(row)"
        guard try value("\(prefix)-count") != nil else { return [] }
        let number = try count("\(prefix)-count", "how many patients are admitted", minimum: 0)
        guard number > 0 else { return [] }
        guard number <= 50 else { throw BadInput(field: "\(prefix)-count", expected: "at most 50 admissions a row") }
        guard let track = try value("\(prefix)-track") else {
            throw BadInput(field: "\(prefix)-track", expected: "the admitted patients' track (a modality)")
        }
        let hours = try count("\(prefix)-hours", "the admitted patients' weekly hours")
        let availability = try value("\(prefix)-availability").map { _ in try patterns("\(prefix)-availability") }
        let taken = Set(instance.patients.map(\.id))
        var ids: [PatientID] = []
        var next = 1
        while ids.count < earlier + number {
            let id = PatientID("new-\(next)")
            next += 1
            if !taken.contains(id) { ids.append(id) }
        }
        let secondary = try value("\(prefix)-secondary").map { Modality(rawValue: $0) }
        return ids.suffix(number).map { id in
            Patient(
                id: id, track: Modality(rawValue: track), secondary: secondary,
                weeklyHours: hours, availability: availability ?? .always)
        }
    }

    private func policyPatch() throws -> PolicyPatch? {
        var patch = PolicyPatch()
        func optional(_ name: String) throws -> Int? {
            try value(name).map { _ in try count(name, "a whole number") }
        }
        patch.minGroupSize = try optional("policy-minGroupSize")
        patch.maxGroupSize = try optional("policy-maxGroupSize")
        patch.maxSameModalityPerDay = try optional("policy-maxSameModalityPerDay")
        for modality in instance.modalities {
            let lower = try optional("policy-min-\(modality)")
            let upper = try optional("policy-max-\(modality)")
            if lower != nil || upper != nil { patch.groupSize[modality] = GroupSizeOverride(min: lower, max: upper) }
        }
        for key in Weights.keys {
            guard let text = try value("policy-weight-\(key)") else { continue }
            guard let weight = Double(text), weight.isFinite, weight >= 0 else {
                throw BadInput(field: "policy-weight-\(key)", expected: "a number of 0 or more")
            }
            patch.weights[key] = weight
        }
        return patch == PolicyPatch() ? nil : patch
    }

    // MARK: Drawing

    /// The form's sections, inside the caller's `<form>`.
    func html(names: NameBook) -> HTML {
        HTML.joined([
            HTML.element(.p, [.class("meta")]) {
                "Fill in any of the sections; every change applies together, and blank fields change nothing. "
                    + "The what-if re-plans the week's roster around the changes."
            },
            field("name", "Scenario name (optional)", placeholder: "e.g. flu week"),
            fieldset("Clinicians out (whole days)") {
                dayGrid(prefix: "out", rows: instance.clinicians.map { ($0.id.rawValue, names.label($0.id)) })
            },
            fieldset("Admissions (new patients, named new-1, new-2…)") { admissionTable() },
            fieldset("Discharges") {
                HTML.element(.div, [.class("checklist")]) {
                    for patient in instance.patients {
                        checkbox("discharge-\(patient.id)", label: names.label(patient.id))
                    }
                }
            },
            instance.plansRooms
                ? fieldset("Rooms out (whole days)") {
                    dayGrid(prefix: "roomout", rows: instance.rooms.map { ($0.id.rawValue, $0.id.rawValue) })
                } : .empty,
            fieldset("Policy (blank keeps the week's)") { policyFields() },
            fieldset("Other changes") { otherFields(names: names) },
        ])
    }

    private func fieldset(_ legend: String, @HTMLBuilder _ content: () -> HTML) -> HTML {
        HTML.element(.fieldset, [.class("change")]) {
            HTML.element(.legend) { legend }
            content()
        }
    }

    private func field(_ name: String, _ label: String, placeholder: String? = nil, size: Int? = nil) -> HTML {
        HTML.element(.span, [.class("field")]) {
            HTML.element(.label, [.for(name)]) { label }
            HTML.element(
                .input,
                [.type("text"), .name(name), .id(name), .value(posted[name] ?? "")]
                    + (placeholder.map { [.custom("placeholder", $0)] } ?? [])
                    + (size.map { [.custom("size", String($0)), .class("short")] } ?? []))
        }
    }

    private func checkbox(_ name: String, label: String) -> HTML {
        HTML.element(.label, [.class("check")]) {
            HTML.element(
                .input, [.type("checkbox"), .name(name), .value("on")] + (posted[name] != nil ? [.checked] : []))
            label
        }
    }

    private func select(_ name: String, _ label: String, none: String, options: [(value: String, label: String)])
        -> HTML
    {
        HTML.element(.span, [.class("field")]) {
            HTML.element(.label, [.for(name)]) { label }
            HTML.element(.select, [.name(name), .id(name)]) {
                HTML.element(.option, [.value("")]) { none }
                for option in options {
                    HTML.element(
                        .option, [.value(option.value)] + (posted[name] == option.value ? [.selected] : [])
                    ) { option.label }
                }
            }
        }
    }

    /// Rows (a clinician, a room) by the week's days, a checkbox each: `PREFIX-ID-DAY`.
    private func dayGrid(prefix: String, rows: [(id: String, label: String)]) -> HTML {
        HTML.element(.table, [.class("days")]) {
            HTML.element(.thead) {
                HTML.element(.tr) {
                    HTML.element(.th, [.scope("col")]) { "" }
                    for day in instance.days { HTML.element(.th, [.scope("col")]) { day } }
                }
            }
            HTML.element(.tbody) {
                for row in rows {
                    HTML.element(.tr) {
                        HTML.element(.th, [.scope("row")]) { row.label }
                        for day in instance.days {
                            let name = "\(prefix)-\(row.id)-\(day)"
                            HTML.element(.td) {
                                HTML.element(
                                    .input,
                                    [
                                        .type("checkbox"), .name(name), .value("on"),
                                        .custom("aria-label", "\(row.label) out on \(day)"),
                                    ] + (posted[name] != nil ? [.checked] : []))
                            }
                        }
                    }
                }
            }
        }
    }

    private func admissionTable() -> HTML {
        let modalities = instance.modalities.map { (value: $0.rawValue, label: $0.rawValue) }
        return HTML.joined(
            (1...Self.admissionRows).map { row in
                HTML.element(.div, [.class("row")]) {
                    field("admit\(row)-count", "How many", size: 4)
                    select("admit\(row)-track", "Track", none: "-", options: modalities)
                    select("admit\(row)-secondary", "Second choice", none: "none", options: modalities)
                    field("admit\(row)-hours", "Hours a week", size: 4)
                    field("admit\(row)-availability", "Available (blank: always)", placeholder: "Mon-AM Tue-*")
                }
            })
    }

    private func policyFields() -> HTML {
        let policy = instance.policy
        return HTML.joined([
            HTML.element(.div, [.class("row")]) {
                field("policy-minGroupSize", "Smallest group (now \(policy.minGroupSize))", size: 4)
                field("policy-maxGroupSize", "Largest group (now \(policy.maxGroupSize))", size: 4)
                field(
                    "policy-maxSameModalityPerDay",
                    "Same modality a day (now \(policy.maxSameModalityPerDay))",
                    size: 4)
            },
            HTML.element(.div, [.class("row")]) {
                for modality in instance.modalities {
                    field("policy-min-\(modality)", "\(modality) min", size: 3)
                    field("policy-max-\(modality)", "\(modality) max", size: 3)
                }
            },
            HTML.element(.div, [.class("row")]) {
                for key in Weights.keys {
                    field(
                        "policy-weight-\(key)", "weight \(key) (now \(JSONWriter.format(policy.weights[key] ?? 0)))",
                        size: 5)
                }
            },
        ])
    }

    private func otherFields(names: NameBook) -> HTML {
        let patients = instance.patients.map { (value: $0.id.rawValue, label: names.label($0.id)) }
        let clinicians = instance.clinicians.map { (value: $0.id.rawValue, label: names.label($0.id)) }
        let rooms = instance.rooms.map { (value: $0.id.rawValue, label: $0.id.rawValue) }
        let targets =
            patients.map { (value: "patient:\($0.value)", label: "patient \($0.label)") }
            + clinicians.map { (value: "clinician:\($0.value)", label: "clinician \($0.label)") }
            + rooms.map { (value: "room:\($0.value)", label: "room \($0.label)") }
        return HTML.joined([
            HTML.element(.div, [.class("row")]) {
                select("hours-patient", "Prescription change: patient", none: "none", options: patients)
                field("hours-value", "new hours a week", size: 4)
            },
            HTML.element(.div, [.class("row")]) {
                select("limits-clinician", "Clinician limits: clinician", none: "none", options: clinicians)
                field("limits-week", "hours a week (none lifts)", size: 5)
                field("limits-day", "hours a day (none lifts)", size: 5)
            },
            HTML.element(.div, [.class("row")]) {
                field("newclinician-id", "New clinician: id", size: 8)
                field("newclinician-modalities", "modalities (comma-separated)", placeholder: "DBT,CBT")
                field("newclinician-max", "hours a week (blank: no limit)", size: 4)
                select("removeclinician", "Clinician leaves", none: "none", options: clinicians)
            },
            HTML.element(.div, [.class("row")]) {
                field("newroom-id", "New room: id", size: 8)
                field("newroom-capacity", "seats", size: 4)
                if instance.plansRooms { select("removeroom", "Room removed", none: "none", options: rooms) }
            },
            HTML.element(.div, [.class("row")]) {
                field("newsession-id", "New session: id", placeholder: "EVE", size: 6)
                field("newsession-start", "starts at", placeholder: "17:00", size: 6)
                field("newsession-hours", "hours", size: 3)
            },
            HTML.element(.div, [.class("row")]) {
                select("availability-target", "Availability of", none: "none", options: targets)
                field("availability-patterns", "becomes", placeholder: "Mon-AM *-PM, or none")
            },
        ])
    }
}
