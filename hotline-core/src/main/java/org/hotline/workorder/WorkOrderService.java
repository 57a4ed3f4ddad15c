package org.hotline.workorder;

import static org.hotline.db.generated.Tables.CITIZEN_RATING;
import static org.hotline.db.generated.Tables.IDEMPOTENCY_KEY;
import static org.hotline.db.generated.Tables.STAFF_USER;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_EXTENSION;
import static org.hotline.db.generated.Tables.WORK_ORDER_LINK;
import static org.hotline.db.generated.Tables.WORK_ORDER_PHOTO;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.audit.AuditEntry;
import org.hotline.audit.AuditLog;
import org.hotline.auth.AuthService;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;
import org.hotline.citizen.CitizenRepository;
import org.hotline.db.Database;
import org.hotline.db.generated.tables.records.WorkOrderExtensionRecord;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.dispatch.DispatchCatalogue;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The life of a work order: intake, every action of the centre and the units, reading with data scope, and the
 * citizen's contact details. Each state change is one transaction that also writes the order's timeline. Blocking;
 * runs on the database worker pool.
 */
public final class WorkOrderService {

    /** What an operator records at intake. */
    public record CreateCommand(Channel channel, OrderType type, Urgency urgency, long categoryId, Long areaId,
                                String address, String content, BigDecimal latitude, BigDecimal longitude,
                                boolean confidential, String citizenName, String citizenPhone) {
    }

    /**
     * Who takes an order in: a staff member, or a client application filing a citizen's own request (Open311),
     * which has no staff account and is named on the timeline instead.
     */
    record Taker(Long userId, String name, String role, Long unitId) {
        static Taker of(Principal p) {
            String role = p.roles().stream().map(Role::id).sorted().findFirst().orElse(null);
            return new Taker(p.userId(), p.displayName(), role, p.unitId());
        }
    }

    /** A stored answer to a create request, replayed for a retry with the same idempotency key. */
    public record Answer(int status, String body) {
    }

    /** Why a unit returns an order (退单理由). */
    public static final Set<String> RETURN_REASONS = Set.of("not_our_responsibility", "wrong_area",
            "insufficient_information", "duplicate", "other");
    /** Why a contact is revealed, recorded in the audit log. */
    public static final Set<String> REVEAL_REASONS = Set.of("callback", "contact_citizen", "verify_information",
            "other");
    static final int MAX_TEXT = 20_000;

    private final Database db;
    private final ReferenceCache reference;
    private final CitizenRepository citizens;
    private final Timeline timeline = new Timeline();
    private final Assignments assignments = new Assignments();
    private final AuditLog audit;
    private final DispatchCatalogue catalogue;
    private final OrderViews views;
    private final Clock clock;
    private final OrderClocks clocks;
    /** Told of new due times, so this node's timer look-ahead sees them at once. */
    private volatile java.util.function.Consumer<Instant> onScheduled = t -> { };
    /** Told, after the commit, that orders changed: this node's order index catches up at once. */
    private volatile Runnable onChanged = () -> { };
    /** Text messages to citizens (receipt, reply); null: none sent (tests and tools without an outbox). */
    private volatile org.hotline.citizen.CitizenSms sms;

    public WorkOrderService(Database db, ReferenceCache reference, CitizenRepository citizens, AuditLog audit,
                            OrderClocks clocks, DispatchCatalogue catalogue, Clock clock) {
        this.db = db;
        this.reference = reference;
        this.citizens = citizens;
        this.audit = audit;
        this.clocks = clocks;
        this.catalogue = catalogue;
        this.clock = clock;
        this.views = new OrderViews(reference, citizens, clocks, clock);
    }

    public ReferenceCache reference() {
        return reference;
    }

    public OrderClocks clocks() {
        return clocks;
    }

    public void onScheduled(java.util.function.Consumer<Instant> listener) {
        this.onScheduled = listener;
    }

    /** Runs {@code listener} after every committed change to an order made through this service. */
    public void onChanged(Runnable listener) {
        this.onChanged = listener;
    }

    /** Sends citizens their receipts and replies by SMS from now on. */
    public void citizenSms(org.hotline.citizen.CitizenSms sms) {
        this.sms = sms;
    }


    // ------------------------------------------------------------------ intake

    /**
     * Creates an order. With an idempotency key, the key is claimed in the same transaction as the order, so a retry
     * gets the first answer and never a second order; the same key with another request is refused (422).
     */
    /** Creates an order without an idempotency key and without building its view; answers the id (bulk loads). */
    public long createQuietly(Principal p, CreateCommand c) {
        validate(c);
        Instant now = clock.instant();
        long id = db.transaction(dsl -> insert(dsl, Taker.of(p), c, null, now));
        onChanged.run();
        return id;
    }

    /**
     * Takes in an order a client application files for a citizen (Open311): validated, numbered and written to the
     * timeline exactly as an operator's, with the application named as the actor; from there it is dispatched and
     * handled like any other. {@code sameTransaction} records what the channel keeps about the request, in the
     * order's transaction. Answers the new order.
     */
    public WorkOrderRecord createForApplication(String applicationName, CreateCommand c, String citizenEmail,
                                                java.util.function.ObjLongConsumer<DSLContext> sameTransaction) {
        return createOnline(applicationName, "application", c, citizenEmail, sameTransaction);
    }

    /**
     * Takes in an order a citizen files themselves on the portal (网上12345): as {@link #createForApplication}, with
     * the citizen as the actor on the timeline. {@code sameTransaction} attaches the photos and records the
     * submission's idempotency key in the order's transaction.
     */
    public WorkOrderRecord createForCitizen(CreateCommand c, java.util.function.ObjLongConsumer<DSLContext> sameTransaction) {
        return createOnline(CITIZEN_ACTOR, "citizen", c, null, sameTransaction);
    }

    /** How a citizen acting on the portal is named on the timeline: never by their own name. */
    public static final String CITIZEN_ACTOR = "市民（网上12345）";

    private WorkOrderRecord createOnline(String actorName, String actorRole, CreateCommand c, String citizenEmail,
                                         java.util.function.ObjLongConsumer<DSLContext> sameTransaction) {
        validate(c);
        Instant now = clock.instant();
        Taker actor = new Taker(null, actorName, actorRole, null);
        WorkOrderRecord created = db.transaction(dsl -> {
            long id = insert(dsl, actor, c, citizenEmail, now);
            sameTransaction.accept(dsl, id);
            return load(dsl, id);
        });
        onChanged.run();
        return created;
    }

    public Answer create(Principal p, CreateCommand c, String idempotencyKey, String requestHash) {
        validate(c);
        Instant now = clock.instant();
        try {
            Answer answer = db.transaction(dsl -> {
                long id = insert(dsl, Taker.of(p), c, null, now);
                WorkOrderRecord created = load(dsl, id);
                // Just inserted: no assignments, links, photos or clocks to read.
                String body = views.view(dsl, p, created, allowed(p, created, List.of()), true, true).encode();
                if (idempotencyKey != null) {
                    // The key with its answer, last: a concurrent duplicate's insert of the same key waits for this
                    // transaction, fails on the key and rolls its own order back, then replays this answer.
                    dsl.insertInto(IDEMPOTENCY_KEY)
                            .set(IDEMPOTENCY_KEY.USER_ID, p.userId())
                            .set(IDEMPOTENCY_KEY.IDEM_KEY, idempotencyKey)
                            .set(IDEMPOTENCY_KEY.REQUEST_HASH, requestHash)
                            .set(IDEMPOTENCY_KEY.RESPONSE_STATUS, 201)
                            .set(IDEMPOTENCY_KEY.RESPONSE_BODY, body)
                            .set(IDEMPOTENCY_KEY.CREATED_AT, now)
                            .execute();
                }
                return new Answer(201, body);
            });
            onChanged.run();
            return answer;
        } catch (DataAccessException e) {
            if (idempotencyKey == null || !isDuplicateKey(e)) {
                throw e;
            }
            return replay(p, idempotencyKey, requestHash);
        }
    }

    /** One intake waiting to be taken in together with others ({@link IntakeGroup}). */
    public record Intake(Principal principal, CreateCommand command, String idempotencyKey, String requestHash) {
    }

    /**
     * Takes in several orders in one transaction: each exactly as {@link #create} takes one in (numbered, on its
     * timeline, counted, its receipt queued, its key and answer stored), but every table written once for all of them,
     * and one commit. Answers per intake, in order. A key already used is answered from its stored answer (or refused,
     * for another request), without taking part. Throws when the transaction fails as a whole (a concurrent duplicate
     * of a key, say): the caller then takes the intakes in one by one.
     */
    public List<Answer> createAll(List<Intake> intakes) {
        intakes.forEach(i -> validate(i.command()));
        Answer[] answers = new Answer[intakes.size()];
        List<Integer> fresh = new ArrayList<>();
        // The group's keys already used, in one round trip rather than one per intake.
        List<org.jooq.Row2<Long, String>> keys = intakes.stream().filter(in -> in.idempotencyKey() != null)
                .map(in -> DSL.row(in.principal().userId(), in.idempotencyKey())).toList();
        java.util.Set<String> used = keys.isEmpty() ? java.util.Set.of() : new java.util.HashSet<>(db.dsl()
                .select(IDEMPOTENCY_KEY.USER_ID, IDEMPOTENCY_KEY.IDEM_KEY).from(IDEMPOTENCY_KEY)
                .where(DSL.row(IDEMPOTENCY_KEY.USER_ID, IDEMPOTENCY_KEY.IDEM_KEY).in(keys))
                .fetch(r -> r.value1() + "\u0000" + r.value2()));
        for (int i = 0; i < intakes.size(); i++) {
            Intake in = intakes.get(i);
            if (in.idempotencyKey() != null
                    && used.contains(in.principal().userId() + "\u0000" + in.idempotencyKey())) {
                answers[i] = replay(in.principal(), in.idempotencyKey(), in.requestHash());
                continue;
            }
            fresh.add(i);
        }
        if (!fresh.isEmpty()) {
            Instant now = clock.instant();
            List<Intake> batch = fresh.stream().map(intakes::get).toList();
            List<Answer> made = db.transaction(dsl -> insertAll(dsl, batch, now));
            for (int k = 0; k < fresh.size(); k++) {
                answers[fresh.get(k)] = made.get(k);
            }
            onChanged.run();
        }
        return java.util.Arrays.asList(answers);
    }

    /** A new order's row as intake writes it, one intake or a group alike. */
    private static void newOrder(WorkOrderRecord r, CreateCommand c, Long citizenId, Long createdBy, Instant now) {
        r.setPickupCode(OrderNumbers.pickupCode());
        r.setChannel(c.channel().id());
        r.setType(c.type().id());
        r.setUrgency(c.urgency().id());
        r.setCategoryId(c.categoryId());
        r.setAreaId(c.areaId());
        r.setAddress(c.address() == null || c.address().isBlank() ? null : c.address().trim());
        r.setContent(c.content().trim());
        r.setLatitude(c.latitude());
        r.setLongitude(c.longitude());
        r.setConfidential(c.confidential());
        r.setCitizenId(citizenId);
        r.setStatus(OrderStatus.ACCEPTED.name());
        r.setRehandleCount(0);
        r.setTransferCount(0);
        r.setExtensionPending(false);
        r.setCreatedBy(createdBy);
        r.setCreatedAt(now);
        r.setUpdatedAt(now);
        r.setVersion(1);
    }

    /** The intakes' rows, table by table, in one transaction: what {@link #insert} does for one, for all. */
    private List<Answer> insertAll(DSLContext dsl, List<Intake> batch, Instant now) {
        int n = batch.size();
        // Callers, for the intakes that have one.
        List<CitizenRepository.NewCitizen> callers = new ArrayList<>();
        List<Integer> withCaller = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CreateCommand c = batch.get(i).command();
            if (notBlank(c.citizenName()) || notBlank(c.citizenPhone())) {
                withCaller.add(i);
                callers.add(new CitizenRepository.NewCitizen(c.citizenName(), c.citizenPhone(), null));
            }
        }
        CitizenRepository.Citizen[] citizenOf = new CitizenRepository.Citizen[n];
        List<CitizenRepository.Citizen> stored = callers.isEmpty() ? List.of() : citizens.insertMany(dsl, callers, now);
        for (int k = 0; k < withCaller.size(); k++) {
            citizenOf[withCaller.get(k)] = stored.get(k);
        }
        // The orders.
        List<WorkOrderRecord> records = new ArrayList<>(n);
        List<Object[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CreateCommand c = batch.get(i).command();
            Taker taker = Taker.of(batch.get(i).principal());
            WorkOrderRecord r = new WorkOrderRecord();
            newOrder(r, c, citizenOf[i] == null ? null : citizenOf[i].id(), taker.userId(), now);
            records.add(r);
            rows.add(new Object[] {r.getPickupCode(), r.getChannel(), r.getType(), r.getUrgency(), r.getCategoryId(),
                r.getAreaId(), r.getAddress(), r.getContent(), r.getLatitude(), r.getLongitude(), r.getConfidential(),
                r.getCitizenId(), r.getStatus(), 0, 0, false, r.getCreatedBy(), now, now, 1});
        }
        var w = WORK_ORDER;
        List<Long> ids = org.hotline.db.Bulk.insertReturningKeys(dsl, dsl.insertInto(w, w.PICKUP_CODE, w.CHANNEL,
                w.TYPE, w.URGENCY, w.CATEGORY_ID, w.AREA_ID, w.ADDRESS, w.CONTENT, w.LATITUDE, w.LONGITUDE,
                w.CONFIDENTIAL, w.CITIZEN_ID, w.STATUS, w.REHANDLE_COUNT, w.TRANSFER_COUNT, w.EXTENSION_PENDING,
                w.CREATED_BY, w.CREATED_AT, w.UPDATED_AT, w.VERSION).values(java.util.Arrays.asList(new Object[20])), w.ID,
                rows);
        List<Object[]> numbers = new ArrayList<>(n);
        List<Timeline.Event> events = new ArrayList<>(n);
        List<org.hotline.notify.Notice> receipts = new ArrayList<>();
        org.hotline.citizen.CitizenSms texts = sms;
        for (int i = 0; i < n; i++) {
            WorkOrderRecord r = records.get(i);
            CreateCommand c = batch.get(i).command();
            long id = ids.get(i);
            String number = OrderNumbers.number(id, now);
            r.setId(id);
            r.setNumber(number);
            numbers.add(new Object[] {number, id});
            JsonObject details = new JsonObject().put("number", number).put("channel", c.channel().id())
                    .put("type", c.type().id()).put("urgency", c.urgency().id()).put("categoryId", c.categoryId());
            if (c.areaId() != null) {
                details.put("areaId", c.areaId());
            }
            events.add(event(Taker.of(batch.get(i).principal()), id, now, "create", null, OrderStatus.ACCEPTED, null,
                    details));
            String digits = org.hotline.citizen.Masking.normalisePhone(c.citizenPhone());
            if (texts != null && digits != null && org.hotline.citizen.Phones.isMobile(digits)) {
                receipts.add(texts.receipt(id, number, citizenOf[i].phoneCipher()));
            }
        }
        org.hotline.db.Bulk.run(dsl, dsl.update(w).set(w.NUMBER, (String) null).where(w.ID.eq((Long) null)), numbers);
        List<Timeline.Event> written = timeline.appendAllReturning(dsl, events);
        if (!receipts.isEmpty()) {
            texts.queue(dsl, receipts, now);
        }
        // The answers, built from what was just written; the keys stored with them.
        List<Answer> answers = new ArrayList<>(n);
        List<Object[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Intake in = batch.get(i);
            WorkOrderRecord r = records.get(i);
            String body = views.view(dsl, in.principal(), r, allowed(in.principal(), r, List.of()), true, true,
                    new OrderViews.Known(citizenOf[i], List.of(written.get(i)))).encode();
            answers.add(new Answer(201, body));
            if (in.idempotencyKey() != null) {
                keys.add(new Object[] {in.principal().userId(), in.idempotencyKey(), in.requestHash(), 201, body, now});
            }
        }
        if (!keys.isEmpty()) {
            var k = IDEMPOTENCY_KEY;
            org.hotline.db.Bulk.run(dsl, dsl.insertInto(k, k.USER_ID, k.IDEM_KEY, k.REQUEST_HASH, k.RESPONSE_STATUS,
                    k.RESPONSE_BODY, k.CREATED_AT).values((Long) null, null, null, null, null, null), keys);
        }
        return answers;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The stored answer for a key already used; 422 when the request differs from the first one. */
    public Answer replay(Principal p, String idempotencyKey, String requestHash) {
        var row = db.dsl().selectFrom(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.USER_ID.eq(p.userId()))
                .and(IDEMPOTENCY_KEY.IDEM_KEY.eq(idempotencyKey))
                .fetchOptional()
                .orElseThrow(() -> ProblemException.conflict("The first request with this Idempotency-Key is still "
                        + "running; retry shortly."));
        if (!row.getRequestHash().equals(requestHash)) {
            throw new ProblemException(new Problem("idempotency-key-reused", "Idempotency key reused", 422,
                    "This Idempotency-Key was used for a different request; use a new key for a new order."));
        }
        return new Answer(row.getResponseStatus(), row.getResponseBody());
    }

    /** A unique-key violation (MySQL error 1062, H2/SQL state 23505): the idempotency key was taken. */
    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s
                    && (s.getErrorCode() == 1062 || "23505".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Checks an order to be taken in (400 naming every wrong field), before it is queued. */
    void check(CreateCommand c) {
        validate(c);
    }

    private void validate(CreateCommand c) {
        List<Problem.FieldError> errors = new ArrayList<>();
        ReferenceCache.Snapshot ref = reference.get();
        if (c.content() == null || c.content().isBlank()) {
            errors.add(new Problem.FieldError("content", "is required"));
        } else if (c.content().length() > MAX_TEXT) {
            errors.add(new Problem.FieldError("content", "at most " + MAX_TEXT + " characters"));
        }
        var category = ref.category(c.categoryId());
        if (category.isEmpty()) {
            errors.add(new Problem.FieldError("categoryId", "no category with id " + c.categoryId()));
        } else if (!category.get().active()) {
            errors.add(new Problem.FieldError("categoryId", "category " + c.categoryId() + " is no longer in use"));
        }
        if (c.areaId() != null && ref.area(c.areaId()).isEmpty()) {
            errors.add(new Problem.FieldError("areaId", "no area with id " + c.areaId()));
        }
        if (c.citizenPhone() != null && !c.citizenPhone().isBlank()) {
            String digits = org.hotline.citizen.Masking.normalisePhone(c.citizenPhone());
            if (digits == null || digits.length() < 5 || digits.length() > 20) {
                errors.add(new Problem.FieldError("citizen.phone", "5–20 digits"));
            }
        }
        fail(errors);
    }

    private long insert(DSLContext dsl, Taker taker, CreateCommand c, String citizenEmail, Instant now) {
        Long citizenId = null;
        boolean hasCitizen = c.citizenName() != null && !c.citizenName().isBlank()
                || c.citizenPhone() != null && !c.citizenPhone().isBlank()
                || citizenEmail != null && !citizenEmail.isBlank();
        if (hasCitizen) {
            citizenId = citizens.insert(dsl, c.citizenName(), c.citizenPhone(), citizenEmail, now);
        }
        WorkOrderRecord r = dsl.newRecord(WORK_ORDER);
        newOrder(r, c, citizenId, taker.userId(), now);
        r.store();
        long id = r.getId();
        String number = OrderNumbers.number(id, now);
        dsl.update(WORK_ORDER).set(WORK_ORDER.NUMBER, number).where(WORK_ORDER.ID.eq(id)).execute();
        JsonObject details = new JsonObject().put("number", number).put("channel", c.channel().id())
                .put("type", c.type().id()).put("urgency", c.urgency().id()).put("categoryId", c.categoryId());
        if (c.areaId() != null) {
            details.put("areaId", c.areaId());
        }
        timeline.append(dsl, event(taker, id, now, "create", null, OrderStatus.ACCEPTED, null, details));
        org.hotline.citizen.CitizenSms texts = sms;
        String digits = org.hotline.citizen.Masking.normalisePhone(c.citizenPhone());
        if (texts != null && digits != null && org.hotline.citizen.Phones.isMobile(digits)) {
            texts.accepted(dsl, id, number, citizens.cipher().encrypt(digits), now);
        }
        return id;
    }

    // ------------------------------------------------------------------ actions

    /**
     * Performs {@code action} on order {@code id} as {@code p}, if the order is still at {@code expectedVersion}.
     * 404 when {@code p} may not see the order, 403 when their role or capacity does not allow the action, 409 when
     * the order's status does not, 412 when the order changed since the caller read it.
     */
    public JsonObject perform(Principal p, long id, OrderAction action, int expectedVersion, JsonObject body,
                             AuthService.Caller caller) {
        return perform(p, id, action, expectedVersion, body, true);
    }

    /** As {@link #perform}, answering only the new version when {@code view} is false (bulk loads). */
    public JsonObject perform(Principal p, long id, OrderAction action, int expectedVersion, JsonObject body,
                              boolean view) {
        JsonObject b = body == null ? new JsonObject() : body;
        List<Instant> scheduled = new ArrayList<>();
        // READ COMMITTED: an action ends, cancels and drops rows by order id (assignments, timers, warnings); at
        // REPEATABLE READ those statements also lock the index gap after the order's rows, which for new orders is
        // the same gap for all of them, so two orders dispatched at the same moment deadlocked on their inserts (the
        // mixed benchmark: ~1 % of dispatches). The order's version check, not the isolation level, serialises
        // actions on one order. Re-run whole on a deadlock: the version check then tells a loser the order changed.
        JsonObject answer = db.transactionReadCommitted(dsl -> {
            scheduled.clear();
            WorkOrderRecord order = visible(dsl, p, id);
            UnitHierarchy units = reference.get().units();
            List<Assignments.Assignment> current = assignments.of(dsl, id);
            authorise(p, order, action, current, units);
            if (order.getVersion() != expectedVersion) {
                throw new ProblemException(new Problem("stale-version", "Precondition failed", 412,
                        "The order changed since you read it (now version " + order.getVersion()
                                + "); reload it and try again.").with("currentVersion", order.getVersion()));
            }
            OrderStatus from = OrderStatus.valueOf(order.getStatus());
            if (!action.allowedFrom(from)) {
                throw notAllowedNow(p, order, action, dsl);
            }
            Instant now = clock.instant();
            Step step = new Step(dsl, p, order, from, b, now, current, units);
            OrderStatus to = apply(step, action);
            String problem = problemReason(order, now);
            if (to != OrderStatus.ACCEPTED && to != OrderStatus.MERGED && to != OrderStatus.CLOSED) {
                clocks.policyFor(dsl, order);
            }
            order.setStatus(to.name());
            order.setUpdatedAt(now);
            order.setVersion(expectedVersion + 1);
            int updated = dsl.update(WORK_ORDER).set(order)
                    .where(WORK_ORDER.ID.eq(id)).and(WORK_ORDER.VERSION.eq(expectedVersion))
                    .execute();
            if (updated == 0) {
                // Someone else changed it between our read and our write: the transaction rolls back.
                throw new ProblemException(new Problem("stale-version", "Precondition failed", 412,
                        "The order changed while you were acting on it; reload it and try again."));
            }
            timeline.append(dsl, event(p, id, now, action.id(), from, to, step.note, step.details));
            if (problem != null) {
                timeline.append(dsl, new Timeline.Event(null, id, now, null, "系统", "system", null, "problem-order",
                        null, null, problem, new JsonObject().put("rehandleCount", order.getRehandleCount())
                        .put("transferCount", order.getTransferCount())));
            }
            scheduled.addAll(clocks.sync(dsl, order, to, action, now));
            if (action == OrderAction.URGE) {
                clocks.urge(dsl, order, p, step.note, now);
            }
            if (action == OrderAction.APPROVE_REPLY) {
                textCitizen(dsl, order, now);
            }
            if (to == OrderStatus.CLOSED) {
                closeMergedChildren(dsl, p, order, now);
            }
            if (!view) {
                return new JsonObject().put("id", id).put("version", expectedVersion + 1).put("status", to.name());
            }
            WorkOrderRecord after = load(dsl, id);
            return views.view(dsl, p, after, allowed(p, after, dsl), true);
        });
        // Committed: this node's timer look-ahead learns of the new due times at once.
        scheduled.forEach(onScheduled);
        onChanged.run();
        return answer;
    }

    /** What one action needs while it runs. */
    private static final class Step {
        final DSLContext dsl;
        final Principal p;
        final WorkOrderRecord order;
        final OrderStatus from;
        final JsonObject body;
        final Instant now;
        final List<Assignments.Assignment> assignments;
        final UnitHierarchy units;
        String note;
        final JsonObject details = new JsonObject();

        Step(DSLContext dsl, Principal p, WorkOrderRecord order, OrderStatus from, JsonObject body, Instant now,
             List<Assignments.Assignment> assignments, UnitHierarchy units) {
            this.dsl = dsl;
            this.p = p;
            this.order = order;
            this.from = from;
            this.body = body;
            this.now = now;
            this.assignments = assignments;
            this.units = units;
        }

        Assignments.Assignment activeLead() {
            Assignments.Assignment lead = null;
            for (Assignments.Assignment a : assignments) {
                if (a.active() && Assignments.LEAD.equals(a.role())
                        && a.unitId() == (order.getHandlerUnitId() == null ? -1 : order.getHandlerUnitId())) {
                    lead = a;
                }
            }
            return lead;
        }
    }

    private OrderStatus apply(Step s, OrderAction action) {
        WorkOrderRecord o = s.order;
        switch (action) {
            case ANSWER_DIRECTLY -> {
                s.note = text(s.body, "text", true, 10_000);
                JsonArray articles = s.body.getJsonArray("articleIds", new JsonArray());
                s.details.put("articleIds", articles);
                o.setClosedAt(s.now);
                return OrderStatus.CLOSED;
            }
            case DISPATCH -> {
                dispatchTo(s, requiredLong(s.body, "leadUnitId"), s.body.getJsonArray("coUnitIds"));
                return OrderStatus.DISPATCHED;
            }
            case MERGE -> {
                long parentId = requiredLong(s.body, "parentId");
                if (parentId == o.getId()) {
                    throw ProblemException.field("parentId", "an order cannot be merged into itself");
                }
                // Lock the parent: two orders merged into each other at once must not both succeed.
                WorkOrderRecord parent = s.dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(parentId)).forUpdate()
                        .fetchOne();
                if (parent == null) {
                    throw ProblemException.field("parentId", "no order with id " + parentId);
                }
                if (OrderStatus.MERGED.name().equals(parent.getStatus())) {
                    throw ProblemException.field("parentId", "order " + parent.getNumber()
                            + " is itself merged; merge into its parent");
                }
                if (OrderStatus.CLOSED.name().equals(parent.getStatus())) {
                    throw ProblemException.field("parentId", "order " + parent.getNumber()
                            + " is closed; a new report needs its own handling (or reopen the old one)");
                }
                if (s.dsl.fetchExists(WORK_ORDER, WORK_ORDER.PARENT_ID.eq(o.getId())
                        .and(WORK_ORDER.STATUS.eq(OrderStatus.MERGED.name())))) {
                    throw ProblemException.conflict("Other orders are merged into this one; it cannot follow "
                            + "another order itself.");
                }
                timeline.append(s.dsl, event(s.p, parentId, s.now, "merged-in", null, null, null,
                        new JsonObject().put("childId", o.getId()).put("childNumber", o.getNumber())));
                o.setParentId(parentId);
                s.note = optionalText(s.body, "reason", 1000);
                s.details.put("parentId", parentId).put("parentNumber", parent.getNumber());
                return OrderStatus.MERGED;
            }
            case UNMERGE -> {
                s.details.put("parentId", o.getParentId());
                o.setParentId(null);
                s.note = optionalText(s.body, "reason", 1000);
                return OrderStatus.ACCEPTED;
            }
            case URGE -> {
                s.note = optionalText(s.body, "reason", 1000);
                putUnit(s, "unit", o.getHandlerUnitId());
                return s.from;
            }
            case TRANSFER -> {
                s.note = text(s.body, "reason", true, 1000);
                withdrawPendingExtension(s);
                assignments.endAll(s.dsl, o.getId(), "transferred", s.now);
                o.setTransferCount(o.getTransferCount() + 1);
                o.setExtensionPending(false);
                dispatchTo(s, requiredLong(s.body, "leadUnitId"), s.body.getJsonArray("coUnitIds"));
                return OrderStatus.DISPATCHED;
            }
            case APPROVE_RETURN -> {
                s.note = optionalText(s.body, "note", 1000);
                assignments.endAll(s.dsl, o.getId(), "returned", s.now);
                o.setPreviousStatus(null);
                o.setExtensionPending(false);
                Long lead = s.body.getLong("leadUnitId");
                if (lead != null) {
                    o.setTransferCount(o.getTransferCount() + 1);
                    dispatchTo(s, lead, s.body.getJsonArray("coUnitIds"));
                    return OrderStatus.DISPATCHED;
                }
                o.setLeadUnitId(null);
                o.setHandlerUnitId(null);
                o.setSignDeadline(null);
                o.setHandleDeadline(null);
                return OrderStatus.ACCEPTED;
            }
            case REJECT_RETURN -> {
                s.note = text(s.body, "reason", true, 1000);
                OrderStatus back = o.getPreviousStatus() == null ? OrderStatus.DISPATCHED
                        : OrderStatus.valueOf(o.getPreviousStatus());
                o.setPreviousStatus(null);
                return back;
            }
            case APPROVE_EXTENSION, REJECT_EXTENSION -> {
                WorkOrderExtensionRecord ext = pendingExtension(s);
                boolean approve = action == OrderAction.APPROVE_EXTENSION;
                s.note = approve ? optionalText(s.body, "note", 1000) : text(s.body, "reason", true, 1000);
                ext.setStatus(approve ? "approved" : "rejected");
                ext.setDecidedBy(s.p.userId());
                ext.setDecidedAt(s.now);
                ext.setDecisionNote(s.note);
                ext.store();
                o.setExtensionPending(false);
                s.details.put("extensionId", ext.getId()).put("workingDays", ext.getWorkingDays());
                if (approve && o.getHandleDeadline() != null) {
                    Instant moved = clocks.extended(o.getHandleDeadline(), ext.getWorkingDays());
                    s.details.put("handleDeadlineBefore", o.getHandleDeadline().toString())
                            .put("handleDeadline", moved.toString());
                    o.setHandleDeadline(moved);
                }
                return s.from;
            }
            case APPROVE_REPLY -> {
                s.note = optionalText(s.body, "note", 1000);
                return OrderStatus.CALLBACK;
            }
            case REJECT_REPLY -> {
                s.note = text(s.body, "reason", true, 2000);
                o.setRehandleCount(o.getRehandleCount() + 1);
                s.details.put("rehandleCount", o.getRehandleCount());
                // Whose reply goes back: the unit handling the order (assessment counts it there).
                putUnit(s, "unit", o.getHandlerUnitId());
                freshHandleClock(s);
                return OrderStatus.SIGNED;
            }
            case REOPEN -> {
                s.note = text(s.body, "reason", true, 2000);
                o.setClosedAt(null);
                if (o.getLeadUnitId() == null) {
                    return OrderStatus.ACCEPTED;
                }
                // Back to the unit that handled it, with a fresh clock.
                long lead = o.getLeadUnitId();
                assignments.endAll(s.dsl, o.getId(), "reopened", s.now);
                dispatchTo(s, lead, null);
                return OrderStatus.DISPATCHED;
            }
            case CALLBACK_RESULT -> {
                Boolean resolved = s.body.getBoolean("resolved");
                if (resolved == null) {
                    throw ProblemException.field("resolved", "is required");
                }
                String satisfaction = s.body.getString("satisfaction");
                if (satisfaction == null || !Set.of("satisfied", "basically_satisfied", "dissatisfied")
                        .contains(satisfaction)) {
                    throw ProblemException.field("satisfaction",
                            "one of satisfied, basically_satisfied, dissatisfied");
                }
                s.note = optionalText(s.body, "note", 2000);
                s.details.put("resolved", resolved).put("satisfaction", satisfaction);
                // Did the unit get in touch (响应)? Asked on the callback; left out of the response rate if not asked.
                Object contacted = s.body.getValue("contacted");
                if (contacted != null && !(contacted instanceof Boolean)) {
                    throw ProblemException.field("contacted", "true or false");
                }
                if (contacted != null) {
                    s.details.put("contacted", contacted);
                }
                // The rating is the lead unit's.
                putUnit(s, "unit", o.getLeadUnitId());
                boolean success = resolved && !"dissatisfied".equals(satisfaction);
                if (!success && Boolean.TRUE.equals(s.body.getBoolean("rehandle"))) {
                    o.setRehandleCount(o.getRehandleCount() + 1);
                    s.details.put("outcome", "rehandle").put("rehandleCount", o.getRehandleCount());
                    freshHandleClock(s);
                    return OrderStatus.SIGNED;
                }
                if (!success && (s.note == null || s.note.isBlank())) {
                    throw ProblemException.field("note",
                            "closing an unresolved or dissatisfied order needs the reason");
                }
                s.details.put("outcome", "closed");
                o.setClosedAt(s.now);
                return OrderStatus.CLOSED;
            }
            case SIGN -> {
                Assignments.Assignment lead = s.activeLead();
                if (lead != null) {
                    assignments.markSigned(s.dsl, lead.id(), s.now);
                }
                return OrderStatus.SIGNED;
            }
            case RETURN -> {
                String reason = s.body.getString("reason");
                if (reason == null || !RETURN_REASONS.contains(reason)) {
                    throw ProblemException.field("reason", "one of " + String.join(", ", RETURN_REASONS.stream()
                            .sorted().toList()));
                }
                s.note = text(s.body, "text", true, 2000);
                s.details.put("reason", reason);
                putUnit(s, "unit", o.getHandlerUnitId());
                Assignments.Assignment handler = s.activeLead();
                if (handler != null && handler.parentAssignmentId() != null) {
                    // Passed down by a unit above: it goes back to that unit, which had signed for it.
                    Assignments.Assignment parentAssignment = s.assignments.stream()
                            .filter(a -> a.id() == handler.parentAssignmentId()).findFirst().orElseThrow();
                    assignments.end(s.dsl, handler.id(), "returned", s.now);
                    o.setHandlerUnitId(parentAssignment.unitId());
                    putUnit(s, "backTo", parentAssignment.unitId());
                    return OrderStatus.SIGNED;
                }
                withdrawPendingExtension(s);
                o.setPreviousStatus(s.from.name());
                return OrderStatus.RETURNED;
            }
            case REQUEST_EXTENSION -> {
                if (o.getExtensionPending()) {
                    throw ProblemException.conflict("An extension request is already waiting for the centre.");
                }
                if (o.getHandleDeadline() != null && !s.now.isBefore(o.getHandleDeadline())) {
                    throw ProblemException.conflict("The deadline has passed; extensions must be asked for before it.");
                }
                Integer days = s.body.getInteger("workingDays");
                if (days == null || days < 1 || days > 60) {
                    throw ProblemException.field("workingDays", "a whole number of working days from 1 to 60");
                }
                s.note = text(s.body, "reason", true, 1000);
                WorkOrderExtensionRecord ext = s.dsl.newRecord(WORK_ORDER_EXTENSION);
                ext.setOrderId(o.getId());
                ext.setUnitId(o.getHandlerUnitId());
                ext.setWorkingDays(days);
                ext.setReason(s.note);
                ext.setStatus("pending");
                ext.setRequestedBy(s.p.userId());
                ext.setRequestedAt(s.now);
                ext.store();
                o.setExtensionPending(true);
                s.details.put("extensionId", ext.getId()).put("workingDays", days);
                return s.from;
            }
            case SUSPEND -> {
                s.note = text(s.body, "reason", true, 1000);
                o.setPreviousStatus(s.from.name());
                // The clock stops: on resume the deadline moves on by the working time spent suspended.
                o.setSuspendedAt(s.now);
                return OrderStatus.SUSPENDED;
            }
            case RESUME -> {
                s.note = optionalText(s.body, "note", 1000);
                o.setPreviousStatus(null);
                if (o.getSuspendedAt() != null && o.getHandleDeadline() != null) {
                    Instant moved = clocks.resumed(s.dsl, o, org.hotline.sla.ClockKind.HANDLE, o.getHandleDeadline(),
                            o.getSuspendedAt(), s.now);
                    s.details.put("suspendedAt", o.getSuspendedAt().toString())
                            .put("handleDeadlineBefore", o.getHandleDeadline().toString())
                            .put("handleDeadline", moved.toString());
                    o.setHandleDeadline(moved);
                }
                o.setSuspendedAt(null);
                return OrderStatus.SIGNED;
            }
            case REPLY -> {
                s.note = text(s.body, "text", true, 10_000);
                String policy = optionalText(s.body, "policy", 2000);
                if (policy != null) {
                    s.details.put("policy", policy);
                }
                JsonArray attachments = s.body.getJsonArray("attachments");
                if (attachments != null && !attachments.isEmpty()) {
                    s.details.put("attachments", attachments);
                }
                putUnit(s, "unit", o.getHandlerUnitId());
                Assignments.Assignment lead = s.activeLead();
                if (lead != null) {
                    assignments.markReplied(s.dsl, lead.id(), s.note, s.now);
                }
                return OrderStatus.REPLIED;
            }
            case SUB_DISPATCH -> {
                long unitId = requiredLong(s.body, "unitId");
                UnitHierarchy.Unit unit = s.units.unit(unitId).filter(UnitHierarchy.Unit::active).orElseThrow(() ->
                        ProblemException.field("unitId", "no active unit with id " + unitId));
                if (!s.units.isBelow(unitId, o.getHandlerUnitId())) {
                    throw ProblemException.field("unitId", unit.name() + " is not below the unit handling the order");
                }
                s.note = optionalText(s.body, "note", 1000);
                Assignments.Assignment parent = s.activeLead();
                assignments.add(s.dsl, o.getId(), unitId, Assignments.LEAD, parent == null ? null : parent.id(),
                        s.now);
                putUnit(s, "fromUnit", o.getHandlerUnitId());
                putUnit(s, "unit", unitId);
                o.setHandlerUnitId(unitId);
                o.setSignDeadline(clocks.deadline(s.dsl, o, org.hotline.sla.ClockKind.SIGN, s.now));
                return OrderStatus.DISPATCHED;
            }
            case ASSIGN -> {
                long userId = requiredLong(s.body, "userId");
                var user = s.dsl.selectFrom(STAFF_USER).where(STAFF_USER.ID.eq(userId)).fetchOne();
                // A colleague of the handling unit, or of the acting unit above it.
                boolean colleague = user != null && user.getEnabled() && user.getUnitId() != null
                        && (user.getUnitId().equals(o.getHandlerUnitId()) || user.getUnitId().equals(s.p.unitId()));
                if (!colleague) {
                    throw ProblemException.field("userId", "no active colleague with id " + userId
                            + " in the handling unit");
                }
                Assignments.Assignment lead = s.activeLead();
                if (lead != null) {
                    assignments.assignTo(s.dsl, lead.id(), userId);
                }
                s.details.put("userId", userId).put("userName", user.getDisplayName());
                return s.from;
            }
            case CO_REPLY -> {
                Assignments.Assignment co = Scope.coAssignment(s.p, s.assignments, s.units);
                s.note = text(s.body, "text", true, 5000);
                assignments.markReplied(s.dsl, co.id(), s.note, s.now);
                putUnit(s, "unit", co.unitId());
                return s.from;
            }
            default -> throw new IllegalStateException("Unhandled action " + action);
        }
    }

    /** Sends the order to a lead unit with optional co-handlers; starts fresh sign and handle clocks. */
    private void dispatchTo(Step s, long leadUnitId, JsonArray coUnitIds) {
        UnitHierarchy units = s.units;
        UnitHierarchy.Unit lead = units.unit(leadUnitId).filter(UnitHierarchy.Unit::active).orElseThrow(() ->
                ProblemException.field("leadUnitId", "no active unit with id " + leadUnitId));
        if ("center".equals(lead.kind())) {
            throw ProblemException.field("leadUnitId", "the centre itself cannot handle orders");
        }
        Set<Long> co = new LinkedHashSet<>();
        if (coUnitIds != null) {
            for (int i = 0; i < coUnitIds.size(); i++) {
                Object raw = coUnitIds.getValue(i);
                if (!(raw instanceof Number n)) {
                    throw ProblemException.field("coUnitIds[" + i + "]", "must be a unit id");
                }
                long id = n.longValue();
                if (units.unit(id).filter(UnitHierarchy.Unit::active).isEmpty()) {
                    throw ProblemException.field("coUnitIds[" + i + "]", "no active unit with id " + id);
                }
                if (id == leadUnitId) {
                    throw ProblemException.field("coUnitIds[" + i + "]", "the lead unit cannot also co-handle");
                }
                co.add(id);
            }
        }
        WorkOrderRecord o = s.order;
        assignments.endAll(s.dsl, o.getId(), "redispatched", s.now);
        assignments.add(s.dsl, o.getId(), leadUnitId, Assignments.LEAD, null, s.now);
        for (long id : co) {
            assignments.add(s.dsl, o.getId(), id, Assignments.CO, null, s.now);
        }
        o.setLeadUnitId(leadUnitId);
        o.setHandlerUnitId(leadUnitId);
        o.setPreviousStatus(null);
        o.setExtensionPending(false);
        o.setSignDeadline(clocks.deadline(s.dsl, o, org.hotline.sla.ClockKind.SIGN, s.now));
        o.setHandleDeadline(clocks.deadline(s.dsl, o, org.hotline.sla.ClockKind.HANDLE, s.now));
        s.details.put("leadUnitId", leadUnitId).put("leadUnitName", lead.name())
                .put("coUnitIds", new JsonArray(new ArrayList<>(co)))
                .put("coUnitNames", new JsonArray(co.stream().map(units::name).toList()));
        catalogue.suggest(s.dsl, o.getCategoryId(), o.getAreaId(), s.now).ifPresent(rule ->
                s.details.put("catalogueUnitId", rule.unitId()).put("followsCatalogue", rule.unitId() == leadUnitId));
        if (s.note == null) {
            s.note = optionalText(s.body, "note", 1000);
        }
    }

    /**
     * The rule of practice for problem orders (问题工单): re-handled three times or more, or passed among three units
     * or more, the order goes to supervision. Marks the order and answers why, the first time only.
     */
    static String problemReason(WorkOrderRecord o, Instant now) {
        if (o.getProblemSince() != null) {
            return null;
        }
        String why = o.getRehandleCount() >= 3 ? "发回重办 " + o.getRehandleCount() + " 次"
                : o.getTransferCount() >= 2 ? "在 " + (o.getTransferCount() + 1) + " 个单位间流转" : null;
        if (why != null) {
            o.setProblemSince(now);
        }
        return why;
    }

    /** Duplicates follow their parent: when it closes, so do they, each with a step saying why. */
    /** Tells the citizen by SMS that the reply is there to read and rate, when they left a mobile number. */
    private void textCitizen(DSLContext dsl, WorkOrderRecord order, Instant now) {
        org.hotline.citizen.CitizenSms texts = sms;
        byte[] phone = mobileOf(dsl, order);
        if (texts != null && phone != null) {
            texts.replied(dsl, order.getId(), order.getVersion(), order.getNumber(), phone, now);
        }
    }

    /** The citizen's mobile number as stored (sealed), or null when they left none or a landline. */
    public byte[] mobileOf(DSLContext dsl, WorkOrderRecord order) {
        if (order.getCitizenId() == null) {
            return null;
        }
        var c = citizens.find(dsl, order.getCitizenId()).orElse(null);
        if (c == null || c.phoneCipher() == null) {
            return null;
        }
        return org.hotline.citizen.Phones.isMobile(citizens.revealPhone(c)) ? c.phoneCipher() : null;
    }

    // ------------------------------------------------------------------ the citizen's own rating

    /** What a citizen's rating did to their order. */
    public enum RatingOutcome { CLOSED, CALLBACK }

    /**
     * The citizen's own rating of the result (网上评价), once the centre approved the unit's reply and the order waits
     * for its callback. Resolved and not dissatisfied is the callback's answer: the order closes, counted for the
     * lead unit exactly as a callback call would be. Otherwise the order stays in the callback queue with the rating
     * beside it, for the centre to call the citizen and decide (close, or send back to the unit). One rating per
     * order; 409 before the reply is approved, after the order closed, or on a second rating.
     */
    public RatingOutcome rateByCitizen(long id, boolean resolved, String satisfaction, Boolean contacted,
                                       String comment) {
        if (!Set.of("satisfied", "basically_satisfied", "dissatisfied").contains(satisfaction)) {
            throw ProblemException.field("satisfaction", "one of satisfied, basically_satisfied, dissatisfied");
        }
        String note = comment == null || comment.isBlank() ? null : comment.strip();
        if (note != null && note.length() > 1000) {
            throw ProblemException.field("comment", "at most 1000 characters");
        }
        List<Instant> scheduled = new ArrayList<>();
        RatingOutcome outcome = db.transactionRetrying(dsl -> {
            scheduled.clear();
            WorkOrderRecord order = dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(id)).forUpdate().fetchOne();
            if (order == null) {
                throw ProblemException.notFound("No such order.");
            }
            if (dsl.fetchExists(CITIZEN_RATING, CITIZEN_RATING.ORDER_ID.eq(id))) {
                throw new ProblemException(new Problem("already-rated", "Already rated", 409,
                        "This order has been rated already; thank you."));
            }
            OrderStatus from = OrderStatus.valueOf(order.getStatus());
            if (from != OrderStatus.CALLBACK) {
                throw new ProblemException(new Problem("not-ready-for-rating", "Not ready for rating", 409,
                        from == OrderStatus.CLOSED ? "This order is closed; its result can no longer be rated here."
                                : "The order can be rated once the reply has been approved."));
            }
            Instant now = clock.instant();
            boolean success = resolved && !"dissatisfied".equals(satisfaction);
            RatingOutcome result = success ? RatingOutcome.CLOSED : RatingOutcome.CALLBACK;
            dsl.insertInto(CITIZEN_RATING)
                    .set(CITIZEN_RATING.ORDER_ID, id)
                    .set(CITIZEN_RATING.RESOLVED, resolved)
                    .set(CITIZEN_RATING.SATISFACTION, satisfaction)
                    .set(CITIZEN_RATING.COMMENT, note)
                    .set(CITIZEN_RATING.OUTCOME, result.name().toLowerCase(java.util.Locale.ROOT))
                    .set(CITIZEN_RATING.RATED_AT, now)
                    .execute();
            Long lead = order.getLeadUnitId();
            JsonObject details = new JsonObject().put("resolved", resolved).put("satisfaction", satisfaction)
                    .put("source", "citizen").put("unitId", lead)
                    .put("unitName", lead == null ? null : reference.get().units().name(lead));
            if (contacted != null) {
                details.put("contacted", contacted);
            }
            Taker citizen = new Taker(null, CITIZEN_ACTOR, "citizen", null);
            int version = order.getVersion();
            if (success) {
                details.put("outcome", "closed");
                order.setClosedAt(now);
                order.setStatus(OrderStatus.CLOSED.name());
            } else {
                details.put("outcome", "callback");
            }
            order.setUpdatedAt(now);
            order.setVersion(version + 1);
            dsl.update(WORK_ORDER).set(order).where(WORK_ORDER.ID.eq(id)).and(WORK_ORDER.VERSION.eq(version))
                    .execute();
            if (success) {
                // The callback's own event: assessment counts it as it counts a callback call.
                timeline.append(dsl, event(citizen, id, now, OrderAction.CALLBACK_RESULT.id(), from,
                        OrderStatus.CLOSED, note, details));
                scheduled.addAll(clocks.sync(dsl, order, OrderStatus.CLOSED, OrderAction.CALLBACK_RESULT, now));
                closeMergedChildren(dsl, citizen, order, now);
            } else {
                timeline.append(dsl, event(citizen, id, now, "citizen-rating", from, from, note, details));
            }
            return result;
        });
        scheduled.forEach(onScheduled);
        onChanged.run();
        return outcome;
    }

    private void closeMergedChildren(DSLContext dsl, Principal p, WorkOrderRecord parent, Instant now) {
        closeMergedChildren(dsl, Taker.of(p), parent, now);
    }

    private void closeMergedChildren(DSLContext dsl, Taker p, WorkOrderRecord parent, Instant now) {
        for (WorkOrderRecord child : dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.PARENT_ID.eq(parent.getId()))
                .and(WORK_ORDER.STATUS.eq(OrderStatus.MERGED.name())).forUpdate().fetch()) {
            int version = child.getVersion();
            dsl.update(WORK_ORDER)
                    .set(WORK_ORDER.STATUS, OrderStatus.CLOSED.name())
                    .set(WORK_ORDER.CLOSED_AT, now)
                    .set(WORK_ORDER.UPDATED_AT, now)
                    .set(WORK_ORDER.VERSION, version + 1)
                    .where(WORK_ORDER.ID.eq(child.getId())).and(WORK_ORDER.VERSION.eq(version))
                    .execute();
            timeline.append(dsl, event(p, child.getId(), now, "follow-parent", OrderStatus.MERGED, OrderStatus.CLOSED,
                    null, new JsonObject().put("parentId", parent.getId()).put("parentNumber", parent.getNumber())));
        }
    }

    /** Drops stored answers to create requests older than {@code before}; retries come within minutes. */
    public int purgeIdempotencyKeys(Instant before) {
        return db.transaction(dsl -> dsl.deleteFrom(IDEMPOTENCY_KEY).where(IDEMPOTENCY_KEY.CREATED_AT.lt(before))
                .execute());
    }

    /** Re-handling starts a fresh handle clock: the unit is not overdue the moment it gets the order back. */
    private void freshHandleClock(Step s) {
        Instant deadline = clocks.deadline(s.dsl, s.order, org.hotline.sla.ClockKind.HANDLE, s.now);
        s.details.put("handleDeadline", deadline.toString());
        s.order.setHandleDeadline(deadline);
    }

    /** Records a unit in the event's details by id and by name, so the story reads without lookups. */
    private static void putUnit(Step s, String key, Long unitId) {
        s.details.put(key + "Id", unitId).put(key + "Name", unitId == null ? null : s.units.name(unitId));
    }

    /** An order leaving its unit (returned, transferred) takes no pending extension request with it. */
    private void withdrawPendingExtension(Step s) {
        if (s.order.getExtensionPending()) {
            s.dsl.update(WORK_ORDER_EXTENSION)
                    .set(WORK_ORDER_EXTENSION.STATUS, "withdrawn")
                    .set(WORK_ORDER_EXTENSION.DECIDED_AT, s.now)
                    .where(WORK_ORDER_EXTENSION.ORDER_ID.eq(s.order.getId()))
                    .and(WORK_ORDER_EXTENSION.STATUS.eq("pending"))
                    .execute();
            s.order.setExtensionPending(false);
            s.details.put("extensionWithdrawn", true);
        }
    }

    private WorkOrderExtensionRecord pendingExtension(Step s) {
        WorkOrderExtensionRecord ext = s.dsl.selectFrom(WORK_ORDER_EXTENSION)
                .where(WORK_ORDER_EXTENSION.ORDER_ID.eq(s.order.getId()))
                .and(WORK_ORDER_EXTENSION.STATUS.eq("pending"))
                .orderBy(WORK_ORDER_EXTENSION.ID.desc())
                .limit(1)
                .fetchOne();
        if (ext == null) {
            throw ProblemException.conflict("No extension request is waiting for a decision.");
        }
        return ext;
    }

    // ------------------------------------------------------------------ authorisation

    /** Role, then capacity: 403 when the caller's roles or relation to the order do not allow the action. */
    private void authorise(Principal p, WorkOrderRecord o, OrderAction action, List<Assignments.Assignment> current,
                           UnitHierarchy units) {
        if (!action.allowedFor(p.roles())) {
            throw ProblemException.forbidden("Your role may not " + action.id() + " orders.");
        }
        switch (action.actor()) {
            case CENTRE -> {
                if (!Scope.isCentre(p)) {
                    throw ProblemException.forbidden("Only the centre may " + action.id() + " orders.");
                }
            }
            case HANDLER -> {
                if (!Scope.actsForHandler(p, o.getHandlerUnitId(), units)) {
                    throw ProblemException.forbidden("Only the unit handling this order may " + action.id() + " it.");
                }
            }
            case CO_HANDLER -> {
                if (Scope.coAssignment(p, current, units) == null) {
                    throw ProblemException.forbidden("Only a co-handling unit may give its opinion on this order.");
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The actions {@code p} may perform on {@code o} now, for the console's buttons and the 409 answer. */
    public List<String> allowed(Principal p, WorkOrderRecord o, DSLContext dsl) {
        return allowed(p, o, assignments.of(dsl, o.getId()));
    }

    /** As {@link #allowed(Principal, WorkOrderRecord, DSLContext)}, with the order's assignments known. */
    private List<String> allowed(Principal p, WorkOrderRecord o, List<Assignments.Assignment> current) {
        UnitHierarchy units = reference.get().units();
        OrderStatus status = OrderStatus.valueOf(o.getStatus());
        List<String> out = new ArrayList<>();
        for (OrderAction a : OrderAction.values()) {
            if (!a.allowedFrom(status) || !a.allowedFor(p.roles())) {
                continue;
            }
            boolean capacity = switch (a.actor()) {
                case CENTRE -> Scope.isCentre(p);
                case HANDLER -> Scope.actsForHandler(p, o.getHandlerUnitId(), units);
                case CO_HANDLER -> Scope.coAssignment(p, current, units) != null;
            };
            boolean pendingOk = switch (a) {
                case APPROVE_EXTENSION, REJECT_EXTENSION -> o.getExtensionPending();
                case REQUEST_EXTENSION -> !o.getExtensionPending();
                default -> true;
            };
            if (capacity && pendingOk) {
                out.add(a.id());
            }
        }
        return out;
    }

    private ProblemException notAllowedNow(Principal p, WorkOrderRecord o, OrderAction action, DSLContext dsl) {
        OrderStatus status = OrderStatus.valueOf(o.getStatus());
        List<String> allowed = allowed(p, o, dsl);
        return new ProblemException(new Problem("action-not-allowed", "Action not allowed in this status", 409,
                "An order in status " + status.name() + " (" + status.chineseName() + ") cannot be "
                        + action.id() + "; allowed now: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
                        + ".")
                .with("orderStatus", status.name())
                .with("allowedActions", allowed));
    }

    // ------------------------------------------------------------------ reading

    /** The order with its assignments, deadlines and timeline; 404 when {@code p} may not see it. */
    public JsonObject get(Principal p, long id) {
        return db.transaction(dsl -> {
            WorkOrderRecord o = visible(dsl, p, id);
            return views.view(dsl, p, o, allowed(p, o, dsl), true);
        });
    }

    /**
     * Links two orders about the same thing without merging them (关联): both stay in their own hands, each shows the
     * other, and both timelines record it. Centre staff only; linking twice is a no-op.
     */
    public JsonObject link(Principal p, long id, long otherId, boolean add) {
        if (!Scope.isCentre(p)) {
            throw ProblemException.forbidden("Linking orders is the centre's work.");
        }
        if (id == otherId) {
            throw ProblemException.field("orderId", "an order cannot be linked to itself");
        }
        return db.transaction(dsl -> {
            WorkOrderRecord a = visible(dsl, p, id);
            WorkOrderRecord b = dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(otherId)).fetchOne();
            if (b == null) {
                throw ProblemException.field("orderId", "no order with id " + otherId);
            }
            long low = Math.min(id, otherId);
            long high = Math.max(id, otherId);
            var where = WORK_ORDER_LINK.ORDER_ID.eq(low).and(WORK_ORDER_LINK.LINKED_ID.eq(high));
            boolean exists = dsl.fetchExists(WORK_ORDER_LINK, where);
            Instant now = clock.instant();
            if (add && !exists) {
                dsl.insertInto(WORK_ORDER_LINK).set(WORK_ORDER_LINK.ORDER_ID, low).set(WORK_ORDER_LINK.LINKED_ID, high)
                        .set(WORK_ORDER_LINK.CREATED_BY, p.userId()).set(WORK_ORDER_LINK.CREATED_AT, now).execute();
            } else if (!add && exists) {
                dsl.deleteFrom(WORK_ORDER_LINK).where(where).execute();
            } else {
                return views.view(dsl, p, a, allowed(p, a, dsl), true);
            }
            String action = add ? "linked" : "unlinked";
            timeline.append(dsl, event(p, a.getId(), now, action, null, null, null,
                    new JsonObject().put("orderId", b.getId()).put("number", b.getNumber())));
            timeline.append(dsl, event(p, b.getId(), now, action, null, null, null,
                    new JsonObject().put("orderId", a.getId()).put("number", a.getNumber())));
            // Both orders changed: the index and other nodes' caches follow updated_at.
            dsl.update(WORK_ORDER).set(WORK_ORDER.UPDATED_AT, now).where(WORK_ORDER.ID.in(low, high)).execute();
            return views.view(dsl, p, a, allowed(p, a, dsl), true);
        });
    }

    /** A photo the citizen attached, as stored. */
    public record Photo(String contentType, byte[] data) {
    }

    /** A photo of an order {@code p} may see; 404 otherwise. */
    public Photo photo(Principal p, long id, long photoId) {
        return db.transaction(dsl -> {
            visible(dsl, p, id);
            return dsl.select(WORK_ORDER_PHOTO.CONTENT_TYPE, WORK_ORDER_PHOTO.DATA).from(WORK_ORDER_PHOTO)
                    .where(WORK_ORDER_PHOTO.ID.eq(photoId)).and(WORK_ORDER_PHOTO.ORDER_ID.eq(id))
                    .fetchOptional(r -> new Photo(r.value1(), r.value2()))
                    .orElseThrow(() -> ProblemException.notFound("No photo " + photoId + " on order " + id + "."));
        });
    }

    /**
     * Asks the citizen by SMS to rate the result online (短信邀评), while the order waits for its callback: on the
     * timeline; 409 when the order is not waiting for its callback, has been rated, or has no mobile number.
     */
    public JsonObject askForRating(Principal p, long id) {
        return db.transaction(dsl -> {
            WorkOrderRecord o = visible(dsl, p, id);
            if (!OrderStatus.CALLBACK.name().equals(o.getStatus())) {
                throw ProblemException.conflict("Only an order waiting for its callback can be rated.");
            }
            if (dsl.fetchExists(CITIZEN_RATING, CITIZEN_RATING.ORDER_ID.eq(id))) {
                throw ProblemException.conflict("The citizen has rated this order already.");
            }
            byte[] phone = mobileOf(dsl, o);
            org.hotline.citizen.CitizenSms texts = sms;
            if (phone == null || texts == null) {
                throw ProblemException.conflict("The citizen left no mobile number to send the request to.");
            }
            Instant now = clock.instant();
            texts.ratingAsked(dsl, id, o.getNumber(), phone, now);
            timeline.append(dsl, event(p, id, now, "rating-requested", null, null, null, new JsonObject()));
            return new JsonObject().put("sent", true);
        });
    }

    /** Loads the order if {@code p} may see it; 404 otherwise, so its existence is not revealed. */
    WorkOrderRecord visible(DSLContext dsl, Principal p, long id) {
        WorkOrderRecord o = dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(id)).fetchOne();
        if (o == null || !Scope.canSee(p, assignments.of(dsl, id), reference.get().units())) {
            throw ProblemException.notFound("No order with id " + id + ".");
        }
        return o;
    }

    static WorkOrderRecord load(DSLContext dsl, long id) {
        return dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(id)).fetchOne();
    }

    /** The citizen's name and full phone number, for someone who must call them; audited with the reason. */
    public JsonObject revealContact(Principal p, long id, String reason, String note, AuthService.Caller caller) {
        if (reason == null || !REVEAL_REASONS.contains(reason)) {
            throw ProblemException.field("reason", "one of " + String.join(", ", REVEAL_REASONS.stream().sorted()
                    .toList()));
        }
        if ("other".equals(reason) && (note == null || note.isBlank())) {
            throw ProblemException.field("note", "say why, when the reason is 'other'");
        }
        return db.transaction(dsl -> {
            WorkOrderRecord o = visible(dsl, p, id);
            if (o.getConfidential() && !Scope.isCentre(p)) {
                throw ProblemException.forbidden("The caller asked for confidentiality: units never see who called.");
            }
            if (!Scope.isCentre(p)) {
                OrderStatus status = OrderStatus.valueOf(o.getStatus());
                if (!Scope.actsForHandler(p, o.getHandlerUnitId(), reference.get().units()) || !status.isWithUnit()) {
                    throw ProblemException.forbidden("Only the unit handling the order, while it handles it, may "
                            + "see the caller's contact.");
                }
            }
            if (o.getCitizenId() == null) {
                throw ProblemException.notFound("This order was filed anonymously.");
            }
            var citizen = citizens.find(dsl, o.getCitizenId()).orElseThrow();
            Instant now = clock.instant();
            audit.append(dsl, new AuditEntry(null, now, p.userId(), p.username(), p.roleList(), caller.address(),
                    AuditLog.PII_REVEALED, "work_order", Long.toString(id), AuditEntry.SUCCESS,
                    "reason=" + reason + (note == null || note.isBlank() ? "" : "; " + truncate(note, 500)),
                    caller.requestId()));
            timeline.append(dsl, event(p, id, now, "reveal-contact", null, null, null,
                    new JsonObject().put("reason", reason)));
            return new JsonObject().put("name", citizen.name()).put("phone", citizens.revealPhone(citizen))
                    .put("email", citizens.revealEmail(citizen));
        });
    }

    public Optional<WorkOrderRecord> byNumber(DSLContext dsl, String number) {
        return dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.NUMBER.eq(number)).fetchOptional();
    }

    // ------------------------------------------------------------------ helpers

    static Timeline.Event event(Principal p, long orderId, Instant now, String action, OrderStatus from,
                                OrderStatus to, String note, JsonObject details) {
        return event(Taker.of(p), orderId, now, action, from, to, note, details);
    }

    private static Timeline.Event event(Taker t, long orderId, Instant now, String action, OrderStatus from,
                                        OrderStatus to, String note, JsonObject details) {
        return new Timeline.Event(null, orderId, now, t.userId(), t.name(), t.role(), t.unitId(), action,
                from == null ? null : from.name(), to == null ? null : to.name(), note, details);
    }

    private static String text(JsonObject body, String field, boolean required, int max) {
        Object raw = body.getValue(field);
        if (raw != null && !(raw instanceof String)) {
            throw ProblemException.field(field, "must be text");
        }
        String v = (String) raw;
        if (v == null || v.isBlank()) {
            if (required) {
                throw ProblemException.field(field, "is required");
            }
            return null;
        }
        if (v.length() > max) {
            throw ProblemException.field(field, "at most " + max + " characters");
        }
        return v.trim();
    }

    private static String optionalText(JsonObject body, String field, int max) {
        return text(body, field, false, max);
    }

    private static long requiredLong(JsonObject body, String field) {
        Object raw = body.getValue(field);
        if (raw == null) {
            throw ProblemException.field(field, "is required");
        }
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ProblemException.field(field, "must be an id (a whole number)");
        }
        return n.longValue();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static void fail(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
