package org.hotline.demo;

import static org.hotline.db.generated.Tables.AREA;
import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.NOTIFICATION;
import static org.hotline.db.generated.Tables.STAFF_USER;
import static org.hotline.db.generated.Tables.STAFF_USER_ROLE;
import static org.hotline.db.generated.Tables.UNIT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hotline.audit.AuditLog;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;
import org.hotline.citizen.CitizenRepository;
import org.hotline.citizen.PiiCipher;
import org.hotline.db.Database;
import org.hotline.dispatch.DispatchCatalogue;
import org.hotline.reference.ReferenceCache;
import org.hotline.workorder.Channel;
import org.hotline.workorder.OrderAction;
import org.hotline.workorder.OrderType;
import org.hotline.workorder.Urgency;
import org.hotline.workorder.WorkOrderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's orders: a few hundred over the last 90 days, in every status, written from the templates in
 * {@code demo/orders.json} and walked through their lives by the real service (with a clock set back in time),
 * so every timeline is one the system itself would have written. Also the demo dispatch catalogue.
 */
public final class DemoOrders {

    private static final Logger LOG = LoggerFactory.getLogger(DemoOrders.class);
    public static final String RESOURCE = "demo/orders.json";

    /** A clock the generator moves by hand. */
    private org.hotline.workorder.OrderClocks clocks;
    /** The earliest due time of a pending timer (or earlier), null when none is pending: no need to look before it. */
    private Instant nextDue;

    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Database db;
    private final JsonObject city;
    private final JsonObject content;
    private final PiiCipher cipher;
    private final Clock realClock;
    private final Random random = new Random(12345);

    public DemoOrders(Database db, JsonObject city, PiiCipher cipher, Clock realClock) {
        this.db = db;
        this.city = city;
        this.content = read();
        this.cipher = cipher;
        this.realClock = realClock;
    }

    static JsonObject read() {
        try (InputStream in = DemoOrders.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalogue: second-level category → unit, with "district" meaning each district's government. */
    public void loadCatalogue() {
        JsonObject catalogue = city.getJsonObject("catalogue");
        Instant from = realClock.instant().minus(Duration.ofDays(365));
        var dsl = db.dsl();
        Map<String, Long> units = new HashMap<>();
        dsl.select(UNIT.CODE, UNIT.ID).from(UNIT).forEach(r -> units.put(r.value1(), r.value2()));
        Map<String, Long> secondLevel = new HashMap<>();
        dsl.select(CATEGORY.NAME, CATEGORY.ID, CATEGORY.CODE).from(CATEGORY).forEach(r -> {
            if (r.value3().length() == 4) {
                secondLevel.put(r.value1(), r.value2());
            }
        });
        // District governments by their district's area.
        Map<Long, Long> districtUnits = new HashMap<>();
        dsl.select(UNIT.AREA_ID, UNIT.ID).from(UNIT).where(UNIT.KIND.eq("district_government"))
                .forEach(r -> districtUnits.put(r.value1(), r.value2()));
        DispatchCatalogue rules = new DispatchCatalogue(new ReferenceCache(db));
        long fallback = units.get(catalogue.getString("fallback"));
        db.transaction(tx -> {
            catalogue.getJsonObject("rules").forEach(e -> {
                Long category = secondLevel.get(e.getKey());
                if (category == null) {
                    return;
                }
                String unit = String.valueOf(e.getValue());
                if (unit.equals("district")) {
                    rules.add(tx, category, null, fallback, from, "属地管理，默认城管局兜底", null, from);
                    districtUnits.forEach((area, u) -> rules.add(tx, category, area, u, from, "属地管理", null, from));
                } else if (units.containsKey(unit)) {
                    rules.add(tx, category, null, units.get(unit), from, null, null, from);
                }
            });
            return null;
        });
    }

    /** Generates {@code count} orders over the last {@code days} days. */
    public int load(int count, int days) {
        long started = System.nanoTime();
        Instant end = realClock.instant();
        SettableClock clock = new SettableClock(end.minus(Duration.ofDays(days)));
        ReferenceCache reference = new ReferenceCache(db);
        org.hotline.sla.CalendarStore calendar = new org.hotline.sla.CalendarStore(db,
                org.hotline.sla.OfficeHours.DEFAULT);
        clocks = new org.hotline.workorder.OrderClocks(calendar::workingTime, new org.hotline.sla.PolicyStore(),
                reference, new org.hotline.notify.Outbox(calendar::workingTime));
        WorkOrderService service = new WorkOrderService(db, reference, new CitizenRepository(cipher), new AuditLog(),
                clocks, new DispatchCatalogue(reference), clock);
        service.onScheduled(t -> nextDue = nextDue == null || t.isBefore(nextDue) ? t : nextDue);
        var dsl = db.dsl();

        Map<String, Principal> staff = principals();
        Map<String, Long> leafByName = new HashMap<>();
        dsl.select(CATEGORY.NAME, CATEGORY.ID, CATEGORY.CODE).from(CATEGORY).forEach(r -> {
            if (r.value3().length() == 6) {
                leafByName.putIfAbsent(r.value1(), r.value2());
            }
        });
        Map<String, List<Long>> streetsByDistrict = new HashMap<>();
        Map<Long, String> districtName = new HashMap<>();
        dsl.selectFrom(AREA).forEach(a -> {
            if ("district".equals(a.getLevel())) {
                districtName.put(a.getId(), a.getName());
            }
        });
        dsl.selectFrom(AREA).forEach(a -> {
            if ("street".equals(a.getLevel()) && districtName.containsKey(a.getParentId())) {
                streetsByDistrict.computeIfAbsent(districtName.get(a.getParentId()), k -> new ArrayList<>())
                        .add(a.getId());
            }
        });
        List<String> districts = new ArrayList<>(streetsByDistrict.keySet());
        JsonArray templates = content.getJsonArray("templates");
        JsonArray surnames = content.getJsonArray("surnames");
        JsonArray given = content.getJsonArray("givenNames");
        JsonObject places = content.getJsonObject("places");
        Map<Long, Principal> unitStaff = unitPrincipals();

        // Creation times in order, so that ids rise with time as they do in a real centre; later days are busier
        // (a square-root spread puts more orders near today).
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double f = Math.sqrt(random.nextDouble());
            times.add(workingHours(end.minus(Duration.ofDays(days)).plusSeconds((long) (f * days * 86_400L))));
        }
        times.sort(null);
        List<Long> recent = new ArrayList<>();
        int made = 0;
        for (int i = 0; i < count; i++) {
            clock.set(times.get(i));
            JsonObject t = templates.getJsonObject(random.nextInt(templates.size()));
            Long category = leafByName.get(t.getString("leaf"));
            if (category == null) {
                continue;
            }
            String district = districts.get(random.nextInt(districts.size()));
            List<Long> streets = streetsByDistrict.get(district);
            long area = streets.get(random.nextInt(streets.size()));
            JsonArray placeList = places.getJsonArray(district);
            String place = placeList.getString(random.nextInt(placeList.size()));
            JsonArray texts = t.getJsonArray("texts");
            String text = texts.getString(random.nextInt(texts.size())).replace("{place}", place);
            boolean anonymous = random.nextInt(100) < 8;
            String name = anonymous ? null : surnames.getString(random.nextInt(surnames.size()))
                    + given.getString(random.nextInt(given.size()));
            String phone = anonymous ? null : "13" + (random.nextInt(9) + 1) + String.format("%08d",
                    random.nextInt(100_000_000));
            Channel channel = pick(new Channel[] {Channel.PHONE, Channel.PHONE, Channel.PHONE, Channel.PHONE,
                Channel.PHONE, Channel.PHONE, Channel.PHONE, Channel.WEB, Channel.WECHAT, Channel.OPEN311});
            Principal operator = staff.get(random.nextBoolean() ? "operator" : "operator2");
            long id = service.createQuietly(operator, new WorkOrderService.CreateCommand(channel,
                    OrderType.parse(t.getString("type")), Urgency.parse(t.getString("urgency", "normal")), category,
                    area, place, text, null, null, random.nextInt(100) < 5, name, phone));
            made++;
            walk(service, clock, staff, unitStaff, reference, id, t, recent, end);
            recent.add(id);
        }
        fireDue(end);
        // The notices of the generated past were read at the time; only what falls due from now on is news.
        db.transaction(tx -> tx.update(NOTIFICATION)
                .set(NOTIFICATION.STATUS, org.hotline.notify.Outbox.SENT)
                .set(NOTIFICATION.SENT_AT, NOTIFICATION.DELIVER_AFTER)
                .set(NOTIFICATION.ATTEMPTS, 1)
                .where(NOTIFICATION.STATUS.eq(org.hotline.notify.Outbox.PENDING))
                .and(NOTIFICATION.DELIVER_AFTER.le(end))
                .execute());
        LOG.info("Demo orders generated: {} in {} ms", made, (System.nanoTime() - started) / 1_000_000);
        return made;
    }

    /** Takes one order along a life chosen at random, ending in any status. */
    private void walk(WorkOrderService service, SettableClock clock, Map<String, Principal> staff,
                      Map<Long, Principal> unitStaff, ReferenceCache reference, long id, JsonObject t,
                      List<Long> recent, Instant end) {
        int roll = random.nextInt(100);
        int[] version = {1};
        Principal operator = staff.get("operator");
        Principal dispatcher = staff.get("dispatcher");
        Principal reviewer = staff.get("reviewer");
        String type = t.getString("type");
        if (roll < 4) {
            return; // ACCEPTED: still waiting for dispatch
        }
        if (roll < 8 && !recent.isEmpty()) {
            step(service, clock, operator, id, OrderAction.MERGE, version, Duration.ofMinutes(3),
                    new JsonObject().put("parentId", recent.get(random.nextInt(recent.size()))), end);
            return;
        }
        if (roll < 28 && ("consultation".equals(type) || "praise".equals(type) || random.nextInt(4) == 0)) {
            step(service, clock, operator, id, OrderAction.ANSWER_DIRECTLY, version, Duration.ofMinutes(4),
                    new JsonObject().put("text", reply(t)), end);
            return;
        }
        long category = categoryOf(id);
        Long areaId = areaOf(id);
        long lead = new DispatchCatalogue(reference).suggest(db.dsl(), category, areaId, clock.instant())
                .map(DispatchCatalogue.Rule::unitId).orElseGet(() -> unitId("cgj"));
        if (!step(service, clock, dispatcher, id, OrderAction.DISPATCH, version, Duration.ofMinutes(10 + random.nextInt(50)),
                new JsonObject().put("leadUnitId", lead), end)) {
            return;
        }
        Principal unit = unitStaff.computeIfAbsent(lead, u -> syntheticHandler(u, reference));
        if (roll < 14) {
            return; // DISPATCHED
        }
        if (!step(service, clock, unit, id, OrderAction.SIGN, version, Duration.ofMinutes(20 + random.nextInt(90)),
                null, end)) {
            return;
        }
        if (roll < 17) {
            step(service, clock, unit, id, OrderAction.RETURN, version, Duration.ofHours(2),
                    new JsonObject().put("reason", "not_our_responsibility").put("text", "经核实该事项不属本单位职责，请中心重新派单。"),
                    end);
            return; // RETURNED
        }
        if (roll < 20) {
            step(service, clock, unit, id, OrderAction.SUSPEND, version, Duration.ofHours(5),
                    new JsonObject().put("reason", "需等待第三方检测结果"), end);
            return; // SUSPENDED
        }
        if (roll < 24) {
            step(service, clock, unit, id, OrderAction.REQUEST_EXTENSION, version, Duration.ofMinutes(40),
                    new JsonObject().put("workingDays", 5).put("reason", "涉及多部门协调，需现场联合勘查"), end);
            return; // SIGNED, extension pending
        }
        if (roll < 34) {
            return; // SIGNED, in hand
        }
        JsonObject reply = new JsonObject().put("text", reply(t));
        if (t.getString("policy") != null) {
            reply.put("policy", t.getString("policy"));
        }
        if (!step(service, clock, unit, id, OrderAction.REPLY, version,
                Duration.ofHours(6 + random.nextInt(24 * 5)), reply, end)) {
            return;
        }
        if (roll < 40) {
            return; // REPLIED
        }
        if (roll < 43) {
            step(service, clock, reviewer, id, OrderAction.REJECT_REPLY, version, Duration.ofHours(3),
                    new JsonObject().put("reason", "答复未说明具体处理结果，请补充。"), end);
            return; // back to SIGNED
        }
        if (!step(service, clock, reviewer, id, OrderAction.APPROVE_REPLY, version, Duration.ofHours(2 + random.nextInt(20)),
                null, end)) {
            return;
        }
        if (roll < 50) {
            return; // CALLBACK
        }
        String satisfaction = random.nextInt(10) < 7 ? "satisfied" : random.nextInt(3) < 2 ? "basically_satisfied"
                : "dissatisfied";
        boolean resolved = !"dissatisfied".equals(satisfaction) || random.nextBoolean();
        JsonObject callback = new JsonObject().put("resolved", resolved).put("satisfaction", satisfaction);
        if (!resolved || "dissatisfied".equals(satisfaction)) {
            callback.put("note", "市民对处理结果不满意，经解释后同意办结。");
        }
        step(service, clock, reviewer, id, OrderAction.CALLBACK_RESULT, version, Duration.ofHours(4 + random.nextInt(40)),
                callback, end);
    }

    /**
     * Fires the clocks' timers that fell due by {@code until} in the generated past, each at its own due time, so
     * the demo's timelines carry their warnings, breaches and escalations when they happened.
     */
    private void fireDue(Instant until) {
        org.hotline.timer.TimerStore timers = new org.hotline.timer.TimerStore();
        db.transaction(tx -> {
            List<org.hotline.timer.Timer> due;
            do {
                due = timers.claimDue(tx, until, 500);
                for (org.hotline.timer.Timer t : due) {
                    clocks.fire(tx, t, t.dueAt());
                }
                if (!due.isEmpty()) {
                    timers.markFired(tx, due.stream().map(org.hotline.timer.Timer::id).toList(), "demo", until);
                }
            } while (due.size() == 500);
            return null;
        });
    }

    /** Moves the clock on (never past now) and performs one action; false when time ran out. */
    private boolean step(WorkOrderService service, SettableClock clock, Principal p, long id, OrderAction action,
                         int[] version, Duration after, JsonObject body, Instant end) {
        Instant next = workingHours(clock.instant().plus(after));
        if (next.isAfter(end)) {
            return false;
        }
        clock.set(next);
        if (nextDue != null && !nextDue.isAfter(next)) {
            // Only when a timer may be due: a transaction per step to find none cost more than the steps.
            fireDue(next);
            nextDue = new org.hotline.timer.TimerStore().upcoming(db.dsl(), end.plus(Duration.ofDays(3650)), 1)
                    .stream().findFirst().orElse(null);
        }
        try {
            JsonObject answer = service.perform(p, id, action, version[0], body, false);
            version[0] = answer.getInteger("version");
            return true;
        } catch (org.hotline.http.ProblemException e) {
            // The rules said no (e.g. an extension asked after an emergency's 2-hour deadline): the order's life
            // ends here, as it would in the real centre.
            return false;
        }
    }

    private String reply(JsonObject t) {
        JsonArray replies = t.getJsonArray("replies");
        return replies.getString(random.nextInt(replies.size()));
    }

    private long categoryOf(long id) {
        return db.dsl().select(org.hotline.db.generated.Tables.WORK_ORDER.CATEGORY_ID)
                .from(org.hotline.db.generated.Tables.WORK_ORDER)
                .where(org.hotline.db.generated.Tables.WORK_ORDER.ID.eq(id)).fetchOne().value1();
    }

    private Long areaOf(long id) {
        return db.dsl().select(org.hotline.db.generated.Tables.WORK_ORDER.AREA_ID)
                .from(org.hotline.db.generated.Tables.WORK_ORDER)
                .where(org.hotline.db.generated.Tables.WORK_ORDER.ID.eq(id)).fetchOne().value1();
    }

    private long unitId(String code) {
        return db.dsl().select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne().value1();
    }

    /** Daytime in Shanghai: 08:30–18:00 local, moving a night-time instant to the next morning. */
    private Instant workingHours(Instant t) {
        var local = t.atZone(ZoneId.of("Asia/Shanghai"));
        int minute = local.getHour() * 60 + local.getMinute();
        if (minute < 8 * 60 + 30) {
            local = local.withHour(8).withMinute(30).plusMinutes(random.nextInt(60));
        } else if (minute > 18 * 60) {
            local = local.plusDays(1).withHour(8).withMinute(30).plusMinutes(random.nextInt(90));
        }
        return local.toInstant();
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    /** The demo's staff accounts as principals, by username. */
    private Map<String, Principal> principals() {
        Map<String, Principal> out = new HashMap<>();
        var dsl = db.dsl();
        Map<Long, Set<Role>> roles = new HashMap<>();
        dsl.selectFrom(STAFF_USER_ROLE).forEach(r -> Role.parse(r.getRole()).ifPresent(role ->
                roles.computeIfAbsent(r.getUserId(), k -> EnumSet.noneOf(Role.class)).add(role)));
        dsl.selectFrom(STAFF_USER).forEach(u -> out.put(u.getUsername(), new Principal(u.getId(), u.getUsername(),
                u.getDisplayName(), roles.getOrDefault(u.getId(), Set.of()), u.getUnitId(), "demo")));
        return out;
    }

    /** For each unit with a demo handler account, that account. */
    private Map<Long, Principal> unitPrincipals() {
        Map<Long, Principal> out = new HashMap<>();
        principals().values().stream()
                .filter(p -> p.roles().contains(Role.UNIT_HANDLER) && p.unitId() != null)
                .filter(p -> p.username().startsWith("handler-"))
                .forEach(p -> out.putIfAbsent(p.unitId(), p));
        return out;
    }

    /** A handler for a unit without a demo account: the unit's staff exist in its own systems, not in the demo. */
    private Principal syntheticHandler(long unitId, ReferenceCache reference) {
        String name = reference.get().units().name(unitId);
        return new Principal(0, "handler", (name == null ? "" : name) + " 承办人", EnumSet.of(Role.UNIT_HANDLER), unitId,
                "demo");
    }
}
