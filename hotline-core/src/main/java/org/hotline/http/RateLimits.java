package org.hotline.http;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.config.ConfigException;

/**
 * The public endpoints' rate limits: a token bucket (Bucket4j) per limit and client — an address, a phone, an order
 * number — held in a bounded cache that forgets a client once its bucket would be full again. A client over its
 * limit gets 429 with {@code Retry-After}; everyone else is untouched, so a flood from one address does not shut the
 * door on the rest. The buckets are this node's own: behind a load balancer spreading one client over n nodes a
 * client gets up to n times the limit, which still stops a flood.
 */
public final class RateLimits {

    /** At most {@code capacity} requests at once, refilled evenly over {@code period}. */
    public record Limit(long capacity, Duration period) {
        private static final Pattern SPEC = Pattern.compile("(\\d{1,6})/(\\d{0,5})(s|m|h|d)");

        public Limit {
            if (capacity < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a limit needs a positive capacity and period");
            }
        }

        /** {@code 30/10m}: 30 per 10 minutes; {@code 5/d}: 5 a day. */
        static Limit parse(String spec) {
            Matcher m = SPEC.matcher(spec.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException(spec);
            }
            long n = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
            Duration unit = switch (m.group(3)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return new Limit(Long.parseLong(m.group(1)), unit.multipliedBy(n));
        }

        @Override
        public String toString() {
            return capacity + " per " + period.toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }

    /** Submissions from one address: generous, since a mobile carrier puts many phones behind one address. */
    public static final String SUBMIT = "portal-submit";
    /** Submissions with one phone number. */
    public static final String SUBMIT_PHONE = "portal-submit-phone";
    /** SMS codes asked for by one address. */
    public static final String SMS = "portal-sms";
    /** SMS codes sent to one phone: one a minute, a few a day. */
    public static final String SMS_PHONE = "portal-sms-phone";
    public static final String SMS_PHONE_DAY = "portal-sms-phone-day";
    /** Lookups from one address. */
    public static final String LOOKUP = "portal-lookup";
    /** Failed lookups of one order number: the pickup code or phone digits cannot be guessed by trying. */
    public static final String LOOKUP_FAILED = "portal-lookup-failed";
    /** And per day, so that the phone's last four digits (10,000 choices) take the better part of a year to guess. */
    public static final String LOOKUP_FAILED_DAY = "portal-lookup-failed-day";
    /** Photo uploads from one address. */
    public static final String UPLOAD = "portal-upload";
    /** Ratings and complaints from one address. */
    public static final String RATE = "portal-rate";
    /** Reading the public pages' data (form choices, media tracking) from one address. */
    public static final String READ = "public-read";
    /** Open311 requests filed from one address. */
    public static final String OPEN311_SUBMIT = "open311-submit";

    /** The defaults; the option {@code rate-limits} overrides any of them. */
    public static final Map<String, Limit> DEFAULTS;

    static {
        Map<String, Limit> d = new LinkedHashMap<>();
        d.put(SUBMIT, Limit.parse("30/10m"));
        d.put(SUBMIT_PHONE, Limit.parse("10/d"));
        d.put(SMS, Limit.parse("20/10m"));
        d.put(SMS_PHONE, Limit.parse("1/m"));
        d.put(SMS_PHONE_DAY, Limit.parse("10/d"));
        d.put(LOOKUP, Limit.parse("60/m"));
        d.put(LOOKUP_FAILED, Limit.parse("10/h"));
        d.put(LOOKUP_FAILED_DAY, Limit.parse("20/d"));
        d.put(UPLOAD, Limit.parse("60/10m"));
        d.put(RATE, Limit.parse("20/10m"));
        d.put(READ, Limit.parse("300/m"));
        d.put(OPEN311_SUBMIT, Limit.parse("60/10m"));
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    private final Map<String, Limit> limits;
    private final Map<String, BucketConfiguration> configurations = new LinkedHashMap<>();
    private final ProxyManager<String> buckets;

    public RateLimits(Map<String, Limit> limits) {
        this.limits = Map.copyOf(limits);
        this.limits.forEach((name, l) -> configurations.put(name, BucketConfiguration.builder()
                .addLimit(b -> b.capacity(l.capacity()).refillGreedy(l.capacity(), l.period()))
                .build()));
        // Bounded: a flood of made-up addresses evicts old buckets instead of filling the heap.
        this.buckets = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(200_000))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(5)))
                .build();
    }

    /** The defaults with the overrides of {@code spec}: {@code "portal-submit=10/h, portal-sms-phone=1/2m"}. */
    public static RateLimits of(String spec) {
        Map<String, Limit> all = new LinkedHashMap<>(DEFAULTS);
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String[] kv = part.split("=", 2);
                String name = kv[0].trim();
                if (!DEFAULTS.containsKey(name) || kv.length != 2) {
                    throw new ConfigException("--rate-limits: unknown limit '" + name + "'; known: "
                            + String.join(", ", DEFAULTS.keySet()));
                }
                try {
                    all.put(name, Limit.parse(kv[1]));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("--rate-limits: " + name + " must look like 30/10m (count/period, "
                            + "period in s, m, h or d), not '" + kv[1].trim() + "'");
                }
            }
        }
        return new RateLimits(all);
    }

    public Limit limit(String name) {
        Limit l = limits.get(name);
        if (l == null) {
            throw new IllegalArgumentException("No rate limit " + name);
        }
        return l;
    }

    /**
     * Takes one request of limit {@code name} for {@code client}; throws 429 (with the seconds until the next one
     * is allowed) when the client has none left.
     */
    public void take(String name, String client) {
        long wait = tryTake(name, client);
        if (wait > 0) {
            throw ProblemException.tooManyRequests("Too many requests (" + what(name) + ": at most "
                    + limit(name) + "); try again in " + wait + " s.", wait);
        }
    }

    /** Takes one request of limit {@code name} for {@code client}: 0 when allowed, else the seconds to wait. */
    public long tryTake(String name, String client) {
        BucketConfiguration c = configurations.get(name);
        if (c == null) {
            throw new IllegalArgumentException("No rate limit " + name);
        }
        ConsumptionProbe probe = buckets.builder().build(name + '|' + (client == null ? "?" : client), () -> c)
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** Gives back a request taken (a lookup that turned out right is not a failed one). */
    public void giveBack(String name, String client) {
        BucketConfiguration c = configurations.get(name);
        buckets.builder().build(name + '|' + (client == null ? "?" : client), () -> c).addTokens(1);
    }

    /**
     * The client an address stands for: itself for IPv4; for IPv6 its /64 network, since one machine commonly holds
     * a whole /64 and could otherwise take a fresh address for every request.
     */
    public static String client(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            if (b.length != 16) {
                return address;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                out.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return out.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String what(String name) {
        return switch (name) {
            case SUBMIT, OPEN311_SUBMIT -> "submissions from your address";
            case SUBMIT_PHONE -> "submissions with this phone number";
            case SMS -> "codes asked for from your address";
            case SMS_PHONE, SMS_PHONE_DAY -> "codes sent to this phone";
            case LOOKUP -> "lookups from your address";
            case LOOKUP_FAILED, LOOKUP_FAILED_DAY -> "wrong codes for this order";
            case UPLOAD -> "photos from your address";
            case RATE -> "ratings from your address";
            default -> "requests from your address";
        };
    }
}
