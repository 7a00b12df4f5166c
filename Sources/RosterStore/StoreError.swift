import GRDB

/// Why the program store refused an operation. Messages name the database file and what went
/// wrong, never a patient's name or id.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process holds the write lock longer than the busy timeout.
    case busy(path: String)
    /// The file was written by a newer iop-planner; it is not migrated down.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// A published roster cannot be changed or deleted; plan a new revision instead.
    case publishedRosterImmutable(week: String, revision: Int)
    /// The week already has a published roster.
    case weekAlreadyPublished(week: String, revision: Int)
    /// A record the operation needs does not exist.
    case notFound(kind: String, key: String)
    /// A value the store cannot accept (a duplicate username, an unknown role...).
    case invalid(String)
    /// No patient is in care in the week asked to be planned: its roster would be empty. Carries
    /// the records' first admission date of a patient not discharged, when there is one.
    case nobodyInCare(week: String, firstAdmission: String?)
    /// A roster made from revision `basedOn` (0: before the week had one) was not stored: the
    /// week's newest revision is `latest` now, which it would have buried.
    case newerRevision(week: String, basedOn: Int, latest: Int)
    /// Any other SQLite failure, described by its result code only (its message may quote data).
    case database(path: String, code: String)

    public var description: String {
        switch self {
        case .busy(let path):
            "\(path): the program database is busy (another iop-planner is writing); try again in a moment"
        case .newerSchema(let path, let unknown):
            "\(path): this database was written by a newer iop-planner (migrations "
                + "\(unknown.joined(separator: ", ")) are unknown to this build); use the newer version, it is not "
                + "migrated down"
        case .cannotOpen(let path, let reason):
            "\(path): cannot open the program database: \(reason)"
        case .publishedRosterImmutable(let week, let revision):
            "week \(week): revision \(revision) is published and cannot change; plan a new revision with "
                + "week replan --keep"
        case .weekAlreadyPublished(let week, let revision):
            "week \(week): revision \(revision) is already published; plan a new revision with week replan --keep"
        case .notFound(let kind, let key):
            "no \(kind) \(key) in the program database"
        case .invalid(let reason):
            reason
        case .nobodyInCare(let week, let first):
            "week \(week): no patient is in care that week, nothing to plan ("
                + Self.whyNobody(week: week, firstAdmission: first)
                + (first.map { week < $0 } == true ? Self.admissionHint : "") + ")"
        case .newerRevision(let week, let basedOn, let latest):
            "week \(week): revision \(latest) was saved after "
                + (basedOn == 0 ? "the roster was started" : "revision \(basedOn) the roster was made from")
                + "; it was not stored over it"
        case .database(let path, let code):
            "\(path): database error \(code)"
        }
    }
}

extension StoreError {
    /// What a week to plan must be, in plain words (a form names its field with it); `nil` for
    /// the other errors.
    public var expectedWeek: String? {
        guard case .nobodyInCare(let week, let first) = self else { return nil }
        return "a week in which a patient is in care (\(Self.whyNobody(week: week, firstAdmission: first)))"
    }

    /// Why nobody is in care in `week`, from the records' first admission of a patient not
    /// discharged (`nil`: there is none).
    private static func whyNobody(week: String, firstAdmission: String?) -> String {
        guard let first = firstAdmission else { return "the records hold no patient in care" }
        guard week < first else {
            return "the patients admitted by then are discharged, or past their planned discharge, that week"
        }
        return "the first admission in the records is on \(first): plan a week that reaches it"
    }

    /// How a patient's admission date is set, for the command line.
    private static let admissionHint =
        "; a patient's admission date is set on their first import, by program import --as-of YYYY-MM-DD"

    /// Maps GRDB's errors to store errors without quoting SQL arguments (they may hold patient data).
    static func wrap(_ error: any Error, path: String) -> any Error {
        if error is StoreError { return error }
        guard let databaseError = error as? DatabaseError else { return error }
        switch databaseError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy(path: path)
        case .SQLITE_CONSTRAINT:
            if let message = databaseError.message, message.hasPrefix(Schema.immutableMessage) {
                return StoreError.invalid(
                    "a published roster cannot change; plan a new revision with week replan --keep")
            }
            return StoreError.database(path: path, code: "constraint failed (\(databaseError.extendedResultCode))")
        default:
            return StoreError.database(path: path, code: "\(databaseError.extendedResultCode)")
        }
    }
}
