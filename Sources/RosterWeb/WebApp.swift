import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import RosterKit
import RosterSolvers

/// The director's web application: its routes over a ``WebStore``.
///
/// ```swift
/// let app = WebApp(store: store, configuration: .init())
/// try await app.application(host: "127.0.0.1", port: 8080).runService()
/// ```
public final class WebApp: Sendable {
    /// Knobs with production defaults; tests shorten the solves and cheapen bcrypt.
    public struct Configuration: Sendable {
        /// How long a session lasts after sign-in.
        public var sessionSeconds: TimeInterval
        /// Seconds "Plan this week" may solve.
        public var planSeconds: Double
        /// Seconds a what-if may re-plan.
        public var whatIfSeconds: Double
        /// How passwords are hashed and checked.
        public var hasher: PasswordHasher
        /// Failed sign-ins per user name within five minutes before further tries are refused.
        public var loginAttempts: Int
        /// The solver "Plan this week" runs, given its seconds: greedy, then GLPK from it (`solve`'s `auto`).
        public var solver: @Sendable (_ seconds: Double) -> any RosterSolver
        /// Whether a TLS reverse proxy stands in front and sets `X-Forwarded-Proto` on every request
        /// (`serve --behind-tls-proxy`): then `X-Forwarded-Proto: https` makes the cookies Secure.
        /// Off by default, since without such a proxy any client could send the header.
        public var behindTLSProxy: Bool

        /// The production settings, or others for tests.
        public init(
            sessionSeconds: TimeInterval = 8 * 3600, planSeconds: Double = 30, whatIfSeconds: Double = 10,
            hasher: PasswordHasher = PasswordHasher(), loginAttempts: Int = 5,
            solver: @escaping @Sendable (_ seconds: Double) -> any RosterSolver = { seconds in
                AutoSolver(exact: GLPKSolver(), heuristic: GreedySolver(localSearchSeconds: seconds))
            },
            behindTLSProxy: Bool = false
        ) {
            self.solver = solver
            self.behindTLSProxy = behindTLSProxy
            self.sessionSeconds = sessionSeconds
            self.planSeconds = planSeconds
            self.whatIfSeconds = whatIfSeconds
            self.hasher = hasher
            self.loginAttempts = loginAttempts
        }
    }

    /// Where every account, session, audit entry and roster is kept.
    public let store: any WebStore
    /// The settings it was made with.
    public let configuration: Configuration
    let throttle: LoginThrottle
    let planner: PlanJobs
    /// The week page's revision-bound parts.
    let weekCache = WeekPageCache()
    /// Writes the week page's view rows in groups.
    let viewAudit: AuditWriter
    /// A hash of a random password, verified when the user name is unknown so that a wrong name
    /// takes as long as a wrong password.
    let decoyHash: String

    /// An application over `store`; makes its decoy hash here, which takes one bcrypt hash's time.
    public init(store: any WebStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
        throttle = LoginThrottle(limit: configuration.loginAttempts)
        planner = PlanJobs(store: store, weekCache: weekCache)
        viewAudit = AuditWriter(store: store)
        decoyHash = Bcrypt.hash(Token.random(), cost: configuration.hasher.cost)
    }

    var hasher: PasswordHasher { configuration.hasher }

    /// Every route, behind the security headers, the session check and the CSRF check.
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: SessionMiddleware(store: store))
        router.add(middleware: CSRFMiddleware())
        Assets.add(to: router)
        LoginRoutes(app: self).add(to: router)
        RosterRoutes(app: self).add(to: router)
        PlanRoutes(app: self).add(to: router)
        WhatIfRoutes(app: self).add(to: router)
        EditRoutes(app: self).add(to: router)
        ExportRoutes(app: self).add(to: router)
        ImportRoutes(app: self).add(to: router)
        PeopleRoutes(app: self).add(to: router)
        HistoryRoutes(app: self).add(to: router)
        return router
    }

    /// The server on `host:port`; `listening` is called with the port once it listens (the
    /// kernel's choice for port 0).
    public func application(
        host: String, port: Int, logger: Logger? = nil, listening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "iop-planner.serve")
        if logger == nil { log.logLevel = .info }
        return Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await listening(channel.localAddress?.port ?? port) }, logger: log)
    }

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// Whether the request came over TLS: its own scheme, or behind a TLS proxy
    /// (``Configuration/behindTLSProxy``) the first `X-Forwarded-Proto` value (the proxy nearest
    /// the browser writes it first).
    func cameOverTLS(_ request: Request) -> Bool {
        if request.head.scheme == "https" { return true }
        guard configuration.behindTLSProxy, let forwarded = request.headers[HeaderName.xForwardedProto] else {
            return false
        }
        let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        return first?.lowercased() == "https"
    }

    /// Writes one audit row for the session's user.
    func audit(_ session: WebSession, _ action: String, _ what: String) throws {
        try store.audit(AuditEntry(user: session.user, action: action, what: what))
    }

    /// Refuses a change of the week's draft (an edit, a pin, adopting a what-if) while a plan of
    /// the week runs: the plan saves the next revision, which would bury the change.
    func refuseWhilePlanning(week: String) throws {
        if planner.isRunning(week: week) { throw WebStoreError.planRunning(week: week) }
    }

    /// The week a request names (`?week=`), or the newest; 404 when the store has no such week.
    func week(_ request: Request) throws -> (id: String, all: [WeekInfo]) {
        let weeks = try store.weeks()
        if let asked = request.uri.queryParameters["week"].map(String.init), !asked.isEmpty {
            guard weeks.contains(where: { $0.id == asked }) else {
                throw HTTPError(.notFound, message: "There is no week \(asked) in the program.")
            }
            return (asked, weeks)
        }
        guard let newest = weeks.first else { throw HTTPError(.notFound, message: "The program has no weeks yet.") }
        return (newest.id, weeks)
    }
}
