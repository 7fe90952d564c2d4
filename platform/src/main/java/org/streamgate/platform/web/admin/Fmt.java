package org.streamgate.platform.web.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formatting for the console's templates. Times go out as {@code <time datetime=ISO>UTC text</time>}; the console's
 * script rewrites the text in the admin's own time zone.
 */
public final class Fmt {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    public static String utc(Instant at) {
        return at == null ? "—" : UTC.format(at);
    }

    /** "12 s ago", "3 min ago", ... */
    public static String ago(Instant at, Instant now) {
        if (at == null) {
            return "—";
        }
        long s = Math.max(0, Duration.between(at, now).toSeconds());
        if (s < 90) {
            return s + " s ago";
        }
        if (s < 90 * 60) {
            return (s / 60) + " min ago";
        }
        if (s < 48 * 3600) {
            return (s / 3600) + " h ago";
        }
        return (s / 86400) + " days ago";
    }

    public static String label(String status) {
        return status == null ? "" : status.replace('_', ' ');
    }

    public static String orDash(Object value) {
        return value == null || value.toString().isBlank() ? "—" : value.toString();
    }
}
