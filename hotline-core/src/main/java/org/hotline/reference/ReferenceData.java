package org.hotline.reference;

import static org.hotline.db.generated.Tables.AREA;
import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.UNIT;

import java.util.List;
import org.hotline.db.generated.tables.records.AreaRecord;
import org.hotline.db.generated.tables.records.CategoryRecord;
import org.hotline.db.generated.tables.records.UnitRecord;
import org.jooq.DSLContext;

/** Units, categories and areas as trees: the lookups every form and filter of the console uses. */
public final class ReferenceData {

    /** A handling unit (承办单位) with its sub-units. */
    public record UnitNode(long id, String code, String name, String kind, Long areaId, boolean active,
                           List<UnitNode> children) {
    }

    /** A category of the category tree. */
    public record CategoryNode(long id, String code, String name, boolean active, List<CategoryNode> children) {
    }

    /** An area: district, street or community. */
    public record AreaNode(long id, String code, String name, String level, List<AreaNode> children) {
    }

    public List<UnitNode> units(DSLContext dsl) {
        List<UnitRecord> rows = dsl.selectFrom(UNIT).orderBy(UNIT.SORT_ORDER, UNIT.ID).fetch();
        return Tree.build(rows, UnitRecord::getId, UnitRecord::getParentId, (r, children) ->
                new UnitNode(r.getId(), r.getCode(), r.getName(), r.getKind(), r.getAreaId(), r.getActive(), children));
    }

    public List<CategoryNode> categories(DSLContext dsl) {
        List<CategoryRecord> rows = dsl.selectFrom(CATEGORY).orderBy(CATEGORY.SORT_ORDER, CATEGORY.ID).fetch();
        return Tree.build(rows, CategoryRecord::getId, CategoryRecord::getParentId, (r, children) ->
                new CategoryNode(r.getId(), r.getCode(), r.getName(), r.getActive(), children));
    }

    public List<AreaNode> areas(DSLContext dsl) {
        List<AreaRecord> rows = dsl.selectFrom(AREA).orderBy(AREA.SORT_ORDER, AREA.ID).fetch();
        return Tree.build(rows, AreaRecord::getId, AreaRecord::getParentId, (r, children) ->
                new AreaNode(r.getId(), r.getCode(), r.getName(), r.getLevel(), children));
    }
}
