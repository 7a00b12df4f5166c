import RosterReports
import Testing

@Suite struct HTMLBuilderTests {
    @Test func textAndAttributeValuesAreEscaped() {
        let name = "<script>alert('x')</script> & \"co\""
        let html = HTML.element(.p, [.class(name), .data("name", name)]) {
            "Patient "
            HTML.element(.strong) { name }
        }
        #expect(
            html.markup == "<p class=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;\" "
                + "data-name=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;\">Patient "
                + "<strong>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</strong></p>")
    }

    @Test func voidElementsHaveNoEndTagAndBooleanAttributesNoValue() {
        let html = HTML.element(.input, [.type("checkbox"), .checked, .name("pin")])
        #expect(html.markup == "<input type=\"checkbox\" checked name=\"pin\">")
    }

    @Test func loopsConditionsAndDocuments() {
        let items = ["a", "<b>"]
        let show = false
        let list = HTML.element(.ul) {
            for item in items { HTML.element(.li) { item } }
            if show { "hidden" } else { HTML.element(.li) { 3 } }
        }
        #expect(list.markup == "<ul><li>a</li><li>&lt;b&gt;</li><li>3</li></ul>")
        let page = HTML.document(
            head: HTML.element(.head) { HTML.element(.title) { "T" } }, body: HTML.element(.body) { list })
        #expect(page.markup.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\"><head><title>T</title></head><body><ul>"))
    }
}
