import Foundation
import RosterKit
import Testing

/// Every file in `fuzz/corpus/<target>/` and `fuzz/crashes/<target>/` is accepted or rejected with
/// a message by its fuzz target's code (``FuzzReplay``), and never crashes this process.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var target: FuzzReplay.Target
        /// Relative to `fuzz/`.
        var file: String
        var testDescription: String { file }
    }

    static let fuzz = FuzzReplay.repository.appendingPathComponent("fuzz")

    static func cases(in folder: String) -> [Case] {
        FuzzReplay.Target.allCases.flatMap { target in
            let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map {
                Case(target: target, file: "\(folder)/\(target.rawValue)/\($0)")
            }
        }
    }

    static let corpus = cases(in: "corpus")
    static let crashes = cases(in: "crashes")

    @Test func everyTargetHasASeedCorpus() {
        for target in FuzzReplay.Target.allCases {
            #expect(Self.corpus.contains { $0.target == target }, "fuzz/corpus/\(target.rawValue) is empty")
        }
    }

    @Test func crashesAreKept() {
        #expect(!Self.crashes.isEmpty, "fuzz/crashes/ should hold the cases that once crashed")
    }

    @Test(arguments: corpus + crashes)
    func decodesOrFailsWithAMessage(_ entry: Case) throws {
        let bytes = [UInt8](try FileContents.data(Self.fuzz.appendingPathComponent(entry.file).path))
        switch FuzzReplay.run(entry.target, bytes) {
        case .accepted: break
        case .rejected(let messages): #expect(!messages.isEmpty)
        }
    }

    /// The numbers that once overflowed are now out of range, each rejected at its JSON path.
    @Test(arguments: [
        ("session-hours-overflow.json", "sessions[0].hours: expected a whole number from 1 to 24"),
        ("weekly-hours-sum-overflow.json", "patients[1].weeklyHours: expected a whole number from 0 to 1000000"),
        ("weight-infinite-total.json", "policy.weights.unmetHour: expected a number up to 1000000000"),
    ])
    func overflowingNumbersAreRejected(_ file: String, _ expected: String) throws {
        let bytes = [UInt8](try FileContents.data(Self.fuzz.appendingPathComponent("crashes/instance/\(file)").path))
        guard case .rejected(let messages) = FuzzReplay.instance(bytes) else {
            Issue.record("\(file) was accepted")
            return
        }
        #expect(messages.contains { $0.hasPrefix(expected) }, "\(messages)")
    }

    /// The valid seeds stay valid, so the fuzzer starts from inputs that reach the checker.
    @Test func validSeedsAreAccepted() throws {
        let seeds = [
            "instance/tiny.json", "instance/rules-lab.json", "roster/tiny.valid.roster.json",
            "roster/rules-lab.valid.roster.json",
            "scenario/every-change.json", "scenario/riverside-six-admissions.json",
        ]
        for name in seeds {
            let bytes = [UInt8](try FileContents.data(Self.fuzz.appendingPathComponent("corpus/\(name)").path))
            let target = FuzzReplay.Target(rawValue: String(name.prefix { $0 != "/" }))!
            #expect(FuzzReplay.run(target, bytes) == .accepted, "\(name)")
        }
    }
}
