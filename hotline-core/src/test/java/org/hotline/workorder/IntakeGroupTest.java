package org.hotline.workorder;

import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.assessment.AssessmentLedger;
import org.hotline.testing.Orders;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Orders taken at the same moment are written together (one transaction, one commit): to the citizen and the
 * operator nothing differs from orders taken one by one — each answer is the order as GET reads it, each key one
 * order, each receipt queued, every count in the assessment ledger.
 */
@Tag("storage")
class IntakeGroupTest {

    @Test
    @DisplayName("concurrent intakes, some retried with their key, each answered as GET reads it, each key one order")
    void concurrentIntakes() throws Exception {
        try (TestServer server = TestServer.start()) {
            Orders orders = new Orders(server);
            String[] users = {"operator", "operator2"};
            for (String u : users) {
                orders.token(u);
            }
            orders.complaint("warm the lookups"); // Orders' lookups are filled once, before the threads share them
            String marker = "并发受理" + UUID.randomUUID().toString().substring(0, 8);
            int clients = 12;
            int perClient = 10;
            Map<String, JsonObject> byKey = new ConcurrentHashMap<>();
            Map<String, String> userOf = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        String user = users[client % 2];
                        for (int i = 0; i < perClient; i++) {
                            String key = "k-" + marker.substring(4) + "-" + client + "-" + i;
                            JsonObject body = orders.complaint(marker + " 第" + client + "-" + i + "件");
                            if (i % 3 == 0) {
                                body.getJsonObject("citizen").put("phone", "0275555" + String.format("%04d", i));
                            }
                            TestServer.Response r = post(server, orders.token(user), key, body);
                            if (r.status() != 201) {
                                failures.add(r.status() + " " + r.body());
                                continue;
                            }
                            byKey.put(key, r.json());
                            userOf.put(key, user);
                            if (i % 4 == 0) {
                                // A retry after a lost answer: the same answer, no second order.
                                TestServer.Response again = post(server, orders.token(user), key, body);
                                if (again.status() != 201 || !again.json().equals(r.json())) {
                                    failures.add("retry: " + again.status() + " " + again.body());
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(), failures);
            assertEquals(clients * perClient, byKey.size());
            var db = server.hotline().database();
            assertEquals(clients * perClient, db.dsl().fetchCount(WORK_ORDER, WORK_ORDER.CONTENT.like(marker + "%")),
                    "one order per key");
            Set<String> numbers = ConcurrentHashMap.newKeySet();
            for (var e : byKey.entrySet()) {
                JsonObject answer = e.getValue();
                assertTrue(numbers.add(answer.getString("number")), "numbers are unique");
                // What the intake answered is the order as the operator who took it reads it.
                JsonObject read = server.get("/api/v1/work-orders/" + answer.getLong("id"),
                        orders.token(userOf.get(e.getKey()))).json();
                assertEquals(read, answer);
                assertEquals("ACCEPTED", read.getString("status"));
            }
            // Receipts for the mobiles (the landlines get none).
            long mobiles = byKey.values().stream().filter(a -> a.getJsonObject("citizen").getString("phone")
                    .startsWith("138")).count();
            assertEquals(mobiles, db.dsl().fetchCount(NOTIFICATION, NOTIFICATION.KIND.eq("sms-accepted")
                    .and(NOTIFICATION.ORDER_ID.in(byKey.values().stream().map(a -> a.getLong("id")).toList()))));
            // Every intake counted, as the timelines say.
            AssessmentLedger ledger = new AssessmentLedger(java.time.ZoneId.of("Asia/Shanghai"));
            assertEquals(text(db.transaction(ledger::recompute)), text(db.transaction(ledger::stored)));
            // And they were grouped: fewer groups than intakes.
            var sizes = server.hotline().metrics().registry().find("hotline_intake_group_size").summary();
            assertTrue(sizes != null && sizes.max() > 1, "some intakes shared a transaction");
        }
    }

    private static String text(Map<AssessmentLedger.Key, long[]> m) {
        return new java.util.TreeMap<>(m.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().toString(), e -> java.util.Arrays.toString(e.getValue())))).toString();
    }

    private static TestServer.Response post(TestServer server, String token, String key, JsonObject body) {
        return server.send(server.request("/api/v1/work-orders", token).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    }
}
