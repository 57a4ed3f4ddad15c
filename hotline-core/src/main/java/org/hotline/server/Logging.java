package org.hotline.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.hotline.http.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging from the options: {@code text} lines for people or {@code json} lines for collectors, both
 * carrying the id of the HTTP request being served (read from the Vert.x context, so it follows the request from
 * the event loop onto worker threads).
 */
public final class Logging {

    /** Held strongly: java.util.logging forgets the level of loggers nobody references. */
    private static final java.util.logging.Logger LUCENE_VECTORIZATION =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    private Logging() {
    }

    public static void configure(String format, String level) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("console");
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setCharset(StandardCharsets.UTF_8);
        if ("json".equalsIgnoreCase(format)) {
            JsonLineLayout layout = new JsonLineLayout();
            layout.setContext(ctx);
            layout.start();
            encoder.setLayout(layout);
        } else {
            PatternLayout layout = new PatternLayout();
            layout.setContext(ctx);
            layout.getInstanceConverterMap().put("requestId", RequestIdConverter::new);
            layout.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %-24.24logger{0} [%requestId] %msg%n");
            layout.start();
            encoder.setLayout(layout);
        }
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level == null ? "INFO" : level.toUpperCase(Locale.ROOT), Level.INFO));
        root.addAppender(appender);
        // Libraries that are chatty at INFO.
        ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        ctx.getLogger("org.flywaydb").setLevel(Level.WARN);
        ctx.getLogger("org.jooq.Constants").setLevel(Level.WARN);
        // jOOQ warns that MariaDB's "5.5.5-10.x" version string looks older than MySQL 8; it is not.
        ctx.getLogger("org.jooq.impl.DefaultExecuteContext.logVersionSupport").setLevel(Level.ERROR);
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        // Vert.x registers one connection gauge per HTTP verticle instance on the shared port; the duplicates are
        // expected and the warning about them is noise.
        ctx.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
        // Lucene says through java.util.logging that the Vector API incubator is not enabled; we know.
        LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
    }

    /** {@code %requestId}: the current request's id, or {@code -}. */
    public static final class RequestIdConverter extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            String id = RequestIds.current();
            return id == null ? "-" : id;
        }
    }

    /** One JSON object per line: time, level, logger, thread, requestId, message, error. */
    public static final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent e) {
            StringBuilder sb = new StringBuilder(256);
            sb.append("{\"time\":\"").append(Instant.ofEpochMilli(e.getTimeStamp())).append('"');
            field(sb, "level", e.getLevel().toString());
            field(sb, "logger", e.getLoggerName());
            field(sb, "thread", e.getThreadName());
            String id = RequestIds.current();
            if (id != null) {
                field(sb, "requestId", id);
            }
            field(sb, "message", e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                field(sb, "error", ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            return sb.append("}\n").toString();
        }

        private static void field(StringBuilder sb, String name, String value) {
            sb.append(",\"").append(name).append("\":\"");
            if (value != null) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        case '\t' -> sb.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                sb.append(String.format("\\u%04x", (int) c));
                            } else {
                                sb.append(c);
                            }
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
