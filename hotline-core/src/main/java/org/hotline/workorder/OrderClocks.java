package org.hotline.workorder;

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
public final class OrderClocks {

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
        outbox.dropPending(dsl, warningKeyPrefix(c.id()));
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
    public void fire(DSLContext dsl, Timer t, Instant now) {
        if (t.subject() == null || !t.subject().startsWith("clock:")) {
            return;
        }
        OrderClock c = store.lock(dsl, Long.parseLong(t.subject().substring("clock:".length())));
        if (c == null || !OrderClock.RUNNING.equals(c.status())) {
            return;
        }
        WorkOrderRecord o = WorkOrderService.load(dsl, c.orderId());
        UnitHierarchy units = reference.get().units();
        Policy policy = c.policyId() == null ? policyFor(dsl, o).policy()
                : policies.get(dsl, c.policyId()).map(PolicyStore.Stored::policy).orElseGet(() ->
                        policyFor(dsl, o).policy());
        boolean urgent = !"NORMAL".equalsIgnoreCase(o.getUrgency());
        String unitName = c.unitId() == null ? "中心" : units.name(c.unitId());
        String what = "工单 " + o.getNumber() + " " + c.kind().chineseName();
        switch (t.kind()) {
            case WARNING -> {
                store.warned(dsl, c.id(), now);
                Duration left = ClockPlan.remaining(now, c.deadline(), c.calendarTime(), time.get());
                event(dsl, o, now, "clock-warning", c, units, new JsonObject()
                        .put("deadline", c.deadline().toString()).put("remainingSeconds", left.toSeconds()));
                notifyHandler(dsl, o, c, "clock-warning", t, what + "即将到期（" + unitName + "）",
                        "时限 " + local(c.deadline()) + "，剩余" + describe(left, c.calendarTime()) + "。", urgent, now);
            }
            case DUE -> {
                if (c.breachedAt() != null || c.deadline().isAfter(now.plusSeconds(1))) {
                    return;
                }
                store.breached(dsl, c.id(), now);
                outbox.dropPending(dsl, warningKeyPrefix(c.id()));
                event(dsl, o, now, "clock-breached", c, units, new JsonObject()
                        .put("deadline", c.deadline().toString()));
                if (c.kind() == ClockKind.OPINION) {
                    deemAgreed(dsl, o, c, now, units, urgent);
                }
            }
            case ESCALATION -> {
                int level = new JsonObject(t.payload()).getInteger("level");
                if (level <= c.level() || level > policy.escalation().size()) {
                    return;
                }
                store.level(dsl, c.id(), level);
                Policy.Level l = policy.escalation().get(level - 1);
                String label = level == 1 ? "催办" : "升级督办（第 " + level + " 级）";
                event(dsl, o, now, "clock-escalated", c, units, new JsonObject().put("level", level)
                        .put("label", label).put("deadline", c.deadline().toString())
                        .put("notify", new JsonArray(l.targets().stream().map(Policy.Notify::id).toList())));
                String title = what + "超时 — " + label + "（" + unitName + "）";
                String body = "时限 " + local(c.deadline()) + " 已过；请尽快处理。";
                for (Policy.Notify target : l.targets()) {
                    String key = "clock:" + c.id() + ":level:" + level + ":" + target.id();
                    switch (target) {
                        case HANDLER_UNIT -> notifyHandler(dsl, o, c, "clock-escalated", t, title, body, urgent, now);
                        case PARENT_UNIT -> {
                            Long parent = c.unitId() == null ? null
                                    : units.unit(c.unitId()).map(UnitHierarchy.Unit::parentId).orElse(null);
                            boolean real = parent != null && units.unit(parent)
                                    .filter(u -> !"center".equals(u.kind())).isPresent();
                            if (real) {
                                outbox.enqueue(dsl, new Notice(key, "clock-escalated", o.getId(), parent,
                                        Role.UNIT_ADMIN.id(), null, title, body, urgent), now);
                            }
                        }
                        case SUPERVISOR -> outbox.enqueue(dsl, new Notice(key, "clock-escalated", o.getId(), null,
                                Role.SUPERVISOR.id(), null, title, body, urgent), now);
                        case LEADER -> outbox.enqueue(dsl, new Notice(key, "clock-escalated", o.getId(), null,
                                Role.LEADER.id(), null, title, body, urgent), now);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** 超时默认: a co-handler silent past its limit is taken to agree; its clock ends and the lead is told. */
    private void deemAgreed(DSLContext dsl, WorkOrderRecord o, OrderClock c, Instant now, UnitHierarchy units,
                            boolean urgent) {
        if (c.assignmentId() != null) {
            assignments.markReplied(dsl, c.assignmentId(), DEEMED_OPINION, now);
        }
        timers.cancel(dsl, c.orderId(), c.subject());
        store.stop(dsl, c.id(), "late", now);
        String coName = c.unitId() == null ? "" : units.name(c.unitId());
        timeline.append(dsl, new Timeline.Event(null, o.getId(), now, null, "系统", "system", null,
                "co-opinion-deemed", null, null, DEEMED_OPINION, new JsonObject()
                .put("unitId", c.unitId()).put("unitName", coName).put("clockId", c.id())));
        if (o.getHandlerUnitId() != null) {
            outbox.enqueue(dsl, new Notice("clock:" + c.id() + ":deemed", "co-opinion-deemed", o.getId(),
                    o.getHandlerUnitId(), null, null,
                    "工单 " + o.getNumber() + "：会办单位 " + coName + " 逾期未反馈，视为同意",
                    "会办时限 " + local(c.deadline()) + " 已过，按超时默认处理。", urgent), now);
        }
    }

    /** Warnings of a clock still waiting for office hours are moot once it is breached or stopped. */
    private static String warningKeyPrefix(long clockId) {
        return "clock:" + clockId + ":" + WARNING + ":";
    }

    /** Tells the clock's own side: the unit it runs against, or the centre's reviewers for a callback (they call back). */
    private void notifyHandler(DSLContext dsl, WorkOrderRecord o, OrderClock c, String kind, Timer t, String title,
                               String body, boolean urgent, Instant now) {
        String key = "clock:" + c.id() + ":" + t.kind() + ":" + t.dueAt().toEpochMilli() + ":handler";
        if (c.kind() == ClockKind.CALLBACK || c.unitId() == null) {
            outbox.enqueue(dsl, new Notice(key, kind, o.getId(), null, Role.REVIEWER.id(), null, title, body,
                    urgent), now);
        } else {
            outbox.enqueue(dsl, new Notice(key, kind, o.getId(), c.unitId(), null, null, title, body, urgent), now);
        }
    }

    private void event(DSLContext dsl, WorkOrderRecord o, Instant now, String action, OrderClock c,
                       UnitHierarchy units, JsonObject details) {
        details.put("clockId", c.id()).put("kind", c.kind().id()).put("unitId", c.unitId())
                .put("unitName", c.unitId() == null ? null : units.name(c.unitId()));
        timeline.append(dsl, new Timeline.Event(null, o.getId(), now, null, "系统", "system", null, action, null,
                null, null, details));
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
