package org.hotline.notify;

import java.net.URI;
import java.util.List;
import org.hotline.config.Config;
import org.hotline.config.ConfigException;
import org.hotline.config.Option;

/** Where notifications go besides the console inbox, and how often the outbox is delivered. */
public final class NotifyOptions {

    private NotifyOptions() {
    }

    public static final Option NOTIFY_GATEWAY_URL = Option.string("notify-gateway-url", null,
            "An SMS/HTTP gateway each notification is POSTed to as JSON (Idempotency-Key: its id); unset: log only. "
                    + "Either way it shows in the recipients' console inbox.");
    public static final Option NOTIFY_GATEWAY_TOKEN = Option.secret("notify-gateway-token",
            "Bearer token for the notification gateway.");
    public static final Option NOTIFY_INTERVAL = Option.duration("notify-interval", "1s",
            "How often each node delivers due notifications from the outbox.");

    public static List<Option> all() {
        return List.of(NOTIFY_GATEWAY_URL, NOTIFY_GATEWAY_TOKEN, NOTIFY_INTERVAL);
    }

    /** The configured sender: the gateway when one is set, else the log. */
    public static NotificationSender sender(Config config) {
        String url = config.stringOrNull(NOTIFY_GATEWAY_URL);
        if (url == null || url.isBlank()) {
            return new LogSender();
        }
        try {
            URI uri = URI.create(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return new HttpGatewaySender(uri, config.stringOrNull(NOTIFY_GATEWAY_TOKEN));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--notify-gateway-url: " + e.getMessage());
        }
    }
}
