import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import RosterWeb

/// A program of the tiny fixture with a planned week, a director and a clinician.
struct WebFixture {
    static let directorPassword = "correct horse battery"
    static let clinicianPassword = "clinician password 1"
    let store: MemoryStore
    let web: WebApp

    /// `patientName` replaces the first patient's name (to test escaping).
    /// `solver` replaces the greedy solver "Plan this week" runs. `adjust` changes the instance
    /// before the week is planned.
    init(
        instance file: String = "instances/tiny.json", patientName: String? = nil, planned: Bool = true,
        planSeconds: Double = 1, whatIfSeconds: Double = 1, solver: (@Sendable (Double) -> any RosterSolver)? = nil,
        behindTLSProxy: Bool = false, adjust: (inout Instance) -> Void = { _ in }
    ) async throws {
        var instance = try Fixtures.instance(file)
        if let patientName { instance.patients[0].name = patientName }
        adjust(&instance)
        if instance.weekOf == nil { instance.weekOf = "2026-11-30" }
        store = MemoryStore(instance: instance)
        let hasher = PasswordHasher(cost: 4)
        store.add(
            Account(name: "director", passwordHash: try await hasher.hash(Self.directorPassword), role: .director))
        let lead = instance.clinicians[0].id.rawValue
        store.add(
            Account(
                name: "clinician", passwordHash: try await hasher.hash(Self.clinicianPassword), role: .clinician,
                clinician: lead))
        if planned {
            let outcome = try GreedySolver().solve(instance, options: SolveOptions(timeLimit: 2))
            try store.saveRoster(outcome, instance: instance, week: store.week, user: "setup")
        }
        web = WebApp(
            store: store,
            configuration: .init(
                planSeconds: planSeconds, whatIfSeconds: whatIfSeconds, hasher: hasher, loginAttempts: 3,
                solver: solver ?? { seconds in GreedySolver(localSearchSeconds: seconds) },
                behindTLSProxy: behindTLSProxy))
    }

    /// Runs `body` with a client of the router (no sockets).
    func test(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let app = Application(router: web.router())
        try await app.test(.router) { client in try await body(Browser(client: client)) }
    }

    /// Runs `body` with the port of a live server on loopback.
    func live(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let app = Application(router: web.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }
}

/// A client that keeps cookies and knows the page's CSRF token, as a browser would.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// The CSRF token of the last page that had one.
    var csrf: String?
    /// Sent with every request (a proxy's `X-Forwarded-Proto`).
    var headers: HTTPFields = [:]

    init(client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, method: .get, body: nil)
    }

    /// POSTs a form; `csrf: true` adds the token the last page carried.
    @discardableResult
    func post(_ uri: String, _ fields: [String: String], csrf: Bool = true) async throws -> TestResponse {
        var fields = fields
        if csrf, fields["csrf"] == nil, let token = self.csrf { fields["csrf"] = token }
        return try await send(uri, method: .post, body: FormFields(fields).encoded)
    }

    /// POSTs `multipart/form-data` as a browser's file form does; `csrf: true` adds the token.
    @discardableResult
    func upload(_ uri: String, _ fields: [String: String], files: [(name: String, text: String)], csrf: Bool = true)
        async throws -> TestResponse
    {
        let boundary = "----iop-test-boundary-7f3a"
        var fields = fields
        if csrf, fields["csrf"] == nil, let token = self.csrf { fields["csrf"] = token }
        var body = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for file in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\n"
            body += "Content-Type: text/csv\r\n\r\n\(file.text)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return try await send(uri, method: .post, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Signs in through the login form; the session cookie is kept.
    @discardableResult
    func signIn(_ user: String, _ password: String) async throws -> TestResponse {
        try await get("/login")
        let response = try await post("/login", ["user": user, "password": password])
        if response.status == .seeOther { try await get("/") }
        return response
    }

    private func send(
        _ uri: String, method: HTTPRequest.Method, body: String?,
        contentType: String = "application/x-www-form-urlencoded"
    ) async throws -> TestResponse {
        var headers = self.headers
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: "; ")
        }
        if body != nil { headers[.contentType] = contentType }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { $0 }
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if let token = Self.csrf(in: String(buffer: response.body)) { csrf = token }
        return response
    }

    static func csrf(in page: String) -> String? {
        guard let range = page.range(of: #"name="csrf" value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
