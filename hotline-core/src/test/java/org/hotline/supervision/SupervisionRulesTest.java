package org.hotline.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.hotline.auth.Role;
import org.hotline.supervision.SupervisionFlow.Action;
import org.hotline.supervision.SupervisionFlow.State;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The supervision rules without a database: each mode's steps, who takes them, and the clocks. */
class SupervisionRulesTest {

    private static State memo(Status s, boolean instructed, int items, int open, int notCalledBack) {
        return new State(Mode.LEADER_MEMO, s, instructed, items, open, notCalledBack);
    }

    @Test
    @DisplayName("a memo goes report → instruction → assignment → progress → final report → callbacks → closed")
    void memoFlow() {
        assertTrue(SupervisionFlow.refusal(Action.ASSIGN, memo(Status.OPEN, false, 0, 0, 1)).isPresent(),
                "no assignment before the leader's instruction");
        assertTrue(SupervisionFlow.refusal(Action.INSTRUCT, memo(Status.OPEN, false, 0, 0, 1)).isEmpty());
        assertTrue(SupervisionFlow.refusal(Action.ASSIGN, memo(Status.OPEN, true, 0, 0, 1)).isEmpty());
        assertEquals(Status.IN_PROGRESS, SupervisionFlow.next(Action.ASSIGN, memo(Status.OPEN, true, 1, 1, 1), false));
        assertTrue(SupervisionFlow.refusal(Action.FINAL_REPORT, memo(Status.IN_PROGRESS, true, 2, 1, 1)).isPresent(),
                "a unit has not finished");
        assertEquals(Status.IN_PROGRESS, SupervisionFlow.next(Action.PROGRESS, memo(Status.IN_PROGRESS, true, 1, 0, 1),
                false), "a memo waits for the final report, even when every unit is done");
        assertEquals(Status.REPORTED, SupervisionFlow.next(Action.FINAL_REPORT, memo(Status.IN_PROGRESS, true, 1, 0,
                1), false));
        assertTrue(SupervisionFlow.refusal(Action.CLOSE, memo(Status.REPORTED, true, 1, 0, 1)).orElseThrow()
                .contains("called back"));
        assertTrue(SupervisionFlow.refusal(Action.CLOSE, memo(Status.REPORTED, true, 1, 0, 0)).isEmpty());
        assertTrue(SupervisionFlow.refusal(Action.PROGRESS, memo(Status.CLOSED, true, 1, 0, 0)).orElseThrow()
                .contains("closed"));
    }

    @Test
    @DisplayName("on-site and meeting supervisions are reported when their last item is done; media after a re-check")
    void autoReport() {
        State onsite = new State(Mode.ONSITE, Status.IN_PROGRESS, false, 3, 0, 0);
        assertEquals(Status.REPORTED, SupervisionFlow.next(Action.PROGRESS, onsite, false));
        State meeting = new State(Mode.MEETING, Status.IN_PROGRESS, false, 3, 1, 0);
        assertEquals(Status.IN_PROGRESS, SupervisionFlow.next(Action.PROGRESS, meeting, false));
        State media = new State(Mode.MEDIA, Status.IN_PROGRESS, false, 1, 0, 0);
        assertEquals(Status.IN_PROGRESS, SupervisionFlow.next(Action.PROGRESS, media, false));
        assertTrue(SupervisionFlow.refusal(Action.RECHECK, new State(Mode.MEDIA, Status.IN_PROGRESS, false, 1, 1, 0))
                .isPresent(), "no re-check before the commitment is done");
        assertEquals(Status.REPORTED, SupervisionFlow.next(Action.RECHECK, media, true));
        assertEquals(Status.IN_PROGRESS, SupervisionFlow.next(Action.RECHECK, media, false));
    }

    @Test
    @DisplayName("each mode has its own steps; routine tools belong to all four")
    void stepsPerMode() {
        State onsite = new State(Mode.ONSITE, Status.IN_PROGRESS, false, 1, 1, 0);
        assertTrue(SupervisionFlow.refusal(Action.DECISION, onsite).isPresent());
        assertTrue(SupervisionFlow.refusal(Action.INSTRUCT, onsite).isPresent());
        assertTrue(SupervisionFlow.refusal(Action.ACTION_ITEM, onsite).isEmpty());
        for (Mode m : Mode.values()) {
            State s = new State(m, Status.IN_PROGRESS, true, 1, 1, 0);
            for (Action a : Set.of(Action.URGE, Action.NOTICE, Action.PUBLIC_NOTICE, Action.SUMMONS)) {
                assertTrue(SupervisionFlow.refusal(a, s).isEmpty(), m + " " + a);
            }
        }
    }

    @Test
    @DisplayName("units report progress; only the centre's supervisors and leaders instruct, urge and close")
    void whoMay() {
        Set<Role> unit = Set.of(Role.UNIT_HANDLER);
        assertTrue(SupervisionFlow.permitted(Action.PROGRESS, unit));
        assertFalse(SupervisionFlow.permitted(Action.CLOSE, unit));
        assertFalse(SupervisionFlow.permitted(Action.URGE, unit));
        assertFalse(SupervisionFlow.permitted(Action.INSTRUCT, Set.of(Role.OPERATOR)));
        assertTrue(SupervisionFlow.permitted(Action.CALLBACK, Set.of(Role.REVIEWER)));
        assertTrue(SupervisionFlow.permitted(Action.CLOSE, Set.of(Role.LEADER)));
    }

    @Test
    @DisplayName("the clocks warn a fifth of the way ahead (1 h to 1 day) and escalate a day after the deadline")
    void clocks() {
        Instant t = Instant.parse("2026-11-04T02:00:00Z");
        SupervisionClocks tenDays = SupervisionClocks.plan(t, t.plus(Duration.ofDays(10)));
        assertEquals(t.plus(Duration.ofDays(9)), tenDays.warnAt());
        assertEquals(t.plus(Duration.ofDays(11)), tenDays.escalateAt());
        SupervisionClocks fiveHours = SupervisionClocks.plan(t, t.plus(Duration.ofHours(5)));
        assertEquals(t.plus(Duration.ofHours(4)), fiveHours.warnAt());
        assertNull(SupervisionClocks.plan(t, t.plus(Duration.ofMinutes(30))).warnAt(), "too short to warn");
    }

    @Test
    @DisplayName("public text with a phone, ID number or e-mail is caught; ordinary text with numbers is not")
    void personalData() {
        assertTrue(SupervisionInput.hasPersonalData("联系人电话13812345678"));
        assertTrue(SupervisionInput.hasPersonalData("固话 0571-87654321"));
        assertTrue(SupervisionInput.hasPersonalData("身份证 33010219800101123X"));
        assertTrue(SupervisionInput.hasPersonalData("mail a@b.cn"));
        assertFalse(SupervisionInput.hasPersonalData("2026年12月31日前完成3栋至12栋的管网改造，投入120万元"));
    }

    @Test
    @DisplayName("only JPEG, PNG and WebP bytes count as photos")
    void sniff() {
        assertEquals("image/png", SupervisionService.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}));
        assertEquals("image/jpeg", SupervisionService.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
        assertNull(SupervisionService.sniff("<svg onload=alert(1)>".getBytes()));
    }
}
