package org.hotline.assist;

import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.hotline.testing.Orders;
import org.hotline.testing.TestClock;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The order index follows the database cheaply: a change on this node is indexed at once; a pass with nothing new
 * reads nothing; a change that committed behind the index's mark (its transaction stamped it earlier) is found by
 * the next sweep.
 */
@Tag("storage")
class OrderSearchTest {

    @Test
    @DisplayName("changes are indexed at once, nothing is read twice, a late commit is caught by the next sweep")
    void followsChangesWithoutRereading() throws Exception {
        TestClock clock = new TestClock(TestClock.shanghai("2026-11-25T10:00"));
        try (TestServer server = TestServer.start(Map.of(), null, clock)) {
            Orders orders = new Orders(server);
            OrderSearch search = server.hotline().orderSearch();
            int before = search.index().size();
            long id = 0;
            for (int i = 0; i < 3; i++) {
                id = orders.create("operator", orders.complaint("第" + i + "件：小区门口路灯不亮")).getLong("id");
            }
            search.catchUp();
            assertEquals(before + 3, search.index().size());
            search.catchUp();
            assertEquals(0, search.rowsReadLastPass(), "nothing new: nothing read");

            // A transaction that stamped its order ten seconds ago and commits only now: behind the index's mark.
            var db = server.hotline().database();
            var late = db.dsl().selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(id)).fetchOne();
            late.setId(null);
            late.setNumber("LATE-1");
            late.setUpdatedAt(clock.instant().minusSeconds(10));
            late.changed(true);
            late.changed(WORK_ORDER.ID, false);
            db.dsl().insertInto(WORK_ORDER).set(late).execute();
            search.catchUp();
            assertEquals(before + 3, search.index().size(), "behind the mark: not seen by a pass");
            clock.advance(Duration.ofSeconds(OrderSearch.SWEEP_SECONDS + 1));
            search.catchUp();
            assertEquals(before + 4, search.index().size(), "the sweep finds it");

            clock.advance(Duration.ofMinutes(2));
            search.catchUp();
            search.catchUp();
            assertEquals(0, search.rowsReadLastPass(), "a quiet index reads nothing");
            orders.create("operator", orders.complaint("又一件：小区门口路灯不亮"));
            search.catchUp();
            assertEquals(before + 5, search.index().size());
        }
    }
}
