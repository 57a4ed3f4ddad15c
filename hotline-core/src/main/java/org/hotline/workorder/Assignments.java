package org.hotline.workorder;

import static org.hotline.db.generated.Tables.WORK_ORDER_ASSIGNMENT;

import java.time.Instant;
import java.util.List;
import org.hotline.db.generated.tables.records.WorkOrderAssignmentRecord;
import org.jooq.DSLContext;

/** Which units an order is with: the lead, co-handlers, and sub-units the lead passed it down to. */
public final class Assignments {

    public static final String LEAD = "lead";
    public static final String CO = "co";

    /** An assignment as the order view shows it. */
    public record Assignment(long id, long unitId, String role, Long parentAssignmentId, boolean active,
                             Long assigneeUserId, Instant assignedAt, Instant signedAt, Instant repliedAt,
                             String opinion, Instant endedAt, String endReason) {
    }

    public long add(DSLContext dsl, long orderId, long unitId, String role, Long parent, Instant now) {
        return dsl.insertInto(WORK_ORDER_ASSIGNMENT)
                .set(WORK_ORDER_ASSIGNMENT.ORDER_ID, orderId)
                .set(WORK_ORDER_ASSIGNMENT.UNIT_ID, unitId)
                .set(WORK_ORDER_ASSIGNMENT.ROLE, role)
                .set(WORK_ORDER_ASSIGNMENT.PARENT_ASSIGNMENT_ID, parent)
                .set(WORK_ORDER_ASSIGNMENT.ACTIVE, true)
                .set(WORK_ORDER_ASSIGNMENT.ASSIGNED_AT, now)
                .returningResult(WORK_ORDER_ASSIGNMENT.ID).fetchOne().value1();
    }

    public List<Assignment> of(DSLContext dsl, long orderId) {
        return dsl.selectFrom(WORK_ORDER_ASSIGNMENT)
                .where(WORK_ORDER_ASSIGNMENT.ORDER_ID.eq(orderId))
                .orderBy(WORK_ORDER_ASSIGNMENT.ID)
                .fetch(Assignments::toAssignment);
    }

    /** Ends every active assignment of the order (return approved, transfer, re-dispatch). */
    public void endAll(DSLContext dsl, long orderId, String reason, Instant now) {
        dsl.update(WORK_ORDER_ASSIGNMENT)
                .set(WORK_ORDER_ASSIGNMENT.ACTIVE, false)
                .set(WORK_ORDER_ASSIGNMENT.ENDED_AT, now)
                .set(WORK_ORDER_ASSIGNMENT.END_REASON, reason)
                .where(WORK_ORDER_ASSIGNMENT.ORDER_ID.eq(orderId))
                .and(WORK_ORDER_ASSIGNMENT.ACTIVE.isTrue())
                .execute();
    }

    /** Ends one assignment (a sub-unit's, when it returns the order to the unit above). */
    public void end(DSLContext dsl, long assignmentId, String reason, Instant now) {
        dsl.update(WORK_ORDER_ASSIGNMENT)
                .set(WORK_ORDER_ASSIGNMENT.ACTIVE, false)
                .set(WORK_ORDER_ASSIGNMENT.ENDED_AT, now)
                .set(WORK_ORDER_ASSIGNMENT.END_REASON, reason)
                .where(WORK_ORDER_ASSIGNMENT.ID.eq(assignmentId))
                .execute();
    }

    public void markSigned(DSLContext dsl, long assignmentId, Instant now) {
        dsl.update(WORK_ORDER_ASSIGNMENT).set(WORK_ORDER_ASSIGNMENT.SIGNED_AT, now)
                .where(WORK_ORDER_ASSIGNMENT.ID.eq(assignmentId)).execute();
    }

    public void markReplied(DSLContext dsl, long assignmentId, String opinion, Instant now) {
        dsl.update(WORK_ORDER_ASSIGNMENT)
                .set(WORK_ORDER_ASSIGNMENT.REPLIED_AT, now)
                .set(WORK_ORDER_ASSIGNMENT.OPINION, opinion)
                .where(WORK_ORDER_ASSIGNMENT.ID.eq(assignmentId)).execute();
    }

    public void assignTo(DSLContext dsl, long assignmentId, long userId) {
        dsl.update(WORK_ORDER_ASSIGNMENT).set(WORK_ORDER_ASSIGNMENT.ASSIGNEE_USER_ID, userId)
                .where(WORK_ORDER_ASSIGNMENT.ID.eq(assignmentId)).execute();
    }

    private static Assignment toAssignment(WorkOrderAssignmentRecord r) {
        return new Assignment(r.getId(), r.getUnitId(), r.getRole(), r.getParentAssignmentId(), r.getActive(),
                r.getAssigneeUserId(), r.getAssignedAt(), r.getSignedAt(), r.getRepliedAt(), r.getOpinion(),
                r.getEndedAt(), r.getEndReason());
    }
}
