import Foundation

/// Writes files so that readers see either the old file or the complete new one, never half of it.
///
/// The text goes to a temporary file in the same folder (mode 0600: rosters hold health
/// information), is flushed to disk, then renamed over the destination. On any failure the
/// temporary file is removed. Before writing, leftovers of killed runs beside the destination
/// (`.iop-planner-NAME.*`) are removed.
public enum AtomicFile {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(file): cannot write the file: \(reason)" }
    }

    /// Prefix of temporary files, so a later run can recognise and remove leftovers of a killed one.
    public static let temporaryPrefix = ".iop-planner-"

    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Array(text.utf8), to: path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        try write(to: path) { descriptor, _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    /// For writers that open the file themselves, such as GLPK's `glp_write_lp`: `produce` is
    /// given the temporary file's path and writes the complete file there (opening it for
    /// writing, not replacing it); a thrown error becomes the `WriteError`'s reason.
    ///
    /// ```swift
    /// try AtomicFile.write(to: "model.lp") { try GLPKSolver.exportModel(of: instance, format: .lp, to: $0) }
    /// ```
    public static func write(to path: String, producing produce: (_ temporary: String) throws -> Void) throws(WriteError) {
        try write(to: path) { _, temporary in
            do {
                try produce(temporary)
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    /// Creates the temporary file, lets `fill` write it (returning a failure reason or `nil`),
    /// then flushes, closes and renames it, or removes it on failure.
    private static func write(to path: String, fill: (_ descriptor: Int32, _ temporary: String) -> String?) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        removeStaleTemporaries(in: folder, for: url.lastPathComponent)
        var template = Array("\(folder)/\(temporaryPrefix)\(url.lastPathComponent).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw WriteError(file: path, reason: String(cString: strerror(errno))) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String?
        if fchmod(descriptor, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil { failure = fill(descriptor, temporary) }
        // fsync flushes the file, whichever descriptor wrote it.
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(file: path, reason: failure)
        }
    }

    /// Removes temporary files a killed run left beside `name` in `folder`.
    public static func removeStaleTemporaries(in folder: String, for name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix("\(temporaryPrefix)\(name).") {
            unlink("\(folder)/\(entry)")
        }
    }
}
