import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578): its plain fields and its files.
/// Only what a browser's file form sends is understood: one level of parts, each with a
/// `Content-Disposition: form-data; name="..."` header and, for files, a `filename`.
struct MultipartForm: Sendable {
    /// One uploaded file: the form field, the file's name as the browser gave it, its bytes.
    struct File: Sendable {
        var field: String
        var name: String
        var bytes: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [File] = []

    /// The boundary of a `multipart/form-data` content type, or `nil` for any other type.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count)
            return value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
                ? String(value.dropFirst().dropLast()) : String(value)
        }
        return nil
    }

    /// Parses `body`; `nil` when it is not multipart data of this boundary.
    init?(body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        let starts = Self.ranges(of: delimiter, in: body)
        guard starts.count >= 2 else { return nil }
        for (open, close) in zip(starts, starts.dropFirst()) {
            // A part runs from after the delimiter's CRLF to the CRLF before the next delimiter.
            var begin = open.upperBound
            guard body[begin..<min(begin + 2, body.count)].elementsEqual([13, 10]) else { return nil }
            begin += 2
            let end = close.lowerBound - 2
            guard end >= begin, body[end..<close.lowerBound].elementsEqual([13, 10]) else { return nil }
            let part = Array(body[begin..<end])
            guard let split = Self.ranges(of: [13, 10, 13, 10], in: part).first else { return nil }
            let headers = String(decoding: part[..<split.lowerBound], as: UTF8.self)
            let content = Array(part[split.upperBound...])
            guard
                let disposition = headers.components(separatedBy: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                }),
                let name = Self.parameter("name", in: disposition)
            else { return nil }
            if let file = Self.parameter("filename", in: disposition) {
                if !file.isEmpty || !content.isEmpty { files.append(File(field: name, name: file, bytes: content)) }
            } else if fields[name] == nil {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
    }

    /// `name="value"` in a header line.
    private static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            let value = pair[1]
            return value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
                ? String(value.dropFirst().dropLast()) : String(value)
        }
        return nil
    }

    /// Every place `needle` occurs in `haystack`, left to right, not overlapping.
    private static func ranges(of needle: [UInt8], in haystack: [UInt8]) -> [Range<Int>] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Range<Int>] = []
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                found.append(index..<index + needle.count)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }
}
