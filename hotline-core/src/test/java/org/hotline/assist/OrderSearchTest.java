package org.hotline.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The order index follows the database cheaply: a change is picked up, a quiet minute later nothing is re-read. */
@Tag("storage")
class OrderSearchTest {

    @Test
    @DisplayName("changed orders are indexed; once they are a minute old, a pass reads no rows at all")
    void followsChangesWithoutRereading() throws Exception {
        TestClock clock = new TestClock(TestClock.shanghai("2026-11-25T10:00"));
        try (TestServer server = TestServer.start(Map.of(), null, clock)) {
            Orders orders = new Orders(server);
            OrderSearch search = server.hotline().orderSearch();
            int before = search.index().size();
            for (int i = 0; i < 3; i++) {
                orders.create("operator", orders.complaint("第" + i + "件：小区门口路灯不亮"));
            }
            search.catchUp();
            assertEquals(before + 3, search.index().size());
            assertTrue(search.rowsReadLastPass() >= 3, "a recent change is read (again) while it may still commit");
            clock.advance(Duration.ofMinutes(2));
            search.catchUp();
            search.catchUp();
            assertEquals(0, search.rowsReadLastPass(), "nothing changed: nothing read");
            orders.create("operator", orders.complaint("又一件：小区门口路灯不亮"));
            search.catchUp();
            assertEquals(before + 4, search.index().size());
        }
    }
}
