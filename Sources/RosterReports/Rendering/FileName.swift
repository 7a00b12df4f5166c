/// Names made of ids for files, anchors and UIDs.
enum FileName {
    /// A file or anchor name for an id: ASCII letters, digits, `-` and `.` kept, every other
    /// byte written `_XX` in hex, so different ids never share a name.
    static func safe(_ id: String) -> String {
        var result = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "_" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result.isEmpty || result.hasPrefix(".") ? "_" + result : result
    }
}
