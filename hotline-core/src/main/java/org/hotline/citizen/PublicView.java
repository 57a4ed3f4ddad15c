package org.hotline.citizen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.LongFunction;
import org.hotline.workorder.Timeline;

/**
 * An order as its citizen sees it on the portal: the status in plain words, the public steps of its timeline, and
 * the unit's reply once the centre approved it. Built from a whitelist of timeline actions, so whatever the timeline
 * learns to record later stays internal until someone decides it is public. Never a staff member's name, an internal
 * note or reason, another citizen's data, or the caller's own contact details: a unit is named, a person is not.
 */
public final class PublicView {

    /** Order facts the view needs, read by the caller. */
    public record Order(String number, String status, String type, String categoryName, String areaName,
                        String address, String content, Instant createdAt, Instant closedAt, Instant handleDeadline,
                        String parentStatus, int photos) {
    }

    /** The citizen's own rating, if any. */
    public record Rating(boolean resolved, String satisfaction, String comment, Instant ratedAt, String outcome) {
    }

    private final ZoneId zone;
    private final LongFunction<String> unitName;

    public PublicView(ZoneId zone, LongFunction<String> unitName) {
        this.zone = zone;
        this.unitName = unitName;
    }

    /** Status names a citizen understands (Chinese, English). */
    static String[] statusWords(String status) {
        return switch (status) {
            case "ACCEPTED" -> new String[] {"已受理，等待分派", "Received, being assigned"};
            case "DISPATCHED" -> new String[] {"已派至承办单位", "Sent to the responsible office"};
            case "SIGNED", "SUSPENDED" -> new String[] {"办理中", "Being handled"};
            case "RETURNED" -> new String[] {"正在重新分派", "Being reassigned"};
            case "REPLIED" -> new String[] {"承办单位已答复，中心审核中", "Answered; the centre is reviewing the answer"};
            case "CALLBACK" -> new String[] {"已答复，待评价", "Answered; please rate the result"};
            case "CLOSED" -> new String[] {"已办结", "Closed"};
            case "MERGED" -> new String[] {"已与相同诉求合并办理", "Handled together with the same request"};
            default -> new String[] {"处理中", "In progress"};
        };
    }

    /**
     * The view. {@code full}: the caller proved the pickup code, so the content and address they wrote are shown
     * back; with only the phone's last four digits they are left out.
     */
    public JsonObject of(Order o, List<Timeline.Event> events, Rating rating, boolean full) {
        return of(o, events, rating, full, List.of());
    }

    /**
     * As {@link #of(Order, List, Rating, boolean)} for an order merged into another ({@code parentEvents}: the
     * other's timeline): its status and approved reply are the other's, its steps its own.
     */
    public JsonObject of(Order o, List<Timeline.Event> events, Rating rating, boolean full,
                         List<Timeline.Event> parentEvents) {
        String shownStatus = "MERGED".equals(o.status()) && o.parentStatus() != null ? o.parentStatus() : o.status();
        String[] words = statusWords(shownStatus);
        JsonObject out = new JsonObject()
                .put("number", o.number())
                .put("status", open(shownStatus) ? "open" : "closed")
                .put("statusName", words[0])
                .put("statusNameEn", words[1])
                .put("type", o.type())
                .put("category", o.categoryName())
                .put("area", o.areaName())
                .put("createdAt", time(o.createdAt()))
                .put("closedAt", time(o.closedAt()))
                .put("expectedBy", open(shownStatus) ? time(o.handleDeadline()) : null)
                .put("merged", "MERGED".equals(o.status()))
                .put("photos", o.photos());
        if (full) {
            out.put("content", o.content()).put("address", o.address());
        }
        JsonArray steps = new JsonArray();
        String reply = null;
        String pendingReply = null;
        Instant repliedAt = null;
        String replyUnit = null;
        String pendingUnit = null;
        for (Timeline.Event e : events) {
            JsonObject d = e.details() == null ? new JsonObject() : e.details();
            String[] step = switch (e.action()) {
                case "create" -> new String[] {"您的诉求已受理", "Your request was received"};
                case "imported" -> new String[] {"诉求已受理", "Request received"};
                case "answer-directly" -> {
                    reply = e.note();
                    repliedAt = e.at();
                    replyUnit = "12345热线";
                    yield new String[] {"已由12345热线直接答复", "Answered directly by the 12345 centre"};
                }
                case "dispatch", "transfer", "approve-return" -> {
                    String unit = d.getString("leadUnitName");
                    yield unit == null ? new String[] {"正在重新分派", "Being reassigned"}
                            : new String[] {"已派至" + unit + "办理", "Sent to " + unit};
                }
                case "sub-dispatch" -> {
                    String unit = d.getString("unitName");
                    yield unit == null ? null : new String[] {"已交由" + unit + "具体办理", "Passed on to " + unit};
                }
                case "sign" -> {
                    String unit = e.actorUnitId() == null ? null : unitName.apply(e.actorUnitId());
                    yield new String[] {(unit == null ? "承办单位" : unit) + "已签收，正在办理",
                        (unit == null ? "The office" : unit) + " accepted the request and is handling it"};
                }
                case "return" -> new String[] {"正在重新分派", "Being reassigned"};
                case "approve-extension" -> new String[] {"办理期限已依规延长", "The time limit was extended"};
                case "suspend" -> new String[] {"暂停办理", "Handling paused"};
                case "resume" -> new String[] {"恢复办理", "Handling resumed"};
                case "reply" -> {
                    pendingReply = e.note();
                    pendingUnit = d.getString("unitName");
                    yield new String[] {"承办单位已答复，中心审核中", "The office answered; the centre is reviewing it"};
                }
                case "approve-reply" -> {
                    reply = pendingReply;
                    replyUnit = pendingUnit;
                    repliedAt = e.at();
                    yield new String[] {"答复已审核通过", "The answer was approved"};
                }
                case "reject-reply" -> new String[] {"答复未通过审核，已要求重新办理",
                    "The answer was not accepted; the office is handling it again"};
                case "citizen-rating" -> new String[] {"您的评价已收到，中心将与您联系",
                    "Your rating was received; the centre will contact you"};
                case "callback" -> {
                    boolean closed = "closed".equals(d.getString("outcome"));
                    boolean byCitizen = "citizen".equals(d.getString("source"));
                    if (closed) {
                        yield byCitizen ? new String[] {"您已评价，工单办结", "You rated the result; closed"}
                                : new String[] {"已回访，工单办结", "Followed up with you; closed"};
                    }
                    yield new String[] {"已回访，要求承办单位重新办理", "Followed up; the office is handling it again"};
                }
                case "reopen" -> new String[] {"工单已重新启动办理", "The request was reopened"};
                case "merge" -> new String[] {"已与相同诉求合并办理", "Joined with the same request to be handled together"};
                case "unmerge" -> new String[] {"已恢复单独办理", "Handled on its own again"};
                case "follow-parent" -> new String[] {"随相同诉求一并办结", "Closed together with the same request"};
                default -> null;
            };
            if (step != null) {
                steps.add(new JsonObject().put("at", time(e.at())).put("text", step[0]).put("textEn", step[1]));
            }
        }
        out.put("steps", steps);
        if (reply == null && !parentEvents.isEmpty()) {
            String pending = null;
            for (Timeline.Event e : parentEvents) {
                if (e.action().equals("reply")) {
                    pending = e.note();
                    replyUnit = e.details() == null ? null : e.details().getString("unitName");
                } else if (e.action().equals("approve-reply")) {
                    reply = pending;
                    repliedAt = e.at();
                } else if (e.action().equals("answer-directly")) {
                    reply = e.note();
                    repliedAt = e.at();
                    replyUnit = "12345热线";
                }
            }
        }
        if (reply != null) {
            out.put("reply", new JsonObject().put("text", reply).put("unit", replyUnit).put("at", time(repliedAt)));
        }
        if (rating != null) {
            out.put("rating", new JsonObject().put("resolved", rating.resolved())
                    .put("satisfaction", rating.satisfaction()).put("comment", rating.comment())
                    .put("at", time(rating.ratedAt())));
        }
        out.put("canRate", "CALLBACK".equals(o.status()) && rating == null);
        out.put("canComplain", reply != null || "CLOSED".equals(shownStatus));
        return out;
    }

    private static boolean open(String status) {
        return !"CLOSED".equals(status) && !"MERGED".equals(status);
    }

    private String time(Instant t) {
        return t == null ? null : t.atZone(zone).toOffsetDateTime().toString();
    }
}
