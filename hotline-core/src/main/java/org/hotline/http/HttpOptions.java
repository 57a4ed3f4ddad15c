package org.hotline.http;

import java.util.List;
import org.hotline.config.Option;

/** Where and how the HTTP server listens. */
public final class HttpOptions {

    private HttpOptions() {
    }

    public static final Option HTTP_HOST = Option.string("http-host", "127.0.0.1",
            "Address to listen on; 0.0.0.0 for every interface.");
    public static final Option HTTP_PORT = Option.integer("http-port", 8080, "Port to listen on (0 picks a free one).");
    public static final Option HTTP_MAX_BODY_SIZE = Option.integer("http-max-body-size", 1_048_576,
            "Largest request body in bytes; larger ones get 413.");

    public static final Option PUBLIC_URL = Option.string("public-url", null,
            "The address people use, e.g. https://hotline.example.gov.cn, when a proxy serves Hotline: browsers' "
                    + "Origin must match it for cookie-authenticated changes.");
    public static final Option TRUSTED_PROXIES = Option.string("trusted-proxies", null,
            "Comma-separated addresses of reverse proxies whose X-Forwarded-For names the real client "
                    + "(for login throttling and the audit log).");
    public static final Option METRICS_TOKEN = Option.secret("metrics-token",
            "When set, GET /metrics needs 'Authorization: Bearer <token>'.");

    public static final Option RATE_LIMITS = Option.string("rate-limits", null,
            "Overrides of the public endpoints' rate limits per client (address, phone or order number), e.g. "
                    + "'portal-submit=10/h,portal-sms-phone=1/2m'; names and defaults in the README. Over a limit a "
                    + "client gets 429 with Retry-After.");

    public static List<Option> all() {
        return List.of(HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY_SIZE, PUBLIC_URL, TRUSTED_PROXIES, METRICS_TOKEN,
                RATE_LIMITS);
    }
}
