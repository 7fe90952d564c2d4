package org.streamgate.common.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One production log record as one line of JSON (no trailing newline):
 * {@code {"ts":"2026-01-02T03:04:05.678Z","level":"INFO","service":"platform","logger":"...","thread":"...","message":"...","error":"..."}},
 * {@code error} only when the record carries an exception. Both log pipelines (JUL in platform, hls-delivery and
 * transcoder; logback in ingest) format through here, so their lines are identical for a log shipper.
 *
 * <p>Hand-written rather than through Jakarta JSON: a formatter must not log, allocate providers or fail, and the
 * escaping needed is small and fully tested.
 *
 * @param level {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG} or {@code TRACE}
 * @param error exception class, message and stack as {@link #stackTrace(Throwable)} renders them; {@code null} if none
 */
public record JsonLogLine(Instant ts, String level, String service, String logger, String thread, String message,
                          String error) {

    /** Fixed width (always milliseconds), unlike {@link DateTimeFormatter#ISO_INSTANT}. */
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public String toJson() {
        StringBuilder out = new StringBuilder(160 + (message == null ? 0 : message.length())
                + (error == null ? 0 : error.length()));
        out.append("{\"ts\":\"").append(TS.format(ts)).append('"');
        field(out, "level", level);
        field(out, "service", service);
        field(out, "logger", logger);
        field(out, "thread", thread);
        field(out, "message", message == null ? "" : message);
        if (error != null) {
            field(out, "error", error);
        }
        return out.append('}').toString();
    }

    /** {@code class: message} followed by the stack and its causes, as {@link Throwable#printStackTrace()} prints. */
    public static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            error.printStackTrace(writer);
        }
        String s = text.toString();
        return s.endsWith(System.lineSeparator()) ? s.substring(0, s.length() - System.lineSeparator().length()) : s;
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":\"");
        escape(out, value == null ? "" : value);
        out.append('"');
    }

    /**
     * JSON string escaping (RFC 8259 §7): quotes, backslashes and control characters; other characters pass as they
     * are (the line is written as UTF-8). A lone surrogate, which UTF-8 cannot carry, is written as a {@code \\u}
     * escape so the line stays valid.
     */
    static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
