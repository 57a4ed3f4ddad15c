package org.hotline.assessment;

import static org.hotline.db.generated.Tables.ASSESSMENT_WEIGHTS;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The composite score's weights as the centre set them over time. A change applies from the first day of a month
 * on; a period is scored with the weights in force on its first day, so a ranking once published stays as it was.
 */
public final class AssessmentWeights {

    /** One setting: the weights, from when, and who set them why. */
    public record Setting(long id, LocalDate effectiveFrom, Indicators.Weights weights, String reason, long changedBy,
                          Instant changedAt) {
    }

    /** The weights that score a period starting on {@code day}: the latest setting in force then, else the defaults. */
    public Indicators.Weights on(DSLContext dsl, LocalDate day) {
        var w = ASSESSMENT_WEIGHTS;
        return dsl.selectFrom(w).where(w.EFFECTIVE_FROM.le(day)).orderBy(w.EFFECTIVE_FROM.desc(), w.ID.desc()).limit(1)
                .fetchOptional(r -> new Indicators.Weights(r.getResponse(), r.getResolution(), r.getSatisfaction()))
                .orElse(Indicators.Weights.DEFAULT);
    }

    /** Every setting, newest first. */
    public List<Setting> history(DSLContext dsl) {
        var w = ASSESSMENT_WEIGHTS;
        return dsl.selectFrom(w).orderBy(w.EFFECTIVE_FROM.desc(), w.ID.desc()).fetch(r -> new Setting(r.getId(),
                r.getEffectiveFrom(), new Indicators.Weights(r.getResponse(), r.getResolution(), r.getSatisfaction()),
                r.getReason(), r.getChangedBy(), r.getChangedAt()));
    }

    /** Records a setting from the first day of {@code from}'s month; audited by the caller. */
    public long set(DSLContext dsl, Indicators.Weights weights, LocalDate from, String reason, long userId,
                    Instant now) {
        var w = ASSESSMENT_WEIGHTS;
        return dsl.insertInto(w).set(w.EFFECTIVE_FROM, from.withDayOfMonth(1)).set(w.RESPONSE, weights.response())
                .set(w.RESOLUTION, weights.resolution()).set(w.SATISFACTION, weights.satisfaction())
                .set(w.REASON, reason).set(w.CHANGED_BY, userId).set(w.CHANGED_AT, now)
                .returning(w.ID).fetchOne().getId();
    }
}
