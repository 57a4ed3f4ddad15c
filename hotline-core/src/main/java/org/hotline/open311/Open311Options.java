package org.hotline.open311;

import java.util.List;
import org.hotline.config.Option;

/** The Open311 endpoint's settings. */
public final class Open311Options {

    private Open311Options() {
    }

    public static final Option OPEN311_JURISDICTION_ID = Option.string("open311-jurisdiction-id", null,
            "The Open311 jurisdiction_id this centre answers to (e.g. jiangcheng.gov.cn); requests naming another get "
                    + "404. Unset: jurisdiction_id is accepted and ignored, as for an endpoint serving one jurisdiction.");

    public static List<Option> all() {
        return List.of(OPEN311_JURISDICTION_ID);
    }
}
