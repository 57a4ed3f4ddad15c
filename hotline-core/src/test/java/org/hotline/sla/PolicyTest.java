package org.hotline.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hotline.http.ProblemException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Policies as plain data: what the defaults say, and how bad rules are refused. */
class PolicyTest {

    @Test
    @DisplayName("the defaults of practice: complaints 15 working days, consultations 3, urgent 24 h, emergencies 2 h "
            + "on calendar time; every default survives a round trip through its JSON")
    void defaults() {
        assertEquals(Limit.workingDays(15), Policy.defaults("complaint", "normal").handle());
        assertEquals(Limit.workingDays(3), Policy.defaults("consultation", "normal").handle());
        assertEquals(Limit.workingDays(7), Policy.defaults("suggestion", "normal").handle());
        assertEquals(Limit.hours(24), Policy.defaults("complaint", "urgent").handle());
        assertEquals(Limit.workingMinutes(30), Policy.defaults("complaint", "urgent").sign());
        assertEquals(Limit.hours(2), Policy.defaults("help", "emergency").handle());
        for (String type : Policy.TYPES) {
            for (String urgency : Policy.URGENCIES) {
                Policy p = Policy.defaults(type, urgency);
                assertEquals(p, Policy.parse(p.toJson()), type + "/" + urgency);
            }
        }
    }

    @Test
    @DisplayName("bad rules are refused naming every offending field")
    void refused() {
        JsonObject rules = Policy.defaults("complaint", "normal").toJson();
        rules.remove("callback");
        rules.put("sign", new JsonObject().put("amount", 2).put("unit", "fortnights"));
        rules.put("escalation", new JsonArray().add(new JsonObject()
                .put("after", new JsonObject().put("amount", 1).put("unit", "working_days"))
                .put("notify", new JsonArray().add("mayor"))));
        ProblemException e = assertThrows(ProblemException.class, () -> Policy.parse(rules));
        assertEquals(List.of("sign", "callback", "escalation[0].notify[0]"),
                e.problem().errors().stream().map(f -> f.field()).toList());
    }
}
