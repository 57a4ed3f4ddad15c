package org.hotline.workorder;

import static org.hotline.db.generated.Tables.CITIZEN_RATING;
import static org.hotline.db.generated.Tables.WORK_ORDER_PHOTO;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_LINK;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.hotline.auth.Principal;
import org.hotline.citizen.CitizenRepository;
import org.hotline.citizen.Masking;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.reference.ReferenceCache;
import org.hotline.reference.UnitHierarchy;
import org.jooq.DSLContext;

/**
 * What the API shows of an order, and to whom. A unit sees the minimum of the citizen it needs: name and phone
 * masked, nothing at all of a confidential order's caller; the pickup code is the citizen's and the centre's only.
 */
final class OrderViews {

    private final ReferenceCache reference;
    private final CitizenRepository citizens;
    private final Assignments assignments = new Assignments();
    private final Timeline timeline = new Timeline();

    private final OrderClocks clocks;
    private final java.time.Clock clock;

    OrderViews(ReferenceCache reference, CitizenRepository citizens, OrderClocks clocks, java.time.Clock clock) {
        this.reference = reference;
        this.citizens = citizens;
        this.clocks = clocks;
        this.clock = clock;
    }

    /** The full view; {@code withStory} adds assignments and the timeline. */
    JsonObject view(DSLContext dsl, Principal p, WorkOrderRecord o, List<String> allowedActions, boolean withStory) {
        return view(dsl, p, o, allowedActions, withStory, false);
    }

    /**
     * As {@link #view(DSLContext, Principal, WorkOrderRecord, List, boolean)}; {@code fresh}: the order was inserted
     * in this transaction, so it has no assignments, links, photos, rating or clocks yet and those are not read (an
     * intake answers its view with a third of the queries).
     */
    JsonObject view(DSLContext dsl, Principal p, WorkOrderRecord o, List<String> allowedActions, boolean withStory,
                    boolean fresh) {
        return view(dsl, p, o, allowedActions, withStory, fresh, null);
    }

    /** What a caller already holds of an order it has just written: its citizen and its timeline so far. */
    record Known(CitizenRepository.Citizen citizen, List<Timeline.Event> events) {
    }

    /** As above; {@code known} (with {@code fresh}): the citizen and timeline are not read either. */
    JsonObject view(DSLContext dsl, Principal p, WorkOrderRecord o, List<String> allowedActions, boolean withStory,
                    boolean fresh, Known known) {
        ReferenceCache.Snapshot ref = reference.get();
        boolean centre = Scope.isCentre(p);
        OrderStatus status = OrderStatus.valueOf(o.getStatus());
        JsonObject v = summary(o, ref, centre);
        v.put("content", o.getContent());
        v.put("address", o.getAddress());
        if (o.getLatitude() != null && o.getLongitude() != null) {
            v.put("location", new JsonObject().put("latitude", o.getLatitude().doubleValue())
                    .put("longitude", o.getLongitude().doubleValue()));
        }
        v.put("citizen", citizen(dsl, o, centre, known));
        v.put("parentId", o.getParentId());
        v.put("previousStatus", o.getPreviousStatus());
        v.put("rehandleCount", o.getRehandleCount());
        v.put("transferCount", o.getTransferCount());
        v.put("extensionPending", o.getExtensionPending());
        v.put("problemSince", time(o.getProblemSince()));
        v.put("allowedActions", new JsonArray(allowedActions));
        v.put("statusName", status.chineseName());
        if (withStory) {
            UnitHierarchy units = ref.units();
            JsonArray as = new JsonArray();
            for (Assignments.Assignment a : fresh ? List.<Assignments.Assignment>of() : assignments.of(dsl, o.getId())) {
                as.add(new JsonObject()
                        .put("id", a.id())
                        .put("unit", unit(units, a.unitId()))
                        .put("role", a.role())
                        .put("parentAssignmentId", a.parentAssignmentId())
                        .put("active", a.active())
                        .put("assigneeUserId", a.assigneeUserId())
                        .put("assignedAt", time(a.assignedAt()))
                        .put("signedAt", time(a.signedAt()))
                        .put("repliedAt", time(a.repliedAt()))
                        .put("opinion", a.opinion())
                        .put("endedAt", time(a.endedAt()))
                        .put("endReason", a.endReason()));
            }
            v.put("assignments", as);
            JsonArray events = new JsonArray();
            for (Timeline.Event e : known != null ? known.events() : timeline.of(dsl, o.getId())) {
                events.add(new JsonObject()
                        .put("id", e.id())
                        .put("at", time(e.at()))
                        .put("action", e.action())
                        .put("actor", new JsonObject().put("id", e.actorId()).put("name", e.actorName())
                                .put("role", e.actorRole()).put("unit", e.actorUnitId() == null ? null
                                        : unit(units, e.actorUnitId())))
                        .put("fromStatus", e.fromStatus())
                        .put("toStatus", e.toStatus())
                        .put("note", e.note())
                        .put("details", e.details()));
            }
            v.put("timeline", events);
            if (fresh) {
                v.put("links", new JsonArray()).put("photos", new JsonArray()).put("citizenRating", (Object) null)
                        .put("clocks", new JsonArray()).put("policyId", o.getPolicyId());
                return v;
            }
            JsonArray links = new JsonArray();
            var other = org.jooq.impl.DSL.when(WORK_ORDER_LINK.ORDER_ID.eq(o.getId()), WORK_ORDER_LINK.LINKED_ID)
                    .otherwise(WORK_ORDER_LINK.ORDER_ID);
            dsl.select(WORK_ORDER.ID, WORK_ORDER.NUMBER, WORK_ORDER.STATUS).from(WORK_ORDER_LINK)
                    .join(WORK_ORDER).on(WORK_ORDER.ID.eq(other))
                    .where(WORK_ORDER_LINK.ORDER_ID.eq(o.getId()).or(WORK_ORDER_LINK.LINKED_ID.eq(o.getId())))
                    .orderBy(WORK_ORDER.ID)
                    .forEach(r -> links.add(new JsonObject().put("id", r.value1()).put("number", r.value2())
                            .put("status", r.value3())
                            .put("statusName", OrderStatus.valueOf(r.value3()).chineseName())));
            v.put("links", links);
            JsonArray photos = new JsonArray();
            dsl.select(WORK_ORDER_PHOTO.ID, WORK_ORDER_PHOTO.CONTENT_TYPE, WORK_ORDER_PHOTO.WIDTH,
                            WORK_ORDER_PHOTO.HEIGHT, WORK_ORDER_PHOTO.BYTE_SIZE)
                    .from(WORK_ORDER_PHOTO).where(WORK_ORDER_PHOTO.ORDER_ID.eq(o.getId()))
                    .orderBy(WORK_ORDER_PHOTO.ID)
                    .forEach(r -> photos.add(new JsonObject().put("id", r.value1()).put("contentType", r.value2())
                            .put("width", r.value3()).put("height", r.value4()).put("byteSize", r.value5())
                            .put("url", "/api/v1/work-orders/" + o.getId() + "/photos/" + r.value1())));
            v.put("photos", photos);
            var rating = dsl.selectFrom(CITIZEN_RATING).where(CITIZEN_RATING.ORDER_ID.eq(o.getId())).fetchOne();
            v.put("citizenRating", rating == null ? null : new JsonObject().put("resolved", rating.getResolved())
                    .put("satisfaction", rating.getSatisfaction()).put("comment", rating.getComment())
                    .put("outcome", rating.getOutcome()).put("at", time(rating.getRatedAt())));
            v.put("clocks", clocks.view(dsl, o.getId(), clock.instant()));
            v.put("policyId", o.getPolicyId());
        }
        return v;
    }

    /** The fields a list row needs. */
    JsonObject summary(WorkOrderRecord o, ReferenceCache.Snapshot ref, boolean centre) {
        UnitHierarchy units = ref.units();
        JsonObject v = new JsonObject()
                .put("id", o.getId())
                .put("number", o.getNumber())
                .put("status", o.getStatus())
                .put("version", o.getVersion())
                .put("channel", o.getChannel())
                .put("type", o.getType())
                .put("urgency", o.getUrgency())
                .put("category", ref.category(o.getCategoryId()).map(c -> new JsonObject().put("id", c.id())
                        .put("code", c.code()).put("name", c.name()).put("path", c.path())).orElse(null))
                .put("area", ref.area(o.getAreaId()).map(a -> new JsonObject().put("id", a.id())
                        .put("name", a.name()).put("path", a.path())).orElse(null))
                .put("confidential", o.getConfidential())
                .put("leadUnit", o.getLeadUnitId() == null ? null : unit(units, o.getLeadUnitId()))
                .put("handlerUnit", o.getHandlerUnitId() == null ? null : unit(units, o.getHandlerUnitId()))
                .put("deadlines", new JsonObject().put("sign", time(o.getSignDeadline()))
                        .put("handle", time(o.getHandleDeadline())))
                .put("createdAt", time(o.getCreatedAt()))
                .put("updatedAt", time(o.getUpdatedAt()))
                .put("closedAt", time(o.getClosedAt()));
        if (centre) {
            v.put("pickupCode", o.getPickupCode());
        }
        return v;
    }

    private JsonObject citizen(DSLContext dsl, WorkOrderRecord o, boolean centre, Known known) {
        if (o.getCitizenId() == null) {
            return new JsonObject().put("anonymous", true);
        }
        if (o.getConfidential() && !centre) {
            return new JsonObject().put("anonymous", false).put("hidden", true);
        }
        var c = known != null ? known.citizen() : citizens.find(dsl, o.getCitizenId()).orElse(null);
        if (c == null) {
            return new JsonObject().put("anonymous", true);
        }
        return new JsonObject()
                .put("anonymous", false)
                .put("name", centre ? c.name() : Masking.name(c.name()))
                .put("phone", c.phoneMasked())
                .put("email", c.emailMasked());
    }

    static JsonObject unit(UnitHierarchy units, long id) {
        return units.unit(id).map(u -> new JsonObject().put("id", u.id()).put("code", u.code()).put("name", u.name())
                .put("kind", u.kind())).orElse(new JsonObject().put("id", id));
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
