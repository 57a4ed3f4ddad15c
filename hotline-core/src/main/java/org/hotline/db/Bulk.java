package org.hotline.db;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hotline.db.jooq.UtcInstantBinding;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;

/**
 * One statement run for many rows (an import's hundreds of thousands): jOOQ writes the statement, from the generated
 * schema and for the dialect, and the rows are bound straight to JDBC and sent in batches. jOOQ's own batches make a
 * parameter object per value, which for an import costs more than the database's work; here a row is an array.
 * Binds the plain types Hotline's columns use — whole numbers, text, booleans, dates, decimals, bytes — and instants
 * as {@link UtcInstantBinding} binds them (UTC; as text on MySQL, as a local date-time on H2).
 */
public final class Bulk {

    private static final int ROWS_PER_BATCH = 1000;

    private Bulk() {
    }

    /**
     * Runs {@code query} (written with a placeholder for every value: {@code null} values are placeholders) once per
     * row of {@code rows}, each row's values in the order of the placeholders; answers the rows changed per row.
     */
    public static int[] run(DSLContext dsl, Query query, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        List<Param<?>> params = new ArrayList<>(query.getParams().values());
        String sql = dsl.render(query);
        boolean h2 = dsl.dialect().family() == SQLDialect.H2;
        int[] sqlTypes = new int[params.size()];
        for (int i = 0; i < sqlTypes.length; i++) {
            sqlTypes[i] = params.get(i).getDataType().getSQLType();
        }
        int[] counts = new int[rows.size()];
        dsl.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int done = 0;
                for (int r = 0; r < rows.size(); r++) {
                    Object[] row = rows.get(r);
                    if (row.length != sqlTypes.length) {
                        throw new IllegalArgumentException("a row of " + row.length + " values for "
                                + sqlTypes.length + " placeholders");
                    }
                    for (int i = 0; i < row.length; i++) {
                        bind(ps, i + 1, row[i], sqlTypes[i], h2);
                    }
                    ps.addBatch();
                    if ((r + 1) % ROWS_PER_BATCH == 0 || r == rows.size() - 1) {
                        int[] n = ps.executeBatch();
                        System.arraycopy(n, 0, counts, done, n.length);
                        done += n.length;
                    }
                }
            } catch (SQLException e) {
                throw new DataAccessException("Bulk " + sql + ": " + e.getMessage(), e);
            }
        });
        return counts;
    }

    /**
     * Runs an insert of one row (written with a placeholder for every value) for each row of {@code rows} and answers
     * the keys the database generated for them ({@code key}, an identity column), in the order of the rows.
     */
    public static List<Long> insertReturningKeys(DSLContext dsl, Query insert, org.jooq.Field<Long> key,
                                                 List<Object[]> rows) {
        List<Long> keys = new ArrayList<>(rows.size());
        if (rows.isEmpty()) {
            return keys;
        }
        List<Param<?>> params = new ArrayList<>(insert.getParams().values());
        String sql = dsl.render(insert);
        boolean h2 = dsl.dialect().family() == SQLDialect.H2;
        int[] sqlTypes = new int[params.size()];
        for (int i = 0; i < sqlTypes.length; i++) {
            sqlTypes[i] = params.get(i).getDataType().getSQLType();
        }
        dsl.connection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql, new String[] {key.getName()})) {
                for (int r = 0; r < rows.size(); r++) {
                    Object[] row = rows.get(r);
                    if (row.length != sqlTypes.length) {
                        throw new IllegalArgumentException("a row of " + row.length + " values for "
                                + sqlTypes.length + " placeholders");
                    }
                    for (int i = 0; i < row.length; i++) {
                        bind(ps, i + 1, row[i], sqlTypes[i], h2);
                    }
                    ps.addBatch();
                    if ((r + 1) % ROWS_PER_BATCH == 0 || r == rows.size() - 1) {
                        int before = keys.size();
                        ps.executeBatch();
                        try (var rs = ps.getGeneratedKeys()) {
                            while (rs.next()) {
                                keys.add(rs.getLong(1));
                            }
                        }
                        if (keys.size() - before != (r % ROWS_PER_BATCH) + 1) {
                            throw new IllegalStateException("The database answered " + (keys.size() - before)
                                    + " keys for " + ((r % ROWS_PER_BATCH) + 1) + " rows");
                        }
                    }
                }
            } catch (SQLException e) {
                throw new DataAccessException("Bulk " + sql + ": " + e.getMessage(), e);
            }
        });
        return keys;
    }

    private static void bind(PreparedStatement ps, int i, Object v, int sqlType, boolean h2) throws SQLException {
        if (v == null) {
            ps.setNull(i, sqlType);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof String s) {
            ps.setString(i, s);
        } else if (v instanceof Instant t) {
            if (h2) {
                // H2 takes the time itself (the statement casts it to timestamp(3)): no text to write and parse.
                ps.setObject(i, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
            } else {
                ps.setString(i, UtcInstantBinding.text(t));
            }
        } else if (v instanceof Integer n) {
            ps.setInt(i, n);
        } else if (v instanceof Boolean b) {
            ps.setBoolean(i, b);
        } else if (v instanceof LocalDate d) {
            ps.setObject(i, d);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(i, d);
        } else if (v instanceof byte[] b) {
            ps.setBytes(i, b);
        } else {
            throw new IllegalArgumentException("Cannot bind a " + v.getClass().getName());
        }
    }
}
