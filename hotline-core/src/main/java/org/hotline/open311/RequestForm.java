package org.hotline.open311;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.citizen.Masking;

/**
 * A POST requests form, read and checked field by field: every problem is collected (one error each, naming the
 * parameter) so a client fixes them all at once. Text is kept exactly as sent — markup included, since Hotline shows
 * it as text and never as markup — but must fit its field and carry no control characters.
 */
public final class RequestForm {

    /** The spec limits descriptions to 4,000 characters. */
    public static final int MAX_DESCRIPTION = 4000;
    static final int MAX_ADDRESS = 500;
    static final int MAX_NAME = 50;
    static final int MAX_ID = 100;
    static final int MAX_URL = 1000;
    static final int MAX_EMAIL = 254;
    static final int MAX_ATTRIBUTES = 50;
    static final int MAX_ATTRIBUTE_TEXT = 2000;
    static final int MAX_ATTRIBUTE_STRING = 200;

    private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([^\\]\\[]{1,32})](\\[])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** The parameters read here; others (extensions some clients send) are ignored, as the spec lets servers do. */
    private static final Set<String> SINGLE = Set.of("api_key", "jurisdiction_id", "service_code", "lat", "long",
            "address_string", "address_id", "email", "device_id", "account_id", "first_name", "last_name", "phone",
            "description", "media_url");

    private final Map<String, List<String>> params;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, List<String>> attributes = new LinkedHashMap<>();
    private final String serviceCode;
    private final BigDecimal lat;
    private final BigDecimal lon;
    private final String addressString;
    private final String addressId;
    private final String email;
    private final String deviceId;
    private final String accountId;
    private final String firstName;
    private final String lastName;
    private final String phone;
    private final String description;
    private final String mediaUrl;

    private RequestForm(Map<String, List<String>> params) {
        this.params = params;
        for (String name : SINGLE) {
            if (params.getOrDefault(name, List.of()).size() > 1) {
                problems.add(name + ": give it once");
            }
        }
        serviceCode = line("service_code", 32);
        if (!present("service_code")) {
            problems.add("service_code: required; GET services lists them");
        }
        lat = number("lat", -90, 90);
        lon = number("long", -180, 180);
        if (present("lat") != present("long")) {
            problems.add((present("lat") ? "long" : "lat") + ": lat and long go together; send both");
        }
        addressString = line("address_string", MAX_ADDRESS);
        addressId = line("address_id", 32);
        if (!present("lat") && !present("long") && !present("address_string") && !present("address_id")) {
            problems.add("location: send lat and long, address_string or address_id");
        }
        email = line("email", MAX_EMAIL);
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add("email: not an e-mail address");
        }
        deviceId = line("device_id", MAX_ID);
        accountId = line("account_id", MAX_ID);
        firstName = line("first_name", MAX_NAME);
        lastName = line("last_name", MAX_NAME);
        phone = line("phone", 40);
        if (phone != null) {
            String digits = Masking.normalisePhone(phone);
            if (digits == null || digits.length() < 5 || digits.length() > 20) {
                problems.add("phone: 5 to 20 digits");
            }
        }
        description = text("description", MAX_DESCRIPTION, true);
        mediaUrl = line("media_url", MAX_URL);
        if (mediaUrl != null && !isWebAddress(mediaUrl)) {
            problems.add("media_url: an http or https address");
        }
        readAttributes();
    }

    /** Reads {@code params} (each name with every value sent for it). */
    public static RequestForm read(Map<String, List<String>> params) {
        return new RequestForm(params);
    }

    /** The value of a parameter sent once, trimmed; null when absent or empty (the spec's "optional"). */
    static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.isEmpty() || values.getFirst() == null || values.getFirst().isBlank()) {
            return null;
        }
        return values.getFirst().strip();
    }

    private boolean present(String name) {
        return single(params, name) != null;
    }

    /** One line of text: no line breaks or other control characters. */
    private String line(String name, int max) {
        return text(name, max, false);
    }

    private String text(String name, int max, boolean multiline) {
        String v = single(params, name);
        if (v == null) {
            return null;
        }
        if (v.codePointCount(0, v.length()) > max) {
            problems.add(name + ": at most " + max + " characters");
            return null;
        }
        if (hasControl(v, multiline)) {
            problems.add(name + ": " + (multiline ? "control characters are not allowed"
                    : "one line, without control characters"));
            return null;
        }
        return v;
    }

    private BigDecimal number(String name, int min, int max) {
        String v = single(params, name);
        if (v == null) {
            return null;
        }
        try {
            if (v.length() > 40) {
                throw new NumberFormatException();
            }
            BigDecimal d = new BigDecimal(v);
            if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                problems.add(name + ": a number from " + min + " to " + max + " (WGS84 degrees)");
                return null;
            }
            // Orders keep six decimals (about 0.1 m).
            return d.setScale(6, RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            problems.add(name + ": a number from " + min + " to " + max + " (WGS84 degrees)");
            return null;
        }
    }

    private void readAttributes() {
        int count = 0;
        for (var e : params.entrySet()) {
            if (!e.getKey().startsWith("attribute")) {
                continue;
            }
            Matcher m = ATTRIBUTE.matcher(e.getKey());
            if (!m.matches()) {
                problems.add(e.getKey() + ": attributes are sent as attribute[code]=value");
                continue;
            }
            for (String value : e.getValue()) {
                if (++count > MAX_ATTRIBUTES) {
                    problems.add("attribute: at most " + MAX_ATTRIBUTES + " values");
                    return;
                }
                if (value != null && !value.isBlank()) {
                    attributes.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(value.strip());
                }
            }
        }
    }

    /**
     * Checks the attributes against the service's fields: required ones present, each value of its type or one of
     * its choices, nothing the service does not ask. Answers "field: value" lines for the order's content; problems
     * are added to {@link #problems()}.
     */
    public List<String> answers(ServiceCatalogue.Service service) {
        List<String> lines = new ArrayList<>();
        Map<String, ServiceCatalogue.Attribute> known = new LinkedHashMap<>();
        service.attributes().forEach(a -> known.put(a.code(), a));
        for (String code : attributes.keySet()) {
            if (!known.containsKey(code)) {
                problems.add("attribute[" + code + "]: service " + service.code() + " has no such attribute");
            }
        }
        for (ServiceCatalogue.Attribute a : known.values()) {
            String name = "attribute[" + a.code() + "]";
            List<String> values = attributes.getOrDefault(a.code(), List.of());
            if (values.isEmpty()) {
                if (a.required()) {
                    problems.add(name + ": required (" + a.description() + ")");
                }
                continue;
            }
            if (!a.datatype().equals("multivaluelist") && values.size() > 1) {
                problems.add(name + ": one value");
                continue;
            }
            String shown = answer(name, a, values);
            if (shown != null) {
                lines.add(a.description() + "：" + shown);
            }
        }
        return lines;
    }

    /** One attribute's value as shown to staff, or null (and a problem) when it is not of the field's type. */
    private String answer(String name, ServiceCatalogue.Attribute a, List<String> values) {
        String v = values.getFirst();
        switch (a.datatype()) {
            case "number" -> {
                try {
                    if (v.length() > 40) {
                        throw new NumberFormatException();
                    }
                    return new BigDecimal(v).toPlainString();
                } catch (NumberFormatException e) {
                    problems.add(name + ": a number");
                    return null;
                }
            }
            case "datetime" -> {
                if (parseDateTime(v) == null) {
                    problems.add(name + ": an ISO 8601 date and time with its offset, e.g. 2026-03-05T21:30:00+08:00");
                    return null;
                }
                return v;
            }
            case "singlevaluelist", "multivaluelist" -> {
                Set<String> names = new LinkedHashSet<>();
                for (String key : values) {
                    var choice = a.choice(key);
                    if (choice.isEmpty()) {
                        problems.add(name + ": '" + shorten(key) + "' is not one of "
                                + String.join(", ", a.values().stream().map(ServiceCatalogue.Choice::key).toList()));
                        return null;
                    }
                    names.add(choice.get().name());
                }
                return String.join("、", names);
            }
            case "text" -> {
                return checked(name, v, MAX_ATTRIBUTE_TEXT, true);
            }
            default -> {
                return checked(name, v, MAX_ATTRIBUTE_STRING, false);
            }
        }
    }

    private String checked(String name, String v, int max, boolean multiline) {
        if (v.codePointCount(0, v.length()) > max) {
            problems.add(name + ": at most " + max + " characters");
            return null;
        }
        if (hasControl(v, multiline)) {
            problems.add(name + ": " + (multiline ? "control characters are not allowed"
                    : "one line, without control characters"));
            return null;
        }
        return v;
    }

    /** ISO 8601 with an offset (or Z), or a date alone; null when neither. */
    static OffsetDateTime parseDateTime(String v) {
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static boolean hasControl(String v, boolean multiline) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
            if ((Character.isISOControl(c) || c == '\u2028' || c == '\u2029') && !(multiline && lineBreak)) {
                return true;
            }
        }
        return false;
    }

    /** Only web addresses: a {@code javascript:} or {@code data:} link must never reach a staff member's screen. */
    static boolean isWebAddress(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The citizen's name from the spec's two fields: family name first and unspaced when it is written in Chinese
     * characters (last_name 张, first_name 三 → 张三), given name first otherwise (John Smith).
     */
    public static String citizenName(String first, String last) {
        String f = first == null ? "" : first.strip();
        String l = last == null ? "" : last.strip();
        if (f.isEmpty() && l.isEmpty()) {
            return null;
        }
        if (isHan(f) || isHan(l)) {
            return l + f;
        }
        return (f + " " + l).strip();
    }

    private static boolean isHan(String s) {
        return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    public List<String> problems() {
        return problems;
    }

    public String serviceCode() {
        return serviceCode;
    }

    public BigDecimal lat() {
        return lat;
    }

    public BigDecimal lon() {
        return lon;
    }

    public String addressString() {
        return addressString;
    }

    public String addressId() {
        return addressId;
    }

    public String email() {
        return email;
    }

    public String deviceId() {
        return deviceId;
    }

    public String accountId() {
        return accountId;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public String phone() {
        return phone;
    }

    public String description() {
        return description;
    }

    public String mediaUrl() {
        return mediaUrl;
    }

    /** The attributes as sent: code → values. */
    public Map<String, List<String>> attributes() {
        return attributes;
    }
}
