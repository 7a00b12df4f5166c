import Foundation
import Hummingbird
import RosterReports

/// Sign-in and sign-out. The login form carries a token that must match a cookie it set
/// (so another site cannot sign a browser in); failures are rate-limited per user name.
struct LoginRoutes {
    static let formCookie = "iop_login"
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.get("/login") { request, context in
            if context.session != nil { return Response.redirect(to: "/") }
            return loginPage(error: nil, status: .ok, request: request)
        }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { request, context in
            let session = try context.signedIn()
            try app.store.deleteSession(token: session.token)
            var response = Response.redirect(to: "/login")
            response.setCookie(cookie(SessionMiddleware.cookieName, "", maxAge: 0, request: request))
            return response
        }
    }

    private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = context.fields
        guard let sent = form["csrf"], let expected = request.cookies[Self.formCookie]?.value,
            Token.equal(sent, expected)
        else {
            return loginPage(error: "The sign-in form expired; please try again.", status: .forbidden, request: request)
        }
        let name = (form["user"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        guard !name.isEmpty, !password.isEmpty else {
            return loginPage(error: "Give a user name and a password.", status: .badRequest, request: request)
        }
        if let wait = await app.throttle.wait(for: name) {
            context.logger.notice("sign-in refused: too many failures for one account")
            return loginPage(
                error: "Too many failed attempts; try again in \(Int(wait.rounded(.up))) seconds.",
                status: .tooManyRequests,
                request: request)
        }
        let account = try app.store.account(named: name)
        let matches = try await app.hasher.verify(password, hash: account?.passwordHash ?? app.decoyHash)
        guard let account, matches else {
            await app.throttle.recordFailure(for: name)
            return loginPage(
                error: "That user name and password do not match.", status: .unauthorized, request: request)
        }
        await app.throttle.recordSuccess(for: name)
        let token = Token.random()
        let session = WebSession(
            token: token, user: account.name, role: account.role, clinician: account.clinician,
            csrf: Token.csrf(for: token),
            expires: Date().addingTimeInterval(app.configuration.sessionSeconds))
        try app.store.saveSession(session)
        try app.store.audit(AuditEntry(user: account.name, action: "sign in", what: "role \(account.role.rawValue)"))
        var response = Response.redirect(to: "/")
        response.setCookie(
            cookie(
                SessionMiddleware.cookieName, session.token, maxAge: Int(app.configuration.sessionSeconds),
                request: request))
        response.setCookie(cookie(Self.formCookie, "", maxAge: 0, request: request))
        return response
    }

    /// The sign-in form. A browser that already holds a form token keeps it: any other load of
    /// `/login` (a second tab, the browser's own icon request redirected here) would otherwise
    /// replace the cookie and expire the form already on screen.
    private func loginPage(error: String?, status: HTTPResponse.Status, request: Request) -> Response {
        let token = request.cookies[Self.formCookie].map(\.value).flatMap(Token.wellFormed) ?? Token.random()
        let page = Layout.page(title: "Sign in", session: nil) {
            HTML.element(.section, [.class("card")]) {
                HTML.element(.h1) { "Sign in" }
                if let error { HTML.element(.p, [.class("refused"), .id("login-error")]) { error } }
                HTML.element(.form, [.method("post"), .action("/login")]) {
                    HTML.element(.input, [.type("hidden"), .name("csrf"), .value(token)])
                    HTML.element(.label, [.for("user")]) { "User name" }
                    HTML.element(
                        .input,
                        [.type("text"), .name("user"), .id("user"), .required, .custom("autocomplete", "username")])
                    HTML.element(.label, [.for("password")]) { "Password" }
                    HTML.element(
                        .input,
                        [
                            .type("password"), .name("password"), .id("password"), .required,
                            .custom("autocomplete", "current-password"),
                        ])
                    HTML.element(.p) { HTML.element(.button, [.type("submit")]) { "Sign in" } }
                }
            }
        }
        var response = Layout.response(page, status: status)
        response.setCookie(cookie(Self.formCookie, token, maxAge: 3600, request: request))
        return response
    }

    /// An HttpOnly, SameSite=Strict cookie for the whole site; Secure when the request came over
    /// TLS (``WebApp/cameOverTLS(_:)``).
    func cookie(_ name: String, _ value: String, maxAge: Int, request: Request) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: app.cameOverTLS(request), httpOnly: true,
            sameSite: .strict)
    }
}
