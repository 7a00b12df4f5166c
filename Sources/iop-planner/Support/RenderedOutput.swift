import ArgumentParser
import Foundation
import RosterKit
import RosterReports

extension RenderFormat: ExpressibleByArgument {}

/// Where rendered files go: standard output, one file, or (for ics) a folder of calendars.
enum RenderedOutput {
    /// The format to render: `--format` when given, else the one the output's extension names
    /// (`week.html`), else `fallback`. A `--format` the extension contradicts is refused.
    static func format(_ explicit: RenderFormat?, output: String?, fallback: RenderFormat) throws -> RenderFormat {
        let named = output.flatMap(formatNamed(byExtensionOf:))
        if let explicit, let named, explicit != named {
            throw ValidationError(
                "--format \(explicit.rawValue) contradicts the extension of -o \(output ?? ""), which names "
                    + "\(named.rawValue); "
                    + "change one of them")
        }
        return explicit ?? named ?? fallback
    }

    /// The format a file name's extension names (`.htm` and `.txt` included), if any.
    static func formatNamed(byExtensionOf path: String) -> RenderFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "htm", "html": .html
        case "txt", "text": .text
        case let other: RenderFormat(rawValue: other)
        }
    }

    /// Refuses (exit 2, before any work) an output that is one of the command's own inputs,
    /// however its path is spelled (the same file: same device and inode): writing it would
    /// destroy the input. Also refuses two of the outputs that are the same file (`-o X
    /// --instance-output ./X`: the second would replace the first), whether that file exists
    /// (same device and inode) or not yet (the same path once `.`, `..` and links of its folder
    /// are resolved). Every command that writes a file calls this before it reads or solves;
    /// `nil` inputs and outputs (options not given) are skipped.
    static func refuseOverwriting(inputs: [String?], with outputs: [String?]) throws {
        let outputs = outputs.compactMap(\.self)
        for output in outputs {
            guard let input = inputs.compactMap(\.self).first(where: { InputFile.isSameFile($0, output) }) else {
                continue
            }
            printError(
                "error: \(output): it is the input file \(input); refusing to overwrite it (nothing was written)")
            throw ExitStatus.badInput
        }
        var seen: [String: String] = [:]
        for output in outputs {
            let identity = destination(of: output)
            if let earlier = seen[identity] {
                printError(
                    "error: \(output): it is the same file as the output \(earlier); refusing to write the one over "
                        + "the other (nothing was written)")
                throw ExitStatus.badInput
            }
            seen[identity] = output
        }
    }

    /// What an output path writes: an existing file's device and inode, else the absolute path
    /// with its folder resolved (`realpath`), else the path made absolute and standardized.
    private static func destination(of path: String) -> String {
        if path == "-" { return "standard output" }
        var status = stat()
        if stat(path, &status) == 0 { return "file \(status.st_dev):\(status.st_ino)" }
        let folder = (path as NSString).deletingLastPathComponent
        guard let resolved = realpath(folder.isEmpty ? "." : folder, nil) else {
            return "path \(URL(fileURLWithPath: path).standardizedFileURL.path)"
        }
        defer { free(resolved) }
        return
            "path \((String(cString: resolved) as NSString).appendingPathComponent((path as NSString).lastPathComponent))"
    }

    /// The same refusal for an output folder: `names` (relative paths, `calendars/c1.ics`) are
    /// the files the command would write into `folder`; none of them may be one of its inputs.
    static func refuseOverwriting(inputs: [String?], inFolder folder: String?, names: [String]) throws {
        guard let folder else { return }
        try refuseOverwriting(inputs: inputs, with: names.map { (folder as NSString).appendingPathComponent($0) })
    }

    /// With `--format ics`, the same refusal for the calendars it may write into the folder
    /// `output`: one per clinician of `instance`, and one per patient with `--patient-calendars`.
    static func refuseOverwriting(
        inputs: [String?], calendarsOf instance: Instance, format: RenderFormat, in output: String?,
        patientCalendars: Bool
    ) throws {
        guard format == .ics else { return }
        let names =
            instance.clinicians.map { ICSExport.fileName(of: $0.id) }
            + (patientCalendars ? instance.patients.map { ICSExport.fileName(of: $0.id) } : [])
        try refuseOverwriting(inputs: inputs, inFolder: output, names: names)
    }

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
        try makeOutputFolder(folder, usage: "--format ics writes into a folder")
        for file in files {
            try AtomicFile.write(file.text, to: (folder as NSString).appendingPathComponent(file.name))
        }
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
