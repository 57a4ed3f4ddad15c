package org.hotline.citizen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hotline.workorder.Timeline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a citizen sees of a timeline, on hand-built timelines: plain Java, no server. */
class PublicViewTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    final PublicView view = new PublicView(ZONE, id -> id == 7 ? "江北区滨江街道办事处" : "某单位");
    final List<Timeline.Event> events = new ArrayList<>();

    void add(int minutes, String actor, Long unit, String action, String note, JsonObject details) {
        events.add(new Timeline.Event(null, 1, T0.plusSeconds(60L * minutes), 99L, actor, "unit_handler", unit,
                action, null, null, note, details));
    }

    PublicView.Order order(String status) {
        return new PublicView.Order("GD20261201000001", status, "投诉", "噪声扰民", "江北区/滨江街道", "滨江花园3栋",
                "楼下烧烤店噪音", T0, null, T0.plusSeconds(86_400 * 5), null, 0);
    }

    @Test
    @DisplayName("the reply is shown only once the centre approved it, and no staff name or internal note ever")
    void replyAfterApproval() {
        add(0, "市民（网上12345）", null, "create", null, new JsonObject());
        add(5, "派单员王芳", null, "dispatch", "按目录派单", new JsonObject().put("leadUnitId", 7)
                .put("leadUnitName", "江北区滨江街道办事处"));
        add(30, "经办人赵强", 7L, "sign", null, new JsonObject());
        add(40, "经办人赵强", 7L, "urge", "内部催办：请加快", new JsonObject());
        add(90, "经办人赵强", 7L, "reply", "已责令商户整改，夜间22点后停止露天烧烤。", new JsonObject().put("unitName",
                "江北区滨江街道办事处"));
        JsonObject before = view.of(order("REPLIED"), events, null, true);
        assertNull(before.getValue("reply"), "not before approval");
        assertFalse(before.getBoolean("canRate"));
        add(120, "审核员周敏", null, "approve-reply", "答复规范", new JsonObject());
        JsonObject after = view.of(order("CALLBACK"), events, null, true);
        assertEquals("已责令商户整改，夜间22点后停止露天烧烤。", after.getJsonObject("reply").getString("text"));
        assertEquals("江北区滨江街道办事处", after.getJsonObject("reply").getString("unit"));
        assertTrue(after.getBoolean("canRate"));
        String text = after.encode();
        for (String secret : List.of("王芳", "赵强", "周敏", "按目录派单", "内部催办", "答复规范")) {
            assertFalse(text.contains(secret), secret + " in " + text);
        }
        List<String> steps = after.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("text"))
                .toList();
        assertEquals(List.of("您的诉求已受理", "已派至江北区滨江街道办事处办理", "江北区滨江街道办事处已签收，正在办理",
                "承办单位已答复，中心审核中", "答复已审核通过"), steps);
    }

    @Test
    @DisplayName("a rejected reply is never shown; a returned order reads as being reassigned, without the reason")
    void rejectedAndReturned() {
        add(0, "x", null, "create", null, new JsonObject());
        add(10, "x", 7L, "return", "not_our_responsibility: 不归我们管", new JsonObject().put("unitId", 7));
        add(20, "x", null, "approve-return", null, new JsonObject());
        add(30, "x", 7L, "reply", "敷衍的答复", new JsonObject());
        add(40, "x", null, "reject-reply", "答复不规范", new JsonObject());
        JsonObject v = view.of(order("SIGNED"), events, null, true);
        assertNull(v.getValue("reply"));
        assertFalse(v.encode().contains("不归我们管"));
        assertFalse(v.encode().contains("敷衍"));
        assertEquals("办理中", v.getString("statusName"));
    }

    @Test
    @DisplayName("without the pickup code (phone digits only) the content and address are left out")
    void partial() {
        add(0, "x", null, "create", null, new JsonObject());
        JsonObject v = view.of(order("ACCEPTED"), events, null, false);
        assertNull(v.getValue("content"));
        assertNull(v.getValue("address"));
        assertEquals("open", v.getString("status"));
        assertEquals("2026-12-06T10:00+08:00", v.getString("expectedBy"));
    }

    @Test
    @DisplayName("a merged order shows the status and approved reply of the order it joined, and its own steps")
    void merged() {
        add(0, "x", null, "create", null, new JsonObject());
        add(5, "x", null, "merge", "重复件", new JsonObject().put("parentId", 2));
        List<Timeline.Event> parent = List.of(
                new Timeline.Event(null, 2, T0, null, "y", null, 7L, "reply", null, null, "已处理", new JsonObject()
                        .put("unitName", "江北区滨江街道办事处")),
                new Timeline.Event(null, 2, T0, null, "y", null, null, "approve-reply", null, null, null, null));
        PublicView.Order o = new PublicView.Order("GD2", "MERGED", "投诉", "噪声扰民", null, null, null, T0, null, null,
                "CALLBACK", 0);
        JsonObject v = view.of(o, events, null, true, parent);
        assertEquals("已答复，待评价", v.getString("statusName"));
        assertEquals("已处理", v.getJsonObject("reply").getString("text"));
        assertTrue(v.getBoolean("merged"));
        assertFalse(v.getBoolean("canRate"), "the rating is the other citizen's");
        assertEquals(2, v.getJsonArray("steps").size());
    }
}
