package org.hotline.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The published assessment on hand-built timelines: the numbers of a week's report, the same numbers in the CSV,
 * XLSX and PDF, the orders behind each number, and weights changed by a leader scoring this month but not the last.
 */
@Tag("storage")
class AssessmentReportTest {

    @Test
    @DisplayName("a week's report: indicators from the timelines, the same in CSV/XLSX/PDF, drill-down to the orders, weights")
    void reportDrillDownAndWeights() throws Exception {
        // Monday 2026-03-02, 09:00 in the centre's zone: ISO week 2026-W10.
        TestClock clock = new TestClock(TestClock.shanghai("2026-03-02T09:00"));
        try (TestServer server = TestServer.start(Map.of("session-idle-timeout", "3650d", "session-max-lifetime",
                "3650d"), null, clock)) {
            Orders orders = new Orders(server);
            long zjj = orders.unit("zjj");
            String handler = "handler-zjj";
            List<Long> received = new ArrayList<>();
            // 1: handled in time, resolved and satisfied; 2: handled in time, unresolved and dissatisfied;
            // 3: returned by the unit; 4: answered on the spot by the operator.
            for (int n = 0; n < 2; n++) {
                JsonObject o = orders.create("operator", orders.complaint("第" + n + "件：小区路灯不亮，晚上很黑"));
                o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", zjj));
                received.add(o.getLong("id"));
                o = orders.act(handler, orders.get(handler, o.getLong("id")), "sign", null);
                clock.advance(Duration.ofHours(2));
                o = orders.act(handler, o, "reply", new JsonObject().put("text", "已修复。"));
                o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "approve-reply", null);
                boolean good = n == 0;
                orders.act("reviewer", o, "callback", new JsonObject().put("resolved", good)
                        .put("satisfaction", good ? "satisfied" : "dissatisfied").put("contacted", true)
                        .put("note", "回访记录"));
            }
            JsonObject third = orders.create("operator", orders.complaint("不属住建局的事：噪音扰民"));
            third = orders.act("dispatcher", third, "dispatch", new JsonObject().put("leadUnitId", zjj));
            received.add(third.getLong("id"));
            orders.act(handler, orders.get(handler, third.getLong("id")), "return",
                    new JsonObject().put("reason", "other").put("text", "不属本单位"));
            JsonObject fourth = orders.create("operator", orders.complaint("咨询：公积金提取需要哪些材料"));
            orders.act("operator", fourth, "answer-directly", new JsonObject().put("text", "已当场答复。"));

            String leader = orders.token("leader");
            JsonObject week = server.get("/api/v1/assessment?period=2026-W10", leader).json();
            assertEquals("2026-03-02", week.getString("from"));
            assertEquals("2026-03-08", week.getString("to"));
            JsonObject row = unit(week, zjj);
            assertEquals(3, row.getLong("received"));
            assertEquals(1.0 / 3, row.getDouble("returnRate"), 1e-9);
            assertEquals(0.5, row.getDouble("resolutionRate"), 1e-9);
            assertEquals(0.5, row.getDouble("satisfactionRate"), 1e-9);
            assertEquals(1.0, row.getDouble("responseRate"), 1e-9);
            assertEquals(0.3 * 100 + 0.35 * 50 + 0.35 * 50, row.getDouble("score"), 1e-6);
            assertEquals(4, week.getJsonObject("centre").getLong("taken"));
            assertEquals(1, week.getJsonObject("centre").getLong("answeredDirectly"));
            assertEquals(0, week.getJsonObject("previous").getLong("received"), "nothing the week before");
            // A day outside the week has none of it; a day inside has all of it.
            assertEquals(0, unit(server.get("/api/v1/assessment?period=2026-03-09", leader).json(), zjj)
                    .getLong("received"));
            assertEquals(3, unit(server.get("/api/v1/assessment?period=2026-03-02", leader).json(), zjj)
                    .getLong("received"));
            TestServer.Response bad = server.get("/api/v1/assessment?period=2026-W54", leader);
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("period"), bad.body());

            // Drill-down: exactly the orders behind each number.
            assertEquals(received, orderIds(server, leader, "2026-W10", zjj, "received"));
            assertEquals(List.of(received.get(1)), orderIds(server, leader, "2026-W10", zjj, "unresolved"));
            assertEquals(List.of(received.get(2)), orderIds(server, leader, "2026-W10", zjj, "returned"));
            assertEquals(List.of(fourth.getLong("id")), orderIds(server, leader, "2026-W10", null,
                    "answeredDirectly"));
            JsonObject page = server.get("/api/v1/assessment/orders?period=2026-W10&unitId=" + zjj
                    + "&measure=received&limit=2", leader).json();
            assertEquals(2, page.getJsonArray("items").size());
            JsonObject rest = server.get("/api/v1/assessment/orders?period=2026-W10&unitId=" + zjj
                    + "&measure=received&after=" + page.getLong("next"), leader).json();
            assertEquals(received.get(2), rest.getJsonArray("items").getJsonObject(0).getLong("orderId"));
            assertNotNull(page.getJsonArray("items").getJsonObject(0).getString("number"));
            assertEquals(400, server.get("/api/v1/assessment/orders?period=2026-W10&measure=everything", leader)
                    .status());
            assertEquals(403, server.get("/api/v1/assessment/orders?period=2026-W10&measure=received",
                    orders.token(handler)).status());

            // The files carry the same numbers.
            String csv = server.get("/api/v1/assessment/report?period=2026-W10&format=csv", leader).body();
            assertTrue(csv.startsWith("\uFEFF"), "a byte-order mark for spreadsheet programs");
            String zjjName = row.getString("unitName");
            String line = csv.lines().filter(l -> l.contains(zjjName)).findFirst().orElseThrow();
            assertTrue(line.contains(",3,"), line);
            assertTrue(line.contains("50.0%"), line);
            assertTrue(csv.contains("周报 2026-W10"), csv.lines().findFirst().orElse(""));

            byte[] xlsx = bytes(server, leader, "/api/v1/assessment/report?period=2026-W10&format=xlsx");
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
                Sheet sheet = book.getSheetAt(0);
                Row found = null;
                for (Row r : sheet) {
                    if (r.getCell(1) != null && zjjName.equals(r.getCell(1).getStringCellValue())) {
                        found = r;
                    }
                }
                assertNotNull(found, "the unit's row in the workbook");
                assertEquals(3.0, found.getCell(3).getNumericCellValue());
                assertEquals(0.5, found.getCell(8).getNumericCellValue(), 1e-9, "satisfaction as a number");
                assertEquals("0.0%", found.getCell(8).getCellStyle().getDataFormatString());
            }
            byte[] pdf = bytes(server, leader, "/api/v1/assessment/report?period=2026-W10&format=pdf");
            assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
            // Kept for a look (pdftoppm renders it): the printable report as a leader gets it.
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "reports"));
            java.nio.file.Files.write(java.nio.file.Path.of("target", "reports", "assessment-2026-W10.pdf"), pdf);
            var reader = new com.lowagie.text.pdf.PdfReader(pdf);
            assertTrue(reader.getNumberOfPages() >= 1);
            assertTrue(reader.getInfo().get("Title").contains("2026-W10"), reader.getInfo().toString());
            reader.close();
            assertEquals(400, server.get("/api/v1/assessment/report?period=2026-W10&format=doc", leader).status());
            JsonArray audit = server.get("/api/v1/audit?limit=100", orders.token("admin")).json().getJsonArray("items");
            List<String> exported = audit.stream().map(a -> (JsonObject) a)
                    .filter(a -> "report_exported".equals(a.getString("action"))
                            && "2026-W10".equals(a.getString("objectId")))
                    .map(a -> a.getString("actorUsername") + ":" + a.getString("detail")).toList();
            assertEquals(List.of("leader:pdf", "leader:xlsx", "leader:csv"), exported, "each download audited");

            // Excluding an order takes it out of the list as out of the count.
            assertEquals(204, server.post("/api/v1/assessment/exclusions", orders.token("reviewer"),
                    new JsonObject().put("orderId", received.get(2)).put("reason", "无理诉求").encode()).status());
            assertEquals(received.subList(0, 2), orderIds(server, leader, "2026-W10", zjj, "received"));

            // Weights: checked, audited, and applied from this month on only.
            TestServer.Response wrong = server.put("/api/v1/assessment/weights", leader, new JsonObject()
                    .put("response", 30).put("resolution", 30).put("satisfaction", 30).put("reason", "试行").encode());
            assertEquals(400, wrong.status());
            assertTrue(wrong.body().contains("satisfaction"), wrong.body());
            assertEquals(403, server.put("/api/v1/assessment/weights", orders.token("dispatcher"), new JsonObject()
                    .put("response", 20).put("resolution", 40).put("satisfaction", 40).put("reason", "试行").encode())
                    .status());
            clock.advance(Duration.ofDays(30)); // April
            assertEquals(400, server.put("/api/v1/assessment/weights", leader, new JsonObject().put("response", 20)
                    .put("resolution", 40).put("satisfaction", 40).put("reason", "考核办法修订")
                    .put("effectiveFrom", "2026-03").encode()).status(), "published months stay as published");
            TestServer.Response set = server.put("/api/v1/assessment/weights", leader, new JsonObject()
                    .put("response", 20).put("resolution", 40).put("satisfaction", 40).put("reason", "考核办法修订")
                    .encode());
            assertEquals(200, set.status(), set.body());
            assertEquals("2026-04", set.json().getString("effectiveFrom"));
            JsonObject w = server.get("/api/v1/assessment/weights", leader).json();
            assertEquals(20, w.getInteger("response"));
            assertEquals("考核办法修订", w.getJsonArray("history").getJsonObject(0).getString("reason"));
            JsonObject march = server.get("/api/v1/assessment?period=2026-03", leader).json();
            assertEquals(30, march.getJsonObject("weights").getInteger("response"), "March keeps its weights");
            assertEquals(0.3 * 100 + 0.35 * 50 + 0.35 * 50, unit(march, zjj).getDouble("score"), 1e-6);
            // An April callback is scored with the new weights.
            JsonObject o = orders.create("operator", orders.complaint("四月：路灯又不亮了"));
            o = orders.act("dispatcher", o, "dispatch", new JsonObject().put("leadUnitId", zjj));
            o = orders.act(handler, orders.get(handler, o.getLong("id")), "sign", null);
            o = orders.act(handler, o, "reply", new JsonObject().put("text", "已修复。"));
            o = orders.act("reviewer", orders.get("reviewer", o.getLong("id")), "approve-reply", null);
            orders.act("reviewer", o, "callback", new JsonObject().put("resolved", true).put("satisfaction",
                    "dissatisfied").put("contacted", false).put("note", "回访记录"));
            JsonObject april = server.get("/api/v1/assessment?period=2026-04", leader).json();
            assertEquals(20, april.getJsonObject("weights").getInteger("response"));
            assertEquals(0.4 * 100, unit(april, zjj).getDouble("score"), 1e-6);
            assertNull(unit(april, orders.unit("cgj")).getValue("score"), "nothing rated: no score");
        }
    }

    private static JsonObject unit(JsonObject report, long unitId) {
        return report.getJsonArray("units").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getLong("unitId") == unitId).findFirst().orElseThrow();
    }

    private static List<Long> orderIds(TestServer server, String token, String period, Long unitId, String measure) {
        TestServer.Response r = server.get("/api/v1/assessment/orders?period=" + period + "&measure=" + measure
                + (unitId == null ? "" : "&unitId=" + unitId), token);
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("orderId")).toList();
    }

    private static byte[] bytes(TestServer server, String token, String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(server.request(path, token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
