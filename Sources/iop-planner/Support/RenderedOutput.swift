import ArgumentParser
import Foundation
import RosterKit
import RosterReports

extension RenderFormat: ExpressibleByArgument {}

/// Where rendered files go: standard output, one file, or (for ics) a folder of calendars.
enum RenderedOutput {
    static func write(_ files: [RenderedFile], format: RenderFormat, to output: String?) throws {
        try reportingInputErrors {
            if format == .ics, let output {
                try writeFolder(files, to: output)
            } else if let output, let file = files.first {
                try AtomicFile.write(file.text, to: output)
            } else {
                print(files.map(\.text).joined(), terminator: "")
            }
        }
    }

    /// Writes each file into `folder`, creating it (mode 0700) when missing.
    private static func writeFolder(_ files: [RenderedFile], to folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                printError("error: \(folder): it is a file; --format ics writes into a folder")
                throw ExitStatus.badInput
            }
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                printError("error: \(folder): cannot create the folder")
                throw ExitStatus.badInput
            }
        }
        for file in files { try AtomicFile.write(file.text, to: (folder as NSString).appendingPathComponent(file.name)) }
        printError("wrote \(files.count) calendar\(files.count == 1 ? "" : "s") to \(folder)")
    }

    /// Renders, turning a missing `weekOf` into a message and exit status 2.
    static func render(_ format: RenderFormat, facts: RosterFacts, instancePath: String) throws -> [RenderedFile] {
        do {
            return try RosterRendering.render(format: format, facts: facts)
        } catch {
            printError("error: \(instancePath): \(error)")
            throw ExitStatus.badInput
        }
    }
}
