import Hummingbird
import RosterReports

/// The frame of every page: the app's own stylesheet and script, the navigation, who is signed in.
enum Layout {
    /// The navigation's pages: path and label.
    static let sections = [
        ("/", "Week"), ("/plan", "Plan"), ("/whatif", "What-if"), ("/people", "People"), ("/history", "History"),
    ]

    /// `refreshWithoutScript`: seconds after which a browser without JavaScript reloads the page
    /// (a running solve's page); the script follows the solve itself.
    static func page(
        title: String, session: WebSession?, current: String? = nil, refreshWithoutScript: Int? = nil,
        @HTMLBuilder content: () -> HTML
    ) -> HTML {
        let head = HTML.element(.head) {
            HTML.element(.meta, [.custom("charset", "utf-8")])
            HTML.element(.meta, [.name("viewport"), .custom("content", "width=device-width, initial-scale=1")])
            HTML.element(.title) { "\(title) · IOP planner" }
            HTML.element(.link, [.rel("stylesheet"), .href(Assets.stylePath)])
            HTML.element(.link, [.rel("icon"), .href(Assets.iconPath), .type("image/svg+xml")])
            HTML.element(.script, [.src(Assets.scriptPath), .defer]) {}
            if let refreshWithoutScript {
                HTML.element(.noscript) {
                    HTML.element(
                        .meta, [.custom("http-equiv", "refresh"), .custom("content", "\(refreshWithoutScript)")])
                }
            }
        }
        let body = HTML.element(.body) {
            HTML.element(.header, [.class("top")]) {
                HTML.element(.a, [.href("/"), .class("brand")]) { "IOP planner" }
                if let session {
                    HTML.element(.nav) {
                        for (path, label) in sections {
                            HTML.element(.a, path == current ? [.href(path), .class("current")] : [.href(path)]) {
                                label
                            }
                        }
                    }
                    HTML.element(.form, [.method("post"), .action("/logout"), .class("who")]) {
                        HTML.element(.span) { "\(session.user) (\(session.role.rawValue))" }
                        csrfField(session)
                        HTML.element(.button, [.type("submit"), .class("link")]) { "Sign out" }
                    }
                }
            }
            HTML.element(.main) { content() }
        }
        return .document(head: head, body: body)
    }

    /// The hidden field every form POST carries.
    static func csrfField(_ session: WebSession) -> HTML {
        HTML.element(.input, [.type("hidden"), .name("csrf"), .value(session.csrf)])
    }

    /// A POST form with its CSRF field.
    static func form(
        _ action: String, session: WebSession, attributes: [HTMLAttribute] = [], @HTMLBuilder content: () -> HTML
    ) -> HTML {
        HTML.element(.form, [.method("post"), .action(action)] + attributes) {
            csrfField(session)
            content()
        }
    }

    /// An HTML response.
    static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html.markup)))
    }
}

/// The page of an error: its status and a sentence (never a patient field).
enum ErrorPage {
    static func response(_ status: HTTPResponse.Status, message: String) -> Response {
        let page = Layout.page(title: "\(status.code) \(status.reasonPhrase)", session: nil) {
            HTML.element(.section, [.class("error")]) {
                HTML.element(.h1) { "\(status.code) \(status.reasonPhrase)" }
                HTML.element(.p, [.class("message")]) { message }
                HTML.element(.p) { HTML.element(.a, [.href("/")]) { "Back to the week" } }
            }
        }
        return Layout.response(page, status: status)
    }
}
