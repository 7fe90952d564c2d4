package org.streamgate.platform.db;

import io.helidon.dbclient.DbRow;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Reading columns and binding parameters without depending on driver-specific mappers. */
public final class Rows {

    private Rows() {
    }

    public static Object raw(DbRow row, String column) {
        return row.column(column).asOptional().orElse(null);
    }

    public static String string(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : v.toString();
    }

    public static UUID uuid(DbRow row, String column) {
        Object v = raw(row, column);
        if (v == null) {
            return null;
        }
        return v instanceof UUID u ? u : UUID.fromString(v.toString());
    }

    public static Instant instant(DbRow row, String column) {
        Object v = raw(row, column);
        return switch (v) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case Instant i -> i;
            case java.util.Date d -> d.toInstant();
            default -> OffsetDateTime.parse(v.toString()).toInstant();
        };
    }

    public static long longValue(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    public static Integer integer(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : ((Number) v).intValue();
    }

    public static boolean bool(DbRow row, String column) {
        Object v = raw(row, column);
        return v != null && (Boolean) v;
    }

    /** A parameter for a {@code timestamptz} column ({@code Instant} is not bindable by the driver). */
    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
