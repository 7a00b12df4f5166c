import Foundation
import RosterKit
import TestSupport
import Testing

/// `AtomicFile.write(to:producing:)`, for writers that open the file themselves.
@Suite("Atomic file")
struct AtomicFileTests {
    struct Refused: Error, CustomStringConvertible { var description: String { "the writer gave up" } }

    @Test func aProducedFileReplacesTheOldOneAndIsPrivate() throws {
        let folder = try Planner.scratchFolder("atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/model.lp"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try "stale".write(
            toFile: "\(folder)/\(AtomicFile.temporaryPrefix)model.lp.123", atomically: false, encoding: .utf8)
        try AtomicFile.write(to: path) { temporary in
            #expect(URL(fileURLWithPath: temporary).deletingLastPathComponent().path == folder)
            try "new".write(toFile: temporary, atomically: false, encoding: .utf8)
        }
        #expect(FileContents.text(path) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["model.lp"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func aFailingWriterLeavesTheOldFileAndNoTemporary() throws {
        let folder = try Planner.scratchFolder("atomic-fail")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/model.lp"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            try AtomicFile.write(to: path) { temporary in
                try "half".write(toFile: temporary, atomically: false, encoding: .utf8)
                throw Refused()
            }
        } throws: { error in
            (error as? AtomicFile.WriteError)?.reason == "the writer gave up"
        }
        #expect(FileContents.text(path) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["model.lp"])
    }
}
