/// A piece of HTML built from typed elements, where every text and attribute value is escaped
/// unless it was built as markup by this type itself.
///
/// ```swift
/// let page = HTML.element(.p, [.class("name")]) {
///     "Patient "              // a plain string is text: escaped
///     HTML.element(.strong) { name }
/// }
/// page.markup  // <p class="name">Patient <strong>&lt;script&gt;…</strong></p>
/// ```
///
/// There is no way to inject raw markup from outside this module: the only strings that are
/// not escaped are tag and attribute names, which come from ``HTMLTag`` and ``HTMLAttribute``.
public struct HTML: Sendable, Hashable {
    /// The escaped markup.
    public let markup: String

    private init(markup: String) { self.markup = markup }

    /// Nothing.
    public static let empty = HTML(markup: "")

    /// Text, escaped.
    public static func text(_ text: String) -> HTML { HTML(markup: HTMLText.escape(text)) }

    /// An element with attributes and content; void elements (`input`, `meta`…) ignore `content`.
    public static func element(
        _ tag: HTMLTag, _ attributes: [HTMLAttribute] = [], @HTMLBuilder content: () -> HTML = { .empty }
    ) -> HTML {
        var markup = "<" + tag.name
        for attribute in attributes {
            markup += " " + attribute.name
            if let value = attribute.value { markup += "=\"" + HTMLText.escape(value) + "\"" }
        }
        markup += ">"
        guard !tag.isVoid else { return HTML(markup: markup) }
        return HTML(markup: markup + content().markup + "</" + tag.name + ">")
    }

    /// A whole page: the doctype, then `<html lang>` holding `head` and `body`.
    public static func document(lang: String = "en", head: HTML, body: HTML) -> HTML {
        HTML(
            markup: "<!DOCTYPE html>\n"
                + element(.html, [.custom("lang", lang)]) {
                    head
                    body
                }.markup + "\n")
    }

    /// Pieces one after another.
    public static func joined(_ pieces: [HTML], separator: HTML = .empty) -> HTML {
        HTML(markup: pieces.map(\.markup).joined(separator: separator.markup))
    }
}

/// An element name, and whether the element is void (has no content and no end tag).
public struct HTMLTag: Sendable, Hashable {
    /// The element name, lower case (`td`).
    public let name: String
    /// Whether the element has no content and no end tag (`<br>`, `<input>`).
    public let isVoid: Bool

    private init(_ name: String, isVoid: Bool = false) {
        self.name = name
        self.isVoid = isVoid
    }

    /// Document structure.
    public static let html = HTMLTag("html"), head = HTMLTag("head"), body = HTMLTag("body"), title = HTMLTag("title")
    /// Head contents; `meta` and `link` are void.
    public static let meta = HTMLTag("meta", isVoid: true), link = HTMLTag("link", isVoid: true),
        script = HTMLTag("script")
    /// What a browser without scripting reads instead (`<noscript>`).
    public static let noscript = HTMLTag("noscript")
    /// Page landmarks.
    public static let header = HTMLTag("header"), nav = HTMLTag("nav"), main = HTMLTag("main"),
        footer = HTMLTag("footer")
    /// Sectioning and generic containers.
    public static let section = HTMLTag("section"), article = HTMLTag("article"), div = HTMLTag("div"),
        span = HTMLTag("span")
    /// Headings and phrasing.
    public static let h1 = HTMLTag("h1"), h2 = HTMLTag("h2"), h3 = HTMLTag("h3"), p = HTMLTag("p"),
        strong = HTMLTag("strong")
    /// Links, lists and line breaks (`br` is void).
    public static let a = HTMLTag("a"), ul = HTMLTag("ul"), ol = HTMLTag("ol"), li = HTMLTag("li"),
        br = HTMLTag("br", isVoid: true)
    /// Disclosure and inline code.
    public static let details = HTMLTag("details"), summary = HTMLTag("summary"), code = HTMLTag("code"),
        small = HTMLTag("small")
    /// Tables.
    public static let table = HTMLTag("table"), thead = HTMLTag("thead"), tbody = HTMLTag("tbody"), tr = HTMLTag("tr")
    /// Table cells and caption.
    public static let th = HTMLTag("th"), td = HTMLTag("td"), caption = HTMLTag("caption")
    /// Forms (`input` is void).
    public static let form = HTMLTag("form"), label = HTMLTag("label"), input = HTMLTag("input", isVoid: true)
    /// Form controls.
    public static let button = HTMLTag("button"), select = HTMLTag("select"), option = HTMLTag("option")
    /// More form controls.
    public static let textarea = HTMLTag("textarea"), fieldset = HTMLTag("fieldset"), legend = HTMLTag("legend")
    /// Results and progress.
    public static let output = HTMLTag("output"), progress = HTMLTag("progress")
}

/// One attribute: a fixed name and a value that is escaped; `nil` for a boolean attribute.
public struct HTMLAttribute: Sendable, Hashable {
    /// The attribute name, lower-case ASCII.
    public let name: String
    /// The value, unescaped (it is escaped when written), or `nil` for a boolean attribute.
    public let value: String?

    private init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }

    /// `class="value"`.
    public static func `class`(_ value: String) -> HTMLAttribute { HTMLAttribute("class", value) }
    /// `id="value"`.
    public static func id(_ value: String) -> HTMLAttribute { HTMLAttribute("id", value) }
    /// `href="value"`.
    public static func href(_ value: String) -> HTMLAttribute { HTMLAttribute("href", value) }
    /// `src="value"`.
    public static func src(_ value: String) -> HTMLAttribute { HTMLAttribute("src", value) }
    /// `name="value"` (form fields).
    public static func name(_ value: String) -> HTMLAttribute { HTMLAttribute("name", value) }
    /// `value="value"` (form fields).
    public static func value(_ value: String) -> HTMLAttribute { HTMLAttribute("value", value) }
    /// `type="value"`.
    public static func type(_ value: String) -> HTMLAttribute { HTMLAttribute("type", value) }
    /// `action="value"` (forms).
    public static func action(_ value: String) -> HTMLAttribute { HTMLAttribute("action", value) }
    /// `method="value"` (forms).
    public static func method(_ value: String) -> HTMLAttribute { HTMLAttribute("method", value) }
    /// `rel="value"` (links).
    public static func rel(_ value: String) -> HTMLAttribute { HTMLAttribute("rel", value) }
    /// `for="value"` (labels).
    public static func `for`(_ value: String) -> HTMLAttribute { HTMLAttribute("for", value) }
    /// `scope="value"` (table headers).
    public static func scope(_ value: String) -> HTMLAttribute { HTMLAttribute("scope", value) }
    /// `data-NAME`; `name` is lower-case letters and dashes, checked.
    public static func data(_ name: String, _ value: String) -> HTMLAttribute { custom("data-" + name, value) }
    /// Boolean attributes, written by name alone.
    public static let required = HTMLAttribute("required", nil), selected = HTMLAttribute("selected", nil)
    /// More boolean attributes.
    public static let checked = HTMLAttribute("checked", nil), disabled = HTMLAttribute("disabled", nil)
    /// `defer` (scripts) and `open` (details).
    public static let `defer` = HTMLAttribute("defer", nil), open = HTMLAttribute("open", nil)

    /// Any other attribute. The name must be lower-case ASCII letters, digits and dashes
    /// (it comes from code, never from data); anything else is a programming error.
    public static func custom(_ name: String, _ value: String?) -> HTMLAttribute {
        precondition(
            !name.isEmpty
                && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D },
            "attribute names come from code: lower-case letters, digits and dashes")
        return HTMLAttribute(name, value)
    }
}

/// Builds ``HTML`` from a block: strings become escaped text, `if`, `for` and `switch` work.
@resultBuilder
public enum HTMLBuilder {
    /// A piece of HTML as it is.
    public static func buildExpression(_ html: HTML) -> HTML { html }
    /// A string, as escaped text.
    public static func buildExpression(_ text: String) -> HTML { .text(text) }
    /// A number, as text.
    public static func buildExpression(_ number: Int) -> HTML { .text(String(number)) }
    /// Pieces one after another.
    public static func buildExpression(_ pieces: [HTML]) -> HTML { .joined(pieces) }
    /// The block's pieces one after another.
    public static func buildBlock(_ pieces: HTML...) -> HTML { .joined(pieces) }
    /// An `if` without `else`: the piece, or nothing.
    public static func buildOptional(_ piece: HTML?) -> HTML { piece ?? .empty }
    /// The `if` branch.
    public static func buildEither(first: HTML) -> HTML { first }
    /// The `else` branch.
    public static func buildEither(second: HTML) -> HTML { second }
    /// A `for` loop's pieces one after another.
    public static func buildArray(_ pieces: [HTML]) -> HTML { .joined(pieces) }
}

/// Escaping for HTML text and attribute values.
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
