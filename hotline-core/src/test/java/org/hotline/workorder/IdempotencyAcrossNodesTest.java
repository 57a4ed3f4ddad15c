package org.hotline.workorder;

import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.audit.AuditLog;
import org.hotline.auth.PasswordHasher;
import org.hotline.auth.Principal;
import org.hotline.auth.StaffRepository;
import org.hotline.citizen.CitizenRepository;
import org.hotline.citizen.PiiCipher;
import org.hotline.db.Database;
import org.hotline.db.DatabaseKind;
import org.hotline.demo.DemoData;
import org.hotline.dispatch.DispatchCatalogue;
import org.hotline.reference.ReferenceCache;
import org.hotline.sla.CalendarStore;
import org.hotline.sla.OfficeHours;
import org.hotline.notify.Outbox;
import org.hotline.sla.PolicyStore;
import org.hotline.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database itself keeps a create idempotent, without the in-memory guard one node has: eight "nodes" (threads,
 * each calling the service directly) send the same key at the same instant; one order results.
 */
@Tag("storage")
class IdempotencyAcrossNodesTest {

    @Test
    @DisplayName("the same Idempotency-Key from 8 nodes at once: one order; every answer is the first one")
    void oneOrder(@TempDir Path dir) throws Exception {
        try (TestDatabase t = TestDatabase.create()) {
            var o = t.options();
            try (Database db = Database.open(new Database.Settings_(DatabaseKind.parse(o.get("db")), o.get("db-url"),
                    o.get("db-username"), o.get("db-password"), 10, Duration.ofSeconds(10), dir), null)) {
                db.migrate();
                new DemoData(db, new PasswordHasher(1024, 1, 1), Clock.systemUTC()).loadIfEmpty("demo");
                ReferenceCache ref = new ReferenceCache(db);
                CalendarStore calendar = new CalendarStore(db, OfficeHours.DEFAULT);
                WorkOrderService service = new WorkOrderService(db, ref,
                        new CitizenRepository(PiiCipher.fromBase64(PiiCipher.newKey())), new AuditLog(),
                        new OrderClocks(calendar::workingTime, new PolicyStore(), ref,
                                new Outbox(calendar::workingTime)), new DispatchCatalogue(ref), Clock.systemUTC());
                var account = db.transaction(dsl -> new StaffRepository().findByUsername(dsl, "operator")).orElseThrow();
                Principal operator = new Principal(account.id(), account.username(), account.displayName(),
                        account.roles(), account.unitId(), "x");
                long category = ref.get().categories().values().stream().filter(ReferenceCache.Node::leaf)
                        .findFirst().orElseThrow().id();
                var command = new WorkOrderService.CreateCommand(Channel.PHONE, OrderType.COMPLAINT, Urgency.NORMAL,
                        category, null, null, "跨节点幂等测试", null, null, false, "测试", "13800000000");

                ExecutorService pool = Executors.newFixedThreadPool(8);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<WorkOrderService.Answer>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return service.create(operator, command, "node-race", "same-hash");
                    }));
                }
                go.countDown();
                Set<String> bodies = new HashSet<>();
                for (var f : answers) {
                    WorkOrderService.Answer a = f.get();
                    assertEquals(201, a.status());
                    bodies.add(a.body());
                }
                pool.shutdown();
                assertEquals(1, bodies.size(), "every node got the first answer");
                assertEquals(1, db.dsl().fetchCount(WORK_ORDER), "one order");
            }
        }
    }
}
