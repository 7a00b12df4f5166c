import Hummingbird

/// The request context of every route: who is signed in, and the form a POST carried.
public struct WebContext: RequestContext {
    /// Hummingbird's core per-request storage (the request's logger among others).
    public var coreContext: CoreRequestContextStorage
    /// The signed-in session, set by ``SessionMiddleware`` (`nil` on public routes when signed out).
    public var session: WebSession?
    /// The fields of a `application/x-www-form-urlencoded` POST, read once by ``CSRFMiddleware``.
    public var form: FormFields?
    /// The files of a `multipart/form-data` POST (the People page's upload).
    var uploads: [MultipartForm.File] = []

    /// A context for a new request, with no session and no form until the middleware set them.
    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Forms stay small; CSV uploads are the largest bodies.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The session of the signed-in user; throws 401 on routes reached without one.
    func signedIn() throws -> WebSession {
        guard let session else { throw HTTPError(.unauthorized) }
        return session
    }

    /// The session of a signed-in director; a clinician gets 403 (read-only role).
    func director() throws -> WebSession {
        let session = try signedIn()
        guard session.role.canEdit else {
            throw HTTPError(.forbidden, message: "Only a director can do this; clinicians have read-only access.")
        }
        return session
    }

    /// The POST's form (an empty one when the request had none).
    var fields: FormFields { form ?? FormFields() }
}
