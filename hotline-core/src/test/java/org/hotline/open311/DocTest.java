package org.hotline.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Rendering Open311 answers in plain Java: the spec's XML and the Spark convention's JSON of the same tree. */
class DocTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static Doc requests(String... ids) {
        Doc.Items list = Doc.items("service_requests");
        for (String id : ids) {
            list.add(Doc.element("request").add("service_request_id", id).add("status", "open")
                    .add("status_notes", null).add("lat", 30.5928).add("media_url", ""));
        }
        return Doc.of(list);
    }

    @Test
    @DisplayName("01 XML: the declaration with UTF-8, the root element, one element per field, empty ones empty")
    void xml() throws Exception {
        String xml = requests("GD20260305000001").xml();
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests>"), xml);
        Element root = parse(xml).getDocumentElement();
        assertEquals("service_requests", root.getTagName());
        Element request = (Element) root.getElementsByTagName("request").item(0);
        assertEquals("GD20260305000001", request.getElementsByTagName("service_request_id").item(0).getTextContent());
        assertEquals("", request.getElementsByTagName("status_notes").item(0).getTextContent());
        assertEquals("30.5928", request.getElementsByTagName("lat").item(0).getTextContent());
        assertTrue(xml.contains("<status_notes/>") && xml.contains("<media_url/>"), xml);
    }

    @Test
    @DisplayName("02 JSON by the Spark convention: the root dropped, a container an array even of one, empty is null")
    void json() {
        assertEquals("[{\"service_request_id\":\"GD20260305000001\",\"status\":\"open\",\"status_notes\":null,"
                + "\"lat\":30.5928,\"media_url\":null}]", requests("GD20260305000001").json());
        assertEquals("[]", requests().json());
        assertEquals("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests/>\n", requests().xml());
        Doc definition = Doc.of(Doc.element("service_definition").add("service_code", "020101")
                .add(Doc.items("attributes").add(Doc.element("attribute").add("variable", true).add("order", 1)
                        .add(Doc.items("values").add(Doc.element("value").add("key", "night").add("name", "夜间"))))));
        assertEquals("{\"service_code\":\"020101\",\"attributes\":[{\"variable\":true,\"order\":1,\"values\":"
                + "[{\"key\":\"night\",\"name\":\"夜间\"}]}]}", definition.json(), "an element root is an object");
        Doc formats = Doc.of(Doc.element("endpoint").add(Doc.items("formats").add("format", "text/xml")));
        assertEquals("{\"formats\":[\"text/xml\"]}", formats.json(), "repeated leaves are an array of values");
        assertTrue(formats.xml().contains("<formats>\n    <format>text/xml</format>\n  </formats>"), formats.xml());
    }

    @Test
    @DisplayName("03 markup typed by anyone is escaped to text: the DOM reads back exactly what was typed")
    void escaping() throws Exception {
        String typed = "<script>alert('x')</script> & <b>\"粗\"</b> ]]> 𠀀";
        Doc doc = Doc.of(Doc.element("request").add("description", typed));
        String xml = doc.xml();
        assertFalse(xml.contains("<script>") || xml.contains("<b>"), xml);
        Element root = parse(xml).getDocumentElement();
        assertEquals(1, root.getElementsByTagName("*").getLength(), "no elements but the field itself");
        assertEquals(typed, root.getElementsByTagName("description").item(0).getTextContent());
        assertTrue(doc.json().contains("<script>alert('x')<\\/script>") || doc.json().contains("<script>"),
                "JSON carries it as a string");
    }

    @Test
    @DisplayName("04 characters XML cannot carry are left out; line breaks and tabs stay")
    void illegalCharacters() throws Exception {
        Doc doc = Doc.of(Doc.element("request").add("description", "a\u0000b\u0007c\nd\te\uFFFEf"));
        String text = parse(doc.xml()).getElementsByTagName("description").item(0).getTextContent();
        assertEquals("abc\nd\tef", text);
        assertTrue(Doc.allowedInXml(0x10000));
        assertFalse(Doc.allowedInXml(0xB));
    }

    @Test
    @DisplayName("05 errors: <errors><error><code/><description/></error></errors>, a JSON array of code and description")
    void errors() throws Exception {
        Open311Exception e = Open311Exception.invalid(List.of("lat: a number", "email: not an e-mail address"));
        assertEquals(400, e.status());
        assertEquals("[{\"code\":400,\"description\":\"lat: a number\"},"
                + "{\"code\":400,\"description\":\"email: not an e-mail address\"}]", e.doc().json());
        Element root = parse(e.doc().xml()).getDocumentElement();
        assertEquals("errors", root.getTagName());
        assertEquals(2, root.getElementsByTagName("error").getLength());
        assertEquals("400", root.getElementsByTagName("code").item(1).getTextContent());
        assertEquals("12.50", new BigDecimal("12.50").toPlainString());
        assertTrue(Doc.of(Doc.element("x").add("n", new BigDecimal("1E+3"))).xml().contains("<n>1000</n>"),
                "numbers in plain notation");
    }
}
