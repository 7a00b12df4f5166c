import Foundation
import Hummingbird

/// Finds the session of the request's cookie, and sends anyone without one to the login page
/// (a page request) or away with 401 (anything else). Public paths pass through.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    static let cookieName = "iop_session"
    let store: any WebStore

    /// Paths anyone may reach: the login form and the static assets.
    static func isPublic(_ path: String) -> Bool {
        path == "/login" || path == "/favicon.ico" || path.hasPrefix("/static/")
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty {
            context.session = try store.session(token: token, now: Date())
        }
        guard context.session != nil || Self.isPublic(request.uri.path) else {
            if request.method == .get { return .redirect(to: "/login", type: .normal) }
            throw HTTPError(.unauthorized, message: "Please sign in first.")
        }
        return try await next(request, context)
    }
}

/// Writes an audit row (`refused`: the method and path, never the query, and why) for each
/// request of a signed-in user that is refused as forbidden: a clinician at a director's form or
/// another's calendar, a form without the session's CSRF token. The refusal stands even when the
/// row cannot be written (the log line then names only the error's type).
struct RefusalAuditMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let store: any WebStore

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .forbidden {
            if let session = context.session {
                let what = "\(request.method.rawValue) \(request.uri.path): \(error.body ?? "forbidden")"
                do {
                    try store.audit(AuditEntry(user: session.user, action: "refused", what: what))
                } catch let failure {
                    context.logger.error("the refusal's audit row failed: \(String(describing: type(of: failure)))")
                }
            }
            throw error
        }
    }
}

/// Reads every form POST once, and refuses a signed-in POST whose `csrf` field is not the
/// session's token (403). The login form has its own check (a cookie it set).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        var context = context
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        if let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(of:)) {
            guard let parts = MultipartForm(body: Array(buffer: body), boundary: boundary) else {
                throw BadInput(field: "files", expected: "a multipart/form-data upload as a browser sends it")
            }
            context.form = FormFields(parts.fields)
            context.uploads = parts.files
        } else {
            context.form = FormFields(urlEncoded: String(buffer: body))
        }
        if let session = context.session, request.uri.path != "/login" {
            guard let sent = context.form?["csrf"], Token.equal(sent, session.csrf) else {
                throw HTTPError(
                    .forbidden,
                    message: "This form has expired or did not come from this site; reload the page and try again.")
            }
        }
        return try await next(request, context)
    }
}
