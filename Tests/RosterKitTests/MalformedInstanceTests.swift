import Foundation
import TestSupport
import Testing

@testable import RosterKit

/// Every malformed instance under `Tests/Fixtures/invalid-instances/` is rejected with the JSON
/// path of its problem.
@Suite("Malformed instances")
struct MalformedInstanceTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var path: String?
        var expected: String
        var pythonRejects: Bool
        var testDescription: String { file }
    }

    static let cases = (try? Fixtures.manifest("Tests/Fixtures/invalid-instances/manifest.json", as: [Case].self)) ?? []

    @Test func thereAreAtLeastTwentyFiveKinds() {
        #expect(Self.cases.count >= 70)
    }

    @Test(arguments: cases)
    func rejectedWithTheRightPath(_ entry: Case) throws {
        let file = Fixtures.path("Tests/Fixtures/invalid-instances/\(entry.file)")
        #expect {
            _ = try InputFile.loadInstance(file)
        } throws: { error in
            guard let error = error as? InputError, error.file == file else { return false }
            switch error {
            case .syntax: return entry.path == nil
            case .invalid(_, let problems): return problems.contains { $0.path == entry.path }
            case .unreadable: return false
            }
        }
    }
}
