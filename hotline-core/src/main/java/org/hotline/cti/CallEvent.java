package org.hotline.cti;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hotline.citizen.Masking;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;

/**
 * A call event in the generic shape PBXs can send: {@code newCall} when it rings, {@code answer} when an operator
 * picks up, {@code hangup} when it ends. The operator is the staff username (configure the PBX's agent ids so).
 * Events may arrive out of order or twice; {@link CallStore} applies them so that the outcome is the same.
 */
public record CallEvent(Kind kind, String callId, String caller, String called, String operator, Instant at) {

    public enum Kind {
        NEW_CALL("newCall"), ANSWER("answer"), HANGUP("hangup");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id.equalsIgnoreCase(s == null ? "" : s.trim())) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Reads and checks an event; {@code now} when the PBX gives no time. */
    public static CallEvent parse(JsonObject b, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Kind kind = Kind.parse(b.getString("event"));
        if (kind == null) {
            errors.add(new Problem.FieldError("event", "one of newCall, answer, hangup"));
        }
        String callId = b.getString("callId");
        if (callId == null || callId.isBlank() || callId.length() > 100) {
            errors.add(new Problem.FieldError("callId", "required, at most 100 characters"));
        }
        String caller = b.getString("caller");
        String digits = caller == null ? null : Masking.normalisePhone(caller);
        if (caller != null && !caller.isBlank() && (digits == null || digits.length() < 3 || digits.length() > 20)) {
            errors.add(new Problem.FieldError("caller", "3–20 digits (or leave out for a withheld number)"));
        }
        String operator = b.getString("operator");
        if (kind == Kind.ANSWER && (operator == null || operator.isBlank())) {
            errors.add(new Problem.FieldError("operator", "required on answer: the staff username who picked up"));
        }
        Instant at = now;
        String time = b.getString("at");
        if (time != null) {
            try {
                at = Instant.parse(time);
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError("at", "an ISO-8601 instant such as 2026-11-25T02:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String called = b.getString("called");
        return new CallEvent(kind, callId.trim(), digits == null || digits.isEmpty() ? null : digits,
                called == null ? null : called.trim(), operator == null ? null : operator.trim().toLowerCase(Locale.ROOT),
                at);
    }
}
