package org.hotline.sla;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When the centre and the units work on a working day: by default 09:00–12:00 and 13:30–17:30, Asia/Shanghai.
 * Written as {@code 09:00-12:00,13:30-17:30}.
 */
public record OfficeHours(List<Segment> segments, ZoneId zone) {

    /** One stretch of office time. */
    public record Segment(LocalTime from, LocalTime to) {
        public Segment {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("A segment must end after it starts: " + from + "-" + to);
            }
        }
    }

    public static final OfficeHours DEFAULT = parse("09:00-12:00,13:30-17:30", ZoneId.of("Asia/Shanghai"));

    public OfficeHours {
        Objects.requireNonNull(zone);
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("Office hours need at least one segment");
        }
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i).from().isBefore(segments.get(i - 1).to())) {
                throw new IllegalArgumentException("Office-hour segments must be in order and not overlap");
            }
        }
    }

    public static OfficeHours parse(String text, ZoneId zone) {
        List<Segment> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] fromTo = part.trim().split("-");
            if (fromTo.length != 2) {
                throw new IllegalArgumentException("Office hours look like 09:00-12:00,13:30-17:30; got " + text);
            }
            out.add(new Segment(LocalTime.parse(fromTo[0].trim()), LocalTime.parse(fromTo[1].trim())));
        }
        return new OfficeHours(out, zone);
    }

    /** Office time in one working day, in seconds. */
    public long secondsPerDay() {
        return segments.stream().mapToLong(s -> s.to().toSecondOfDay() - s.from().toSecondOfDay()).sum();
    }
}
