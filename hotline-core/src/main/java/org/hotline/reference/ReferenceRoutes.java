package org.hotline.reference;

import java.util.Map;
import org.hotline.db.Db;
import org.hotline.http.ApiRouter;
import org.hotline.http.Json;

/** {@code /api/v1/units}, {@code /categories}, {@code /areas}. */
public final class ReferenceRoutes implements ApiRouter.Routes {

    private final Db db;
    private final ReferenceData data;

    public ReferenceRoutes(Db db, ReferenceData data) {
        this.db = db;
        this.data = data;
    }

    @Override
    public void register(ApiRouter.Operations ops) {
        ops.handle("listUnits", rc -> Json.reply(rc, db.read(dsl -> Map.of("items", data.units(dsl)))))
                .handle("listCategories", rc -> Json.reply(rc, db.read(dsl -> Map.of("items", data.categories(dsl)))))
                .handle("listAreas", rc -> Json.reply(rc, db.read(dsl -> Map.of("items", data.areas(dsl)))));
    }
}
