import ArgumentParser
import Foundation
import RosterKit
import RosterStore
import RosterWeb

/// `iop-planner serve`: the director's web application.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the director's web page: the week's roster, planning, what-if, people and history.",
        discussion: """
            Accounts, sessions, the audit log, the program's records and every week's rosters live in \
            the program database (--db, else IOP_PLANNER_DB, else program.sqlite), so a restart keeps \
            them. --instance FILE imports a spec instance into it first (records matched by id), and its \
            weekOf becomes the week the page opens on; without it the database must hold a program \
            (`program import`). Binds \
            127.0.0.1 unless --host says otherwise; anywhere else, put TLS (a reverse proxy) in front of \
            it and give --behind-tls-proxy, so that the session cookie is Secure when the proxy sends \
            X-Forwarded-Proto: https (the header is ignored without the flag: a client could forge it). \
            `serve --demo` starts on a fresh temporary database with the shipped lakeside-120 program \
            and prints a demo director's password; the database is removed when the server stops \
            (Ctrl-C, SIGTERM). A port that cannot be listened on exits 2. `serve --create-user NAME --role director` (or \
            `--role clinician --clinician c3`: read-only, only the groups c3 leads and their patients) \
            reads the password from standard input and exits.
            """
    )

    @Option(help: "The program database (SQLite).") var db: String?
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: "A spec instance (JSON) to import into the database before serving.") var instance: String?
    @Flag(help: "A temporary database, the lakeside-120 program and a demo director.") var demo = false
    @Flag(
        name: .customLong("behind-tls-proxy"),
        help: "A TLS reverse proxy stands in front: its X-Forwarded-Proto: https makes the cookies Secure.")
    var behindTLSProxy = false
    @Option(name: .customLong("create-user"), help: "Create this user (password from standard input) and exit.")
    var createUser: String?
    @Option(help: "The new user's role: director or clinician.") var role: String = "director"
    @Option(help: "The clinician id a clinician's account belongs to (they see the groups they lead).") var clinician:
        String?
    @Option(name: .customLong("plan-seconds"), help: "Seconds \"Plan this week\" may solve.") var planSeconds: Double =
        30

    func validate() throws {
        guard (1...65535).contains(port) || port == 0 else { throw ValidationError("--port must be 1 to 65535") }
        guard Role(rawValue: role) != nil else { throw ValidationError("--role must be director or clinician") }
        if clinician != nil, createUser == nil {
            throw ValidationError("--clinician goes with --create-user NAME --role clinician")
        }
        if role == "clinician", createUser != nil, clinician == nil {
            throw ValidationError("a clinician's account needs --clinician ID")
        }
        if role == "director", clinician != nil { throw ValidationError("--clinician is for --role clinician") }
        guard planSeconds > 0, planSeconds.isFinite else {
            throw ValidationError("--plan-seconds must be a positive number")
        }
    }

    func run() async throws {
        let hasher = PasswordHasher()
        if let createUser {
            let store = try openStore(ProgramStore.resolvePath(explicit: db))
            try await Self.create(
                createUser, role: UserRole(rawValue: role) ?? .director, clinician: clinician, in: store, hasher: hasher
            )
            return
        }
        let path: String
        var demoFolder: URL?
        if demo {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "iop-planner-demo-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            demoFolder = folder
            path = folder.appendingPathComponent("program.sqlite").path
        } else {
            path = ProgramStore.resolvePath(explicit: db)
        }
        // The demo database goes when the server stops: Ctrl-C and SIGTERM end `runService` normally.
        defer { if let demoFolder { try? FileManager.default.removeItem(at: demoFolder) } }
        let store = try openStore(path)
        let currentWeek = try openingWeek(store, importing: demo ? (instance ?? Self.shippedDemo()) : instance)
        if demo {
            let password = Token.demoPassword()
            _ = try store.createUser(username: "demo", passwordHash: try await hasher.hash(password), role: .director)
            print("demo database: \(path)")
            print("sign in as demo with the password: \(password)")
        }
        if !WebApp.isLoopback(host) {
            printError(
                "warning: listening on \(host), not only this machine: put TLS (a reverse proxy) in front of it "
                    + "and give --behind-tls-proxy, so that the session cookie is Secure; passwords and patient "
                    + "data must not cross a network in the clear")
        }
        let web = WebApp(
            store: ProgramWebStore(database: store, currentWeek: currentWeek),
            configuration: .init(planSeconds: planSeconds, hasher: hasher, behindTLSProxy: behindTLSProxy))
        let listening = ListeningFlag()
        let server = web.application(host: host, port: port) { [host] port in
            listening.set()
            let shown = host.contains(":") ? "[\(host)]" : host
            print("serving on http://\(shown):\(port)/ (Ctrl-C stops)")
            fflush(nil)
        }
        do {
            try await server.runService()
        } catch  where !listening.isSet {
            printError("error: cannot listen on \(host) port \(port): \(error)")
            throw ExitStatus.badInput
        }
    }

    /// Imports `file` (when given) and returns its week; else the newest planned week, or today.
    /// Without a file the database must already hold a program.
    private func openingWeek(_ store: ProgramStore, importing file: String?) throws -> String {
        if let file {
            let program = try loadInstance(file)
            let week = program.weekOf ?? ProgramImportCommand.today()
            let report = try store.importRecords(
                ProgramImport(instance: program, admittedOn: week), effectiveDate: week, actor: "serve",
                source: (file as NSString).lastPathComponent)
            print("imported \(file): patients \(report.patients.summary)")
            return week
        }
        guard try store.hasProgram() else {
            printError(
                "error: the database holds no program: import one with `iop-planner program import FILE`, or "
                    + "give --instance FILE")
            throw ExitStatus.badInput
        }
        return try store.plannedWeeks().first ?? ProgramImportCommand.today()
    }

    private func openStore(_ path: String) throws -> ProgramStore {
        do {
            return try ProgramStore(path: path)
        } catch {
            printError("error: \(error)")
            throw ExitStatus.badInput
        }
    }

    static func create(
        _ name: String, role: UserRole, clinician: String?, in store: ProgramStore, hasher: PasswordHasher
    ) async throws {
        let password = (readLine(strippingNewline: true) ?? "")
        if let problem = PasswordHasher.problem(with: password) {
            printError("error: \(problem) (give it on standard input)")
            throw ExitStatus.badInput
        }
        do {
            _ = try store.createUser(
                username: name, passwordHash: try await hasher.hash(password), role: role, clinicianID: clinician)
        } catch let error as StoreError {
            printError("error: \(error)")
            throw ExitStatus.badInput
        }
        print("created \(role.rawValue) \(name)" + (clinician.map { " (clinician \($0))" } ?? ""))
    }

    /// `instances/lakeside-120.json` beside the binary's checkout or in the working folder.
    static func shippedDemo() -> String {
        let relative = "instances/lakeside-120.json"
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return relative
    }
}

/// Whether the server got as far as listening: an error before it is a failure to bind.
private final class ListeningFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
