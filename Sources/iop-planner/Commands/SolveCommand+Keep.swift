import RosterKit
import RosterReports
import RosterSolvers

extension SolveCommand {
    /// The rendered files of a `solve --keep` run, with what the re-planning kept and moved:
    /// an informative `replanning` member in JSON, a section in text, a line on stderr otherwise.
    static func adding(
        _ replanning: ReplanningSummary, from previousPath: String, to files: [RenderedFile], format: RenderFormat,
        facts: RosterFacts, quiet: Bool
    ) -> [RenderedFile] {
        switch format {
        case .json:
            guard case .object(var document) = RosterJSON(facts).document else { return files }
            document["replanning"] = replanning.json
            return [RenderedFile(name: files.first?.name ?? "roster.json", text: JSONWriter.write(.object(document)))]
        case .text:
            let section = (["", "Re-planned from \(previousPath)"] + replanning.lines).joined(separator: "\n") + "\n"
            return [RenderedFile(name: files.first?.name ?? "roster.txt", text: (files.first?.text ?? "") + section)]
        default:
            if !quiet { printError("re-planned from \(previousPath): \(replanning.headline)") }
            return files
        }
    }
}
