package org.hotline.db.jooq;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;

/**
 * Binds {@link Instant}s to UTC {@code DATETIME(3)} columns as text ({@code 2026-11-25 08:00:00.123000}).
 * MySQL Connector/J truncates fractional seconds of temporal parameters when it believes the server predates
 * MySQL 5.6.4 — which MariaDB's {@code 5.5.5-10.x} version string makes it believe — so a {@code LocalDateTime}
 * parameter would lose its milliseconds there. Every server we run on parses this text exactly.
 */
public final class UtcInstantBinding implements Binding<LocalDateTime, Instant> {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final UtcInstantConverter CONVERTER = new UtcInstantConverter();

    /** The text an instant is bound as (for code that binds rows itself, to bind them exactly as this does). */
    public static String text(Instant value) {
        return TEXT.format(CONVERTER.to(value));
    }

    @Override
    public Converter<LocalDateTime, Instant> converter() {
        return CONVERTER;
    }

    @Override
    public void sql(BindingSQLContext<Instant> ctx) throws SQLException {
        if (ctx.render().paramType() == ParamType.INLINED) {
            LocalDateTime v = ctx.convert(converter()).value();
            ctx.render().sql(v == null ? "null" : "'" + TEXT.format(v) + "'");
        } else if (ctx.family() == SQLDialect.H2) {
            // H2 cannot always infer a parameter's type (e.g. in MERGE … USING (SELECT ?)): say it.
            ctx.render().sql("cast(").sql(ctx.variable()).sql(" as timestamp(3))");
        } else {
            ctx.render().sql(ctx.variable());
        }
    }

    @Override
    public void register(BindingRegisterContext<Instant> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.TIMESTAMP);
    }

    @Override
    public void set(BindingSetStatementContext<Instant> ctx) throws SQLException {
        LocalDateTime v = ctx.convert(converter()).value();
        if (v == null) {
            ctx.statement().setNull(ctx.index(), Types.TIMESTAMP);
        } else {
            ctx.statement().setString(ctx.index(), TEXT.format(v));
        }
    }

    @Override
    public void get(BindingGetResultSetContext<Instant> ctx) throws SQLException {
        ctx.convert(converter()).value(ctx.resultSet().getObject(ctx.index(), LocalDateTime.class));
    }

    @Override
    public void get(BindingGetStatementContext<Instant> ctx) throws SQLException {
        ctx.convert(converter()).value(ctx.statement().getObject(ctx.index(), LocalDateTime.class));
    }

    @Override
    public void set(BindingSetSQLOutputContext<Instant> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public void get(BindingGetSQLInputContext<Instant> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }
}
