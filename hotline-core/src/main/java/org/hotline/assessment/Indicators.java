package org.hotline.assessment;

/**
 * A unit's assessment indicators (考核指标) for a period, from counts taken off the orders' timelines — never typed
 * in. Each rate is a fraction in [0, 1], or null when its denominator is zero (a unit that received nothing has no
 * on-time rate, not a perfect one). The formulas are the published definitions, one per method.
 */
public record Indicators(Counts counts, Double onTimeSigningRate, Double onTimeCompletionRate, Double responseRate,
                         Double resolutionRate, Double satisfactionRate, Double returnRate, Double rehandlingRate,
                         Double directAnswerRate, Double score) {

    /**
     * What happened to a unit's orders in the period, each counted on the day it happened.
     *
     * @param received       orders assigned to the unit as lead (dispatch, transfer, sub-dispatch) — 承办量
     * @param signMet        sign clocks stopped in time; {@code signLate} stopped after the deadline
     * @param handleMet      handle clocks stopped in time (replied by the deadline); {@code handleLate} after
     * @param rated          callbacks in which the citizen rated the unit's handling (回访)
     * @param contacted      of those, the citizen confirms the unit contacted them (null answers are not rated)
     * @param resolved       of those, the problem was resolved
     * @param satisfied      of those, satisfied or basically satisfied
     * @param returned       returns (退单) the unit filed
     * @param replies        replies the unit sent
     * @param rehandled      replies sent back for re-handling (发回重办), by review or after a callback
     * @param overdue        the unit's clocks that ran past their deadline (breached)
     * @param taken          orders the centre took (its own row only), and {@code answeredDirectly} of those
     */
    public record Counts(long received, long signMet, long signLate, long handleMet, long handleLate, long rated,
                         long contactRated, long contacted, long resolved, long satisfied, long returned, long replies,
                         long rehandled, long overdue, long taken, long answeredDirectly) {

        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(received + o.received, signMet + o.signMet, signLate + o.signLate,
                    handleMet + o.handleMet, handleLate + o.handleLate, rated + o.rated, contactRated + o.contactRated,
                    contacted + o.contacted, resolved + o.resolved, satisfied + o.satisfied, returned + o.returned,
                    replies + o.replies, rehandled + o.rehandled, overdue + o.overdue, taken + o.taken,
                    answeredDirectly + o.answeredDirectly);
        }
    }

    /** The composite score's weights (in percent, summing to 100): response, resolution, satisfaction. */
    public record Weights(int response, int resolution, int satisfaction) {
        public static final Weights DEFAULT = new Weights(30, 35, 35);

        public Weights {
            if (response < 0 || resolution < 0 || satisfaction < 0 || response + resolution + satisfaction != 100) {
                throw new IllegalArgumentException("weights are whole percentages summing to 100");
            }
        }
    }

    public static Indicators of(Counts c, Weights w) {
        Double response = rate(c.contacted(), c.contactRated());
        Double resolution = rate(c.resolved(), c.rated());
        Double satisfaction = rate(c.satisfied(), c.rated());
        return new Indicators(c,
                rate(c.signMet(), c.signMet() + c.signLate()),
                rate(c.handleMet(), c.handleMet() + c.handleLate()),
                response, resolution, satisfaction,
                rate(c.returned(), c.received()),
                rate(c.rehandled(), c.replies()),
                rate(c.answeredDirectly(), c.taken()),
                score(response, resolution, satisfaction, w));
    }

    /**
     * 0–100: the weighted mean of the rates the unit has, the weights of missing ones spread over the others; null
     * when it has none (no rated callbacks in the period).
     */
    static Double score(Double response, Double resolution, Double satisfaction, Weights w) {
        double sum = 0;
        int weight = 0;
        if (response != null) {
            sum += response * w.response();
            weight += w.response();
        }
        if (resolution != null) {
            sum += resolution * w.resolution();
            weight += w.resolution();
        }
        if (satisfaction != null) {
            sum += satisfaction * w.satisfaction();
            weight += w.satisfaction();
        }
        return weight == 0 ? null : Math.round(sum / weight * 100 * 100) / 100.0;
    }

    static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
