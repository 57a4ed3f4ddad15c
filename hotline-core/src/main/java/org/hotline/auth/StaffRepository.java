package org.hotline.auth;

import static org.hotline.db.generated.Tables.STAFF_USER;
import static org.hotline.db.generated.Tables.STAFF_USER_ROLE;
import static org.hotline.db.generated.Tables.UNIT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Staff accounts and their roles. Plain blocking Java over a {@link DSLContext}. */
public final class StaffRepository {

    public Optional<StaffAccount> findByUsername(DSLContext dsl, String username) {
        return find(dsl, STAFF_USER.USERNAME.eq(username)).stream().findFirst();
    }

    public Optional<StaffAccount> findById(DSLContext dsl, long id) {
        return find(dsl, STAFF_USER.ID.eq(id)).stream().findFirst();
    }

    public List<StaffAccount> list(DSLContext dsl) {
        return find(dsl, org.jooq.impl.DSL.noCondition());
    }

    public boolean exists(DSLContext dsl) {
        return dsl.fetchExists(STAFF_USER);
    }

    private List<StaffAccount> find(DSLContext dsl, Condition condition) {
        List<Record> rows = dsl.select(STAFF_USER.fields())
                .select(UNIT.CODE, UNIT.NAME, UNIT.KIND)
                .from(STAFF_USER)
                .leftJoin(UNIT).on(UNIT.ID.eq(STAFF_USER.UNIT_ID))
                .where(condition)
                .orderBy(STAFF_USER.USERNAME)
                .fetch();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(r -> r.get(STAFF_USER.ID)).toList();
        Map<Long, Set<Role>> roles = new HashMap<>();
        dsl.select(STAFF_USER_ROLE.USER_ID, STAFF_USER_ROLE.ROLE)
                .from(STAFF_USER_ROLE)
                .where(STAFF_USER_ROLE.USER_ID.in(ids))
                .forEach(r -> Role.parse(r.value2()).ifPresent(role ->
                        roles.computeIfAbsent(r.value1(), k -> EnumSet.noneOf(Role.class)).add(role)));
        List<StaffAccount> out = new ArrayList<>(rows.size());
        for (Record r : rows) {
            long id = r.get(STAFF_USER.ID);
            out.add(new StaffAccount(id, r.get(STAFF_USER.USERNAME), r.get(STAFF_USER.DISPLAY_NAME),
                    r.get(STAFF_USER.PASSWORD_HASH), r.get(STAFF_USER.UNIT_ID), r.get(UNIT.CODE), r.get(UNIT.NAME),
                    r.get(UNIT.KIND), r.get(STAFF_USER.ENABLED), roles.getOrDefault(id, Set.of()),
                    r.get(STAFF_USER.CREATED_AT), r.get(STAFF_USER.LAST_LOGIN_AT)));
        }
        return out;
    }

    /** Inserts an account with its roles; returns the new id. */
    public long insert(DSLContext dsl, String username, String displayName, String passwordHash, Long unitId,
                       Set<Role> roles, Instant now) {
        long id = dsl.insertInto(STAFF_USER)
                .set(STAFF_USER.USERNAME, username)
                .set(STAFF_USER.DISPLAY_NAME, displayName)
                .set(STAFF_USER.PASSWORD_HASH, passwordHash)
                .set(STAFF_USER.UNIT_ID, unitId)
                .set(STAFF_USER.ENABLED, true)
                .set(STAFF_USER.CREATED_AT, now)
                .set(STAFF_USER.UPDATED_AT, now)
                .set(STAFF_USER.PASSWORD_CHANGED_AT, now)
                .returningResult(STAFF_USER.ID)
                .fetchOne()
                .value1();
        setRoles(dsl, id, roles);
        return id;
    }

    public void setRoles(DSLContext dsl, long userId, Set<Role> roles) {
        dsl.deleteFrom(STAFF_USER_ROLE).where(STAFF_USER_ROLE.USER_ID.eq(userId)).execute();
        var insert = dsl.insertInto(STAFF_USER_ROLE, STAFF_USER_ROLE.USER_ID, STAFF_USER_ROLE.ROLE);
        for (Role r : roles) {
            insert = insert.values(userId, r.id());
        }
        if (!roles.isEmpty()) {
            insert.execute();
        }
    }

    public void update(DSLContext dsl, long id, String displayName, Long unitId, boolean enabled, Instant now) {
        dsl.update(STAFF_USER)
                .set(STAFF_USER.DISPLAY_NAME, displayName)
                .set(STAFF_USER.UNIT_ID, unitId)
                .set(STAFF_USER.ENABLED, enabled)
                .set(STAFF_USER.UPDATED_AT, now)
                .where(STAFF_USER.ID.eq(id))
                .execute();
    }

    public void setPassword(DSLContext dsl, long id, String passwordHash, Instant now) {
        dsl.update(STAFF_USER)
                .set(STAFF_USER.PASSWORD_HASH, passwordHash)
                .set(STAFF_USER.PASSWORD_CHANGED_AT, now)
                .set(STAFF_USER.UPDATED_AT, now)
                .where(STAFF_USER.ID.eq(id))
                .execute();
    }

    public void recordLogin(DSLContext dsl, long id, Instant now) {
        dsl.update(STAFF_USER).set(STAFF_USER.LAST_LOGIN_AT, now).where(STAFF_USER.ID.eq(id)).execute();
    }
}
