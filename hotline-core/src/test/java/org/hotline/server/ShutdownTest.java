package org.hotline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hotline.testing.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("storage")
class ShutdownTest {

    @Test
    @DisplayName("a shutdown while requests are in flight lets every one of them finish")
    void inFlightRequestsFinish() throws Exception {
        TestServer server = TestServer.start();
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        // Logins are slow on purpose (password hashing): twenty of them keep the server busy for a while.
        for (int i = 0; i < 20; i++) {
            inFlight.add(client.sendAsync(server.request("/api/v1/auth/login", null)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"leader\",\"password\":\"demo\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(150);
        server.close();
        int ok = 0;
        List<String> failures = new ArrayList<>();
        for (var f : inFlight) {
            try {
                var r = f.join();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    failures.add(r.statusCode() + " " + r.body());
                }
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
        }
        assertEquals(20, ok, "every request accepted before the shutdown was answered: " + failures);
    }
}
