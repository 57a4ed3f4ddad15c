package org.hotline.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.workorder.OrderStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Open311's rules in plain Java: the status mapping, reading a POST form, names, keywords. */
class Open311RulesTest {

    static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> out = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return out;
    }

    static final ServiceCatalogue.Service DOGS = new ServiceCatalogue.Service(1, "100501", "违规养犬",
            "城市管理 / 动物管理 / 违规养犬", "城市管理", "违规养犬", List.of(
            new ServiceCatalogue.Attribute("behaviour", "multivaluelist", true, "犬只问题", null, 1, List.of(
                    new ServiceCatalogue.Choice("unleashed", "出门未拴绳"),
                    new ServiceCatalogue.Choice("waste", "粪便不清理"))),
            new ServiceCatalogue.Attribute("seen", "datetime", false, "发现时间", null, 2, List.of()),
            new ServiceCatalogue.Attribute("count", "number", false, "犬只数量", null, 3, List.of())));

    @Test
    @DisplayName("01 status: closed and merged orders are closed, every other status is open")
    void statusMapping() {
        for (OrderStatus s : OrderStatus.values()) {
            boolean closed = s == OrderStatus.CLOSED || s == OrderStatus.MERGED;
            assertEquals(closed ? "closed" : "open", RequestStatus.of(s), s.name());
        }
        assertEquals(EnumSet.of(OrderStatus.CLOSED, OrderStatus.MERGED), RequestStatus.matching("closed"));
        assertEquals(EnumSet.complementOf(EnumSet.of(OrderStatus.CLOSED, OrderStatus.MERGED)),
                RequestStatus.matching(" OPEN "));
        assertTrue(RequestStatus.matching("pending").isEmpty());
    }

    @Test
    @DisplayName("02 status_notes say where it stands from status and unit, never from staff's free text")
    void statusNotes() {
        assertEquals("已受理，待派单", RequestStatus.notes(OrderStatus.ACCEPTED, null, false));
        assertEquals("已派至江城市城市管理局，待签收", RequestStatus.notes(OrderStatus.DISPATCHED, "江城市城市管理局", false));
        assertEquals("江北区人民政府办理中", RequestStatus.notes(OrderStatus.SIGNED, "江北区人民政府", false));
        assertEquals("已办结（江城水务集团有限公司）", RequestStatus.notes(OrderStatus.CLOSED, "江城水务集团有限公司", false));
        assertEquals("热线中心已直接答复，办结", RequestStatus.notes(OrderStatus.CLOSED, null, false));
        assertTrue(RequestStatus.notes(OrderStatus.CLOSED, "x", true).startsWith("重复诉求"));
        assertTrue(RequestStatus.notes(OrderStatus.MERGED, null, true).startsWith("重复诉求"));
        for (OrderStatus s : OrderStatus.values()) {
            assertFalse(RequestStatus.notes(s, null, false).isBlank(), s.name());
        }
    }

    @Test
    @DisplayName("03 a good form reads into its fields; coordinates keep six decimals")
    void goodForm() {
        RequestForm f = RequestForm.read(form("service_code", "100402", "lat", "30.59280012", "long", "114.3055",
                "description", "路灯不亮\n第二行", "email", "a@b.cn", "phone", "+86 138-1234-5678",
                "media_url", "https://x.cn/1.jpg", "ignored_extension", "x"));
        assertEquals(List.of(), f.problems());
        assertEquals("30.592800", f.lat().toPlainString());
        assertEquals("路灯不亮\n第二行", f.description());
    }

    @Test
    @DisplayName("04 every problem at once, each naming its parameter")
    void badForm() {
        RequestForm f = RequestForm.read(form("lat", "91", "description", "x".repeat(4001), "email", "nope",
                "phone", "12", "media_url", "javascript:alert(1)", "first_name", "a\u0000b", "address_string",
                "一行\n两行", "service_code", "1", "service_code", "2"));
        List<String> fields = f.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList();
        assertEquals(List.of("service_code", "lat", "long", "address_string", "email", "first_name", "phone",
                "description", "media_url").stream().sorted().toList(), fields.stream().sorted().toList(),
                f.problems().toString());
        assertTrue(RequestForm.read(form("service_code", "1")).problems().getFirst().startsWith("location:"));
        assertTrue(RequestForm.read(form("address_id", "JC0101")).problems().getFirst().startsWith("service_code:"));
        assertEquals(List.of(), RequestForm.read(form("service_code", "1", "address_id", "JC0101")).problems());
    }

    @Test
    @DisplayName("05 attributes: required ones present, values of their type or among the choices, no strangers")
    void attributes() {
        RequestForm ok = RequestForm.read(form("service_code", "100501", "address_string", "x",
                "attribute[behaviour][]", "unleashed", "attribute[behaviour][]", "waste",
                "attribute[seen]", "2026-03-05T21:30:00+08:00", "attribute[count]", "2"));
        assertEquals(List.of("犬只问题：出门未拴绳、粪便不清理", "发现时间：2026-03-05T21:30:00+08:00", "犬只数量：2"),
                ok.answers(DOGS));
        assertEquals(List.of(), ok.problems());

        RequestForm missing = RequestForm.read(form("service_code", "100501", "address_string", "x"));
        missing.answers(DOGS);
        assertEquals(List.of("attribute[behaviour]: required (犬只问题)"), missing.problems());

        RequestForm bad = RequestForm.read(form("service_code", "100501", "address_string", "x",
                "attribute[behaviour]", "bites", "attribute[seen]", "yesterday", "attribute[count]", "two",
                "attribute[colour]", "black"));
        bad.answers(DOGS);
        assertEquals(4, bad.problems().size(), bad.problems().toString());
        assertTrue(bad.problems().getFirst().startsWith("attribute[colour]: service 100501 has no such"));
    }

    @Test
    @DisplayName("06 names: family name first for Chinese names, given name first otherwise")
    void names() {
        assertEquals("张三", RequestForm.citizenName("三", "张"));
        assertEquals("欧阳娜娜", RequestForm.citizenName("娜娜", "欧阳"));
        assertEquals("John Smith", RequestForm.citizenName("John", "Smith"));
        assertEquals("Smith", RequestForm.citizenName(null, "Smith"));
        assertNull(RequestForm.citizenName(" ", null));
    }

    @Test
    @DisplayName("07 keywords: the category's own, else the names on its path and their parts")
    void keywords() {
        assertEquals("出租车拒载绕路, 出租车和网约车, 出租车, 网约车, 交通运输",
                ServiceCatalogue.keywords(null, List.of("交通运输", "出租车和网约车", "出租车拒载绕路")));
        assertEquals("路灯, 照明, 灯不亮", ServiceCatalogue.keywords("路灯，照明、灯不亮, 路灯", List.of("x")));
    }
}
