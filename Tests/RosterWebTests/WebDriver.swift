import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// A headless Chromium driven over WebDriver (W3C) through Debian's `chromedriver`.
///
/// ```swift
/// let browser = try await WebDriver.start()
/// try await browser.open("http://127.0.0.1:8080/login")
/// try await browser.type("#user", "director")
/// ```
final class WebDriver: @unchecked Sendable {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    /// Whether both programs are installed (`scripts/bootstrap test` installs them).
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: chromium)
            && FileManager.default.isExecutableFile(atPath: chromedriver)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let driver: Process
    private let base: URL
    private var session = ""

    private init(driver: Process, port: Int) {
        self.driver = driver
        base = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// Starts chromedriver on a free port and opens a headless browser window of `width` by `height`.
    static func start(width: Int = 1360, height: Int = 900) async throws -> WebDriver {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromedriver)
        process.arguments = ["--port=\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let driver = WebDriver(driver: process, port: port)
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            ready = ((try? await driver.call("GET", "/status"))?["ready"] as? Bool) == true
        }
        guard ready else {
            await stop(process, asking: driver.base)
            throw Failure(description: "chromedriver did not start")
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": chromium,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--window-size=\(width),\(height)",
                        ],
                    ],
                ]
            ]
        ]
        do {
            let answer = try await driver.call("POST", "/session", capabilities)
            guard let id = answer["sessionId"] as? String else { throw Failure(description: "no session in \(answer)") }
            driver.session = id
        } catch {
            await stop(process, asking: driver.base)
            throw error
        }
        return driver
    }

    /// Closes the browser and stops chromedriver.
    func quit() async {
        _ = try? await call("DELETE", "/session/\(session)")
        await Self.stop(driver, asking: base)
    }

    /// Stops chromedriver: it is asked to shut down, and killed if it is still running after five
    /// seconds. `terminate()` alone is not enough: the child inherits the test thread's blocked
    /// signal mask, SIGTERM included, and would never exit.
    private static func stop(_ driver: Process, asking base: URL) async {
        _ = try? await HTTPClient.shared.execute(
            HTTPClientRequest(url: base.absoluteString + "/shutdown"), timeout: .seconds(5))
        for _ in 0..<50 where driver.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
        driver.waitUntilExit()
    }

    func open(_ url: String) async throws { _ = try await call("POST", "/session/\(session)/url", ["url": url]) }

    var currentURL: String {
        get async throws { try await call("GET", "/session/\(session)/url")["value"] as? String ?? "" }
    }

    /// The page's visible text.
    var text: String { get async throws { try await run("return document.body.innerText;") as? String ?? "" } }

    func type(_ selector: String, _ text: String) async throws {
        let element = try await find(selector)
        _ = try await call("POST", "/session/\(session)/element/\(element)/value", ["text": text])
    }

    /// Picks `value` in the `<select>` at `selector`; fails when the list has no such option.
    func choose(_ selector: String, _ value: String) async throws {
        let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; return s.value;"
        let chosen =
            try await call("POST", "/session/\(session)/execute/sync", ["script": script, "args": [selector, value]])[
                "value"] as? String
        guard chosen == value else { throw Failure(description: "\(selector) has no option \(value)") }
    }

    func click(_ selector: String) async throws {
        let element = try await find(selector)
        _ = try await call("POST", "/session/\(session)/element/\(element)/click", [:])
    }

    /// Runs a script in the page and returns its value.
    func run(_ script: String) async throws -> Any? {
        try await call("POST", "/session/\(session)/execute/sync", ["script": script, "args": [Any]()])["value"]
    }

    /// Waits until `condition` holds, polling every 200 ms for up to `seconds`.
    func wait(seconds: Double = 20, _ what: String, until condition: () async throws -> Bool) async throws {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failure(description: "timed out waiting for \(what)")
    }

    /// A PNG of the whole page (the window widened to fit).
    func screenshot() async throws -> Data {
        let value = try await call("GET", "/session/\(session)/screenshot")["value"] as? String ?? ""
        guard let data = Data(base64Encoded: value) else { throw Failure(description: "the screenshot is not base64") }
        return data
    }

    private func find(_ selector: String) async throws -> String {
        let answer = try await call(
            "POST", "/session/\(session)/element", ["using": "css selector", "value": selector])
        guard let element = (answer["value"] as? [String: Any])?.values.first as? String else {
            throw Failure(description: "no element \(selector) on the page")
        }
        return element
    }

    @discardableResult
    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: base.absoluteString + path)
        request.method = .init(rawValue: method)
        if let body {
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = Data(buffer: try await response.body.collect(upTo: 64 << 20))
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let value = object["value"]
        if response.status.code >= 400 {
            throw Failure(
                description: "WebDriver \(method) \(path): \(response.status.code) "
                    + "\((value as? [String: Any])?["message"] ?? "")")
        }
        if path == "/status" { return value as? [String: Any] ?? [:] }
        return path == "/session" && method == "POST" ? (value as? [String: Any] ?? [:]) : ["value": value as Any]
    }

    /// A TCP port nobody listens on now, from the kernel.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
