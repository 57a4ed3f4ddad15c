package org.hotline.notify;

/**
 * Delivers a notification somewhere outside Hotline (the log, an SMS or HTTP gateway). Called at least once per
 * notification — again after a crash between sending and recording it — so receivers deduplicate by
 * {@link Delivery#id()}. Throwing means "not delivered": the outbox tries again later. Blocking; runs on a worker.
 */
@FunctionalInterface
public interface NotificationSender {
    void send(Delivery delivery) throws Exception;
}
