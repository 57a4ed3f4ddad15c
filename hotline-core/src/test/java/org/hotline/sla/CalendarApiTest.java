package org.hotline.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tyme.holiday.LegalHoliday;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The calendar table, seeded from the official arrangements, and deadlines through the API. */
@Tag("storage")
class CalendarApiTest {

    static TestServer server;
    static String admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.login("admin", "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("the seeded table and tyme4j agree on every day of 2020–2026")
    void agreesWithTyme4j() {
        int checked = 0;
        for (int year = 2020; year <= 2026; year++) {
            JsonObject answer = server.get("/api/v1/calendar/days?year=" + year, admin).json();
            assertTrue(answer.getBoolean("entered"), "year " + year);
            Map<LocalDate, String> table = new HashMap<>();
            answer.getJsonArray("days").forEach(d -> table.put(LocalDate.parse(((JsonObject) d).getString("date")),
                    ((JsonObject) d).getString("kind")));
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                LegalHoliday h = LegalHoliday.fromYmd(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
                boolean officialWork = h != null ? h.isWork()
                        : d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
                String kind = table.get(d);
                boolean tableWork = kind != null ? kind.equals("WORKDAY")
                        : d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
                assertEquals(officialWork, tableWork, d.toString());
                checked++;
            }
        }
        assertEquals(2557, checked);
    }

    @Test
    @DisplayName("GET /calendar/deadline: 1 working day after 2025-09-30 10:00 is 2025-10-09 10:00 (National Day)")
    void deadline() {
        JsonObject r = server.get("/api/v1/calendar/deadline?start=2025-09-30T02:00:00Z&workingDays=1", admin).json();
        assertEquals("2025-10-09T02:00:00Z", r.getString("deadline"));
        JsonObject h = server.get("/api/v1/calendar/deadline?start=2026-02-13T08:00:00Z&workingHours=2", admin).json();
        assertEquals("2026-02-14T01:30:00Z", h.getString("deadline"), "make-up Saturday 09:30 Shanghai");
        assertEquals(400, server.get("/api/v1/calendar/deadline?start=yesterday&workingDays=1", admin).status());
        assertEquals(400, server.get("/api/v1/calendar/deadline?start=2026-01-05T02:00:00Z", admin).status());
    }

    @Test
    @DisplayName("an admin enters next year's holidays, and deadlines follow at once")
    void adminEntersAYear() {
        assertFalse(server.get("/api/v1/calendar/days?year=2027", admin).json().getBoolean("entered"));
        // Friday 2027-01-01 is New Year's Day: Thursday Dec 31 10:00 + 1 working day becomes Monday Jan 4 10:00.
        String before = server.get("/api/v1/calendar/deadline?start=2026-12-31T02:00:00Z&workingDays=1", admin).json()
                .getString("deadline");
        assertEquals("2027-01-01T02:00:00Z", before);
        var put = server.send(server.request("/api/v1/calendar/days/2027-01-01", admin)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"kind\":\"HOLIDAY\",\"name\":\"元旦\"}"))
                .build());
        assertEquals(200, put.status(), put.body());
        assertEquals("2027-01-04T02:00:00Z", server.get(
                "/api/v1/calendar/deadline?start=2026-12-31T02:00:00Z&workingDays=1", admin).json().getString("deadline"));
        assertTrue(server.get("/api/v1/calendar/days?year=2027", admin).json().getBoolean("entered"));
        String operator = server.login("operator", "demo");
        assertEquals(403, server.send(server.request("/api/v1/calendar/days/2027-01-02", operator)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"kind\":\"HOLIDAY\"}")).build()).status());
    }
}
