package org.streamgate.common.logging;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A {@code java.util.logging} formatter writing {@link JsonLogLine}s, one per record. Production services install it
 * on the root handlers with {@link #install(String)}; development keeps the human-readable format of
 * {@code logging.properties}.
 */
public final class JsonLogFormatter extends Formatter {

    private final String service;

    public JsonLogFormatter(String service) {
        this.service = service;
    }

    /** Replaces the formatter of every handler on the root logger (the console handler of logging.properties). */
    public static void install(String service) {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new JsonLogFormatter(service));
        }
    }

    @Override
    public String format(LogRecord record) {
        return new JsonLogLine(record.getInstant(), level(record.getLevel()), service,
                record.getLoggerName() == null ? "" : record.getLoggerName(), thread(record), formatMessage(record),
                record.getThrown() == null ? null : JsonLogLine.stackTrace(record.getThrown()))
                .toJson() + "\n";
    }

    /** JUL levels under the names logback (and most log tooling) uses, so both pipelines agree. */
    static String level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    /**
     * Console handlers format on the logging thread, so its name is the record's; virtual threads often have no name,
     * then their id stands in.
     */
    private static String thread(LogRecord record) {
        Thread current = Thread.currentThread();
        if (current.threadId() != record.getLongThreadID()) {
            return "thread-" + record.getLongThreadID();
        }
        String name = current.getName();
        return name.isEmpty() ? (current.isVirtual() ? "virtual-" : "thread-") + current.threadId() : name;
    }
}
