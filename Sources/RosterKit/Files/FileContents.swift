import Foundation

/// Reads whole files through `FileHandle`.
///
/// On Linux, Foundation's `Data(contentsOf:)` and `String(contentsOfFile:)` leak a 4 KB buffer
/// for every file that reports size 0: empty files, and every file under `/proc` (found with
/// `swift test --sanitize address`, see docs/ROBUSTNESS.md). This does not.
public enum FileContents {
    /// The file's bytes; throws as `FileHandle(forReadingFrom:)` does.
    public static func data(_ path: String) throws -> Data {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    }

    /// The file as UTF-8 text (invalid bytes repaired), or `nil` when it cannot be read.
    public static func text(_ path: String) -> String? {
        (try? data(path)).map { String(decoding: $0, as: UTF8.self) }
    }
}
