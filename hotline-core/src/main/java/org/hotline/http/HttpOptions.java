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

    public static List<Option> all() {
        return List.of(HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY_SIZE);
    }
}
