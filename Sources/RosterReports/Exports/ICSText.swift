/// iCalendar (RFC 5545) text: escaping of TEXT values and folding of content lines.
enum ICSText {
    /// The most octets of a content line, CRLF excluded.
    static let lineLimit = 75

    /// A TEXT value: `\` `;` `,` escaped with a backslash, line breaks written `\n`, other control characters dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case _ where character.isNewline: result += "\\n"
            case _
            where character.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F }) && character != "\t":
                break
            default: result.append(character)
            }
        }
        return result
    }

    /// `NAME:VALUE` folded into lines of at most 75 octets, each ending with CRLF; continuation
    /// lines start with one space. Multi-octet UTF-8 characters are never split.
    static func line(_ name: String, _ value: String) -> String {
        var output = ""
        var octets = 0
        for scalar in (name + ":" + value).unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > lineLimit {
                output += "\r\n "
                octets = 1
            }
            output.unicodeScalars.append(scalar)
            octets += size
        }
        return output + "\r\n"
    }
}
