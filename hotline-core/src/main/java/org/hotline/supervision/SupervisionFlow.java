package org.hotline.supervision;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hotline.auth.Role;

/**
 * The rules of a supervision's life, in plain Java: which action each mode has, who may take it, in which status,
 * and where it leaves the supervision. The store applies the effects; this decides whether, and what next.
 */
public final class SupervisionFlow {

    private SupervisionFlow() {
    }

    /** Everything that can be done to a supervision after it is created. */
    public enum Action {
        /** 批示: the leader's instruction on a memo (text, leader, date). */
        INSTRUCT(EnumSet.of(Mode.LEADER_MEMO)),
        /** 交办: hand work to units with a deadline. */
        ASSIGN(EnumSet.allOf(Mode.class)),
        /** An on-site action item: owner unit, deadline. */
        ACTION_ITEM(EnumSet.of(Mode.ONSITE)),
        /** On-site findings. */
        FINDINGS(EnumSet.of(Mode.ONSITE)),
        /** A meeting's decision on one agenda order: lead unit, co-units, deadline. */
        DECISION(EnumSet.of(Mode.MEETING)),
        MINUTES(EnumSet.of(Mode.MEETING)),
        /** A rule the meeting changed: the dispatch catalogue or the knowledge base. */
        RULE_CHANGE(EnumSet.of(Mode.MEETING)),
        /** A unit's progress report on its item; {@code done} completes the item. */
        PROGRESS(EnumSet.allOf(Mode.class)),
        /** The final report back to the leader. */
        FINAL_REPORT(EnumSet.of(Mode.LEADER_MEMO)),
        /** A progress update for the public page (no personal data). */
        PUBLIC_UPDATE(EnumSet.of(Mode.MEDIA)),
        /** 回头看: the re-check after the public commitment's deadline. */
        RECHECK(EnumSet.of(Mode.MEDIA)),
        /** The memo orders' own callback to the citizen. */
        CALLBACK(EnumSet.of(Mode.LEADER_MEMO)),
        /** 催办. */
        URGE(EnumSet.allOf(Mode.class)),
        /** 督办通知单: a numbered notice to a unit, printable. */
        NOTICE(EnumSet.allOf(Mode.class)),
        /** 通报: a public notice of units, critical or commending. */
        PUBLIC_NOTICE(EnumSet.allOf(Mode.class)),
        /** 约谈: a summons of a unit's people, with its record. */
        SUMMONS(EnumSet.allOf(Mode.class)),
        /** Send a report back: the work is not done. */
        RETURN(EnumSet.allOf(Mode.class)),
        CLOSE(EnumSet.allOf(Mode.class));

        private final Set<Mode> modes;

        Action(Set<Mode> modes) {
            this.modes = modes;
        }

        /** The API spelling: {@code final-report}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public Set<Mode> modes() {
            return modes;
        }

        public static Optional<Action> parse(String id) {
            for (Action a : values()) {
                if (a.id().equals(id)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /** What the rules need to know of a supervision. */
    public record State(Mode mode, Status status, boolean instructed, int items, int openItems,
                        int ordersNotCalledBack) {
    }

    private static final Set<Role> LEADERSHIP = EnumSet.of(Role.LEADER, Role.SUPERVISOR, Role.ADMIN);

    /** Who may take an action: the centre's supervisors and leaders, and for progress the units that own items. */
    public static boolean permitted(Action a, Set<Role> roles) {
        return switch (a) {
            case PROGRESS -> roles.contains(Role.UNIT_HANDLER) || roles.contains(Role.UNIT_ADMIN)
                    || roles.stream().anyMatch(LEADERSHIP::contains);
            case PUBLIC_UPDATE -> roles.contains(Role.UNIT_ADMIN) || roles.stream().anyMatch(LEADERSHIP::contains);
            case CALLBACK -> roles.contains(Role.REVIEWER) || roles.stream().anyMatch(LEADERSHIP::contains);
            default -> roles.stream().anyMatch(LEADERSHIP::contains);
        };
    }

    /** Why {@code a} cannot be taken now, or empty when it can. */
    public static Optional<String> refusal(Action a, State s) {
        if (!a.modes().contains(s.mode())) {
            return Optional.of("A " + s.mode().id() + " supervision has no '" + a.id() + "' step.");
        }
        if (s.status() == Status.CLOSED) {
            return Optional.of("The supervision is closed.");
        }
        return Optional.ofNullable(switch (a) {
            case INSTRUCT -> s.status() == Status.REPORTED ? "The final report is in; send it back first." : null;
            case ASSIGN -> s.mode() == Mode.LEADER_MEMO && !s.instructed()
                    ? "A memo is assigned after the leader's instruction (批示)." : null;
            case PROGRESS -> s.status() != Status.IN_PROGRESS ? "Progress is reported while the work is in progress."
                    : s.openItems() == 0 ? "Every item is done already." : null;
            case FINAL_REPORT -> s.status() != Status.IN_PROGRESS ? "There is no work in progress to report on."
                    : s.openItems() > 0 ? s.openItems() + " assigned item(s) are not done yet." : null;
            case RECHECK -> s.status() != Status.IN_PROGRESS ? "There is no commitment in progress to re-check."
                    : s.openItems() > 0 ? "The public commitment is not done yet." : null;
            case CALLBACK -> s.status() == Status.OPEN ? "Call back once the work is under way." : null;
            case URGE -> s.status() == Status.REPORTED ? "The work is reported; nothing to urge." : null;
            case RETURN -> s.status() != Status.REPORTED ? "Only a reported supervision can be sent back." : null;
            case CLOSE -> s.status() != Status.REPORTED ? "A supervision is closed once its work is reported."
                    : s.mode() == Mode.LEADER_MEMO && s.ordersNotCalledBack() > 0
                    ? s.ordersNotCalledBack() + " order(s) of the memo have not been called back yet." : null;
            default -> null;
        });
    }

    /** The status after {@code a}, given the state once its effects (items added or done) are applied. */
    public static Status next(Action a, State after, boolean recheckPassed) {
        return switch (a) {
            case ASSIGN, ACTION_ITEM, DECISION -> after.openItems() > 0 && after.status() != Status.CLOSED
                    ? Status.IN_PROGRESS : after.status();
            case PROGRESS -> after.openItems() == 0 && (after.mode() == Mode.ONSITE || after.mode() == Mode.MEETING)
                    ? Status.REPORTED : after.status();
            case FINAL_REPORT -> Status.REPORTED;
            case RECHECK -> recheckPassed ? Status.REPORTED : Status.IN_PROGRESS;
            case RETURN -> Status.IN_PROGRESS;
            case CLOSE -> Status.CLOSED;
            default -> after.status();
        };
    }
}
