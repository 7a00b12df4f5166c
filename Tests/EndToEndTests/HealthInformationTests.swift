import Foundation
import RosterKit
import TestSupport
import Testing

/// Patient names are health information: they may appear only in outputs meant for people (the
/// text report, HTML, ICS, CSV) and in instance files the planner writes (`next-week`, `whatif
/// --out`), never there with `--pseudonymize`, and never in standard error, error messages,
/// machine files (roster JSON, models, what-if tables) or temporary files.
///
/// Every command runs, failing ones included, on an instance where patient p01 is named
/// "Zebulon Quarrington-Vasquez" and every patient is in cohort "zz-unusual-cohort-7731".
@Suite("Health information hygiene, end to end", .tags(.slow))
struct HealthInformationTests {
    static let name = "Zebulon Quarrington-Vasquez"
    static let nameParts = ["Zebulon", "Quarrington"]
    static let cohort = "zz-unusual-cohort-7731"

    /// One planner run and what may show the name.
    struct Run {
        var label: String
        var result: Planner.Result
        /// Standard output is a rendering for people (text report, CSV, HTML, ICS).
        var forPeople = false
        /// An input file is malformed: its entries must not be quoted back.
        var malformed = false
    }

    /// `instances/tiny.json` with the planted name and cohort, changed by `edit`.
    static func plantedInstance(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Data {
        var document = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: Planner.path("instances/tiny.json")))) as? [String: Any])
        var patients = try #require(document["patients"] as? [[String: Any]])
        for position in patients.indices { patients[position]["cohort"] = cohort }
        patients[0]["name"] = name
        document["patients"] = patients
        edit(&document)
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    @Test func theNameStaysOutOfMessagesAndMachineFiles() throws {
        let started = Date()
        let name = Self.name
        let folder = try Planner.scratchFolder("phi")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func file(_ name: String) -> String { "\(folder)/\(name)" }
        try Self.plantedInstance().write(to: URL(fileURLWithPath: file("clinic.json")))
        try Self.plantedInstance { $0["weekOf"] = "2026-11-30" }.write(
            to: URL(fileURLWithPath: file("clinic-week.json")))
        let malformed = [
            "next-to-wrong-types":
                #"{"id": "p01", "name": "\#(name)", "cohort": 7, "track": "Nope", "weeklyHours": "nine"}"#,
            "next-to-missing-comma": #"{"id": "p01", "name": "\#(name)" "track": "DBT", "weeklyHours": 9}"#,
            "repeated-name-member":
                #"{"id": "p01", "name": "\#(name)", "name": "\#(name)", "track": "DBT", "weeklyHours": 9}"#,
            "name-with-newline":
                "{\"id\": \"p01\", \"name\": \"Zebulon\nQuarrington-Vasquez\", \"track\": \"DBT\", \"weeklyHours\": 9}",
            "name-not-a-string": #"{"id": "p01", "name": ["\#(name)"], "track": "DBT", "weeklyHours": 9}"#,
            // The name typed where an id or a pattern belongs.
            "name-in-separateFrom":
                #"{"id": "p01", "name": "\#(name)", "track": "DBT", "weeklyHours": 9, "separateFrom": ["\#(name)"]}"#,
            "name-in-previous":
                #"{"id": "p01", "name": "\#(name)", "track": "DBT", "weeklyHours": 9, "previous": ["\#(name)"]}"#,
            "name-in-availability":
                #"{"id": "p01", "name": "\#(name)", "track": "DBT", "weeklyHours": 9, "availability": "#
                + #"["\#(name)", "Zebulon"]}"#,
        ]
        let planted = String(decoding: try Self.plantedInstance(), as: UTF8.self)
        for (label, entry) in malformed {
            try Data(Self.replacingFirstPatient(in: planted, with: entry).utf8).write(
                to: URL(fileURLWithPath: file("bad-\(label).json")))
        }
        // The file ends right after the name.
        let cut = try #require(planted.range(of: name)).upperBound
        try Data(planted[..<cut].utf8).write(to: URL(fileURLWithPath: file("bad-truncated.json")))
        // Name bytes that are not UTF-8 right after the name.
        var invalid = Data(
            String(decoding: try Self.plantedInstance(), as: UTF8.self).replacingOccurrences(
                of: name, with: "\(name)\u{1}"
            ).utf8)
        if let marker = invalid.firstIndex(of: 1) { invalid[marker] = 0xFF }
        try invalid.write(to: URL(fileURLWithPath: file("bad-invalid-utf8.json")))

        var runs: [Run] = []
        func run(_ label: String, _ arguments: [String], forPeople: Bool = false, malformed: Bool = false) throws
            -> Planner.Result
        {
            let result = try Planner.run(arguments)
            runs.append(Run(label: label, result: result, forPeople: forPeople, malformed: malformed))
            return result
        }
        let clinic = file("clinic.json")
        let week = file("clinic-week.json")
        let roster = file("roster.json")

        // Valid runs.
        #expect(try run("validate", ["validate", clinic]).status == 0)
        #expect(try run("solve json", ["solve", clinic, "--solver", "greedy", "-o", roster]).status == 0)
        #expect(
            try run("solve text", ["solve", clinic, "--solver", "greedy", "--format", "text"], forPeople: true).status
                == 0)
        #expect(
            try run(
                "solve text pseudonymized",
                ["solve", clinic, "--solver", "greedy", "--format", "text", "--pseudonymize"]
            ).status == 0)
        #expect(try run("solve json stdout", ["solve", clinic, "--solver", "greedy", "--format", "json"]).status == 0)
        #expect(
            try run("solve csv", ["solve", clinic, "--solver", "greedy", "--format", "csv"], forPeople: true).status
                == 0)
        try FileManager.default.createDirectory(atPath: file("people"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: file("private"), withIntermediateDirectories: true)
        #expect(
            try run(
                "solve html",
                ["solve", clinic, "--solver", "greedy", "--format", "html", "-o", file("people/solve.html")]
            ).status == 0)
        #expect(
            try run(
                "solve csv file",
                ["solve", clinic, "--solver", "greedy", "--format", "csv", "-o", file("people/solve.csv")]
            ).status == 0)
        #expect(
            try run(
                "solve ics",
                [
                    "solve", week, "--solver", "greedy", "--format", "ics", "--patient-calendars", "-o",
                    file("people/ics"),
                ]
            ).status == 0)
        #expect(
            try run(
                "solve glpk",
                ["solve", clinic, "--solver", "glpk", "--time-limit", "5", "-o", file("private/glpk.json")]
            ).status == 0)
        #expect(
            try run("solve auto", ["solve", clinic, "--time-limit", "5", "-o", file("private/auto.json")]).status == 0)
        for format in ["text", "csv", "html"] {
            #expect(
                try run(
                    "report \(format)",
                    ["report", clinic, roster, "--format", format, "-o", file("people/report.\(format)")]
                ).status == 0)
            #expect(
                try run(
                    "report \(format) pseudonymized",
                    [
                        "report", clinic, roster, "--format", format, "--pseudonymize", "-o",
                        file("private/report.\(format)"),
                    ]
                ).status == 0)
        }
        #expect(try run("report text stdout", ["report", clinic, roster], forPeople: true).status == 0)
        #expect(
            try run(
                "report ics",
                ["report", week, roster, "--format", "ics", "--patient-calendars", "-o", file("people/report-ics")]
            ).status == 0)
        #expect(
            try run(
                "report ics pseudonymized",
                [
                    "report", week, roster, "--format", "ics", "--patient-calendars", "--pseudonymize", "-o",
                    file("private/ics"),
                ]
            ).status == 0)
        #expect(
            try run("report json", ["report", clinic, roster, "--format", "json", "-o", file("private/report.json")])
                .status == 0)
        #expect(try run("check", ["check", clinic, roster]).status == 0)
        #expect(try run("check json", ["check", clinic, roster, "--json"]).status == 0)
        #expect(try run("export-model lp", ["export-model", clinic, "-o", file("private/model.lp")]).status == 0)
        #expect(
            try run("export-model mps", ["export-model", clinic, "--format", "mps", "-o", file("private/model.mps")])
                .status == 0)
        #expect(
            try run("generate", ["generate", "--patients", "12", "-o", file("private/generated.json")]).status == 0)
        #expect(
            try run("next-week", ["next-week", clinic, roster, "-o", file("private/next.instance.json")]).status == 0)
        let scenario = file("admit.json")
        try Data(
            (#"{"name": "admit", "changes": [{"admit": [{"id": "p50", "name": "\#(name)", "track": "DBT", "#
                + #""weeklyHours": 9}]}, {"discharge": ["p02"]}]}"#).utf8
        )
        .write(to: URL(fileURLWithPath: scenario))
        #expect(
            try run(
                "whatif",
                [
                    "whatif", clinic, scenario, "--solver", "greedy", "--time-limit", "5", "--out",
                    file("private/whatif"),
                ]
            ).status == 0)
        #expect(
            try run(
                "whatif keep-base",
                [
                    "whatif", clinic, scenario, "--keep-base", "--solver", "greedy", "--time-limit", "5", "--out",
                    file("private/whatif-keep"),
                ]
            ).status == 0)

        // A broken roster: p01 sits in a group twice, in the wrong cohort, with unknown patients,
        // one of them the name typed in place of an id.
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: roster))) as? [String: Any])
        var groups = try #require(document["groups"] as? [[String: Any]])
        groups[0]["patients"] = ["p01", "p01", "p99", name] + ((groups[0]["patients"] as? [String]) ?? [])
        groups[0]["cohort"] = "adult"
        document["groups"] = groups
        let broken = file("broken.roster.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: broken))
        try Data("{\"groups\": [{\"day\": \"Mon\", \"patients\": [\"p01\"], \"slot\": \"one\"}]}".utf8).write(
            to: URL(fileURLWithPath: file("malformed.roster.json")))

        // Failing runs.
        #expect(try run("check broken", ["check", clinic, broken]).status == 1)
        #expect(try run("check broken json", ["check", clinic, broken, "--json"]).status == 1)
        #expect(try run("check malformed roster", ["check", clinic, file("malformed.roster.json")]).status == 2)
        #expect(
            try run("report broken", ["report", clinic, broken, "--format", "html", "-o", file("private/broken.html")])
                .status == 1)
        #expect(
            try run(
                "report ics without weekOf",
                ["report", clinic, roster, "--format", "ics", "-o", file("private/no-week")]
            ).status == 2)
        #expect(
            try run(
                "solve ics without weekOf",
                ["solve", clinic, "--solver", "greedy", "--format", "ics", "-o", file("private/no-week-2")]
            ).status == 2)
        #expect(
            try run(
                "solve unwritable", ["solve", clinic, "--solver", "greedy", "-o", file("missing/folder/roster.json")]
            ).status == 2)
        #expect(
            try run(
                "report unwritable",
                ["report", clinic, roster, "--format", "text", "-o", file("missing/folder/report.txt")]
            ).status == 2)
        #expect(
            try run("export-model unwritable", ["export-model", clinic, "-o", file("missing/folder/model.lp")]).status
                != 0)
        #expect(try run("solve bad flag", ["solve", clinic, "--format", "pdf"]).status == 64)
        #expect(try run("solve bad time limit", ["solve", clinic, "--time-limit", "-1"]).status == 64)
        #expect(try run("report bad flag", ["report", clinic, roster, "--no-such-flag"]).status == 64)
        #expect(try run("generate bad flag", ["generate", "--patients", "0"]).status == 64)
        #expect(try run("bench bad suite", ["bench", clinic, "--out", file("private/bench")]).status == 2)
        let badScenarios = [
            "next-to-wrong-types":
                #"{"admit": [{"id": "p50", "name": "\#(name)", "cohort": 7, "track": "Nope", "weeklyHours": "nine"}]}"#,
            "name-as-references": #"{"admit": [{"id": "p50", "name": "\#(name)", "track": "DBT", "weeklyHours": 9, "#
                + #""separateFrom": ["\#(name)"], "previous": ["\#(name)"], "availability": ["\#(name)", "#
                + #""Zebulon"]}]}"#,
            "name-as-patient":
                #"{"discharge": ["\#(name)"]}, {"setWeeklyHours": {"patient": "\#(name)", "weeklyHours": 3}}, "#
                + #"{"setAvailability": {"patient": "p01", "availability": ["Zebulon", "\#(name)"]}}"#,
        ]
        for (label, changes) in badScenarios {
            let bad = file("bad-scenario-\(label).json")
            try Data(#"{"name": "bad", "changes": [\#(changes)]}"#.utf8).write(to: URL(fileURLWithPath: bad))
            #expect(
                try run(
                    "whatif \(label)", ["whatif", clinic, bad, "--solver", "greedy", "--out", file("private/never")],
                    malformed: true
                ).status == 2)
        }
        #expect(
            try run("next-week broken", ["next-week", clinic, broken, "-o", file("private/never.json")]).status == 1)
        for label in malformed.keys.sorted() + ["invalid-utf8", "truncated"] {
            let bad = file("bad-\(label).json")
            #expect(try run("validate \(label)", ["validate", bad], malformed: true).status == 2)
            #expect(
                try run(
                    "solve \(label)", ["solve", bad, "--solver", "greedy", "-o", file("private/never.json")],
                    malformed: true
                ).status == 2)
            #expect(try run("check \(label)", ["check", bad, roster], malformed: true).status == 2)
            #expect(
                try run(
                    "export-model \(label)", ["export-model", bad, "-o", file("private/never.lp")], malformed: true
                ).status == 2)
        }

        for run in runs {
            for part in Self.nameParts {
                #expect(
                    !run.result.error.contains(part),
                    "\(run.label): the name is on standard error:\n\(run.result.error)")
                if !run.forPeople {
                    #expect(!run.result.output.contains(part), "\(run.label): the name is on standard output")
                }
            }
            // Cohorts are program groups, not people: warnings and violations may name them, but a
            // malformed file's patient entries are never quoted back.
            if run.malformed {
                #expect(!run.result.error.contains(Self.cohort), "\(run.label): the cohort is quoted in an error")
            }
        }
        // The planted name does reach the outputs for people (so its absence elsewhere means something).
        #expect(runs.first { $0.label == "solve csv" }?.result.output.contains(Self.name) == true)

        // Files: only the renderings for people in people/ may hold the name; nothing was left
        // behind in temporary files, here or in the system's temporary folder.
        let everything = Self.files(under: folder)
        #expect(!everything.contains { $0.lastPathComponent.hasPrefix(".iop-planner-") }, "a temporary file was left")
        var named: [String] = []
        let inputs = [clinic, week, broken, scenario]
        for url in everything where !url.path.hasPrefix(file("bad-")) && !inputs.contains(url.path) {
            let data = (try? FileContents.data(url.path)) ?? Data()
            if Self.nameParts.contains(where: { data.range(of: Data($0.utf8)) != nil }) { named.append(url.path) }
        }
        // Instance files (next-week's, whatif's changed instances) are the input's kind of file.
        let misplaced = named.filter { !$0.hasPrefix(file("people/")) && !$0.hasSuffix(".instance.json") }
        #expect(misplaced.isEmpty, "the name is in \(misplaced)")
        #expect(named.contains(file("people/solve.html")) && named.contains(file("people/report.csv")))
        #expect(named.contains { $0.hasPrefix(file("people/ics/")) })
        // The compiler's macro expansions of this very file hold the name too.
        for url in Self.files(under: FileManager.default.temporaryDirectory.path, newerThan: started)
        where !url.path.hasPrefix(folder) && !url.path.contains("swift-generated-sources") {
            let data = (try? FileContents.data(url.path)) ?? Data()
            #expect(data.range(of: Data(Self.nameParts[1].utf8)) == nil, "the name is in \(url.path)")
        }
    }

    /// Every regular file under `folder`, hidden ones included; with `newerThan`, only files
    /// modified since then (and only the planner's own folders are descended into).
    static func files(under folder: String, newerThan: Date? = nil) -> [URL] {
        let root = URL(fileURLWithPath: folder)
        guard
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey, .fileSizeKey])
        else { return [] }
        var found: [URL] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [
                .isRegularFileKey, .contentModificationDateKey, .fileSizeKey,
            ])
            guard values?.isRegularFile == true, (values?.fileSize ?? 0) < 50_000_000 else { continue }
            if let newerThan, (values?.contentModificationDate ?? .distantPast) < newerThan { continue }
            found.append(url)
        }
        return found
    }

    /// `text` (the pretty-printed instance) with its first patient object replaced by `entry`.
    static func replacingFirstPatient(in text: String, with entry: String) -> String {
        guard let list = text.range(of: "\"patients\" : ["),
            let open = text.range(of: "{", range: list.upperBound..<text.endIndex),
            let close = text.range(of: "}", range: open.upperBound..<text.endIndex)
        else { return text }
        return String(text[..<open.lowerBound]) + entry + String(text[close.upperBound...])
    }
}
