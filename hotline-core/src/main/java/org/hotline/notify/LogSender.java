package org.hotline.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default sender: a log line. The notification is in its recipients' console inbox once marked sent; an SMS to a
 * citizen is logged whole (in development it is how a verification code reaches the tester) with the phone masked.
 */
public final class LogSender implements NotificationSender {

    private static final Logger LOG = LoggerFactory.getLogger("org.hotline.notify");

    @Override
    public void send(Delivery d) {
        if (d.isSms()) {
            LOG.info("SMS #{} [{}] to {}: {}", d.id(), d.kind(), org.hotline.citizen.Masking.phone(d.phone()),
                    d.body());
            return;
        }
        LOG.info("Notice #{} [{}] to {}: {}", d.id(), d.kind(), recipient(d), d.title());
    }

    static String recipient(Delivery d) {
        if (d.userId() != null) {
            return "user " + d.userId();
        }
        return (d.role() == null ? "staff" : d.role()) + (d.unitId() == null ? "" : " of unit " + d.unitId());
    }
}
