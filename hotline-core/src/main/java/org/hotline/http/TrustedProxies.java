package org.hotline.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The client's real address. Behind a reverse proxy every request comes from the proxy; only when it comes from a
 * proxy we trust do we read {@code X-Forwarded-For}, taking the last address that is not itself a trusted proxy
 * (earlier entries are whatever the client chose to send).
 */
public final class TrustedProxies {

    /** Where the guard leaves the client's address for the rest of the request. */
    public static final String CLIENT_ADDRESS = "hotline.clientAddress";

    /** The client's address as the guard found it (else the connection's). */
    public static String clientAddressOf(RoutingContext rc) {
        String address = rc.get(CLIENT_ADDRESS);
        if (address == null) {
            var remote = rc.request().remoteAddress();
            address = remote == null ? null : remote.hostAddress();
        }
        return address;
    }

    private final Set<String> proxies;

    private TrustedProxies(Set<String> proxies) {
        this.proxies = proxies;
    }

    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return new TrustedProxies(Set.of());
        }
        return new TrustedProxies(Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    public String clientAddress(RoutingContext rc) {
        var remote = rc.request().remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        if (address == null || !proxies.contains(address)) {
            return address;
        }
        String forwarded = rc.request().getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return address;
        }
        List<String> hops = Arrays.stream(forwarded.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!proxies.contains(hops.get(i))) {
                return hops.get(i).length() > 64 ? hops.get(i).substring(0, 64) : hops.get(i);
            }
        }
        return address;
    }
}
