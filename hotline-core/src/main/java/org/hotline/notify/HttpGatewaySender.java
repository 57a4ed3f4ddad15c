package org.hotline.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts each notification as JSON to an SMS or messaging gateway. The {@code Idempotency-Key} header carries the
 * notification's id, so a gateway that deduplicates turns at-least-once delivery into exactly-once messages.
 * Any answer but 2xx counts as not delivered and is retried.
 */
public final class HttpGatewaySender implements NotificationSender {

    private final URI url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpGatewaySender(URI url, String token) {
        this.url = url;
        this.token = token;
    }

    @Override
    public void send(Delivery d) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "hotline-notification-" + d.id())
                .POST(HttpRequest.BodyPublishers.ofString(d.toJson().encode()));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("gateway answered " + response.statusCode());
        }
    }
}
