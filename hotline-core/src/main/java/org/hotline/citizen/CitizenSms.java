package org.hotline.citizen;

import java.time.Instant;
import org.hotline.notify.Notice;
import org.hotline.notify.Outbox;
import org.jooq.DSLContext;

/**
 * The text messages a citizen gets (受理、答复、邀评、验证码), put in the notification outbox in the transaction of what
 * caused them. In Chinese, carrying the order number and nothing sensitive: not the content, not the pickup code, not
 * a name — a message may be read by whoever holds the phone, and by the SMS gateway's logs.
 */
public final class CitizenSms {

    public static final String ACCEPTED = "sms-accepted";
    public static final String REPLIED = "sms-replied";
    public static final String RATING = "sms-rating";
    public static final String CODE = "sms-code";

    private final Outbox outbox;
    /** Where the portal is, for the link in a message; null when the centre has not said (no link then). */
    private final String portalUrl;

    public CitizenSms(Outbox outbox, String publicUrl) {
        this.outbox = outbox;
        this.portalUrl = publicUrl == null || publicUrl.isBlank() ? null
                : publicUrl.replaceAll("/+$", "") + "/portal/";
    }

    /** The receipt for a new order, to queue with others ({@link #queue}). */
    public Notice receipt(long orderId, String number, byte[] phoneCipher) {
        return Notice.sms("sms:accepted:" + orderId, ACCEPTED, orderId, phoneCipher,
                "【12345】您的诉求已受理，工单编号" + number + "。可凭工单编号和提取码（或手机号后四位）查询办理进度" + where()
                        + "。", true);
    }

    /** Queues several messages at once (intakes taken together). */
    public void queue(DSLContext dsl, java.util.List<Notice> notices, Instant now) {
        outbox.enqueueAll(dsl, notices, now);
    }

    /** The receipt for a new order: its number, and how to look it up. Sent at once. */
    public void accepted(DSLContext dsl, long orderId, String number, byte[] phoneCipher, Instant now) {
        if (phoneCipher == null) {
            return;
        }
        outbox.enqueue(dsl, receipt(orderId, number, phoneCipher), now);
    }

    /**
     * The unit's reply has been approved: the citizen may read it and rate it. Waits for office hours, as the
     * centre's other messages do. {@code version} keeps a second reply (after re-handling) a message of its own.
     */
    public void replied(DSLContext dsl, long orderId, int version, String number, byte[] phoneCipher, Instant now) {
        if (phoneCipher == null) {
            return;
        }
        outbox.enqueue(dsl, Notice.sms("sms:replied:" + orderId + ":" + version, REPLIED, orderId, phoneCipher,
                "【12345】您反映的问题（工单编号" + number + "）已有办理答复，请凭工单编号和提取码（或手机号后四位）查看并评价"
                        + where() + "。", false), now);
    }

    /** The centre asks for a rating (instead of, or before, a callback call). */
    public void ratingAsked(DSLContext dsl, long orderId, String number, byte[] phoneCipher, Instant now) {
        outbox.enqueue(dsl, Notice.sms("sms:rating:" + orderId + ":" + now.toEpochMilli(), RATING, orderId,
                phoneCipher, "【12345】请对工单" + number + "的办理结果作出评价（是否解决、是否满意）" + where()
                        + "，感谢您的支持。", false), now);
    }

    /** A verification code; sent at once, the citizen is waiting for it. */
    public void code(DSLContext dsl, long codeId, String code, byte[] phoneCipher, int validMinutes, Instant now) {
        outbox.enqueue(dsl, Notice.sms("sms:code:" + codeId, CODE, null, phoneCipher,
                "【12345】您的验证码为" + code + "，" + validMinutes + "分钟内有效。请勿告诉他人。", true), now);
    }

    private String where() {
        return portalUrl == null ? "" : "：" + portalUrl;
    }
}
