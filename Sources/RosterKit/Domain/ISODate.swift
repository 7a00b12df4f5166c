/// ISO calendar dates (`2026-11-30`) in the proleptic Gregorian calendar, without time zones.
///
/// Dates are counted as days since 1970-01-01, by Howard Hinnant's `days_from_civil` and
/// `civil_from_days`, so that adding days and naming weekdays need no `Calendar`.
///
/// ```swift
/// ISODate.adding(days: 7, to: "2026-12-28")  // "2027-01-04"
/// ```
public enum ISODate {
    /// Whether `text` is a real calendar date written `YYYY-MM-DD`.
    public static func isValid(_ text: String) -> Bool { components(text) != nil }

    /// Year, month and day of a valid `YYYY-MM-DD` date.
    public static func components(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return nil }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        return (year, month, day)
    }

    /// The ISO date `days` after a valid `YYYY-MM-DD` date, or `nil` when `text` is not one.
    public static func adding(days: Int, to text: String) -> String? {
        daysSinceEpoch(text).map { self.text(daysSinceEpoch: $0 + days) }
    }

    /// Days from `start` to `end` (negative when `end` comes first), or `nil` when either is not a valid date.
    ///
    /// ```swift
    /// ISODate.days(from: "2026-12-28", to: "2027-01-04")  // 7
    /// ```
    public static func days(from start: String, to end: String) -> Int? {
        guard let first = daysSinceEpoch(start), let second = daysSinceEpoch(end) else { return nil }
        return second - first
    }

    /// Days from 1970-01-01 to a valid `YYYY-MM-DD` date, or `nil` when `text` is not one.
    public static func daysSinceEpoch(_ text: String) -> Int? {
        components(text).map { daysSinceEpoch(year: $0.year, month: $0.month, day: $0.day) }
    }

    /// `YYYY-MM-DD` of a day count since 1970-01-01.
    public static func text(daysSinceEpoch count: Int) -> String {
        let (year, month, day) = components(daysSinceEpoch: count)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Days from 1970-01-01 (`days_from_civil`).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month and day of a day count since 1970-01-01 (`civil_from_days`).
    public static func components(daysSinceEpoch count: Int) -> (year: Int, month: Int, day: Int) {
        let z = count + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
