package org.hotline.workorder;

import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.hotline.auth.Role;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.notify.Notice;
import org.hotline.notify.Outbox;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.hotline.sla.ClockKind;
import org.hotline.sla.ClockPlan;
import org.hotline.sla.ClockStore;
import org.hotline.sla.OrderClock;
import org.hotline.sla.Policy;
import org.hotline.sla.PolicyStore;
import org.hotline.sla.WorkingTime;
import org.hotline.timer.Timer;
import org.hotline.timer.TimerStore;
import org.jooq.DSLContext;

/**
 * An order's clocks: the handling unit's sign and handle clocks, each co-handler's opinion clock and the centre's
 * callback clock, each under the policy the order was dispatched with. After every step the clocks are brought in
 * line with where the order now is — started, paused, resumed, extended, met or stopped — and every such change is an
 * event on the order's timeline. Warnings, deadlines and escalation levels are durable timers; when one fires, the
 * timeline says so and the people concerned are notified through the outbox, all in the firing's transaction.
 */
public final class OrderClocks implements org.hotline.timer.TimerHandler {

    public static final String WARNING = "clock-warning";
    public static final String DUE = "clock-due";
    public static final String ESCALATION = "clock-escalation";
    /** What a co-handler that did not answer in time is deemed to have said (超时默认). */
    static final String DEEMED_OPINION = "（逾期未反馈意见，视为同意）";

    private final Supplier<WorkingTime> time;
    private final PolicyStore policies;
    private final ReferenceCache reference;
    private final Outbox outbox;
    private final ClockStore store = new ClockStore();
    private final TimerStore timers = new TimerStore();
    private final Timeline timeline = new Timeline();
    private final Assignments assignments = new Assignments();
    private final Map<Long, Policy> policyCache = new java.util.concurrent.ConcurrentHashMap<>();

    public OrderClocks(Supplier<WorkingTime> time, PolicyStore policies, ReferenceCache reference, Outbox outbox) {
        this.time = time;
        this.policies = policies;
        this.reference = reference;
        this.outbox = outbox;
    }

    public Supplier<WorkingTime> time() {
        return time;
    }

    // ------------------------------------------------------------------ policy

    /**
     * The policy the order runs under, fixed when it is first dispatched: the one it already has while its type,
     * urgency and category still match, else the one in force now.
     */
    PolicyStore.Stored policyFor(DSLContext dsl, WorkOrderRecord o) {
        String type = o.getType().toLowerCase(java.util.Locale.ROOT);
        String urgency = o.getUrgency().toLowerCase(java.util.Locale.ROOT);
        if (o.getPolicyId() != null) {
            PolicyStore.Stored kept = policies.get(dsl, o.getPolicyId()).orElse(null);
            if (kept != null && kept.type().equals(type) && kept.urgency().equals(urgency)
                    && (kept.categoryId() == null || categoryPath(o.getCategoryId()).contains(kept.categoryId()))) {
                return kept;
            }
        }
        PolicyStore.Stored stored = policies.resolve(dsl, type, urgency, categoryPath(o.getCategoryId()))
                .orElseGet(() -> {
                    // No policy rows at all (a database seeded before policies existed): write the defaults once.
                    policies.seedDefaults(dsl, java.time.Instant.now());
                    return policies.resolve(dsl, type, urgency, List.of()).orElseThrow();
                });
        o.setPolicyId(stored.id());
        return stored;
    }

    /** When a clock of {@code kind} started at {@code start} runs out under the order's policy. */
    Instant deadline(DSLContext dsl, WorkOrderRecord o, ClockKind kind, Instant start) {
        return policyFor(dsl, o).policy().limit(kind).after(start, time.get());
    }

    /** {@code deadline} moved on by the time a clock of {@code kind} stood still. */
    Instant resumed(DSLContext dsl, WorkOrderRecord o, ClockKind kind, Instant deadline, Instant pausedAt,
                    Instant resumedAt) {
        boolean calendar = policyFor(dsl, o).policy().limit(kind).calendarTime();
        return ClockPlan.resumed(deadline, pausedAt, resumedAt, calendar, time.get());
    }

    /** {@code deadline} moved by an approved extension of {@code workingDays}. */
    Instant extended(Instant deadline, int workingDays) {
        return time.get().plusWorkingDays(deadline, workingDays);
    }

    private List<Long> categoryPath(long categoryId) {
        List<Long> path = new ArrayList<>();
        var categories = reference.get().categories();
        Long id = categoryId;
        for (int guard = 0; id != null && guard < 32; guard++) {
            path.add(id);
            ReferenceCache.Node node = categories.get(id);
            id = node == null ? null : node.parentId();
        }
        return path;
    }

    // ------------------------------------------------------------------ after a step

    /** A clock the order should be running now. {@code deadline} null: counted from now under the policy. */
    private record Want(ClockKind kind, Long assignmentId, Long unitId, Instant deadline, boolean paused) {
        String key() {
            return kind.id() + ":" + assignmentId;
        }
    }

    /**
     * Brings the order's clocks in line with where it is after {@code action}; answers the due times it scheduled,
     * for the node's timer look-ahead once the transaction commits.
     */
    List<Instant> sync(DSLContext dsl, WorkOrderRecord o, OrderStatus to, OrderAction action, Instant now) {
        List<Assignments.Assignment> current = assignments.of(dsl, o.getId());
        Map<String, Want> wanted = new HashMap<>();
        for (Want w : wanted(o, to, current)) {
            wanted.put(w.key(), w);
        }
        List<OrderClock> open = store.open(dsl, o.getId());
        if (wanted.isEmpty() && open.isEmpty()) {
            return List.of();
        }
        UnitHierarchy units = reference.get().units();
        PolicyStore.Stored stored = policyFor(dsl, o);
        WorkingTime t = time.get();
        List<Instant> scheduled = new ArrayList<>();
        for (OrderClock c : open) {
            Want w = wanted.remove(c.kind().id() + ":" + c.assignmentId());
            if (w == null) {
                boolean done = completes(action, c.kind());
                String outcome = !done ? "cancelled" : c.breachedAt() != null ? "late" : "met";
                stop(dsl, o, c, outcome, now, units);
                continue;
            }
            if (!Objects.equals(w.unitId(), c.unitId())) {
                store.moveUnit(dsl, c.id(), w.unitId());
            }
            if (w.paused() && !c.paused()) {
                timers.cancel(dsl, o.getId(), c.subject());
                store.pause(dsl, c.id(), now);
                event(dsl, o, now, "clock-paused", c, units, new JsonObject());
            } else if (!w.paused() && c.paused()) {
                Instant deadline = w.deadline() != null ? w.deadline()
                        : ClockPlan.resumed(c.deadline(), c.pausedAt(), now, c.calendarTime(), t);
                long pausedSeconds = ClockPlan.secondsBetween(c.pausedAt(), now, c.calendarTime(), t);
                store.resume(dsl, c.id(), deadline, pausedSeconds, now);
                event(dsl, o, now, "clock-resumed", c, units, new JsonObject()
                        .put("pausedAt", c.pausedAt().toString()).put("pausedSeconds", pausedSeconds)
                        .put("deadlineBefore", c.deadline().toString()).put("deadline", deadline.toString()));
                scheduled.addAll(arm(dsl, store.lock(dsl, c.id()), stored.policy(), now, t));
            } else if (!w.paused() && w.deadline() != null && !w.deadline().equals(c.deadline())) {
                long added = w.deadline().isAfter(c.deadline())
                        ? ClockPlan.secondsBetween(c.deadline(), w.deadline(), c.calendarTime(), t) : 0;
                boolean clearBreach = c.breachedAt() != null && w.deadline().isAfter(now);
                store.extend(dsl, c.id(), w.deadline(), c.budgetSeconds() + added, clearBreach);
                event(dsl, o, now, "clock-extended", c, units, new JsonObject()
                        .put("deadlineBefore", c.deadline().toString()).put("deadline", w.deadline().toString()));
                scheduled.addAll(arm(dsl, store.lock(dsl, c.id()), stored.policy(), now, t));
            }
        }
        for (Want w : wanted.values().stream().sorted(java.util.Comparator.comparing(Want::kind)).toList()) {
            var limit = stored.policy().limit(w.kind());
            Instant deadline = w.deadline() != null ? w.deadline() : limit.after(now, t);
            boolean calendar = limit.calendarTime();
            long budget = ClockPlan.budgetSeconds(now, deadline, calendar, t);
            long id = store.start(dsl, o.getId(), w.kind(), w.assignmentId(), w.unitId(), stored.id(), calendar, now,
                    deadline, budget);
            OrderClock c = store.lock(dsl, id);
            event(dsl, o, now, "clock-started", c, units, new JsonObject()
                    .put("deadline", deadline.toString()).put("limit", limit.describe())
                    .put("policyId", stored.id()).put("policyVersion", stored.version()));
            scheduled.addAll(arm(dsl, c, stored.policy(), now, t));
        }
        return scheduled;
    }

    /** The clocks an order in {@code to} runs: derived from its status, deadlines and assignments. */
    private static List<Want> wanted(WorkOrderRecord o, OrderStatus to, List<Assignments.Assignment> current) {
        List<Want> out = new ArrayList<>();
        boolean withUnit = to == OrderStatus.DISPATCHED || to == OrderStatus.SIGNED || to == OrderStatus.RETURNED
                || to == OrderStatus.SUSPENDED;
        boolean paused = to == OrderStatus.SUSPENDED;
        Assignments.Assignment topLead = null;
        Assignments.Assignment handler = null;
        for (Assignments.Assignment a : current) {
            if (a.active() && Assignments.LEAD.equals(a.role())) {
                if (a.parentAssignmentId() == null) {
                    topLead = a;
                }
                if (o.getHandlerUnitId() != null && a.unitId() == o.getHandlerUnitId()) {
                    handler = a;
                }
            }
        }
        if (to == OrderStatus.DISPATCHED && o.getSignDeadline() != null && handler != null) {
            out.add(new Want(ClockKind.SIGN, handler.id(), handler.unitId(), o.getSignDeadline(), false));
        }
        if (withUnit && o.getHandleDeadline() != null && topLead != null) {
            out.add(new Want(ClockKind.HANDLE, topLead.id(), o.getHandlerUnitId(), o.getHandleDeadline(), paused));
        }
        if (withUnit) {
            for (Assignments.Assignment a : current) {
                if (a.active() && Assignments.CO.equals(a.role()) && a.repliedAt() == null) {
                    out.add(new Want(ClockKind.OPINION, a.id(), a.unitId(), null, paused));
                }
            }
        }
        if (to == OrderStatus.CALLBACK) {
            out.add(new Want(ClockKind.CALLBACK, null, null, null, false));
        }
        return out;
    }

    /** Whether {@code action} is the step a clock of {@code kind} was waiting for (met), rather than a stop. */
    private static boolean completes(OrderAction action, ClockKind kind) {
        return switch (kind) {
            case SIGN -> action == OrderAction.SIGN || action == OrderAction.RETURN || action == OrderAction.REPLY;
            case HANDLE -> action == OrderAction.REPLY;
            case OPINION -> action == OrderAction.CO_REPLY;
            case CALLBACK -> action == OrderAction.CALLBACK_RESULT;
        };
    }

    private void stop(DSLContext dsl, WorkOrderRecord o, OrderClock c, String outcome, Instant now,
                      UnitHierarchy units) {
        timers.cancel(dsl, c.orderId(), c.subject());
        store.stop(dsl, c.id(), outcome, now);
        outbox.dropPendingWarnings(dsl, List.of(c.id()), WARNING);
        String action = switch (outcome) {
            case "met" -> "clock-met";
            case "late" -> "clock-late";
            default -> "clock-stopped";
        };
        event(dsl, o, now, action, c, units, new JsonObject().put("deadline", c.deadline().toString()));
    }

    /** Replaces the clock's pending timers with its warnings, deadline and escalations still to come. */
    private List<Instant> arm(DSLContext dsl, OrderClock c, Policy policy, Instant now, WorkingTime t) {
        timers.cancel(dsl, c.orderId(), c.subject());
        List<Instant> due = new ArrayList<>();
        List<Instant> warnings = ClockPlan.warnings(policy, c.startedAt(), c.deadline(), c.budgetSeconds(),
                c.calendarTime(), t, now);
        for (Instant at : warnings) {
            timers.schedule(dsl, WARNING, c.orderId(), c.subject(), at, null, now);
            due.add(at);
        }
        if (c.breachedAt() == null) {
            timers.schedule(dsl, DUE, c.orderId(), c.subject(), c.deadline(), null, now);
            due.add(c.deadline());
        }
        if (c.kind() != ClockKind.OPINION) {
            List<Instant> levels = ClockPlan.escalations(policy, c.deadline(), t);
            for (int i = 0; i < levels.size(); i++) {
                if (i + 1 > c.level()) {
                    timers.schedule(dsl, ESCALATION, c.orderId(), c.subject(), levels.get(i),
                            new JsonObject().put("level", i + 1).encode(), now);
                    due.add(levels.get(i));
                }
            }
        }
        return due;
    }

    /** A 催办 from the centre: the handling unit is told (in office hours, unless the order is urgent). */
    void urge(DSLContext dsl, WorkOrderRecord o, org.hotline.auth.Principal p, String note, Instant now) {
        if (o.getHandlerUnitId() == null) {
            return;
        }
        outbox.enqueue(dsl, new Notice("urge:" + o.getId() + ":" + now.toEpochMilli(), "urge", o.getId(),
                o.getHandlerUnitId(), null, null, "工单 " + o.getNumber() + " 催办（" + p.displayName() + "）",
                note == null ? "请加快办理。" : note, !"NORMAL".equalsIgnoreCase(o.getUrgency())), now);
    }

    // ------------------------------------------------------------------ firing

    /** Fires one of a clock's timers, inside the transaction that claims it. */
    @Override
    public void fire(DSLContext dsl, Timer t, Instant now) {
        fireAll(dsl, List.of(t), now);
    }

    /**
     * Fires a claimed batch of one kind in a handful of statements, whatever its size — clocks locked and orders read
     * with one {@code IN} each, timeline events and notices written with one multi-row insert each — because when
     * thousands of deadlines fall due together, statements per timer are what limits a node (BENCHMARKS.md).
     */
    @Override
    public void fireAll(DSLContext dsl, List<Timer> batch, Instant now) {
        List<Long> clockIds = new ArrayList<>();
        for (Timer t : batch) {
            Long id = clockId(t);
            if (id != null) {
                clockIds.add(id);
            }
        }
        Map<Long, OrderClock> locked = store.lockAll(dsl, clockIds);
        Map<Long, WorkOrderRecord> orders = new HashMap<>();
        List<Long> orderIds = locked.values().stream().map(OrderClock::orderId).distinct().toList();
        if (!orderIds.isEmpty()) {
            dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.in(orderIds)).fetch().forEach(o -> orders.put(o.getId(), o));
        }
        UnitHierarchy units = reference.get().units();
        WorkingTime wt = time.get();
        Batch b = new Batch();
        for (Timer t : batch) {
            Long id = clockId(t);
            OrderClock c = id == null ? null : locked.get(id);
            if (c == null || !OrderClock.RUNNING.equals(c.status()) || b.stopped.contains(c.id())) {
                continue;
            }
            WorkOrderRecord o = orders.get(c.orderId());
            if (o == null) {
                continue;
            }
            fireOne(dsl, b, t, c, o, units, wt, now);
        }
        store.warnedAll(dsl, b.warned, now);
        store.breachedAll(dsl, b.breached, now);
        b.levels.forEach((level, ids) -> store.levelAll(dsl, ids, level));
        outbox.dropPendingWarnings(dsl, b.breached, WARNING);
        timeline.appendAll(dsl, b.events);
        outbox.enqueueAll(dsl, b.notices, now);
    }

    /** What a batch of firings writes, gathered so it is written in a few statements. */
    private static final class Batch {
        final List<Long> warned = new ArrayList<>();
        final List<Long> breached = new ArrayList<>();
        final Map<Integer, List<Long>> levels = new HashMap<>();
        final Map<Long, Integer> levelOf = new HashMap<>();
        final java.util.Set<Long> stopped = new java.util.HashSet<>();
        final List<Timeline.Event> events = new ArrayList<>();
        final List<Notice> notices = new ArrayList<>();
    }

    private void fireOne(DSLContext dsl, Batch b, Timer t, OrderClock c, WorkOrderRecord o, UnitHierarchy units,
                         WorkingTime wt, Instant now) {
        boolean urgent = !"NORMAL".equalsIgnoreCase(o.getUrgency());
        String unitName = c.unitId() == null ? "中心" : units.name(c.unitId());
        String what = "工单 " + o.getNumber() + " " + c.kind().chineseName();
        boolean breached = c.breachedAt() != null || b.breached.contains(c.id());
        switch (t.kind()) {
            case WARNING -> {
                // A warning that comes due only after the deadline (a node was down) has nothing left to warn of.
                if (breached || !c.deadline().isAfter(now)) {
                    return;
                }
                b.warned.add(c.id());
                Duration left = ClockPlan.remaining(now, c.deadline(), c.calendarTime(), wt);
                b.events.add(event(o, now, "clock-warning", c, units, new JsonObject()
                        .put("deadline", c.deadline().toString()).put("remainingSeconds", left.toSeconds())));
                b.notices.add(handlerNotice(o, c, "clock-warning", t, what + "即将到期（" + unitName + "）",
                        "时限 " + local(c.deadline()) + "，剩余" + describe(left, c.calendarTime()) + "。", urgent));
            }
            case DUE -> {
                if (breached || c.deadline().isAfter(now.plusSeconds(1))) {
                    return;
                }
                b.breached.add(c.id());
                b.events.add(event(o, now, "clock-breached", c, units, new JsonObject()
                        .put("deadline", c.deadline().toString())));
                if (c.kind() == ClockKind.OPINION) {
                    deemAgreed(dsl, b, o, c, now, units, urgent);
                }
            }
            case ESCALATION -> {
                Policy policy = policy(dsl, c, o);
                int level = new JsonObject(t.payload()).getInteger("level");
                int reached = Math.max(c.level(), b.levelOf.getOrDefault(c.id(), 0));
                if (level <= reached || level > policy.escalation().size()) {
                    return;
                }
                b.levelOf.put(c.id(), level);
                b.levels.computeIfAbsent(level, l -> new ArrayList<>()).add(c.id());
                Policy.Level l = policy.escalation().get(level - 1);
                String label = level == 1 ? "催办" : "升级督办（第 " + level + " 级）";
                b.events.add(event(o, now, "clock-escalated", c, units, new JsonObject().put("level", level)
                        .put("label", label).put("deadline", c.deadline().toString())
                        .put("notify", new JsonArray(l.targets().stream().map(Policy.Notify::id).toList()))));
                String title = what + "超时 — " + label + "（" + unitName + "）";
                String body = "时限 " + local(c.deadline()) + " 已过；请尽快处理。";
                for (Policy.Notify target : l.targets()) {
                    String key = "clock:" + c.id() + ":level:" + level + ":" + target.id();
                    switch (target) {
                        case HANDLER_UNIT -> b.notices.add(handlerNotice(o, c, "clock-escalated", t, title, body,
                                urgent));
                        case PARENT_UNIT -> {
                            Long parent = c.unitId() == null ? null
                                    : units.unit(c.unitId()).map(UnitHierarchy.Unit::parentId).orElse(null);
                            boolean real = parent != null && units.unit(parent)
                                    .filter(u -> !"center".equals(u.kind())).isPresent();
                            if (real) {
                                b.notices.add(new Notice(key, "clock-escalated", o.getId(), parent,
                                        Role.UNIT_ADMIN.id(), null, title, body, urgent, c.id()));
                            }
                        }
                        case SUPERVISOR -> b.notices.add(new Notice(key, "clock-escalated", o.getId(), null,
                                Role.SUPERVISOR.id(), null, title, body, urgent, c.id()));
                        case LEADER -> b.notices.add(new Notice(key, "clock-escalated", o.getId(), null,
                                Role.LEADER.id(), null, title, body, urgent, c.id()));
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The clock's policy version: immutable once written, so kept in memory after the first read. */
    private Policy policy(DSLContext dsl, OrderClock c, WorkOrderRecord o) {
        if (c.policyId() == null) {
            return policyFor(dsl, o).policy();
        }
        Policy cached = policyCache.get(c.policyId());
        if (cached == null) {
            cached = policies.get(dsl, c.policyId()).map(PolicyStore.Stored::policy)
                    .orElseGet(() -> policyFor(dsl, o).policy());
            policyCache.put(c.policyId(), cached);
        }
        return cached;
    }

    private static Long clockId(Timer t) {
        if (t.subject() == null || !t.subject().startsWith("clock:")) {
            return null;
        }
        try {
            return Long.parseLong(t.subject().substring("clock:".length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** 超时默认: a co-handler silent past its limit is taken to agree; its clock ends and the lead is told. */
    private void deemAgreed(DSLContext dsl, Batch b, WorkOrderRecord o, OrderClock c, Instant now, UnitHierarchy units,
                            boolean urgent) {
        if (c.assignmentId() != null) {
            assignments.markReplied(dsl, c.assignmentId(), DEEMED_OPINION, now);
        }
        timers.cancel(dsl, c.orderId(), c.subject());
        store.stop(dsl, c.id(), "late", now);
        b.stopped.add(c.id());
        String coName = c.unitId() == null ? "" : units.name(c.unitId());
        b.events.add(new Timeline.Event(null, o.getId(), now, null, "系统", "system", null,
                "co-opinion-deemed", null, null, DEEMED_OPINION, new JsonObject()
                .put("unitId", c.unitId()).put("unitName", coName).put("clockId", c.id())));
        if (o.getHandlerUnitId() != null) {
            b.notices.add(new Notice("clock:" + c.id() + ":deemed", "co-opinion-deemed", o.getId(),
                    o.getHandlerUnitId(), null, null,
                    "工单 " + o.getNumber() + "：会办单位 " + coName + " 逾期未反馈，视为同意",
                    "会办时限 " + local(c.deadline()) + " 已过，按超时默认处理。", urgent, c.id()));
        }
    }

    /** A notice to the clock's own side: the unit it runs against, or the centre's reviewers for a callback. */
    private static Notice handlerNotice(WorkOrderRecord o, OrderClock c, String kind, Timer t, String title,
                                        String body, boolean urgent) {
        String key = "clock:" + c.id() + ":" + t.kind() + ":" + t.dueAt().toEpochMilli() + ":handler";
        if (c.kind() == ClockKind.CALLBACK || c.unitId() == null) {
            return new Notice(key, kind, o.getId(), null, Role.REVIEWER.id(), null, title, body, urgent, c.id());
        }
        return new Notice(key, kind, o.getId(), c.unitId(), null, null, title, body, urgent, c.id());
    }

    private static Timeline.Event event(WorkOrderRecord o, Instant now, String action, OrderClock c,
                                        UnitHierarchy units, JsonObject details) {
        details.put("clockId", c.id()).put("kind", c.kind().id()).put("unitId", c.unitId())
                .put("unitName", c.unitId() == null ? null : units.name(c.unitId()));
        return new Timeline.Event(null, o.getId(), now, null, "系统", "system", null, action, null, null, null,
                details);
    }

    private void event(DSLContext dsl, WorkOrderRecord o, Instant now, String action, OrderClock c,
                       UnitHierarchy units, JsonObject details) {
        timeline.append(dsl, event(o, now, action, c, units, details));
    }

    /** A deadline as people read it: local time of the office, to the minute. */
    private String local(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(t.atZone(time.get().hours().zone()));
    }

    static String describe(Duration d, boolean calendarTime) {
        long minutes = Math.abs(d.toMinutes());
        String text = minutes >= 60 ? (minutes / 60) + " 小时 " + (minutes % 60) + " 分" : minutes + " 分钟";
        return (calendarTime ? " " : "工作时间 ") + text;
    }

    // ------------------------------------------------------------------ reading

    /** The order's clocks for its page: open ones first, each with the time left and a colour. */
    public JsonArray view(DSLContext dsl, long orderId, Instant now) {
        UnitHierarchy units = reference.get().units();
        WorkingTime t = time.get();
        JsonArray out = new JsonArray();
        List<OrderClock> all = new ArrayList<>(store.all(dsl, orderId));
        all.sort(java.util.Comparator.comparing((OrderClock c) -> !c.open()).thenComparing(OrderClock::id,
                java.util.Comparator.reverseOrder()));
        for (OrderClock c : all) {
            out.add(json(c, now, t, units));
        }
        return out;
    }

    static JsonObject json(OrderClock c, Instant now, WorkingTime t, UnitHierarchy units) {
        JsonObject j = new JsonObject().put("id", c.id()).put("kind", c.kind().id())
                .put("kindName", c.kind().chineseName())
                .put("unitId", c.unitId()).put("unitName", c.unitId() == null ? "中心" : units.name(c.unitId()))
                .put("calendarTime", c.calendarTime()).put("startedAt", c.startedAt().toString())
                .put("deadline", c.deadline().toString()).put("status", c.status())
                .put("pausedAt", c.pausedAt() == null ? null : c.pausedAt().toString())
                .put("warnedAt", c.warnedAt() == null ? null : c.warnedAt().toString())
                .put("breachedAt", c.breachedAt() == null ? null : c.breachedAt().toString())
                .put("level", c.level()).put("outcome", c.outcome())
                .put("stoppedAt", c.stoppedAt() == null ? null : c.stoppedAt().toString());
        if (c.open()) {
            Instant at = c.paused() ? c.pausedAt() : now;
            Duration left = ClockPlan.remaining(at, c.deadline(), c.calendarTime(), t);
            j.put("remainingSeconds", left.toSeconds());
            // How many of those seconds make a working day, to say "3 个工作日 2 小时".
            j.put("officeSecondsPerDay", c.calendarTime() ? 86_400 : t.hours().secondsPerDay());
            j.put("state", left.isNegative() || c.breachedAt() != null ? "red"
                    : c.warnedAt() != null || left.toSeconds() * 4 < c.budgetSeconds() ? "amber" : "green");
        }
        return j;
    }
}
