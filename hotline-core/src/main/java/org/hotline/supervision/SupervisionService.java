package org.hotline.supervision;

import static org.hotline.db.generated.Tables.SUPERVISION;
import static org.hotline.db.generated.Tables.SUPERVISION_ITEM;
import static org.hotline.db.generated.Tables.SUPERVISION_ORDER;
import static org.hotline.db.generated.Tables.SUPERVISION_PHOTO;
import static org.hotline.db.generated.Tables.SUPERVISION_STEP;
import static org.hotline.db.generated.Tables.TIMER;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;
import org.hotline.db.Database;
import org.hotline.db.generated.tables.records.SupervisionItemRecord;
import org.hotline.db.generated.tables.records.SupervisionRecord;
import org.hotline.db.generated.tables.records.SupervisionStepRecord;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;
import org.hotline.notify.Notice;
import org.hotline.notify.Outbox;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.hotline.supervision.SupervisionFlow.Action;
import org.hotline.timer.Timer;
import org.hotline.timer.TimerHandler;
import org.hotline.timer.TimerStore;
import org.hotline.workorder.OrderStatus;
import org.hotline.workorder.Scope;
import org.hotline.workorder.Timeline;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Supervisions (督办) kept in the database: created over orders, moved on by steps in one transaction each (the
 * supervision's own steps, the orders' timelines, the clocks and the notices together), and fired on by their
 * clocks. Each mode's rules are in {@link SupervisionFlow}; each request's fields in {@link SupervisionInput}.
 */
public final class SupervisionService implements TimerHandler {

    public static final String WARNING = "supervision-warning";
    public static final String DUE = "supervision-due";
    public static final String ESCALATION = "supervision-escalation";
    public static final String ITEM_DUE = "supervision-item-due";

    public static final int MAX_PHOTO_BYTES = 5 * 1024 * 1024;
    public static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/png", "image/webp");

    private static final String SYSTEM = "系统";

    private final Database database;
    private final ReferenceCache reference;
    private final Outbox outbox;
    private final Clock clock;
    private final ZoneId zone;
    private final Timeline timeline = new Timeline();
    private final TimerStore timers = new TimerStore();
    private volatile Consumer<Instant> onScheduled = t -> { };

    public SupervisionService(Database database, ReferenceCache reference, Outbox outbox, Clock clock, ZoneId zone) {
        this.database = database;
        this.reference = reference;
        this.outbox = outbox;
        this.clock = clock;
        this.zone = zone;
    }

    /** Told of every due time scheduled, after its transaction commits (the timer look-ahead). */
    public void onScheduled(Consumer<Instant> listener) {
        this.onScheduled = listener;
    }

    // ------------------------------------------------------------------ create

    public JsonObject create(Principal p, JsonObject body) {
        requireCentre(p);
        Instant now = clock.instant();
        UnitHierarchy units = reference.get().units();
        SupervisionInput in = new SupervisionInput(zone);
        SupervisionInput.Draft d = in.create(body, activeUnit(units), now);
        List<Instant> scheduled = new ArrayList<>();
        long id = database.transactionRetrying(dsl -> {
            scheduled.clear();
            Map<Long, WorkOrderRecord> orders = orders(dsl, d.orderIds());
            List<Problem.FieldError> missing = new ArrayList<>();
            for (int i = 0; i < d.orderIds().size(); i++) {
                if (!orders.containsKey(d.orderIds().get(i))) {
                    missing.add(new Problem.FieldError("orderIds[" + i + "]", "no order with id "
                            + d.orderIds().get(i)));
                }
            }
            if (!missing.isEmpty()) {
                throw ProblemException.invalid(missing);
            }
            Status status = d.items().isEmpty() ? Status.OPEN : Status.IN_PROGRESS;
            SupervisionRecord sv = dsl.newRecord(SUPERVISION);
            sv.setMode(d.mode().id());
            sv.setTitle(d.title());
            sv.setStatus(status.id());
            sv.setInitiatorId(p.userId());
            sv.setInitiatorName(p.displayName());
            sv.setDeadline(d.deadline());
            sv.setDetails(d.details().encode());
            sv.setLevel(0);
            sv.setCreatedAt(now);
            sv.setUpdatedAt(now);
            sv.setVersion(1);
            sv.store();
            long svId = sv.getId();
            for (Long orderId : d.orderIds()) {
                dsl.insertInto(SUPERVISION_ORDER).set(SUPERVISION_ORDER.SUPERVISION_ID, svId)
                        .set(SUPERVISION_ORDER.ORDER_ID, orderId).execute();
            }
            step(dsl, svId, now, p, "created", null, null, null, d.title(),
                    new JsonObject().put("mode", d.mode().id()), false);
            if (d.instructed()) {
                JsonObject i = d.details().getJsonObject("instruction");
                step(dsl, svId, now, p, "instruct", null, null, null, i.getString("text"), i, false);
            }
            for (SupervisionInput.NewItem item : d.items()) {
                addItem(dsl, svId, item, p, now, scheduled);
            }
            if (d.mode() == Mode.MEDIA) {
                step(dsl, svId, now, p, "public-commitment", null, null, null,
                        d.details().getString("commitment"), null, true);
            }
            scheduled.addAll(scheduleClocks(dsl, svId, now, d.deadline()));
            for (Long orderId : d.orderIds()) {
                timeline.append(dsl, orderEvent(p, orderId, now, "supervision-started", d.mode().chineseName()
                        + "：" + d.title(), new JsonObject().put("supervisionId", svId).put("mode", d.mode().id())));
            }
            for (Long unitId : new LinkedHashSet<>(d.items().stream().map(SupervisionInput.NewItem::unitId)
                    .toList())) {
                outbox.enqueue(dsl, new Notice("sv:" + svId + ":assigned:" + unitId, "supervision-assigned", null,
                        unitId, null, null, "督办交办：" + d.title(), d.mode().chineseName() + "，请于"
                        + in.timeText(d.deadline()) + "前办理并报告进展。", true), now);
            }
            return svId;
        });
        scheduled.forEach(onScheduled);
        return view(p, id);
    }

    private void addItem(DSLContext dsl, long svId, SupervisionInput.NewItem item, Principal p, Instant now,
                         List<Instant> scheduled) {
        SupervisionItemRecord r = dsl.newRecord(SUPERVISION_ITEM);
        r.setSupervisionId(svId);
        r.setKind(item.kind());
        r.setOrderId(item.orderId());
        r.setUnitId(item.unitId());
        r.setLead(item.lead());
        r.setText(item.text());
        r.setDeadline(item.deadline());
        r.setStatus("open");
        r.setCreatedAt(now);
        r.store();
        step(dsl, svId, now, p, "assigned", r.getId(), item.unitId(), item.orderId(), item.text(),
                new JsonObject().put("kind", item.kind()).put("deadline", item.deadline().toString())
                        .put("lead", item.lead()), false);
        timers.schedule(dsl, ITEM_DUE, null, itemSubject(svId, r.getId()), item.deadline(), null, now);
        scheduled.add(item.deadline());
    }

    private List<Instant> scheduleClocks(DSLContext dsl, long svId, Instant from, Instant deadline) {
        SupervisionClocks c = SupervisionClocks.plan(from, deadline);
        List<Instant> out = new ArrayList<>();
        if (c.warnAt() != null) {
            timers.schedule(dsl, WARNING, null, subject(svId), c.warnAt(), null, from);
            out.add(c.warnAt());
        }
        timers.schedule(dsl, DUE, null, subject(svId), c.dueAt(), null, from);
        timers.schedule(dsl, ESCALATION, null, subject(svId), c.escalateAt(), null, from);
        out.add(c.dueAt());
        out.add(c.escalateAt());
        return out;
    }

    // ------------------------------------------------------------------ actions

    /** Takes {@code action} on supervision {@code id} as {@code p}: one transaction, answered with the new view. */
    public JsonObject act(Principal p, long id, String actionId, JsonObject body) {
        Action action = Action.parse(actionId).orElseThrow(() -> ProblemException.notFound(
                "No supervision step '" + actionId + "'."));
        JsonObject b = body == null ? new JsonObject() : body;
        if (!SupervisionFlow.permitted(action, p.roles())) {
            throw ProblemException.forbidden("Your role may not take the '" + action.id() + "' step.");
        }
        List<Instant> scheduled = new ArrayList<>();
        database.transactionRetrying(dsl -> {
            scheduled.clear();
            SupervisionRecord sv = visibleForUpdate(dsl, p, id);
            List<SupervisionItemRecord> items = items(dsl, id);
            SupervisionFlow.State before = state(dsl, sv, items);
            SupervisionFlow.refusal(action, before).ifPresent(r -> {
                throw ProblemException.conflict(r);
            });
            Instant now = clock.instant();
            Step s = new Step(dsl, p, sv, items, b, now, new SupervisionInput(zone), scheduled);
            boolean recheckPassed = apply(s, action);
            SupervisionFlow.State after = state(dsl, sv, items(dsl, id));
            Status to = SupervisionFlow.next(action, after, recheckPassed);
            Status from = before.status();
            if (to != from) {
                sv.setStatus(to.id());
                step(dsl, id, now, null, "status", null, null, null, from.chineseName() + " → " + to.chineseName(),
                        new JsonObject().put("from", from.id()).put("to", to.id()), false);
                if (to == Status.REPORTED) {
                    sv.setReportedAt(now);
                    timers.cancelSubject(dsl, subject(id));
                    notifyInitiator(dsl, sv, "reported", "督办事项已报告：" + sv.getTitle(),
                            "承办单位已全部报告办结，请审阅后办结或退回。", now);
                } else if (to == Status.CLOSED) {
                    sv.setClosedAt(now);
                    timers.cancelSubject(dsl, subject(id));
                    for (SupervisionItemRecord i : items(dsl, id)) {
                        timers.cancelSubject(dsl, itemSubject(id, i.getId()));
                    }
                    for (Long orderId : orderIds(dsl, id)) {
                        timeline.append(dsl, orderEvent(p, orderId, now, "supervision-closed",
                                Mode.parse(sv.getMode()).orElseThrow().chineseName() + "办结：" + sv.getTitle(),
                                new JsonObject().put("supervisionId", id)));
                    }
                }
            }
            sv.setUpdatedAt(now);
            sv.setVersion(sv.getVersion() + 1);
            sv.store();
            return null;
        });
        scheduled.forEach(onScheduled);
        return view(p, id);
    }

    /** What one step needs while it runs. */
    private record Step(DSLContext dsl, Principal p, SupervisionRecord sv, List<SupervisionItemRecord> items,
                        JsonObject b, Instant now, SupervisionInput in, List<Instant> scheduled) {
        long id() {
            return sv.getId();
        }

        JsonObject details() {
            return sv.getDetails() == null ? new JsonObject() : new JsonObject(sv.getDetails());
        }
    }

    /** Applies an action's effects; answers whether a re-check passed (the only outcome the flow needs). */
    private boolean apply(Step s, Action action) {
        UnitHierarchy units = reference.get().units();
        LongPredicate unitOk = activeUnit(units);
        List<Long> orderIds = orderIds(s.dsl(), s.id());
        switch (action) {
            case INSTRUCT -> {
                JsonObject i = s.in().instruction(s.b(), "");
                s.in().finish();
                s.sv().setDetails(s.details().put("instruction", i).encode());
                step(s, "instruct", null, null, null, i.getString("text"), i, false);
                notifyInitiator(s.dsl(), s.sv(), "instructed-" + s.now().toEpochMilli(), "领导已批示：" + s.sv()
                        .getTitle(), i.getString("leader") + "：" + i.getString("text"), s.now());
            }
            case ASSIGN -> {
                List<Long> targets = s.in().ids(s.b(), "unitIds", 1, 50, unitOk);
                Instant due = s.in().instant(s.b(), "deadline", false);
                if (due == null) {
                    due = s.sv().getDeadline();
                }
                if (!due.isAfter(s.now())) {
                    s.in().error("deadline", "must be in the future");
                }
                String text = s.in().text(s.b(), "text", 2000, false);
                s.in().finish();
                for (Long unit : targets) {
                    addItem(s.dsl(), s.id(), new SupervisionInput.NewItem("assignment", null, unit, true,
                            text == null ? s.sv().getTitle() : text, due), s.p(), s.now(), s.scheduled());
                    notifyUnit(s, unit, "assigned", "督办交办：" + s.sv().getTitle(),
                            (text == null ? "" : text + "；") + "请于" + s.in().timeText(due) + "前办理并报告进展。");
                }
            }
            case ACTION_ITEM -> {
                List<SupervisionInput.NewItem> added = s.in().item(s.b(), "", "action", unitOk, s.now(), orderIds);
                s.in().finish();
                for (SupervisionInput.NewItem item : added) {
                    addItem(s.dsl(), s.id(), item, s.p(), s.now(), s.scheduled());
                    notifyUnit(s, item.unitId(), "action", "现场督办整改事项：" + s.sv().getTitle(), item.text());
                }
            }
            case DECISION -> {
                List<SupervisionInput.NewItem> added = s.in().decision(s.b(), "", unitOk, s.now(), orderIds);
                s.in().finish();
                for (SupervisionInput.NewItem item : added) {
                    addItem(s.dsl(), s.id(), item, s.p(), s.now(), s.scheduled());
                    notifyUnit(s, item.unitId(), "decision", "会议督办议定事项：" + s.sv().getTitle(),
                            (item.lead() ? "（牵头）" : "（配合）") + item.text());
                }
            }
            case FINDINGS, MINUTES -> {
                String field = action == Action.FINDINGS ? "findings" : "minutes";
                String text = s.in().text(s.b(), "text", 20000, true);
                s.in().finish();
                s.sv().setDetails(s.details().put(field, text).encode());
                step(s, action.id(), null, null, null, text, null, false);
            }
            case RULE_CHANGE -> {
                String kind = s.b().getString("kind");
                if (!"catalogue".equals(kind) && !"kb".equals(kind)) {
                    s.in().error("kind", "catalogue (the dispatch catalogue) or kb (the knowledge base)");
                }
                String text = s.in().text(s.b(), "text", 2000, true);
                String ref = s.in().text(s.b(), "reference", 200, false);
                s.in().finish();
                step(s, "rule-change", null, null, null, text, new JsonObject().put("kind", kind)
                        .put("reference", ref), false);
            }
            case PROGRESS -> progress(s, units);
            case FINAL_REPORT -> {
                String text = s.in().text(s.b(), "text", 20000, true);
                s.in().finish();
                s.sv().setDetails(s.details().put("finalReport", text).encode());
                step(s, "final-report", null, null, null, text, null, false);
            }
            case PUBLIC_UPDATE -> {
                if (!Scope.isCentre(s.p()) && s.items().stream().noneMatch(i -> inScope(s.p(), units,
                        i.getUnitId()))) {
                    throw ProblemException.forbidden("Only the committed unit or the centre updates the public.");
                }
                String text = s.in().publicText(s.b(), "text", 2000, true);
                s.in().finish();
                step(s, "public-update", null, s.p().unitId(), null, text, null, true);
            }
            case RECHECK -> {
                String text = s.in().publicText(s.b(), "text", 2000, true);
                Boolean passed = s.b().getValue("passed") instanceof Boolean v ? v : null;
                if (passed == null) {
                    s.in().error("passed", "required: whether the commitment held up (true or false)");
                }
                Instant again = Boolean.FALSE.equals(passed) ? s.in().instant(s.b(), "newDeadline", true) : null;
                if (again != null && !again.isAfter(s.now())) {
                    s.in().error("newDeadline", "must be in the future");
                }
                s.in().finish();
                step(s, "recheck", null, null, null, text, new JsonObject().put("passed", passed), true);
                if (!passed) {
                    reopen(s, s.items(), again);
                }
                return passed;
            }
            case CALLBACK -> {
                Long orderId = s.b().getValue("orderId") instanceof Number n ? n.longValue() : null;
                if (orderId == null || !orderIds.contains(orderId)) {
                    s.in().error("orderId", "one of the memo's orders");
                }
                Boolean contacted = s.b().getValue("contacted") instanceof Boolean v ? v : null;
                if (contacted == null) {
                    s.in().error("contacted", "required: whether the citizen was reached");
                }
                String satisfaction = s.b().getString("satisfaction");
                if (Boolean.TRUE.equals(contacted) && !Set.of("satisfied", "basically_satisfied", "dissatisfied")
                        .contains(satisfaction)) {
                    s.in().error("satisfaction", "satisfied, basically_satisfied or dissatisfied");
                }
                String note = s.in().text(s.b(), "note", 2000, false);
                s.in().finish();
                JsonObject d = new JsonObject().put("contacted", contacted).put("satisfaction",
                        Boolean.TRUE.equals(contacted) ? satisfaction : null);
                step(s, "callback", null, null, orderId, note, d, false);
                timeline.append(s.dsl(), orderEvent(s.p(), orderId, s.now(), "supervision-callback",
                        note == null ? "督办回访" : "督办回访：" + note, d.copy().put("supervisionId", s.id())));
            }
            case URGE -> {
                Long unit = s.in().unit(s.b(), "unitId", unitOk, false);
                String text = s.in().text(s.b(), "text", 2000, false);
                s.in().finish();
                Set<Long> targets = new LinkedHashSet<>();
                if (unit != null) {
                    targets.add(unit);
                } else {
                    s.items().stream().filter(i -> "open".equals(i.getStatus()))
                            .forEach(i -> targets.add(i.getUnitId()));
                }
                if (targets.isEmpty()) {
                    throw ProblemException.conflict("No unit has open work to urge; name one with unitId.");
                }
                for (Long t : targets) {
                    long stepId = step(s, "urge", null, t, null, text, null, false);
                    notifyUnit(s, t, "urge-" + stepId, "督办催办：" + s.sv().getTitle(),
                            text == null ? "请抓紧办理并报告进展。" : text);
                }
                for (Long orderId : orderIds) {
                    timeline.append(s.dsl(), orderEvent(s.p(), orderId, s.now(), "supervision-urged",
                            text == null ? "督办催办" : "督办催办：" + text, new JsonObject().put("supervisionId",
                                    s.id())));
                }
            }
            case NOTICE -> {
                Long unit = s.in().unit(s.b(), "unitId", unitOk, true);
                String text = s.in().text(s.b(), "text", 4000, false);
                s.in().finish();
                int seq = (int) s.dsl().fetchCount(SUPERVISION_STEP, SUPERVISION_STEP.SUPERVISION_ID.eq(s.id())
                        .and(SUPERVISION_STEP.KIND.eq("notice"))) + 1;
                String number = number(s.sv()) + "-" + seq;
                long stepId = step(s, "notice", null, unit, null, text, new JsonObject().put("noticeNumber", number),
                        false);
                notifyUnit(s, unit, "notice-" + stepId, "督办通知单 " + number + "：" + s.sv().getTitle(),
                        text == null ? "请按督办通知单要求办理并按期报告。" : text);
            }
            case PUBLIC_NOTICE -> {
                List<Long> targets = s.in().ids(s.b(), "unitIds", 1, 50, unitOk);
                String kind = s.b().getString("kind");
                if (!"criticism".equals(kind) && !"commendation".equals(kind)) {
                    s.in().error("kind", "criticism (通报批评) or commendation (通报表扬)");
                }
                String text = s.in().text(s.b(), "text", 4000, true);
                s.in().finish();
                long stepId = step(s, "public-notice", null, null, null, text, new JsonObject().put("kind", kind)
                        .put("unitIds", new JsonArray(targets)), false);
                for (Long t : targets) {
                    notifyUnit(s, t, "public-notice-" + stepId, ("criticism".equals(kind) ? "通报批评：" : "通报表扬：")
                            + s.sv().getTitle(), text);
                }
            }
            case SUMMONS -> {
                Long unit = s.in().unit(s.b(), "unitId", unitOk, true);
                Instant at = s.in().instant(s.b(), "at", true);
                String people = s.in().text(s.b(), "people", 500, true);
                String record = s.in().text(s.b(), "record", 20000, false);
                s.in().finish();
                step(s, "summons", null, unit, null, record, new JsonObject().put("at", s.in().timeText(at))
                        .put("people", people), false);
            }
            case RETURN -> {
                String reason = s.in().text(s.b(), "reason", 2000, true);
                Instant again = s.in().instant(s.b(), "deadline", false);
                if (again == null && !s.sv().getDeadline().isAfter(s.now())) {
                    s.in().error("deadline", "required: the supervision's deadline has passed; give a new one");
                } else if (again != null && !again.isAfter(s.now())) {
                    s.in().error("deadline", "must be in the future");
                }
                s.in().finish();
                step(s, "return", null, null, null, reason, null, false);
                if (again != null) {
                    s.sv().setDeadline(again);
                }
                reopen(s, s.items(), again);
                s.scheduled().addAll(scheduleClocks(s.dsl(), s.id(), s.now(), s.sv().getDeadline()));
            }
            case CLOSE -> {
                String note = s.in().text(s.b(), "note", 2000, false);
                s.in().finish();
                step(s, "close", null, null, null, note, null, false);
            }
            default -> throw new IllegalStateException(action.name());
        }
        return false;
    }

    /** A unit's (or the centre's) progress report on one item; {@code done} completes it. */
    private void progress(Step s, UnitHierarchy units) {
        boolean centre = Scope.isCentre(s.p());
        List<SupervisionItemRecord> open = s.items().stream().filter(i -> "open".equals(i.getStatus()))
                .filter(i -> centre || inScope(s.p(), units, i.getUnitId())).toList();
        Long itemId = s.b().getValue("itemId") instanceof Number n ? n.longValue() : null;
        SupervisionItemRecord item = null;
        if (itemId != null) {
            item = open.stream().filter(i -> i.getId() == itemId.longValue()).findFirst().orElse(null);
            if (item == null) {
                s.in().error("itemId", "an open item of " + (centre ? "this supervision" : "your unit"));
            }
        } else if (open.size() == 1) {
            item = open.getFirst();
        } else {
            s.in().error("itemId", open.isEmpty() ? (centre ? "no open item" : "your unit has no open item here")
                    : "required: which item (" + open.size() + " are open)");
        }
        String text = s.in().text(s.b(), "text", 4000, true);
        boolean done = Boolean.TRUE.equals(s.b().getBoolean("done"));
        s.in().finish();
        step(s, done ? "done" : "progress", item.getId(), item.getUnitId(), item.getOrderId(), text,
                new JsonObject().put("done", done), false);
        if (done) {
            item.setStatus("done");
            item.setDoneAt(s.now());
            item.setDoneNote(text);
            item.store();
            timers.cancelSubject(s.dsl(), itemSubject(s.id(), item.getId()));
        }
        notifyInitiator(s.dsl(), s.sv(), "progress-" + item.getId() + "-" + s.now().toEpochMilli(),
                (done ? "督办事项已完成：" : "督办进展：") + s.sv().getTitle(),
                units.name(item.getUnitId()) + "：" + text, s.now());
    }

    /** Opens done items again (sent back, or a failed re-check), with a new deadline when given. */
    private void reopen(Step s, List<SupervisionItemRecord> items, Instant deadline) {
        for (SupervisionItemRecord i : items) {
            if ("done".equals(i.getStatus()) || deadline != null) {
                i.setStatus("open");
                i.setDoneAt(null);
                i.setOverdueAt(null);
                if (deadline != null) {
                    i.setDeadline(deadline);
                }
                i.store();
                timers.cancelSubject(s.dsl(), itemSubject(s.id(), i.getId()));
                Instant due = i.getDeadline().isAfter(s.now()) ? i.getDeadline() : s.now();
                timers.schedule(s.dsl(), ITEM_DUE, null, itemSubject(s.id(), i.getId()), due, null, s.now());
                s.scheduled().add(due);
                notifyUnit(s, i.getUnitId(), "reopened-" + i.getId() + "-" + s.now().toEpochMilli(),
                        "督办事项退回重办：" + s.sv().getTitle(), i.getText());
            }
        }
    }

    // ------------------------------------------------------------------ photos

    /** Stores a photo after checking its size and its first bytes (JPEG, PNG or WebP, whatever the header says). */
    public JsonObject addPhoto(Principal p, long id, String declaredType, byte[] data, String caption) {
        String type = sniff(data);
        if (data.length == 0) {
            throw ProblemException.field("body", "empty: send the photo's bytes");
        }
        if (data.length > MAX_PHOTO_BYTES) {
            throw ProblemException.field("body", "at most " + MAX_PHOTO_BYTES / (1024 * 1024) + " MB");
        }
        if (type == null || (declaredType != null && !declaredType.startsWith(type))) {
            throw ProblemException.field("Content-Type", "a JPEG, PNG or WebP photo (the bytes must match)");
        }
        if (caption != null && caption.length() > 200) {
            throw ProblemException.field("caption", "at most 200 characters");
        }
        long photoId = database.transaction(dsl -> {
            SupervisionRecord sv = visibleForUpdate(dsl, p, id);
            if (Status.CLOSED.id().equals(sv.getStatus())) {
                throw ProblemException.conflict("The supervision is closed.");
            }
            Instant now = clock.instant();
            long pid = dsl.insertInto(SUPERVISION_PHOTO)
                    .set(SUPERVISION_PHOTO.SUPERVISION_ID, id)
                    .set(SUPERVISION_PHOTO.CONTENT_TYPE, type)
                    .set(SUPERVISION_PHOTO.BYTE_SIZE, data.length)
                    .set(SUPERVISION_PHOTO.SHA256, sha256(data))
                    .set(SUPERVISION_PHOTO.CAPTION, caption == null || caption.isBlank() ? null : caption.strip())
                    .set(SUPERVISION_PHOTO.DATA, data)
                    .set(SUPERVISION_PHOTO.UPLOADED_BY, p.userId())
                    .set(SUPERVISION_PHOTO.UPLOADED_AT, now)
                    .returningResult(SUPERVISION_PHOTO.ID).fetchOne().value1();
            step(dsl, id, now, p, "photo", null, null, null, caption, new JsonObject().put("photoId", pid), false);
            return pid;
        });
        return new JsonObject().put("id", photoId).put("contentType", type).put("size", data.length);
    }

    public record Photo(String contentType, byte[] data) {
    }

    public Photo photo(Principal p, long id, long photoId) {
        return database.transaction(dsl -> {
            visible(dsl, p, id);
            var r = dsl.select(SUPERVISION_PHOTO.CONTENT_TYPE, SUPERVISION_PHOTO.DATA).from(SUPERVISION_PHOTO)
                    .where(SUPERVISION_PHOTO.ID.eq(photoId)).and(SUPERVISION_PHOTO.SUPERVISION_ID.eq(id)).fetchOne();
            if (r == null) {
                throw ProblemException.notFound("No photo " + photoId + " on supervision " + id + ".");
            }
            return new Photo(r.value1(), r.value2());
        });
    }

    /** JPEG, PNG or WebP by magic number; null for anything else. */
    static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W'
                && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ clocks

    @Override
    public void fire(DSLContext dsl, Timer t, Instant now) {
        String[] parts = t.subject() == null ? new String[0] : t.subject().split(":");
        if (parts.length < 2 || !"sv".equals(parts[0])) {
            return;
        }
        long id = Long.parseLong(parts[1]);
        SupervisionRecord sv = dsl.selectFrom(SUPERVISION).where(SUPERVISION.ID.eq(id)).forUpdate().fetchOne();
        if (sv == null || Status.CLOSED.id().equals(sv.getStatus()) || Status.REPORTED.id().equals(sv.getStatus())) {
            return;
        }
        List<SupervisionItemRecord> items = items(dsl, id);
        Set<Long> openUnits = new LinkedHashSet<>();
        items.stream().filter(i -> "open".equals(i.getStatus())).forEach(i -> openUnits.add(i.getUnitId()));
        String title = sv.getTitle();
        switch (t.kind()) {
            case WARNING -> {
                sv.setWarnedAt(now);
                step(dsl, id, now, null, "warned", null, null, null, "督办期限将至", null, false);
                for (Long u : openUnits) {
                    outbox.enqueue(dsl, new Notice("sv:" + id + ":warn:" + t.id() + ":" + u, "supervision-warning",
                            null, u, null, null, "督办即将到期：" + title, "请于期限前报告办理结果。", false), now);
                }
            }
            case DUE -> {
                sv.setLevel(Math.max(1, sv.getLevel()));
                sv.setOverdueAt(now);
                step(dsl, id, now, null, "overdue", null, null, null, "督办已超期", null, false);
                for (Long u : openUnits) {
                    outbox.enqueue(dsl, new Notice("sv:" + id + ":due:" + t.id() + ":" + u, "supervision-overdue",
                            null, u, null, null, "督办已超期：" + title, "督办事项已超过期限，请立即报告。", true), now);
                }
                outbox.enqueue(dsl, new Notice("sv:" + id + ":due:" + t.id(), "supervision-overdue", null, null,
                        null, sv.getInitiatorId(), "督办已超期：" + title, "督办事项已超过期限。", true), now);
            }
            case ESCALATION -> {
                sv.setLevel(2);
                step(dsl, id, now, null, "escalated", null, null, null, "超期未办结，已提请领导关注", null, false);
                outbox.enqueue(dsl, new Notice("sv:" + id + ":escalate:" + t.id(), "supervision-escalated", null,
                        null, Role.LEADER.id(), null, "督办超期升级：" + title,
                        "督办事项超期一日仍未办结，请领导关注。", true), now);
            }
            case ITEM_DUE -> {
                if (parts.length < 4) {
                    return;
                }
                long itemId = Long.parseLong(parts[3]);
                SupervisionItemRecord item = items.stream().filter(i -> i.getId() == itemId).findFirst()
                        .orElse(null);
                if (item == null || !"open".equals(item.getStatus())) {
                    return;
                }
                item.setOverdueAt(now);
                item.store();
                step(dsl, id, now, null, "item-overdue", itemId, item.getUnitId(), item.getOrderId(),
                        "事项已超期：" + item.getText(), null, false);
                outbox.enqueue(dsl, new Notice("sv:" + id + ":item:" + itemId + ":" + t.id(), "supervision-overdue",
                        null, item.getUnitId(), null, null, "督办事项已超期：" + title, item.getText(), true), now);
            }
            default -> {
                return;
            }
        }
        sv.setUpdatedAt(now);
        sv.setVersion(sv.getVersion() + 1);
        sv.store();
    }

    // ------------------------------------------------------------------ reading

    public JsonObject view(Principal p, long id) {
        return database.transaction(dsl -> view(dsl, p, visible(dsl, p, id)));
    }

    private JsonObject view(DSLContext dsl, Principal p, SupervisionRecord sv) {
        long id = sv.getId();
        UnitHierarchy units = reference.get().units();
        Instant now = clock.instant();
        List<SupervisionItemRecord> items = items(dsl, id);
        Mode mode = Mode.parse(sv.getMode()).orElseThrow();
        Status status = Status.parse(sv.getStatus()).orElseThrow();
        JsonObject out = summary(sv, units, now);
        out.put("details", sv.getDetails() == null ? new JsonObject() : new JsonObject(sv.getDetails()));
        SupervisionClocks c = SupervisionClocks.plan(sv.getCreatedAt(), sv.getDeadline());
        out.put("clocks", new JsonObject().put("deadline", time(sv.getDeadline()))
                .put("warnAt", time(c.warnAt())).put("escalateAt", time(c.escalateAt()))
                .put("level", sv.getLevel()).put("warnedAt", time(sv.getWarnedAt()))
                .put("overdueAt", time(sv.getOverdueAt()))
                .put("remainingSeconds", status == Status.CLOSED || status == Status.REPORTED ? null
                        : Duration.between(now, sv.getDeadline()).toSeconds()));
        List<SupervisionStepRecord> steps = dsl.selectFrom(SUPERVISION_STEP)
                .where(SUPERVISION_STEP.SUPERVISION_ID.eq(id)).orderBy(SUPERVISION_STEP.ID).fetch();
        Set<Long> calledBack = new HashSet<>();
        for (SupervisionStepRecord s : steps) {
            if ("callback".equals(s.getKind()) && s.getOrderId() != null) {
                calledBack.add(s.getOrderId());
            }
        }
        JsonArray orders = new JsonArray();
        var snapshot = reference.get();
        for (WorkOrderRecord o : orders(dsl, orderIds(dsl, id)).values()) {
            orders.add(new JsonObject().put("id", o.getId()).put("number", o.getNumber())
                    .put("status", o.getStatus())
                    .put("statusName", OrderStatus.valueOf(o.getStatus()).chineseName())
                    .put("category", snapshot.category(o.getCategoryId()).map(ReferenceCache.Node::name).orElse(null))
                    .put("leadUnitId", o.getLeadUnitId()).put("leadUnitName", units.name(o.getLeadUnitId()))
                    .put("summary", abbreviate(o.getContent(), 120))
                    .put("handleDeadline", time(o.getHandleDeadline()))
                    .put("overdue", o.getClosedAt() == null && o.getHandleDeadline() != null
                            && o.getHandleDeadline().isBefore(now))
                    .put("calledBack", calledBack.contains(o.getId())));
        }
        out.put("orders", orders);
        JsonArray itemsOut = new JsonArray();
        for (SupervisionItemRecord i : items) {
            itemsOut.add(new JsonObject().put("id", i.getId()).put("kind", i.getKind()).put("orderId", i.getOrderId())
                    .put("unitId", i.getUnitId()).put("unitName", units.name(i.getUnitId())).put("lead", i.getLead())
                    .put("text", i.getText()).put("deadline", time(i.getDeadline())).put("status", i.getStatus())
                    .put("overdue", "open".equals(i.getStatus()) && i.getDeadline().isBefore(now))
                    .put("overdueAt", time(i.getOverdueAt())).put("doneAt", time(i.getDoneAt()))
                    .put("doneNote", i.getDoneNote()));
        }
        out.put("items", itemsOut);
        JsonArray stepsOut = new JsonArray();
        for (SupervisionStepRecord s : steps) {
            stepsOut.add(new JsonObject().put("id", s.getId()).put("at", time(s.getOccurredAt()))
                    .put("kind", s.getKind()).put("actorName", s.getActorName())
                    .put("actorUnitName", s.getActorUnitId() == null ? null : units.name(s.getActorUnitId()))
                    .put("itemId", s.getItemId()).put("unitId", s.getUnitId())
                    .put("unitName", s.getUnitId() == null ? null : units.name(s.getUnitId()))
                    .put("orderId", s.getOrderId()).put("note", s.getNote())
                    .put("details", s.getDetails() == null ? null : new JsonObject(s.getDetails()))
                    .put("public", s.getPublicStep()));
        }
        out.put("steps", stepsOut);
        JsonArray photos = new JsonArray();
        dsl.select(SUPERVISION_PHOTO.ID, SUPERVISION_PHOTO.CAPTION, SUPERVISION_PHOTO.CONTENT_TYPE,
                        SUPERVISION_PHOTO.BYTE_SIZE, SUPERVISION_PHOTO.UPLOADED_AT)
                .from(SUPERVISION_PHOTO).where(SUPERVISION_PHOTO.SUPERVISION_ID.eq(id)).orderBy(SUPERVISION_PHOTO.ID)
                .forEach(r -> photos.add(new JsonObject().put("id", r.value1()).put("caption", r.value2())
                        .put("contentType", r.value3()).put("size", r.value4()).put("uploadedAt", time(r.value5()))));
        out.put("photos", photos);
        SupervisionFlow.State state = state(dsl, sv, items);
        JsonArray actions = new JsonArray();
        for (Action a : Action.values()) {
            if (SupervisionFlow.permitted(a, p.roles()) && SupervisionFlow.refusal(a, state).isEmpty()
                    && (Scope.isCentre(p) || items.stream().anyMatch(i -> inScope(p, units, i.getUnitId())
                    && ("open".equals(i.getStatus()) || a == Action.PUBLIC_UPDATE)))) {
                actions.add(a.id());
            }
        }
        out.put("actions", actions);
        out.put("modeName", mode.chineseName());
        return out;
    }

    private JsonObject summary(SupervisionRecord sv, UnitHierarchy units, Instant now) {
        Status status = Status.parse(sv.getStatus()).orElseThrow();
        Mode mode = Mode.parse(sv.getMode()).orElseThrow();
        boolean live = status == Status.OPEN || status == Status.IN_PROGRESS;
        return new JsonObject().put("id", sv.getId()).put("number", number(sv)).put("mode", mode.id())
                .put("modeName", mode.chineseName()).put("title", sv.getTitle()).put("status", status.id())
                .put("statusName", status.chineseName()).put("initiatorId", sv.getInitiatorId())
                .put("initiatorName", sv.getInitiatorName()).put("deadline", time(sv.getDeadline()))
                .put("level", sv.getLevel()).put("overdue", live && sv.getDeadline().isBefore(now))
                .put("createdAt", time(sv.getCreatedAt())).put("updatedAt", time(sv.getUpdatedAt()))
                .put("reportedAt", time(sv.getReportedAt())).put("closedAt", time(sv.getClosedAt()))
                .put("version", sv.getVersion());
    }

    /** A page of supervisions the caller may see, newest first. */
    public JsonObject list(Principal p, String mode, String status, Boolean overdue, Long unitId, Long orderId,
                           int limit, Long after) {
        UnitHierarchy units = reference.get().units();
        return database.transaction(dsl -> {
            Condition c = DSL.trueCondition();
            if (mode != null) {
                c = c.and(SUPERVISION.MODE.eq(mode));
            }
            if (status != null) {
                c = c.and(SUPERVISION.STATUS.in(List.of(status.split(","))));
            }
            Instant now = clock.instant();
            if (Boolean.TRUE.equals(overdue)) {
                c = c.and(SUPERVISION.STATUS.in(Status.OPEN.id(), Status.IN_PROGRESS.id()))
                        .and(SUPERVISION.DEADLINE.lt(now));
            }
            if (!Scope.isCentre(p)) {
                c = c.and(SUPERVISION.ID.in(DSL.select(SUPERVISION_ITEM.SUPERVISION_ID).from(SUPERVISION_ITEM)
                        .where(SUPERVISION_ITEM.UNIT_ID.in(Scope.unitScope(p, units)))));
            }
            if (unitId != null) {
                c = c.and(SUPERVISION.ID.in(DSL.select(SUPERVISION_ITEM.SUPERVISION_ID).from(SUPERVISION_ITEM)
                        .where(SUPERVISION_ITEM.UNIT_ID.eq(unitId))));
            }
            if (orderId != null) {
                c = c.and(SUPERVISION.ID.in(DSL.select(SUPERVISION_ORDER.SUPERVISION_ID).from(SUPERVISION_ORDER)
                        .where(SUPERVISION_ORDER.ORDER_ID.eq(orderId))));
            }
            if (after != null) {
                c = c.and(SUPERVISION.ID.lt(after));
            }
            List<SupervisionRecord> rows = dsl.selectFrom(SUPERVISION).where(c).orderBy(SUPERVISION.ID.desc())
                    .limit(limit + 1).fetch();
            boolean more = rows.size() > limit;
            rows = more ? rows.subList(0, limit) : rows;
            Map<Long, int[]> counts = new LinkedHashMap<>();
            Map<Long, Integer> orderCounts = new LinkedHashMap<>();
            if (!rows.isEmpty()) {
                List<Long> ids = rows.stream().map(SupervisionRecord::getId).toList();
                dsl.select(SUPERVISION_ITEM.SUPERVISION_ID, SUPERVISION_ITEM.STATUS, DSL.count()).from(SUPERVISION_ITEM)
                        .where(SUPERVISION_ITEM.SUPERVISION_ID.in(ids))
                        .groupBy(SUPERVISION_ITEM.SUPERVISION_ID, SUPERVISION_ITEM.STATUS)
                        .forEach(r -> {
                            int[] n = counts.computeIfAbsent(r.value1(), k -> new int[2]);
                            n[0] += r.value3();
                            if ("open".equals(r.value2())) {
                                n[1] += r.value3();
                            }
                        });
                dsl.select(SUPERVISION_ORDER.SUPERVISION_ID, DSL.count()).from(SUPERVISION_ORDER)
                        .where(SUPERVISION_ORDER.SUPERVISION_ID.in(ids)).groupBy(SUPERVISION_ORDER.SUPERVISION_ID)
                        .forEach(r -> orderCounts.put(r.value1(), r.value2()));
            }
            JsonArray out = new JsonArray();
            for (SupervisionRecord sv : rows) {
                int[] n = counts.getOrDefault(sv.getId(), new int[2]);
                out.add(summary(sv, units, now).put("itemCount", n[0]).put("openItems", n[1])
                        .put("orderCount", orderCounts.getOrDefault(sv.getId(), 0)));
            }
            return new JsonObject().put("items", out).put("next", more ? rows.getLast().getId() : null);
        });
    }

    /** Supervisions at work now, by mode and status, with how many are overdue: the dashboard's tile. */
    public JsonObject byMode() {
        return database.transaction(this::byMode);
    }

    /** As {@link #byMode()}, inside the caller's transaction (the dashboard reads all its tiles in one). */
    public JsonObject byMode(DSLContext dsl) {
        Instant now = clock.instant();
        {
            JsonObject out = new JsonObject();
            for (Mode m : Mode.values()) {
                out.put(m.id(), new JsonObject().put("name", m.chineseName()).put("open", 0).put("in_progress", 0)
                        .put("reported", 0).put("overdue", 0));
            }
            Condition live = SUPERVISION.STATUS.in(Status.OPEN.id(), Status.IN_PROGRESS.id(), Status.REPORTED.id());
            dsl.select(SUPERVISION.MODE, SUPERVISION.STATUS, DSL.count(),
                            DSL.count().filterWhere(SUPERVISION.DEADLINE.lt(now)
                                    .and(SUPERVISION.STATUS.ne(Status.REPORTED.id()))))
                    .from(SUPERVISION).where(live).groupBy(SUPERVISION.MODE, SUPERVISION.STATUS)
                    .forEach(r -> {
                        JsonObject m = out.getJsonObject(r.value1());
                        if (m != null) {
                            m.put(r.value2(), r.value3()).put("overdue", m.getInteger("overdue") + r.value4());
                        }
                    });
            return out;
        }
    }

    /** A special report (专报) drafted from orders, for the leader: what was asked, who handles it, how late. */
    public JsonObject draft(Principal p, List<Long> orderIds) {
        requireCentre(p);
        var snapshot = reference.get();
        UnitHierarchy units = snapshot.units();
        Instant now = clock.instant();
        return database.transaction(dsl -> {
            Map<Long, WorkOrderRecord> orders = orders(dsl, orderIds);
            if (orders.isEmpty()) {
                throw ProblemException.field("orderIds", "no such orders");
            }
            WorkOrderRecord first = orders.values().iterator().next();
            String category = snapshot.category(first.getCategoryId()).map(ReferenceCache.Node::name).orElse("群众诉求");
            String title = "关于" + category + (orders.size() > 1 ? "等" + orders.size() + "件" : "") + "群众诉求办理情况的专报";
            StringBuilder r = new StringBuilder();
            r.append("近期，12345热线受理群众反映").append(category).append("等问题").append(orders.size())
                    .append("件，经派单办理尚未解决。具体情况如下：\n");
            int n = 1;
            for (WorkOrderRecord o : orders.values()) {
                r.append(chineseNumber(n++)).append("、").append(o.getNumber()).append("（")
                        .append(LocalDate.ofInstant(o.getCreatedAt(), zone)).append("受理，")
                        .append(org.hotline.workorder.Channel.parse(o.getChannel()).chineseName()).append("）：")
                        .append(abbreviate(o.getContent(), 200)).append("\n   承办单位：")
                        .append(o.getLeadUnitId() == null ? "未派单" : units.name(o.getLeadUnitId()))
                        .append("；当前状态：").append(OrderStatus.valueOf(o.getStatus()).chineseName());
                if (o.getClosedAt() == null && o.getHandleDeadline() != null && o.getHandleDeadline().isBefore(now)) {
                    r.append("；已超期").append(Duration.between(o.getHandleDeadline(), now).toDays()).append("天");
                }
                if (o.getRehandleCount() > 0) {
                    r.append("；已重办").append(o.getRehandleCount()).append("次");
                }
                r.append("。\n");
            }
            r.append("建议：请领导批示，明确牵头单位和办理时限，限期办结并报告。");
            return new JsonObject().put("title", title).put("report", r.toString());
        });
    }

    // ------------------------------------------------------------------ the public page (media tracking)

    /** Media-tracked supervisions as the public sees them: what was exposed, what was promised, what was done. */
    public JsonObject publicList() {
        return database.transaction(dsl -> {
            JsonArray out = new JsonArray();
            for (SupervisionRecord sv : dsl.selectFrom(SUPERVISION).where(SUPERVISION.MODE.eq(Mode.MEDIA.id()))
                    .orderBy(SUPERVISION.ID.desc()).limit(100).fetch()) {
                out.add(publicView(dsl, sv, false));
            }
            return new JsonObject().put("items", out);
        });
    }

    public JsonObject publicView(long id) {
        return database.transaction(dsl -> {
            SupervisionRecord sv = dsl.selectFrom(SUPERVISION).where(SUPERVISION.ID.eq(id))
                    .and(SUPERVISION.MODE.eq(Mode.MEDIA.id())).fetchOne();
            if (sv == null) {
                throw ProblemException.notFound("No public media tracking " + id + ".");
            }
            return publicView(dsl, sv, true);
        });
    }

    /** Only fields written for the public (checked free of personal data when written); never an order's content. */
    private JsonObject publicView(DSLContext dsl, SupervisionRecord sv, boolean withUpdates) {
        JsonObject d = sv.getDetails() == null ? new JsonObject() : new JsonObject(sv.getDetails());
        Status status = Status.parse(sv.getStatus()).orElseThrow();
        JsonObject out = new JsonObject().put("id", sv.getId()).put("title", sv.getTitle())
                .put("outlet", d.getString("outlet")).put("programme", d.getString("programme"))
                .put("airDate", d.getString("airDate")).put("issue", d.getString("issue"))
                .put("commitment", d.getString("commitment")).put("commitmentDeadline", d.getString("commitmentDeadline"))
                .put("status", status.id()).put("statusName", status == Status.REPORTED ? "已整改，待办结" : status
                        .chineseName());
        if (withUpdates) {
            JsonArray updates = new JsonArray();
            dsl.select(SUPERVISION_STEP.OCCURRED_AT, SUPERVISION_STEP.KIND, SUPERVISION_STEP.NOTE,
                            SUPERVISION_STEP.DETAILS).from(SUPERVISION_STEP)
                    .where(SUPERVISION_STEP.SUPERVISION_ID.eq(sv.getId())).and(SUPERVISION_STEP.PUBLIC_STEP.isTrue())
                    .orderBy(SUPERVISION_STEP.ID)
                    .forEach(r -> {
                        JsonObject u = new JsonObject().put("at", time(r.value1())).put("kind", r.value2())
                                .put("text", r.value3());
                        if ("recheck".equals(r.value2()) && r.value4() != null) {
                            u.put("passed", new JsonObject(r.value4()).getBoolean("passed"));
                        }
                        updates.add(u);
                    });
            out.put("updates", updates);
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private SupervisionFlow.State state(DSLContext dsl, SupervisionRecord sv, List<SupervisionItemRecord> items) {
        Mode mode = Mode.parse(sv.getMode()).orElseThrow();
        JsonObject d = sv.getDetails() == null ? new JsonObject() : new JsonObject(sv.getDetails());
        int open = (int) items.stream().filter(i -> "open".equals(i.getStatus())).count();
        int notCalledBack = 0;
        if (mode == Mode.LEADER_MEMO) {
            Set<Long> called = new HashSet<>(dsl.selectDistinct(SUPERVISION_STEP.ORDER_ID).from(SUPERVISION_STEP)
                    .where(SUPERVISION_STEP.SUPERVISION_ID.eq(sv.getId())).and(SUPERVISION_STEP.KIND.eq("callback"))
                    .fetch(SUPERVISION_STEP.ORDER_ID));
            notCalledBack = (int) orderIds(dsl, sv.getId()).stream().filter(o -> !called.contains(o)).count();
        }
        return new SupervisionFlow.State(mode, Status.parse(sv.getStatus()).orElseThrow(),
                d.getJsonObject("instruction") != null, items.size(), open, notCalledBack);
    }

    private SupervisionRecord visible(DSLContext dsl, Principal p, long id) {
        return check(dsl, p, id, dsl.selectFrom(SUPERVISION).where(SUPERVISION.ID.eq(id)).fetchOne());
    }

    private SupervisionRecord visibleForUpdate(DSLContext dsl, Principal p, long id) {
        return check(dsl, p, id, dsl.selectFrom(SUPERVISION).where(SUPERVISION.ID.eq(id)).forUpdate().fetchOne());
    }

    /** Centre staff see every supervision; a unit sees those it owns work in (404 otherwise, as for orders). */
    private SupervisionRecord check(DSLContext dsl, Principal p, long id, SupervisionRecord sv) {
        if (sv != null && !Scope.isCentre(p)) {
            Set<Long> scope = Scope.unitScope(p, reference.get().units());
            if (scope.isEmpty() || !dsl.fetchExists(SUPERVISION_ITEM, SUPERVISION_ITEM.SUPERVISION_ID.eq(id)
                    .and(SUPERVISION_ITEM.UNIT_ID.in(scope)))) {
                sv = null;
            }
        }
        if (sv == null) {
            throw ProblemException.notFound("No supervision " + id + ".");
        }
        return sv;
    }

    private static void requireCentre(Principal p) {
        if (!Scope.isCentre(p) || p.roles().stream().noneMatch(r -> EnumSet.of(Role.LEADER, Role.SUPERVISOR,
                Role.ADMIN).contains(r))) {
            throw ProblemException.forbidden("Supervision is started by the centre's supervisors and leaders.");
        }
    }

    private static boolean inScope(Principal p, UnitHierarchy units, Long unitId) {
        return unitId != null && p.unitId() != null && units.isSelfOrAbove(p.unitId(), unitId);
    }

    private static LongPredicate activeUnit(UnitHierarchy units) {
        return id -> units.unit(id).map(UnitHierarchy.Unit::active).orElse(false);
    }

    private List<SupervisionItemRecord> items(DSLContext dsl, long id) {
        return dsl.selectFrom(SUPERVISION_ITEM).where(SUPERVISION_ITEM.SUPERVISION_ID.eq(id))
                .orderBy(SUPERVISION_ITEM.ID).fetch();
    }

    private static List<Long> orderIds(DSLContext dsl, long id) {
        return dsl.select(SUPERVISION_ORDER.ORDER_ID).from(SUPERVISION_ORDER)
                .where(SUPERVISION_ORDER.SUPERVISION_ID.eq(id)).orderBy(SUPERVISION_ORDER.ORDER_ID)
                .fetch(SUPERVISION_ORDER.ORDER_ID);
    }

    /** The orders by id, in the order asked. */
    private static Map<Long, WorkOrderRecord> orders(DSLContext dsl, List<Long> ids) {
        Map<Long, WorkOrderRecord> found = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.in(ids)).forEach(o -> found.put(o.getId(), o));
        }
        Map<Long, WorkOrderRecord> out = new LinkedHashMap<>();
        ids.forEach(id -> {
            if (found.containsKey(id)) {
                out.put(id, found.get(id));
            }
        });
        return out;
    }

    private long step(Step s, String kind, Long itemId, Long unitId, Long orderId, String note, JsonObject details,
                      boolean isPublic) {
        return step(s.dsl(), s.id(), s.now(), s.p(), kind, itemId, unitId, orderId, note, details, isPublic);
    }

    private static long step(DSLContext dsl, long svId, Instant at, Principal p, String kind, Long itemId,
                             Long unitId, Long orderId, String note, JsonObject details, boolean isPublic) {
        return dsl.insertInto(SUPERVISION_STEP)
                .set(SUPERVISION_STEP.SUPERVISION_ID, svId)
                .set(SUPERVISION_STEP.OCCURRED_AT, at)
                .set(SUPERVISION_STEP.ACTOR_ID, p == null ? null : p.userId())
                .set(SUPERVISION_STEP.ACTOR_NAME, p == null ? SYSTEM : p.displayName())
                .set(SUPERVISION_STEP.ACTOR_UNIT_ID, p == null ? null : p.unitId())
                .set(SUPERVISION_STEP.KIND, kind)
                .set(SUPERVISION_STEP.ITEM_ID, itemId)
                .set(SUPERVISION_STEP.UNIT_ID, unitId)
                .set(SUPERVISION_STEP.ORDER_ID, orderId)
                .set(SUPERVISION_STEP.NOTE, note)
                .set(SUPERVISION_STEP.DETAILS, details == null || details.isEmpty() ? null : details.encode())
                .set(SUPERVISION_STEP.PUBLIC_STEP, isPublic)
                .returningResult(SUPERVISION_STEP.ID).fetchOne().value1();
    }

    private void notifyUnit(Step s, long unitId, String key, String title, String body) {
        outbox.enqueue(s.dsl(), new Notice("sv:" + s.id() + ":" + key + ":" + unitId, "supervision", null, unitId,
                null, null, title, body, true), s.now());
    }

    private void notifyInitiator(DSLContext dsl, SupervisionRecord sv, String key, String title, String body,
                                 Instant now) {
        outbox.enqueue(dsl, new Notice("sv:" + sv.getId() + ":" + key, "supervision", null, null, null,
                sv.getInitiatorId(), title, body, false), now);
    }

    private static Timeline.Event orderEvent(Principal p, long orderId, Instant now, String action, String note,
                                             JsonObject details) {
        String role = p.roles().stream().sorted().map(Role::id).findFirst().orElse(null);
        return new Timeline.Event(null, orderId, now, p.userId(), p.displayName(), role, p.unitId(), action, null,
                null, note, details);
    }

    /** 督〔2026〕12号: the year it was started and its id. */
    public String number(SupervisionRecord sv) {
        return "督〔" + LocalDate.ofInstant(sv.getCreatedAt(), zone).getYear() + "〕" + sv.getId() + "号";
    }

    static String subject(long id) {
        return "sv:" + id;
    }

    static String itemSubject(long id, long itemId) {
        return "sv:" + id + ":item:" + itemId;
    }

    private String time(Instant t) {
        return t == null ? null : t.atZone(zone).toOffsetDateTime().toString();
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String chineseNumber(int n) {
        String[] d = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
        if (n <= 10) {
            return d[n];
        }
        if (n < 20) {
            return "十" + d[n - 10];
        }
        return n < 100 ? d[n / 10] + "十" + (n % 10 == 0 ? "" : d[n % 10]) : Integer.toString(n);
    }

    /** The set of ids of open supervisions over each of {@code orderIds}: the order lists' 督办 badge. */
    public static Map<Long, List<Long>> openOver(DSLContext dsl, java.util.Collection<Long> orderIds) {
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        if (orderIds.isEmpty()) {
            return out;
        }
        dsl.select(SUPERVISION_ORDER.ORDER_ID, SUPERVISION_ORDER.SUPERVISION_ID).from(SUPERVISION_ORDER)
                .join(SUPERVISION).on(SUPERVISION.ID.eq(SUPERVISION_ORDER.SUPERVISION_ID))
                .where(SUPERVISION_ORDER.ORDER_ID.in(orderIds)).and(SUPERVISION.STATUS.ne(Status.CLOSED.id()))
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return out;
    }

    /** Pending timers of a supervision (tests and the order page's clocks). */
    public static int pendingTimers(DSLContext dsl, long id) {
        return dsl.fetchCount(TIMER, TIMER.STATUS.eq(TimerStore.PENDING).and(TIMER.SUBJECT.eq(subject(id))
                .or(TIMER.SUBJECT.like(subject(id) + ":%"))));
    }
}
